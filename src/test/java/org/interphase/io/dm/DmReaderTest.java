package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.io.dm.DmTestWriter.Arr;
import org.interphase.io.dm.DmTestWriter.G;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class DmReaderTest {
	@TempDir
	Path tmp;

	private Path write(String name, byte[] b) throws IOException {
		Path p = tmp.resolve(name);
		Files.write(p, b);
		return p;
	}

	/** A spectrum image stored energy-slowest (as DM does): read as (y, x, energy) with the values in place. */
	@ParameterizedTest
	@ValueSource(ints = { 3, 4 })
	void spectrumImageEnergySlowestBecomesEnergyLast(int version) throws IOException {
		int nx = 3, ny = 2, ne = 5;
		float[] v = new float[nx * ny * ne];
		for (int e = 0; e < ne; e++)
			for (int y = 0; y < ny; y++)
				for (int x = 0; x < nx; x++) v[(e * ny + y) * nx + x] = 100 * e + 10 * y + x;
		G root = new G();
		G list = root.group("ImageList");
		G img = DmTestWriter.image(list, "SI", DmTestWriter.floats(v), 2, new long[] { nx, ny, ne }, new double[] { 2.5,
			2.5, 0.5 }, new double[] { 0, 0, -20 }, new String[] { "nm", "nm", "eV" });
		img.group("ImageTags").group("Microscope Info").add("Voltage", 300000.0).add("Name", "Test TEM");
		Dataset d = Readers.read(write("si.dm" + version, new DmTestWriter(version).write(root)));
		assertEquals("DM" + version, d.format);
		Signal s = d.primary();
		assertArrayEquals(new int[] { ny, nx, ne }, s.shape());
		assertEquals("energy", s.lastAxis().name);
		assertEquals(10.0, s.lastAxis().offset, 1e-12, "offset = -origin * scale");
		assertEquals(0.5, s.lastAxis().scale, 0);
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++)
				for (int e = 0; e < ne; e++) assertEquals(100 * e + 10 * y + x, s.data()[(y * nx + x) * ne + e], 0);
		assertEquals(300.0, d.number(MetadataKeys.BEAM_ENERGY_KV), 1e-12);
		assertEquals("Test TEM", d.text(MetadataKeys.INSTRUMENT));
		assertEquals(2.5, d.number(MetadataKeys.PIXEL_SIZE), 0);
	}

	/** The header's byte-order flag decides how data are read (DM files are nearly always little-endian). */
	@Test
	void bigEndianDataFollowTheHeader() throws IOException {
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "be", DmTestWriter.floats(new float[] { 1.5f, -2, 3e5f, 4 }), 2,
			new long[] { 2, 2 }, new double[] { 0.25, 0.25 }, new double[] { 2, 0 }, new String[] { "nm", "nm" });
		DmTestWriter w = new DmTestWriter(4);
		w.dataOrder = ByteOrder.BIG_ENDIAN;
		Signal s = Readers.read(write("be.dm4", w.write(root))).primary();
		assertArrayEquals(new double[] { 1.5, -2, 3e5, 4 }, s.data(), 0);
		assertEquals(0.25, s.lastAxis().scale, 0);
		assertEquals(-0.5, s.lastAxis().offset, 0);
		assertEquals("nm", s.lastAxis().units);
	}

	@Test
	void rgbaImageKeepsChannelsAsTrailingAxis() throws IOException {
		byte[] px = { 1, 2, 3, 0, 4, 5, 6, 0 };
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "rgb", DmTestWriter.bytes(px), 23, new long[] { 2, 1 }, new double[] {
			1, 1 }, new double[] { 0, 0 }, new String[] { "", "" });
		Signal s = Readers.read(write("rgb.dm3", new DmTestWriter(3).write(root))).primary();
		assertEquals("rgba8", s.dtype);
		assertArrayEquals(new int[] { 1, 2, 4 }, s.shape());
		assertEquals("channel", s.lastAxis().name);
		assertArrayEquals(new double[] { 1, 2, 3, 0, 4, 5, 6, 0 }, s.data(), 0);
	}

	/** Thumbnails (listed, or an RGBA first image) are skipped; other images all become signals. */
	@Test
	void severalImagesAndThumbnails() throws IOException {
		G root = new G();
		G list = root.group("ImageList");
		DmTestWriter.image(list, "a", DmTestWriter.floats(new float[] { 1, 2 }), 2, new long[] { 2 }, new double[] { 1 },
			new double[] { 0 }, new String[] { "eV" });
		DmTestWriter.image(list, "b", DmTestWriter.floats(new float[] { 3, 4, 5, 6 }), 2, new long[] { 2, 2 },
			new double[] { 1, 1 }, new double[] { 0, 0 }, new String[] { "nm", "nm" });
		Dataset two = Readers.read(write("two.dm3", new DmTestWriter(3).write(root)));
		assertEquals(2, two.signals().size());
		assertEquals("a", two.signals().get(0).name);
		root.group("Thumbnails").add("", new G().add("ImageIndex", 0L));
		Dataset listed = Readers.read(write("thumb.dm3", new DmTestWriter(3).write(root)));
		assertEquals(1, listed.signals().size());
		assertEquals("b", listed.primary().name);
	}

	@Test
	void datesAreLocaleTolerant() {
		assertEquals("2016-08-27", DmMetadata.isoDate("27.08.2016"));
		assertEquals("2019-12-10", DmMetadata.isoDate("12/10/2019"));
		assertEquals("2019-05-14", DmMetadata.isoDate("14/05/2019"));
		assertEquals("2018-09-25", DmMetadata.isoDate("25 Sep 2018"));
		assertEquals("2016-07-30", DmMetadata.isoDate("2016/07/30"));
		assertEquals("15:32:41", DmMetadata.isoTime("3:32:41 PM"));
		assertEquals("00:05:00", DmMetadata.isoTime("12:05:00 AM"));
		assertNull(DmMetadata.isoDate("yesterday"));
	}

	// ---- hostile input ----

	private void assertRejected(Path p, String... words) {
		InputFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
			InputFormatException.class, () -> Readers.read(p)));
		assertTrue(e.getMessage().contains(p.getFileName().toString()), "message names the file: " + e.getMessage());
		for (String w : words) assertTrue(e.getMessage().contains(w), "message says '" + w + "': " + e.getMessage());
	}

	@Test
	void arrayClaiming2pow31ElementsIsRefused() throws IOException {
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "huge", new Arr(6, 1L << 31, new byte[16]), 2, new long[] {
			1 << 16, 1 << 15 }, new double[] { 1, 1 }, new double[] { 0, 0 }, new String[] { "", "" });
		assertRejected(write("huge.dm4", new DmTestWriter(4).write(root)), "claims 2147483648 elements");
	}

	@Test
	void dimensionsLargerThanTheDataAreRefused() throws IOException {
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "dims", DmTestWriter.floats(new float[4]), 2, new long[] { 65536,
			65536 }, new double[] { 1, 1 }, new double[] { 0, 0 }, new String[] { "", "" });
		assertRejected(write("dims.dm3", new DmTestWriter(3).write(root)), "too many pixels");
	}

	@Test
	void excessiveNestingIsRefused() throws IOException {
		G root = new G();
		G g = root;
		for (int i = 0; i < 200; i++) g = g.group("g" + i);
		assertRejected(write("deep.dm3", new DmTestWriter(3).write(root)), "nested deeper");
	}

	@Test
	void groupClaimingAbsurdTagCountIsRefused() throws IOException {
		byte[] b = new DmTestWriter(4).write(new G().add("x", 1L));
		// root group tag count (int64 at byte 18) set to 2^40
		ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).putLong(18, 1L << 40);
		assertRejected(write("count.dm4", b), "claims");
	}

	@Test
	void unknownImageDataTypeIsRefused() throws IOException {
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "odd", DmTestWriter.floats(new float[4]), 99, new long[] { 2, 2 },
			new double[] { 1, 1 }, new double[] { 0, 0 }, new String[] { "", "" });
		assertRejected(write("odd.dm3", new DmTestWriter(3).write(root)), "data type 99");
	}

	static List<Path> realDmFiles() throws IOException {
		Path root = ReferenceData.require(null);
		List<Path> out = new ArrayList<>();
		for (String f : new String[] { "dm", "eels", "diffraction" }) {
			Path dir = root.resolve(f);
			if (!Files.isDirectory(dir)) continue;
			try (Stream<Path> s = Files.list(dir)) {
				out.addAll(s.filter(p -> p.toString().matches(".*\\.dm[34]$")).sorted().collect(Collectors.toList()));
			}
		}
		return out;
	}

	@Test
	void truncatedCopiesOfRealFilesAreRefused() throws IOException {
		for (Path f : realDmFiles()) {
			byte[] all = Files.readAllBytes(f);
			for (double frac : new double[] { 0.001, 0.3, 0.7, 0.98 }) {
				int n = Math.max(5, (int) (all.length * frac));
				byte[] cut = java.util.Arrays.copyOf(all, n);
				Path p = write("cut_" + (int) (frac * 1000) + "_" + f.getFileName(), cut);
				if (n < 16) {
					assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(IOException.class, () -> Readers.read(
						p)));
				}
				else assertRejected(p);
			}
		}
	}

	@Test
	void inflatedDataCountOfRealFileIsRefused() throws IOException {
		Path f = ReferenceData.file("dm/test_STEM_image.dm3");
		byte[] all = Files.readAllBytes(f);
		// the image Data tag: info [20, 5 (uint32), count] big-endian, right after the "Data" name and %%%%
		String s = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
		int at = s.indexOf("Data%%%%", s.indexOf("ImageData", s.indexOf("ImageList") + 200));
		assertTrue(at > 0);
		int countAt = at + 8 + 4 + 8; // ninfo, type, element type
		ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN).putInt(countAt, 0x7fffffff);
		assertRejected(write("inflated.dm3", all), "claims");
	}

	@Test
	void flippedBytesNeverCrashOrHang() throws IOException {
		Random rnd = new Random(42);
		for (Path f : realDmFiles()) {
			byte[] all = Files.readAllBytes(f);
			for (int k = 0; k < 6; k++) {
				byte[] b = all.clone();
				for (int j = 0; j < 8; j++) {
					int i = rnd.nextInt(Math.min(b.length, 4096));
					b[i] = (byte) ~b[i];
				}
				Path p = write("flip" + k + "_" + f.getFileName(), b);
				assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
					try {
						Readers.read(p);
					}
					catch (InputFormatException e) {
						assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
					}
				});
			}
		}
	}
}
