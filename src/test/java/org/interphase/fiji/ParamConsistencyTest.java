package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.Param;
import org.interphase.analysis.ParamTable;
import org.interphase.cli.CliSpecs;

/**
 * Issue 21: each parameter is declared once, and the Fiji dialog, the command line ({@code --help}) and the
 * parameter table of {@code docs/<technique>.md} list the same parameters with the same defaults and ranges.
 * Each of the three is read back as the user sees it (dialog field labels and units, option descriptions, the
 * Markdown table) and reduced to "key | default | allowed"; the lists must be equal. A stale docs table fails
 * here: regenerate it with {@code mvn -o -q test -Dtest=ParamConsistencyTest -Dinterphase.updateDocs=true}
 * (or {@code java -cp "target/classes:target/lib/*" org.interphase.analysis.ParamTable docs}).
 */
class ParamConsistencyTest {
	private static final Path DOCS = Path.of("docs").toAbsolutePath();

	/** key | default | allowed (range with its unit, or the choices) as declared. */
	static List<String> declared(Analysis a) {
		List<String> out = new ArrayList<>();
		for (Param p : a.params()) out.add(line(p.key, p.kind == Param.Kind.FLAG ? "" : p.defaultValue, allowed(p)));
		return out;
	}

	private static String allowed(Param p) {
		if (p.kind == Param.Kind.CHOICE) return String.join(", ", p.choices);
		return p.rangeText();
	}

	private static String line(String key, String def, String allowed) {
		return key + " | " + number(def) + " | " + allowed;
	}

	/** 40 and 40.0 are the same default. */
	private static String number(String s) {
		try {
			return ParamDialog.number(Double.parseDouble(s));
		}
		catch (NumberFormatException e) {
			return s;
		}
	}

	static List<String> dialog(Analysis a) {
		List<String> out = new ArrayList<>();
		for (ParamDialog.Field f : ParamDialog.fields(a.params(), Map.of())) {
			String label = f.label, units = f.units;
			int paren = label.indexOf(" (");
			if (paren > 0) {
				units = label.substring(paren + 2, label.length() - 1);
				label = label.substring(0, paren);
			}
			String key = label.toLowerCase(Locale.ROOT).replace('_', '-');
			String allowed;
			if (f.type == ParamDialog.Field.Type.CHOICE) allowed = String.join(", ", f.param.choices);
			else allowed = units.startsWith("[") || units.startsWith("(") ? units : "";
			out.add(line(key, f.type == ParamDialog.Field.Type.CHECKBOX ? "" : f.value, allowed));
		}
		return out;
	}

	/** What the command line appends to the help, in this order: (default: V) (allowed: R) (repeatable). */
	private static final Pattern DEFAULT = Pattern.compile("\\(default: ([^()]*)\\)(?: \\(allowed: .*\\))?(?: \\(repeatable\\))?$");
	private static final Pattern ALLOWED = Pattern.compile("\\(allowed: (.*)\\)(?: \\(repeatable\\))?$");

	static List<String> commandLine(Analysis a) {
		CommandSpec spec = CliSpecs.spec(a);
		List<String> out = new ArrayList<>();
		for (OptionSpec o : spec.options()) {
			String key = o.longestName().substring(2);
			if (o.hidden() || CliSpecs.commonNames().contains(key)) continue;
			String d = String.join(" ", o.description()).replace("%%", "%");
			String def = last(DEFAULT.matcher(d)), allowed = last(ALLOWED.matcher(d));
			if (o.type() != Boolean.class && o.paramLabel().contains("|")) allowed = o.paramLabel().replace("|", ", ");
			out.add(line(key, def, allowed));
		}
		return out;
	}

	private static String last(Matcher m) {
		String v = "";
		while (m.find()) v = m.group(1);
		return v;
	}

	static List<String> docs(Analysis a) throws Exception {
		String page = Files.readString(ParamTable.page(DOCS, a), StandardCharsets.UTF_8);
		String table = ParamTable.current(page, a);
		assertNotNull(table, ParamTable.page(DOCS, a) + " has no " + ParamTable.begin(a) + " ... " + ParamTable.end(a));
		List<String> out = new ArrayList<>();
		for (String row : table.split("\n")) {
			if (!row.startsWith("| `--")) continue;
			String[] c = row.split("(?<!\\\\)\\|", -1);
			String key = c[1].trim().replaceAll("^`--([a-z0-9-]+)`.*", "$1");
			String def = c[2].trim().replaceAll("^`(.*)`$", "$1").replace("\\|", "|");
			String allowed = c[3].trim().replace("\\|", "|"), unit = c[4].trim();
			if (allowed.equals("flag (true, false)")) allowed = "";
			else if ((allowed.startsWith("[") || allowed.startsWith("(")) && !unit.isEmpty()) allowed += " " + unit;
			out.add(line(key, def, allowed));
		}
		return out;
	}

	@Test
	void dialogCommandLineAndDocsListTheSameParameters() throws Exception {
		for (Analysis a : Analyses.all()) {
			List<String> want = declared(a);
			assertEquals(want, dialog(a), a.command() + ": Fiji dialog");
			assertEquals(want, commandLine(a), a.command() + ": command line");
			assertEquals(want, docs(a), a.command() + ": " + ParamTable.page(DOCS, a) + " (regenerate: mvn -o -q test " +
				"-Dtest=ParamConsistencyTest -Dinterphase.updateDocs=true)");
		}
	}

	/** With {@code -Dinterphase.updateDocs=true} the tables are rewritten first (the generator, at test time). */
	@Test
	void docsTablesAreUpToDate() throws Exception {
		if (Boolean.getBoolean("interphase.updateDocs")) ParamTable.main(new String[] { DOCS.toString() });
		for (Analysis a : Analyses.all()) {
			String page = Files.readString(ParamTable.page(DOCS, a), StandardCharsets.UTF_8);
			assertEquals(ParamTable.table(a), ParamTable.current(page, a), a.command() + ": the table in " + ParamTable
				.page(DOCS, a) + " is stale; regenerate it with mvn -o -q test -Dtest=ParamConsistencyTest -Dinterphase.updateDocs=true");
		}
	}

	/** A former key is shown nowhere but still taken: hidden on the command line, renamed in a macro. */
	@Test
	void formerKeysAreHiddenButKnown() {
		for (Analysis a : Analyses.all()) {
			CommandSpec spec = CliSpecs.spec(a);
			for (Param p : a.params()) for (String old : p.formerly) {
				OptionSpec o = spec.findOption("--" + old);
				assertNotNull(o, a.command() + " --" + old);
				assertTrue(o.hidden(), a.command() + " --" + old + " is hidden from --help");
				List<String> notes = new ArrayList<>();
				String renamed = MacroKeys.renameFormer("file=[a b.tif] " + old.replace('-', '_') + "=0.5 " + "x=[" + old
					.replace('-', '_') + "=1]", a.params(), notes::add);
				assertEquals("file=[a b.tif] " + p.macroKey() + "=0.5 x=[" + old.replace('-', '_') + "=1]", renamed);
				assertEquals(1, notes.size());
				assertTrue(notes.get(0).contains("deprecated"), notes.get(0));
			}
		}
	}
}
