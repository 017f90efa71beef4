package org.interphase.fiji;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.gui.GenericDialog;

import org.interphase.analysis.Param;

/**
 * Builds a GenericDialog from an analysis' parameters and reads it back in the same order. Labels are the macro
 * keys capitalised ("Pixel_size" shows as "Pixel size", records as pixel_size=...), so recorded macros use the
 * command-line names with '_' for '-'.
 */
final class ParamDialog {
	private ParamDialog() {}

	/** Reserved macro keys the generic plugin adds itself. */
	static final List<String> RESERVED = List.of("file", "sample", "preview", "save");

	/**
	 * Null, or the message naming the keys of the running macro's options that no field of this dialog (the
	 * reserved fields, {@code image} and the parameters) takes.
	 */
	static String unknownMacroKeys(List<Param> params, String command) {
		String options = ij.Macro.getOptions();
		if (options == null) return null;
		java.util.Set<String> known = new java.util.LinkedHashSet<>(List.of("image", "file", "sample"));
		for (Param p : params) known.add(p.macroKey());
		known.addAll(RESERVED);
		return MacroKeys.unknown(options, known, command);
	}

	/** Stops the running macro after this command, as Esc does (the interpreter runs no further statement). */
	static void abortMacro() {
		ij.macro.Interpreter.abort();
	}

	static void add(GenericDialog gd, List<Param> params, Map<String, String> defaults) {
		for (Param p : params) {
			if (RESERVED.contains(p.macroKey())) throw new IllegalStateException("parameter " + p.key +
				" clashes with a reserved dialog field");
			String def = defaults.getOrDefault(p.key, p.defaultValue);
			String label = p.dialogLabel();
			switch (p.kind) {
				case CHOICE:
					gd.addChoice(label, p.choices.toArray(new String[0]), p.choices.contains(def) ? def : p.defaultValue);
					break;
				case FLAG:
					gd.addCheckbox(label, Boolean.parseBoolean(def));
					break;
				case NUMBER:
				case INTEGER:
					if (!def.isEmpty()) {
						double d = Double.parseDouble(def);
						int decimals = p.kind == Param.Kind.INTEGER || d == Math.rint(d) ? 0 : Math.min(6, Math.max(2,
							-(int) Math.floor(Math.log10(Math.abs(d) + 1e-12)) + 2));
						gd.addNumericField(label, d, decimals, 10, p.unit);
					}
					else gd.addStringField(label + (p.unit.isEmpty() ? "" : " (" + p.unit + ")"), "", 10);
					break;
				case FILE:
					addFile(gd, label, def, false);
					break;
				default:
					gd.addStringField(label, def, 24);
			}
			if (p.help != null && !p.help.isEmpty()) gd.setInsets(0, 20, 0);
		}
	}

	/** The values in declaration order, as text for {@link org.interphase.analysis.Params}. */
	static Map<String, String> read(GenericDialog gd, List<Param> params) {
		Map<String, String> v = new LinkedHashMap<>();
		for (Param p : params) {
			switch (p.kind) {
				case CHOICE:
					v.put(p.key, gd.getNextChoice());
					break;
				case FLAG:
					v.put(p.key, Boolean.toString(gd.getNextBoolean()));
					break;
				case NUMBER:
				case INTEGER:
					if (!p.defaultValue.isEmpty()) {
						double d = gd.getNextNumber();
						if (gd.invalidNumber()) throw new IllegalArgumentException(p.dialogLabel() + ": not a number");
						v.put(p.key, p.kind == Param.Kind.INTEGER ? Long.toString(Math.round(d)) : number(d));
					}
					else v.put(p.key, gd.getNextString().trim());
					break;
				default:
					v.put(p.key, gd.getNextString().trim());
			}
		}
		return v;
	}

	static String number(double d) {
		if (Double.isNaN(d)) return "";
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}

	/**
	 * A file or folder field. Headless (ij1-patcher) dialogs keep file fields apart from string fields, so
	 * getNextString would miss them: there the field is a plain string field, read back the same way.
	 */
	static void addFile(GenericDialog gd, String label, String def, boolean directory) {
		if (java.awt.GraphicsEnvironment.isHeadless()) gd.addStringField(label, def, 24);
		else if (directory) gd.addDirectoryField(label, def);
		else gd.addFileField(label, def);
	}
}
