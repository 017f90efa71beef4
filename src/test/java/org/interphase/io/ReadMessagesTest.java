package org.interphase.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.testing.ReferenceData;

/**
 * Issue 20, defect 7: a damaged file is one message in the user's words; the parser prints nothing (no stack trace
 * from the XML parser for a SPECS file cut inside its DTD, no "[Fatal Error]"), and no raw Java exception text
 * (MalformedInputException, IIOException, ArrayIndexOutOfBoundsException) reaches the user.
 */
class ReadMessagesTest {
	@TempDir
	Path dir;

	/** Reads the file, returns (message, what was printed on stdout/stderr meanwhile). */
	private static String[] refuse(Path f) throws Exception {
		PrintStream err = System.err, out = System.out;
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		PrintStream cap = new PrintStream(b, true, StandardCharsets.UTF_8);
		System.setErr(cap);
		System.setOut(cap);
		try {
			InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
			return new String[] { e.getMessage(), b.toString(StandardCharsets.UTF_8) };
		}
		finally {
			System.setErr(err);
			System.setOut(out);
		}
	}

	@Test
	void aSpecsFileCutInsideItsDtdIsOneMessageAndNoStackTrace() throws Exception {
		Path specs = ReferenceData.fileOrNull("xps/specs_In-situ_PBTTT_XPS_SPECS.xml");
		assumeTrue(specs != null, ReferenceData.absentReason("xps"));
		byte[] all = Files.readAllBytes(specs);
		Path cut = dir.resolve("cut.xml");
		Files.write(cut, Arrays.copyOf(all, 1100));
		String[] r = refuse(cut);
		assertEquals("", r[1], "nothing printed");
		assertTrue(r[0].contains("cut.xml") && r[0].contains("truncated"), r[0]);
		assertFalse(ReadFailure.isRaw(r[0]), r[0]);
	}

	@Test
	void malformedXrdmlPrintsNothing() throws Exception {
		for (String text : new String[] { "<?xml version=\"1.0\"?><!DOCTYPE x [ <!ELEMENT", "<?xml version=\"1.0\"?>\n" +
			"<xrdMeasurements xmlns=\"http://www.xrdml.com/XRDMeasurement/2.1\"><a></b>" })
		{
			Path f = Files.writeString(dir.resolve("bad.xrdml"), text);
			String[] r = refuse(f);
			assertEquals("", r[1], "nothing printed for " + text);
			assertTrue(r[0].contains("bad.xrdml"), r[0]);
			assertFalse(ReadFailure.isRaw(r[0]), r[0]);
		}
	}

	@Test
	void oneNonUtf8ByteInACsvIsWrappedInWords() throws Exception {
		Path csv = dir.resolve("m.csv");
		Path src = Path.of("test-images/eels/references/standards_eels_ref-ti4.csv");
		assumeTrue(Files.exists(src));
		byte[] b = Files.readAllBytes(src);
		b[b.length / 2] = (byte) 0xFF;
		Files.write(csv, b);
		PrintStream err = System.err;
		try {
			Readers.read(csv); // a reader may also accept it (e.g. as Latin-1): then there is nothing to word
		}
		catch (InputFormatException e) {
			assertFalse(ReadFailure.isRaw(e.getMessage()), e.getMessage());
			assertTrue(e.getMessage().contains("m.csv"), e.getMessage());
		}
		finally {
			System.setErr(err);
		}
	}

	@Test
	void rawExceptionTextIsWordedWithTheFileAndWhatToDo() {
		Path f = Path.of("x", "a.dm4");
		String m = ReadFailure.words(f, "DM4", new ArrayIndexOutOfBoundsException("Index 9 out of bounds for length 4"));
		assertTrue(m.startsWith(f + ": cannot be read as DM4: a size or offset"), m);
		assertFalse(ReadFailure.isRaw(m), m);
		m = ReadFailure.words(f, "CSV", new java.io.IOException(new java.nio.charset.MalformedInputException(1)));
		assertTrue(m.contains("UTF-8"), m);
		assertFalse(ReadFailure.isRaw(m), m);
		m = ReadFailure.words(f, "TIFF", new InputFormatException(f + ": TIFF page 0 (compression 7) failed: javax" +
			".imageio.IIOException: Unexpected count 65"));
		assertFalse(ReadFailure.isRaw(m), m);
		assertTrue(m.contains("TIFF page 0"), m);
	}

	@Test
	void aTruncatedBmpIsRefusedWithoutConsoleOutput() throws Exception {
		Path bmp = ReferenceData.fileOrNull("diffraction/pycotem_Al_diff+1.8.bmp");
		assumeTrue(bmp != null, ReferenceData.absentReason("diffraction"));
		byte[] all = Files.readAllBytes(bmp);
		Path cut = dir.resolve("cut.bmp");
		Files.write(cut, Arrays.copyOf(all, all.length / 3));
		String[] r = refuse(cut);
		assertEquals("", r[1], "nothing printed");
		assertTrue(r[0].contains("truncated"), r[0]);
	}
}
