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
		String renamed = MacroKeys.renameFormer(options, params, note -> ij.IJ.log("Interphase " + command + ": " + note));
		if (!renamed.equals(options)) {
			ij.Macro.setOptions(renamed);
			options = renamed;
		}
		java.util.Set<String> known = new java.util.LinkedHashSet<>(List.of("image", "file", "sample"));
		for (Param p : params) known.add(p.macroKey());
		known.addAll(RESERVED);
		Map<String, String> former = new LinkedHashMap<>();
		for (Param p : params) for (String f : p.formerly) former.put(f.replace('-', '_'), p.macroKey());
		return MacroKeys.unknown(options, known, command, former);
	}

	/** Stops the running macro after this command, as Esc does (the interpreter runs no further statement). */
	static void abortMacro() {
		ij.macro.Interpreter.abort();
	}

	/** One dialog field of a parameter, as {@link #add} shows it: what the consistency test compares with --help. */
	static final class Field {
		enum Type { CHOICE, CHECKBOX, NUMERIC, STRING, FILE }

		final Param param;
		final Type type;
		final String label;
		/** The value shown, as text. */
		final String value;
		/** The text after a numeric field: the allowed range with its unit, else the unit. */
		final String units;
		final int decimals;

		Field(Param param, Type type, String label, String value, String units, int decimals) {
			this.param = param;
			this.type = type;
			this.label = label;
			this.value = value;
			this.units = units;
			this.decimals = decimals;
		}
	}

	/** The fields of the parameters in order, with the given values in place of defaults where present. */
	static List<Field> fields(List<Param> params, Map<String, String> defaults) {
		List<Field> out = new java.util.ArrayList<>();
		for (Param p : params) {
			if (RESERVED.contains(p.macroKey())) throw new IllegalStateException("parameter " + p.key +
				" clashes with a reserved dialog field");
			String def = defaults.getOrDefault(p.key, p.defaultValue);
			String label = p.dialogLabel();
			String units = p.rangeText().isEmpty() ? p.unit : p.rangeText();
			switch (p.kind) {
				case CHOICE:
					out.add(new Field(p, Field.Type.CHOICE, label, p.choices.contains(def) ? def : p.defaultValue, "", 0));
					break;
				case FLAG:
					out.add(new Field(p, Field.Type.CHECKBOX, label, Boolean.toString(Boolean.parseBoolean(def)), "", 0));
					break;
				case NUMBER:
				case INTEGER:
					if (!def.isEmpty()) {
						double d = Double.parseDouble(def);
						int decimals = p.kind == Param.Kind.INTEGER || d == Math.rint(d) ? 0 : Math.min(6, Math.max(2,
							-(int) Math.floor(Math.log10(Math.abs(d) + 1e-12)) + 2));
						out.add(new Field(p, Field.Type.NUMERIC, label, number(d), units, decimals));
					}
					else out.add(new Field(p, Field.Type.STRING, label + (units.isEmpty() ? "" : " (" + units + ")"), "", "",
						0));
					break;
				case FILE:
					out.add(new Field(p, Field.Type.FILE, label, def, "", 0));
					break;
				default:
					out.add(new Field(p, Field.Type.STRING, label, def, "", 0));
			}
		}
		return out;
	}

	static void add(GenericDialog gd, List<Param> params, Map<String, String> defaults) {
		for (Field f : fields(params, defaults)) {
			switch (f.type) {
				case CHOICE:
					gd.addChoice(f.label, f.param.choices.toArray(new String[0]), f.value);
					break;
				case CHECKBOX:
					gd.addCheckbox(f.label, Boolean.parseBoolean(f.value));
					break;
				case NUMERIC:
					gd.addNumericField(f.label, Double.parseDouble(f.value), f.decimals, 10, f.units);
					break;
				case FILE:
					addFile(gd, f.label, f.value, false);
					break;
				default:
					gd.addStringField(f.label, f.value, f.param.kind == Param.Kind.NUMBER || f.param.kind == Param.Kind.INTEGER
						? 10 : 24);
			}
			if (f.param.help != null && !f.param.help.isEmpty()) gd.setInsets(0, 20, 0);
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
