package org.interphase.io.cif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.crystal.Reflection;
import org.interphase.io.InputFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifReaderTest {
	/** LiTi2(PO4)3 written as a CIF lists it: generators of R-3c only (closed by the reader), esds, quotes. */
	static final String LATP = String.join("\n", "# test structure", "data_LiTi2P3O12",
		"_chemical_name_common 'lithium titanium phosphate'", "_cell_length_a 8.5112(3)", "_cell_length_b 8.5112(3)",
		"_cell_length_c 20.8479(9)", "_cell_angle_alpha 90", "_cell_angle_beta 90", "_cell_angle_gamma 120.0",
		"_symmetry_space_group_name_H-M 'R -3 c H'", "_publ_section_comment", ";", "a text field with 'quotes' and _fake_tags", ";", "loop_",
		"_symmetry_equiv_pos_site_id", "_symmetry_equiv_pos_as_xyz", "1 'x, y, z'", "2 '-y, x-y, z'",
		"3 'y, x, -z+1/2'", "4 '-x, -y, -z'", "5 'x+2/3, y+1/3, z+1/3'", "loop_", "_atom_site_label",
		"_atom_site_type_symbol", "_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z",
		"_atom_site_occupancy", "_atom_site_U_iso_or_equiv", "Li1 Li+ 0 0 0 1 0.0063326", "Ti1 Ti4+ 0 0 0.1420 1 0.0063326",
		"P1 P5+ 0.2889 0 0.25 1.0 0.0063326", "O1 O2- 0.1836 -0.0060 0.1905 1 0.0063326",
		"O2 O2- 0.1904 0.1675 0.0811 1 0.0063326", "");

	@Test
	void readsLatpAndMatchesTheLibrary() throws Exception {
		Phase p = CifReader.parse(LATP, "LATP-cif", "test.cif");
		assertEquals(36, p.group.order());
		assertEquals(108, p.atomsInCell());
		assertEquals(8.5112, p.cell.a, 1e-9);
		assertFalse(p.allowed(1, 0, 1));
		assertFalse(p.allowed(0, 0, 3));
		assertTrue(p.allowed(0, 1, 2));
		List<Reflection> a = p.families(2.0), b = PhaseLibrary.get("LATP").families(2.0);
		assertEquals(b.size(), a.size());
		for (int i = 0; i < a.size(); i++) {
			assertEquals(b.get(i).d, a.get(i).d, 1e-9);
			assertEquals(b.get(i).multiplicity, a.get(i).multiplicity);
			assertEquals(b.get(i).intensity, a.get(i).intensity, 1e-4 * b.get(i).intensity);
		}
	}

	@Test
	void fallsBackToABuiltInSpaceGroup(@TempDir Path dir) throws Exception {
		Path f = dir.resolve("Al.cif");
		Files.writeString(f, "data_Al\n_cell_length_a 4.0495\n_cell_length_b 4.0495\n_cell_length_c 4.0495\n" +
			"_space_group_name_H-M_alt 'F m -3 m'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n" +
			"_atom_site_fract_z\nAl1 0 0 0\n");
		Phase p = CifReader.read(f);
		assertEquals("Al", p.name);
		assertEquals(192, p.group.order());
		assertEquals(4, p.atomsInCell());
		assertTrue(p.allowed(1, 1, 1));
		assertFalse(p.allowed(1, 0, 0));
	}

	@Test
	void reportsLineAndReason() {
		InputFormatException e = assertThrows(InputFormatException.class, () -> CifReader.parse(
			"data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\nloop_\n_symmetry_equiv_pos_as_xyz\n'x,y'\n",
			"x", "bad.cif"));
		assertTrue(e.getMessage().contains("line 7"), e.getMessage());
		e = assertThrows(InputFormatException.class, () -> CifReader.parse("data_x\n_cell_length_b 3\n", "x", "bad.cif"));
		assertTrue(e.getMessage().contains("_cell_length_a"), e.getMessage());
		e = assertThrows(InputFormatException.class, () -> CifReader.parse("data_x\n_cell_length_a 'abc\n", "x",
			"bad.cif"));
		assertTrue(e.getMessage().contains("line 2"), e.getMessage());
		e = assertThrows(InputFormatException.class, () -> CifReader.parse(
			"data_x\nloop_\n_atom_site_label\n_atom_site_fract_x\nA 1 B\n", "x", "bad.cif"));
		assertTrue(e.getMessage().contains("not a multiple"), e.getMessage());
		e = assertThrows(InputFormatException.class, () -> CifReader.parse("data_x\n_cell_length_a 3\n" +
			"_cell_length_b 3\n_cell_length_c 3\n_space_group_name_H-M_alt 'P 21 21 21'\nloop_\n_atom_site_label\n" +
			"_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nXx1 0 0 0\n", "x", "bad.cif"));
		assertTrue(e.getMessage().contains("P 21 21 21"), e.getMessage());
		e = assertThrows(InputFormatException.class, () -> CifReader.parse("hello world", "x", "bad.cif"));
		assertTrue(e.getMessage().contains("line 1"), e.getMessage());
	}

	@Test
	void hostileInputIsBounded(@TempDir Path dir) throws Exception {
		// a loop with far too many rows is refused before it fills memory
		StringBuilder sb = new StringBuilder("data_x\nloop_\n_a\n");
		for (int i = 0; i <= CifReader.MAX_ROWS + 1; i++) sb.append("1\n");
		InputFormatException e = assertThrows(InputFormatException.class, () -> CifReader.parse(sb.toString(), "x",
			"big.cif"));
		assertTrue(e.getMessage().contains("rows"), e.getMessage());
		// symmetry operations that do not close into a group
		e = assertThrows(InputFormatException.class, () -> CifReader.parse("data_x\n_cell_length_a 3\n" +
			"_cell_length_b 3\n_cell_length_c 3\nloop_\n_symmetry_equiv_pos_as_xyz\n'x+0.001,y,z'\nloop_\n" +
			"_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nO1 0 0 0\n", "x", "bad.cif"));
		assertTrue(e.getMessage().contains("192"), e.getMessage());
		Path empty = dir.resolve("e.cif");
		Files.writeString(empty, "");
		assertThrows(InputFormatException.class, () -> CifReader.read(empty));
	}
}
