package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;

/**
 * The user documentation ships with the project: no link or path in README.md or docs/ leads out of the
 * repository (external references such as papers and tools are fine, the project's own, dead, web address is
 * not), every relative link resolves to a file of the repository, and every dialog's Help button opens a page
 * that the jar holds and that renders.
 */
class DocsTest {
	private static final Path ROOT = Path.of("").toAbsolutePath();

	static List<Path> pages() throws Exception {
		List<Path> out = new ArrayList<>();
		out.add(ROOT.resolve("README.md"));
		try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
			out.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
		}
		return out;
	}

	@Test
	void noLinkOrPathLeadsOutOfTheRepository() throws Exception {
		List<String> bad = new ArrayList<>();
		Pattern link = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)|<(https?://[^>]+)>");
		// paths a user cannot follow from a clone: climbing out of it, or the machine's own folders
		Pattern outside = Pattern.compile("(^|[\\s`(\\[])(\\.\\./[\\w.-]+|/work/[\\w.-]+|shared/(docs|seeds)/)");
		int links = 0;
		for (Path page : pages()) {
			List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				String where = ROOT.relativize(page) + ":" + (i + 1);
				Matcher m = link.matcher(line);
				while (m.find()) {
					links++;
					String target = m.group(1) != null ? m.group(1) : m.group(2);
					if (target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) {
						if (!target.matches("(?i)^(https?|mailto):.*")) bad.add(where + ": link of an unknown kind " + target);
						else if (target.toLowerCase().contains("github.com/interphase")) bad.add(where +
							": the project's own web address (not published): " + target);
						continue;
					}
					String file = target.replaceFirst("#.*$", "");
					if (file.isEmpty()) continue; // an anchor on the same page
					Path resolved = page.getParent().resolve(file).normalize();
					if (!resolved.startsWith(ROOT)) bad.add(where + ": leads out of the repository: " + target);
					else if (!Files.exists(resolved)) bad.add(where + ": no such file in the repository: " + target);
				}
				Matcher o = outside.matcher(line);
				while (o.find()) bad.add(where + ": names a place outside the repository: " + o.group(2));
			}
		}
		assertTrue(links > 10, "the checker found the links (" + links + ")");
		assertTrue(bad.isEmpty(), String.join("\n", bad));
	}

	@Test
	void theCheckerCatchesWhatItShould() {
		Pattern outside = Pattern.compile("(^|[\\s`(\\[])(\\.\\./[\\w.-]+|/work/[\\w.-]+|shared/(docs|seeds)/)");
		assertTrue(outside.matcher("the contract is in `../shared/docs/cli-contract.md`").find());
		assertTrue(outside.matcher("see /work/shared/x").find());
		assertTrue(outside.matcher("[x](../../shared/seeds/a.pdf)").find());
		assertFalse(outside.matcher("the shared fitting engine").find());
	}

	/** The page each dialog's Help button names: HelpPages.addHelp(gd, "page") in the Fiji package. */
	static Set<String> helpTargets() throws Exception {
		Set<String> pages = new LinkedHashSet<>();
		Pattern help = Pattern.compile("HelpPages\\.addHelp\\(gd,\\s*(\"([\\w-]+)\"|[^)]*)\\)");
		Pattern dead = Pattern.compile("addHelp\\(\"(https?:|<html>)");
		try (Stream<Path> s = Files.list(ROOT.resolve("src/main/java/org/interphase/fiji"))) {
			for (Path f : s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
				String code = Files.readString(f);
				assertFalse(dead.matcher(code).find(), f + ": a Help button with a web address or inline text");
				Matcher m = help.matcher(code);
				while (m.find()) if (m.group(2) != null) pages.add(m.group(2));
			}
		}
		// the generic analysis dialog opens its technique's page
		for (Analysis a : Analyses.all()) pages.add(a.technique());
		return pages;
	}

	@Test
	void everyHelpButtonOpensABundledPage() throws Exception {
		Set<String> pages = helpTargets();
		assertTrue(pages.containsAll(List.of("xps", "diffraction", "sem", "hrtem", "eels", "raman")), pages.toString());
		for (String page : pages) {
			assertNotNull(HelpPages.markdown(page), "docs/" + page + ".md is not in the jar's resources");
			Path html = HelpPages.html(page);
			assertNotNull(html, page);
			String text = Files.readString(html);
			assertTrue(text.contains("<h1"), page + ": rendered without a title");
			assertTrue(HelpPages.url(page).startsWith("file:"), page + ": " + HelpPages.url(page));
			// links between pages point to rendered pages that exist
			Matcher m = Pattern.compile("href=\"([\\w.-]+\\.html)").matcher(text);
			while (m.find()) assertTrue(Files.isRegularFile(html.getParent().resolve(m.group(1))), page + " links to " +
				m.group(1) + ", which was not rendered");
		}
	}

	@Test
	void markdownRendersTablesListsCodeAndLinks() {
		String html = MarkdownHtml.body("# T `x`\n\nSee [xps](xps.md#fit) and **bold**.\n\n| a | b |\n|---|---|\n| `1|2` | 3 |\n\n"
			+ "- one\n- two\n\n```\n<code>\n```\n");
		assertTrue(html.contains("<h1 id=\"t-x\">T <code>x</code></h1>"), html);
		assertTrue(html.contains("<a href=\"xps.html#fit\">xps</a>"), html);
		assertTrue(html.contains("<b>bold</b>"), html);
		assertTrue(html.contains("<td><code>1|2</code></td><td>3</td>"), html);
		assertTrue(html.contains("<li>one"), html);
		assertTrue(html.contains("&lt;code&gt;"), html);
	}
}
