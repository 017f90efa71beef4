package org.interphase.io.cif;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.diffraction.crystal.AtomSite;
import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.ScatteringFactors;
import org.interphase.core.diffraction.crystal.SpaceGroup;
import org.interphase.core.diffraction.crystal.SymOp;
import org.interphase.core.diffraction.crystal.UnitCell;
import org.interphase.io.InputFormatException;

/**
 * Reads the crystal structure of the first data block of a CIF (1.1 / 2.0 syntax subset): cell, symmetry
 * operations ({@code _symmetry_equiv_pos_as_xyz} or {@code _space_group_symop_operation_xyz}; the H-M symbol
 * of a built-in group as a fallback), atom sites with occupancies and isotropic displacement. Quotes,
 * semicolon text fields, comments and loops are handled; numbers may carry standard uncertainties
 * ("8.5112(3)"). Hostile input is bounded: at most {@link #MAX_BYTES} bytes, {@link #MAX_ROWS} loop rows; every
 * error names the file, the line and the reason.
 */
public final class CifReader {
	private CifReader() {}

	public static final long MAX_BYTES = 20L << 20;
	public static final int MAX_ROWS = 200_000;

	/** A token with its line number. */
	private static final class Tok {
		final String text;
		final int line;
		final boolean quoted;

		Tok(String text, int line, boolean quoted) {
			this.text = text;
			this.line = line;
			this.quoted = quoted;
		}
	}

	/** Tags and loops of one data block: single values and loop columns, each value with its line. */
	static final class Block {
		final String name;
		final Map<String, Tok> items = new LinkedHashMap<>();
		final Map<String, List<Tok>> columns = new LinkedHashMap<>();

		Block(String name) {
			this.name = name;
		}

		Tok item(String... tags) {
			for (String t : tags) {
				Tok v = items.get(t.toLowerCase(Locale.ROOT));
				if (v != null) return v;
				List<Tok> c = columns.get(t.toLowerCase(Locale.ROOT));
				if (c != null && c.size() == 1) return c.get(0);
			}
			return null;
		}

		List<Tok> column(String... tags) {
			for (String t : tags) {
				List<Tok> c = columns.get(t.toLowerCase(Locale.ROOT));
				if (c != null) return c;
				Tok v = items.get(t.toLowerCase(Locale.ROOT));
				if (v != null) return List.of(v);
			}
			return null;
		}
	}

	public static Phase read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new InputFormatException(file + ": not a file");
		long size = Files.size(file);
		if (size > MAX_BYTES) throw new InputFormatException(file + ": " + size + " bytes is too large for a CIF (limit " +
			MAX_BYTES + ")");
		String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		String name = file.getFileName().toString().replaceFirst("(?i)\\.cif$", "");
		return parse(text, name, file.toString());
	}

	/** Parses CIF text; {@code where} names the source in messages. */
	public static Phase parse(String text, String phaseName, String where) throws InputFormatException {
		if (text.length() > MAX_BYTES) throw new InputFormatException(where + ": CIF text too large");
		Block b = firstBlock(tokenize(text, where), where);
		return toPhase(b, phaseName, where);
	}

	static List<Tok> tokenize(String s, String where) throws InputFormatException {
		List<Tok> out = new ArrayList<>();
		int i = 0, n = s.length(), line = 1;
		boolean lineStart = true;
		while (i < n) {
			char c = s.charAt(i);
			if (c == '\n') {
				line++;
				i++;
				lineStart = true;
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\r') {
				i++;
				lineStart = false;
				continue;
			}
			if (c == '#') {
				while (i < n && s.charAt(i) != '\n') i++;
				continue;
			}
			if (c == ';' && lineStart) {
				int start = i + 1, startLine = line;
				int end = -1;
				int j = start;
				while (j < n) {
					if (s.charAt(j) == '\n') {
						line++;
						if (j + 1 < n && s.charAt(j + 1) == ';') {
							end = j;
							break;
						}
					}
					j++;
				}
				if (end < 0) throw new InputFormatException(where + ": line " + startLine +
					": text field opened with ';' is never closed");
				out.add(new Tok(s.substring(start, end).trim(), startLine, true));
				i = end + 2;
				lineStart = false;
				continue;
			}
			lineStart = false;
			if (c == '\'' || c == '"') {
				int j = i + 1;
				while (j < n) {
					char d = s.charAt(j);
					if (d == '\n') break;
					if (d == c && (j + 1 >= n || Character.isWhitespace(s.charAt(j + 1)))) break;
					j++;
				}
				if (j >= n || s.charAt(j) != c) throw new InputFormatException(where + ": line " + line + ": quote " + c +
					" is not closed on its line");
				out.add(new Tok(s.substring(i + 1, j), line, true));
				i = j + 1;
				continue;
			}
			int j = i;
			while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
			out.add(new Tok(s.substring(i, j), line, false));
			i = j;
		}
		return out;
	}

	static Block firstBlock(List<Tok> toks, String where) throws InputFormatException {
		Block block = null;
		int i = 0;
		while (i < toks.size()) {
			Tok t = toks.get(i);
			String low = t.quoted ? "" : t.text.toLowerCase(Locale.ROOT);
			if (low.startsWith("data_")) {
				if (block != null) break; // only the first block
				block = new Block(t.text.substring(5));
				i++;
				continue;
			}
			if (block == null) {
				if (low.startsWith("_") || low.equals("loop_")) block = new Block("");
				else throw new InputFormatException(where + ": line " + t.line + ": expected 'data_' but found '" + clip(
					t.text) + "'");
			}
			if (low.equals("loop_")) {
				i++;
				List<String> tags = new ArrayList<>();
				while (i < toks.size() && !toks.get(i).quoted && toks.get(i).text.startsWith("_")) {
					tags.add(toks.get(i).text.toLowerCase(Locale.ROOT));
					i++;
				}
				if (tags.isEmpty()) throw new InputFormatException(where + ": line " + t.line + ": loop_ without tags");
				List<List<Tok>> cols = new ArrayList<>();
				for (int k = 0; k < tags.size(); k++) cols.add(new ArrayList<>());
				int count = 0;
				int firstLine = t.line;
				while (i < toks.size()) {
					Tok v = toks.get(i);
					String vl = v.quoted ? "" : v.text.toLowerCase(Locale.ROOT);
					if (!v.quoted && (v.text.startsWith("_") || vl.equals("loop_") || vl.startsWith("data_") || vl
						.startsWith("save_"))) break;
					cols.get(count % tags.size()).add(v);
					count++;
					if (count / tags.size() > MAX_ROWS) throw new InputFormatException(where + ": line " + v.line +
						": loop has more than " + MAX_ROWS + " rows");
					i++;
				}
				if (count % tags.size() != 0) throw new InputFormatException(where + ": line " + firstLine + ": loop of " +
					tags.size() + " columns has " + count + " values (not a multiple)");
				for (int k = 0; k < tags.size(); k++) block.columns.put(tags.get(k), cols.get(k));
				continue;
			}
			if (low.startsWith("_")) {
				if (i + 1 >= toks.size()) throw new InputFormatException(where + ": line " + t.line + ": tag " + t.text +
					" has no value");
				Tok v = toks.get(i + 1);
				if (!v.quoted && (v.text.startsWith("_") || v.text.equalsIgnoreCase("loop_"))) throw new InputFormatException(
					where + ": line " + t.line + ": tag " + t.text + " has no value");
				block.items.put(low, v);
				i += 2;
				continue;
			}
			if (low.startsWith("save_")) {
				i++;
				continue;
			}
			throw new InputFormatException(where + ": line " + t.line + ": unexpected value '" + clip(t.text) + "'");
		}
		if (block == null) throw new InputFormatException(where + ": no data block (not a CIF)");
		return block;
	}

	private static String clip(String s) {
		return s.length() > 40 ? s.substring(0, 40) + "..." : s;
	}

	/** A CIF number: "8.5112(3)" -> 8.5112; "?" and "." -> NaN. */
	static double number(Tok t, String tag, String where, boolean required) throws InputFormatException {
		if (t == null) {
			if (required) throw new InputFormatException(where + ": " + tag + " is missing");
			return Double.NaN;
		}
		String s = t.text.trim();
		if (s.equals("?") || s.equals(".")) {
			if (required) throw new InputFormatException(where + ": line " + t.line + ": " + tag + " is unknown ('" + s +
				"')");
			return Double.NaN;
		}
		int p = s.indexOf('(');
		if (p >= 0) s = s.substring(0, p);
		try {
			return Double.parseDouble(s);
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(where + ": line " + t.line + ": " + tag + " is not a number: '" + clip(t.text) +
				"'");
		}
	}

	static Phase toPhase(Block b, String phaseName, String where) throws InputFormatException {
		double a = number(b.item("_cell_length_a"), "_cell_length_a", where, true);
		double bb = number(b.item("_cell_length_b"), "_cell_length_b", where, true);
		double c = number(b.item("_cell_length_c"), "_cell_length_c", where, true);
		double al = number(b.item("_cell_angle_alpha"), "_cell_angle_alpha", where, false);
		double be = number(b.item("_cell_angle_beta"), "_cell_angle_beta", where, false);
		double ga = number(b.item("_cell_angle_gamma"), "_cell_angle_gamma", where, false);
		UnitCell cell;
		try {
			cell = new UnitCell(a, bb, c, Double.isNaN(al) ? 90 : al, Double.isNaN(be) ? 90 : be, Double.isNaN(ga) ? 90
				: ga);
		}
		catch (IllegalArgumentException e) {
			throw new InputFormatException(where + ": bad cell: " + e.getMessage());
		}
		if (cell.volume() > 1e6) throw new InputFormatException(where + ": cell volume " + cell.volume() +
			" Å^3 is implausibly large");
		Tok hmTok = b.item("_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_space_group_name_h-m");
		String hm = hmTok == null ? "" : hmTok.text.trim();
		List<Tok> opsCol = b.column("_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz",
			"_space_group_symop.operation_xyz");
		SpaceGroup group;
		if (opsCol != null && !opsCol.isEmpty()) {
			List<SymOp> ops = new ArrayList<>();
			for (Tok t : opsCol) {
				try {
					ops.add(SymOp.parse(t.text));
				}
				catch (IllegalArgumentException e) {
					throw new InputFormatException(where + ": line " + t.line + ": " + e.getMessage());
				}
			}
			try {
				group = SpaceGroup.fromOperations(hm.isEmpty() ? "from CIF" : hm, ops);
			}
			catch (IllegalArgumentException e) {
				throw new InputFormatException(where + ": " + e.getMessage());
			}
		}
		else if (!hm.isEmpty() && SpaceGroup.isBuiltIn(hm)) group = SpaceGroup.of(hm);
		else throw new InputFormatException(where + ": no symmetry operations (_space_group_symop_operation_xyz)" + (hm
			.isEmpty() ? "" : " and space group '" + hm + "' is not built in"));

		List<Tok> labels = b.column("_atom_site_label");
		List<Tok> types = b.column("_atom_site_type_symbol");
		List<Tok> xs = b.column("_atom_site_fract_x"), ys = b.column("_atom_site_fract_y"), zs = b.column(
			"_atom_site_fract_z");
		List<Tok> occ = b.column("_atom_site_occupancy");
		List<Tok> biso = b.column("_atom_site_b_iso_or_equiv");
		List<Tok> uiso = b.column("_atom_site_u_iso_or_equiv");
		if (xs == null || ys == null || zs == null) throw new InputFormatException(where +
			": no atom sites (_atom_site_fract_x/y/z)");
		int n = xs.size();
		if (ys.size() != n || zs.size() != n) throw new InputFormatException(where + ": atom-site columns differ in length");
		List<AtomSite> sites = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String label = labels != null && labels.size() == n ? labels.get(i).text : "atom" + (i + 1);
			String type = types != null && types.size() == n ? types.get(i).text : label;
			String el = ScatteringFactors.element(type);
			if (el == null) el = ScatteringFactors.element(label);
			if (el == null) throw new InputFormatException(where + ": line " + xs.get(i).line + ": atom site '" + label +
				"' has no known element ('" + type + "')");
			double x = number(xs.get(i), "_atom_site_fract_x", where, true);
			double y = number(ys.get(i), "_atom_site_fract_y", where, true);
			double z = number(zs.get(i), "_atom_site_fract_z", where, true);
			double o = occ != null && occ.size() == n ? number(occ.get(i), "_atom_site_occupancy", where, false) : 1;
			double bi = biso != null && biso.size() == n ? number(biso.get(i), "_atom_site_B_iso_or_equiv", where, false)
				: Double.NaN;
			if (Double.isNaN(bi) && uiso != null && uiso.size() == n) bi = 8 * Math.PI * Math.PI * number(uiso.get(i),
				"_atom_site_U_iso_or_equiv", where, false);
			try {
				sites.add(new AtomSite(label, el, x, y, z, Double.isNaN(o) ? 1 : o, bi));
			}
			catch (IllegalArgumentException e) {
				throw new InputFormatException(where + ": line " + xs.get(i).line + ": " + e.getMessage());
			}
		}
		try {
			return new Phase(phaseName, cell, group, sites, where);
		}
		catch (IllegalArgumentException e) {
			throw new InputFormatException(where + ": " + e.getMessage());
		}
	}
}
