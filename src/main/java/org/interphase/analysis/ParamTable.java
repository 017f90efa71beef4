package org.interphase.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The parameter table of an analysis in its {@code docs/<technique>.md}, generated from the declarations between
 * the marker comments {@code <!-- params:COMMAND -->} and {@code <!-- /params:COMMAND -->}. {@code main} rewrites
 * the tables of every analysis ({@code java -cp "target/classes:target/lib/*" org.interphase.analysis.ParamTable docs}, or the test
 * {@code mvn -o -q test -Dtest=ParamConsistencyTest -Dinterphase.updateDocs=true}); the
 * consistency test fails when a table is stale.
 */
public final class ParamTable {
	private ParamTable() {}

	public static String begin(Analysis a) {
		return "<!-- params:" + a.command() + " -->";
	}

	public static String end(Analysis a) {
		return "<!-- /params:" + a.command() + " -->";
	}

	/** The docs page of an analysis' technique. */
	public static Path page(Path docs, Analysis a) {
		return docs.resolve(a.technique() + ".md");
	}

	/** The table in Markdown (without the markers). */
	public static String table(Analysis a) {
		StringBuilder sb = new StringBuilder();
		sb.append("Parameters of `").append(a.command()).append("` (generated from the declarations in the code; the ")
			.append("macro key is the option with `_` for `-`):\n\n");
		sb.append("| Option | Default | Allowed | Unit | Meaning |\n|---|---|---|---|---|\n");
		for (Param p : a.params()) {
			sb.append("| `--").append(p.key).append('`');
			for (String f : p.formerly) sb.append(" (formerly `--").append(f).append("`, deprecated)");
			sb.append(" | ").append(p.kind == Param.Kind.FLAG || p.defaultValue.isEmpty() ? "" : "`" + cell(p.defaultValue) +
				"`");
			sb.append(" | ").append(cell(allowed(p)));
			sb.append(" | ").append(cell(p.unit));
			sb.append(" | ").append(cell(p.help)).append(p.repeatable && !p.help.contains("repeatable") ? " (repeatable)" : "")
				.append(" |\n");
		}
		return sb.toString();
	}

	/** What a value may be: the choices, the range without its unit, "flag (true, false)" for a flag, else "". */
	public static String allowed(Param p) {
		if (p.kind == Param.Kind.CHOICE) return String.join(", ", p.choices);
		if (p.kind == Param.Kind.FLAG) return "flag (true, false)";
		String r = p.rangeText();
		if (!p.unit.isEmpty() && r.endsWith(" " + p.unit)) r = r.substring(0, r.length() - p.unit.length() - 1);
		return r;
	}

	private static String cell(String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}

	/** The page with the analysis' table in place; throws when the markers are missing. */
	public static String update(String page, Analysis a) {
		int b = page.indexOf(begin(a)), e = page.indexOf(end(a));
		if (b < 0 || e < b) throw new IllegalStateException("no " + begin(a) + " ... " + end(a) + " in the docs page");
		return page.substring(0, b + begin(a).length()) + "\n" + table(a) + page.substring(e);
	}

	/** The table as it stands in the page between the markers (null when the markers are missing). */
	public static String current(String page, Analysis a) {
		int b = page.indexOf(begin(a)), e = page.indexOf(end(a));
		if (b < 0 || e < b) return null;
		return page.substring(b + begin(a).length() + 1, e);
	}

	/** Rewrites the tables of every analysis in the docs folder given (default {@code docs}). */
	public static void main(String[] args) throws IOException {
		Path docs = Path.of(args.length > 0 ? args[0] : "docs");
		List<Analysis> all = Analyses.all();
		for (Analysis a : all) {
			Path f = page(docs, a);
			String s = Files.readString(f, StandardCharsets.UTF_8);
			String t = update(s, a);
			if (!t.equals(s)) {
				Files.writeString(f, t, StandardCharsets.UTF_8);
				System.out.println("updated " + f + " (" + a.command() + ")");
			}
		}
	}
}
