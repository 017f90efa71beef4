package org.interphase.fiji;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.gui.GenericDialog;

import org.interphase.Version;

/**
 * The dialogs' Help pages. The build copies docs/*.md into the jar ({@value #RESOURCES}); the first Help asked
 * for renders the page, and the pages it links to, as HTML into a folder of the user's temporary directory and
 * the Help button opens that file in the browser. Nothing points outside the installed jar.
 */
public final class HelpPages {
	private HelpPages() {}

	/** Where docs/ sits inside the jar. */
	public static final String RESOURCES = "/org/interphase/docs/";

	private static Path folder;
	/** Pages rendered by this JVM (a newer jar renders again into its own version's folder). */
	private static final Set<String> RENDERED = new HashSet<>();

	/** The bundled Markdown of a page ("xps" for docs/xps.md), or null when the jar has none. */
	public static String markdown(String page) throws IOException {
		try (InputStream in = HelpPages.class.getResourceAsStream(RESOURCES + page + ".md")) {
			return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The page rendered as an HTML file (with the pages it links to); null when the jar does not hold it. */
	public static synchronized Path html(String page) throws IOException {
		if (folder == null) folder = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
			"interphase-help-" + Version.get().replaceAll("[^\\w.-]", "_") + "-" + System.getProperty("user.name", "")
				.replaceAll("[^\\w.-]", "_")));
		return render(page);
	}

	private static Path render(String page) throws IOException {
		Path out = folder.resolve(page + ".html");
		if (RENDERED.contains(page)) return out;
		String md = markdown(page);
		if (md == null) return null;
		RENDERED.add(page);
		Matcher h1 = Pattern.compile("(?m)^#\\s+(.*)$").matcher(md);
		String title = "Interphase: " + (h1.find() ? h1.group(1).replace("`", "") : page);
		Files.writeString(out, MarkdownHtml.page(title, md), StandardCharsets.UTF_8);
		Matcher links = Pattern.compile("\\]\\(([\\w.-]+)\\.md(#[^)]*)?\\)").matcher(md);
		while (links.find()) render(links.group(1));
		return out;
	}

	/** The Help URL of a dialog: the rendered page as a file: URL, or an HTML note when the jar lacks it. */
	static String url(String page) {
		try {
			Path p = html(page);
			if (p != null) return p.toUri().toString();
		}
		catch (IOException e) {
			IJ.log("Interphase help: " + e.getMessage());
		}
		return "<html>The page docs/" + page + ".md is not in this Interphase jar; it is in the docs folder of the " +
			"Interphase sources.</html>";
	}

	/** Adds the Help button that opens the page of docs/ (e.g. "sem" for docs/sem.md). */
	static void addHelp(GenericDialog gd, String page) {
		if (ij.Macro.getOptions() != null) return; // a macro's dialog is never shown: nothing to render
		gd.addHelp(url(page));
	}
}
