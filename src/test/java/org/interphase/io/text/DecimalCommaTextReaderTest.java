package org.interphase.io.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecimalCommaTextReaderTest {
	@TempDir
	Path dir;

	@Test
	void semicolonAndTabWithDecimalCommas() throws Exception {
		Path a = dir.resolve("a.csv");
		Files.writeString(a, "Operator;someone\nRaman Shift (cm-1);Intensity\n1400,5;10,25\n1390,0;12,5\n;99\n1380,25;14\n" +
			"1370,0;1,5E3\n");
		Dataset d = Readers.read(a);
		assertEquals("text (decimal comma)", Readers.find(a).format());
		Signal s = d.primary();
		assertArrayEquals(new double[] { 1370, 1380.25, 1390, 1400.5 }, s.lastAxis().values(), 1e-12, "ascending");
		assertArrayEquals(new double[] { 1500, 14, 12.5, 10.25 }, s.data(), 1e-12);
		assertEquals("cm-1", s.lastAxis().units);
		assertEquals(1, d.number("rows_skipped_empty"), 0, "the row with an empty shift cell");
		assertEquals("someone", d.metadata().get("Operator"));
		Path b = dir.resolve("b.txt");
		Files.writeString(b, "100,5\t1,5\t2,5\n101,5\t1,75\t2,75\n102,5\t2\t3\n");
		Signal t = Readers.read(b).primary();
		assertArrayEquals(new int[] { 2, 3 }, t.shape());
		assertEquals(2.75, t.data()[4], 1e-12);
		// decimal points stay with the generic reader
		Path c = dir.resolve("c.csv");
		Files.writeString(c, "100.5,1.5\n101.5,1.75\n102.5,2\n");
		assertTrue(!Readers.find(c).format().contains("comma"));
	}

	@Test
	void errorsNameLineCauseAndFix() throws Exception {
		Path a = dir.resolve("bad.csv");
		Files.writeString(a, "x;y\n1,5;2,5\n2,5;3,5\n3,5;4,5;9\n4,5;5,5\n");
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(a));
		assertTrue(e.getMessage().contains("line 4 has 3 fields") && e.getMessage().contains("fix or remove line 4"), e
			.getMessage());
		Path b = dir.resolve("bad2.csv");
		Files.writeString(b, "1,5;2,5\n2,5;3,5\n3,5;n/a\n");
		e = assertThrows(InputFormatException.class, () -> Readers.read(b));
		assertTrue(e.getMessage().contains("line 3, column 2") && e.getMessage().contains("'n/a' is not a number"), e
			.getMessage());
	}
}
