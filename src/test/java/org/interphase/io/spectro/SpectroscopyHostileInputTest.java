package org.interphase.io.spectro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted copies of the real files, made at run time in a temporary folder (the reference files are never
 * copied into the repository): truncated at several points, size fields inflated, random bytes. Every reader must
 * answer with an {@link InputFormatException} naming the file, within a second or two: no OutOfMemoryError, no
 * hang, no other exception type (which would mean an unchecked assumption).
 */
class SpectroscopyHostileInputTest {
	@TempDir
	Path tmp;

	static List<Path> referenceFiles() throws IOException {
		List<Path> out = new ArrayList<>();
		for (String folder : new String[] { "emsa", "xps", "raman" }) {
			Path dir = ReferenceData.folder(folder);
			if (dir == null) continue;
			try (Stream<Path> s = Files.list(dir)) {
				out.addAll(s.filter(p -> !p.toString().endsWith(".json")).sorted().collect(Collectors.toList()));
			}
		}
		return out;
	}

	/** Reads through the reader that claims the bytes, so that its own exception type is seen (not Readers' wrap). */
	static void mustRefuse(Path f) {
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			DatasetReader r = Readers.find(f);
			if (r == null) return; // no reader claims it: Readers.read gives "unknown format"
			InputFormatException e = assertThrows(InputFormatException.class, () -> r.read(f), f.getFileName() +
				" was accepted by " + r.format());
			assertTrue(e.getMessage().contains(f.getFileName().toString()) || e.getMessage().startsWith("WDF"), e
				.getMessage());
			// and through the registry the message names the file
			InputFormatException e2 = assertThrows(InputFormatException.class, () -> Readers.read(f));
			assertTrue(e2.getMessage().contains(f.getFileName().toString()), e2.getMessage());
		});
	}

	@TestFactory
	Stream<DynamicTest> truncatedCopies() throws IOException {
		List<Path> files = referenceFiles();
		if (files.isEmpty()) System.out.println(ReferenceData.absentReason("emsa/xps/raman"));
		Assumptions.assumeFalse(files.isEmpty(), ReferenceData.absentReason("emsa/xps/raman"));
		List<DynamicTest> tests = new ArrayList<>();
		for (Path f : files) {
			tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
				byte[] b = Files.readAllBytes(f);
				for (int cut : new int[] { b.length * 3 / 10, b.length * 6 / 10, b.length - 40 }) {
					Path t = tmp.resolve("cut" + cut + "_" + f.getFileName());
					Files.write(t, Arrays.copyOf(b, cut));
					mustRefuse(t);
				}
			}));
		}
		return tests.stream();
	}

	static Path ref(String folder, String name) {
		Path dir = ReferenceData.folder(folder);
		Assumptions.assumeTrue(dir != null, ReferenceData.absentReason(folder));
		return dir.resolve(name);
	}

	@Test
	void wdfInflatedSizes() throws IOException {
		byte[] b = Files.readAllBytes(ref("raman", "renishaw_test_zscan.wdf"));
		// DATA block (at 512) claims 2^40 bytes
		byte[] c = b.clone();
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(512 + 8, 1L << 40);
		mustRefuse(write("data_size.wdf", c));
		// header claims 2^31 spectra
		c = b.clone();
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(72, 1L << 31);
		mustRefuse(write("nspectra.wdf", c));
		// header claims 2^31 - 1 points per spectrum
		c = b.clone();
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(60, Integer.MAX_VALUE);
		mustRefuse(write("points.wdf", c));
		// a block name of binary junk
		c = b.clone();
		c[512] = 1;
		mustRefuse(write("blockname.wdf", c));
	}

	@Test
	void wdfInflatedOriginCount() throws IOException {
		byte[] b = Files.readAllBytes(ref("raman", "renishaw_test_zscan.wdf"));
		// find the ORGN block and make its list count absurd
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		long pos = 0;
		while (pos < b.length) {
			String name = new String(b, (int) pos, 4, StandardCharsets.US_ASCII);
			long size = bb.getLong((int) pos + 8);
			if (name.equals("ORGN")) {
				byte[] c = b.clone();
				ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt((int) pos + 16, 1 << 30);
				mustRefuse(write("orgn.wdf", c));
				return;
			}
			pos += size;
		}
		throw new AssertionError("no ORGN block in the z-scan file");
	}

	@Test
	void speInflatedPoints() throws IOException {
		byte[] b = Files.readAllBytes(ref("xps", "phi_SnO2_10nm.spe"));
		int bin = new String(b, StandardCharsets.ISO_8859_1).indexOf("EOFH") + 6;
		byte[] c = b.clone();
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(bin + 16 + 20, Integer.MAX_VALUE);
		mustRefuse(write("points.spe", c));
		c = b.clone();
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(bin + 4, 1 << 28);
		mustRefuse(write("spectra.spe", c));
	}

	@Test
	void vamasMillionBlocksAndHugeOrdinates() throws IOException {
		String text = new String(Files.readAllBytes(ref("xps", "kratos_0-150W.vms")), StandardCharsets.ISO_8859_1);
		List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
		int wide = lines.indexOf("wide");
		assertEquals("5", lines.get(wide - 1), "number of blocks precedes the first block");
		List<String> a = new ArrayList<>(lines);
		a.set(wide - 1, "1000000");
		mustRefuse(write("blocks.vms", String.join("\r\n", a).getBytes(StandardCharsets.ISO_8859_1)));
		List<String> c = new ArrayList<>(lines);
		int ord = c.indexOf("2412");
		c.set(ord, "2000000000");
		mustRefuse(write("ordinates.vms", String.join("\r\n", c).getBytes(StandardCharsets.ISO_8859_1)));
		List<String> d = new ArrayList<>(lines);
		d.set(ord, "2413"); // not a multiple of the 2 variables
		mustRefuse(write("odd.vms", String.join("\r\n", d).getBytes(StandardCharsets.ISO_8859_1)));
		List<String> e = new ArrayList<>(lines);
		e.set(ord + 5, "12x4"); // a non-numeric ordinate
		mustRefuse(write("nan.vms", String.join("\r\n", e).getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void triVistaAndLabSpecBadCounts() throws IOException {
		String tvf = new String(Files.readAllBytes(ref("raman", "trivista_spec_1s_1acc_1frame_average.tvf")),
			StandardCharsets.UTF_8);
		mustRefuse(write("len.tvf", tvf.replaceFirst("ValueArray=\"1024\\|", "ValueArray=\"999999999|").getBytes(
			StandardCharsets.UTF_8)));
		String xml = new String(Files.readAllBytes(ref("raman", "jobinyvon_test_linescan.xml")), StandardCharsets.UTF_8);
		int m = xml.indexOf("<LSX_Matrix");
		String shortRow = xml.substring(0, m) + xml.substring(m).replaceFirst("1614 1317", "1614");
		mustRefuse(write("row.xml", shortRow.getBytes(StandardCharsets.UTF_8)));
	}

	/** Random bytes and binary junk behind a valid-looking first line. */
	@Test
	void junk() throws IOException {
		Random rnd = new Random(42);
		byte[] noise = new byte[20000];
		rnd.nextBytes(noise);
		for (String ext : new String[] { "vms", "msa", "wdf", "spe", "xy", "tvf", "xml", "npl" }) {
			Path f = write("noise." + ext, noise);
			assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
				InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
				assertTrue(e.getMessage().contains("noise." + ext));
			});
		}
		byte[] vamasHead = "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4\r\n".getBytes(
			StandardCharsets.ISO_8859_1);
		byte[] v = Arrays.copyOf(vamasHead, vamasHead.length + noise.length);
		System.arraycopy(noise, 0, v, vamasHead.length, noise.length);
		mustRefuse(write("junk.vms", v));
		byte[] w = noise.clone();
		w[0] = 'W';
		w[1] = 'D';
		w[2] = 'F';
		w[3] = '1';
		mustRefuse(write("junk.wdf", w));
		byte[] s = ("SOFH\r\nEOFH\r\n").getBytes(StandardCharsets.ISO_8859_1);
		mustRefuse(write("junk.spe", s));
	}

	/** A known file under a wrong extension is still recognised by its content. */
	@Test
	void wrongExtension() throws IOException {
		Path f = write("really_a_wdf.vms", Files.readAllBytes(ref("raman", "renishaw_test_exptime10_acc1.wdf")));
		assertEquals("Renishaw WDF", Readers.read(f).format);
		Path g = write("really_vamas.txt", Files.readAllBytes(ref("xps", "specs_regular.vms")));
		assertEquals("VAMAS", Readers.read(g).format);
		assertNotNull(Readers.read(g).primary());
	}

	Path write(String name, byte[] b) throws IOException {
		Path f = tmp.resolve(name);
		Files.write(f, b);
		return f;
	}
}
