package org.interphase.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
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

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

public class TiffReaderTest {
	@TempDir
	Path tmp;

	private static double[] pattern(int n, int max, long seed) {
		Random r = new Random(seed);
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = i % 7 == 0 ? 5 : r.nextInt(max); // runs help PackBits / LZW
		return v;
	}

	@ParameterizedTest
	@CsvSource({ "LE,1,1,0", "BE,1,1,0", "LE,32773,1,0", "BE,32773,2,0", "LE,8,1,0", "LE,8,2,0", "BE,8,2,0",
		"LE,1,1,16", "BE,8,2,16", "LE,32773,1,16", "BE,1,2,16" })
	void ownWriterRoundTrip(String bo, int compression, int predictor, int tile) throws IOException {
		TiffTestWriter w = new TiffTestWriter();
		w.order = bo.equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		w.width = 37;
		w.height = 23;
		w.bits = 16;
		w.compression = compression;
		w.predictor = predictor;
		w.tile = tile;
		w.rowsPerStrip = 5;
		w.samples = pattern(37 * 23, 65536, 7);
		Path p = tmp.resolve("t.tif");
		Files.write(p, w.write());
		Signal s = Readers.read(p).primary();
		assertEquals("uint16", s.dtype);
		assertArrayEquals(new int[] { 23, 37 }, s.shape());
		assertArrayEquals(w.samples, s.data(), 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "LE", "BE" })
	void float32AndRgb(String bo) throws IOException {
		TiffTestWriter w = new TiffTestWriter();
		w.order = bo.equals("LE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		w.width = 9;
		w.height = 4;
		w.bits = 32;
		w.sampleFormat = 3;
		w.samples = new double[36];
		for (int i = 0; i < 36; i++) w.samples[i] = i * 0.25 - 3;
		Path p = tmp.resolve("f.tif");
		Files.write(p, w.write());
		Signal s = Readers.read(p).primary();
		assertEquals("float32", s.dtype);
		assertArrayEquals(w.samples, s.data(), 0);
		TiffTestWriter c = new TiffTestWriter();
		c.order = w.order;
		c.width = 5;
		c.height = 3;
		c.spp = 3;
		c.compression = 8;
		c.predictor = 2;
		c.samples = pattern(45, 256, 3);
		Path q = tmp.resolve("rgb.tif");
		Files.write(q, c.write());
		Signal rgb = Readers.read(q).primary();
		assertEquals("rgb8", rgb.dtype);
		assertArrayEquals(new int[] { 3, 5, 3 }, rgb.shape());
		assertArrayEquals(c.samples, rgb.data(), 0);
	}

	private Path imageio(String name, List<BufferedImage> pages, String compression, int tile) throws IOException {
		Path p = tmp.resolve(name);
		ImageWriter wr = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
			wr.setOutput(out);
			ImageWriteParam prm = wr.getDefaultWriteParam();
			if (compression != null) {
				prm.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				prm.setCompressionType(compression);
			}
			if (tile > 0) {
				prm.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
				prm.setTiling(tile, tile, 0, 0);
			}
			wr.prepareWriteSequence(null);
			for (BufferedImage b : pages) wr.writeToSequence(new IIOImage(b, null, null), prm);
			wr.endWriteSequence();
		}
		finally {
			wr.dispose();
		}
		return p;
	}

	private static BufferedImage gray16(int w, int h, double[] v) {
		BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
		WritableRaster r = b.getRaster();
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) r.setSample(x, y, 0, (int) v[y * w + x]);
		return b;
	}

	/** LZW and Deflate written by an independent encoder (the JDK's TIFF writer), strips and tiles. */
	@ParameterizedTest
	@CsvSource({ "LZW,0", "LZW,16", "Deflate,0", "Deflate,32", "PackBits,0" })
	void independentEncoder(String compression, int tile) throws IOException {
		int w = 70, h = 45;
		double[] v = pattern(w * h, 65536, 11);
		Path p = imageio("io.tif", List.of(gray16(w, h, v)), compression, tile);
		Signal s = Readers.read(p).primary();
		assertArrayEquals(new int[] { h, w }, s.shape());
		assertArrayEquals(v, s.data(), 0);
	}

	@Test
	void equalPagesFormAStack() throws IOException {
		double[] a = pattern(12, 1000, 1), b = pattern(12, 1000, 2);
		Path p = imageio("stack.tif", List.of(gray16(4, 3, a), gray16(4, 3, b)), "LZW", 0);
		Signal s = Readers.read(p).primary();
		assertArrayEquals(new int[] { 2, 3, 4 }, s.shape());
		assertEquals("frame", s.axis(0).name);
		assertArrayEquals(a, Arrays.copyOf(s.data(), 12), 0);
		assertArrayEquals(b, Arrays.copyOfRange(s.data(), 12, 24), 0);
	}

	@Test
	void jpegPageThroughImageIO() throws IOException {
		BufferedImage rgb = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 16; y++)
			for (int x = 0; x < 32; x++) rgb.setRGB(x, y, (x * 8) << 16 | (y * 16) << 8 | 128);
		Path p = imageio("jpeg.tif", List.of(rgb), "JPEG", 0);
		Signal s = Readers.read(p).primary();
		assertArrayEquals(new int[] { 16, 32, 3 }, s.shape());
		assertEquals(16 * 8, s.data()[(5 * 32 + 16) * 3], 12, "red channel, lossy");
	}

	/** Bilevel CCITT pages are beyond our decoder: javax.imageio reads them. */
	@Test
	void bilevelCcittThroughImageIO() throws IOException {
		BufferedImage b = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_BINARY);
		for (int x = 0; x < 16; x += 2) b.getRaster().setSample(x, 3, 0, 1);
		Path p = imageio("bilevel.tif", List.of(b), "CCITT T.6", 0);
		Signal s = Readers.read(p).primary();
		assertArrayEquals(new int[] { 8, 16 }, s.shape());
		assertEquals("uint8", s.dtype);
		assertEquals(8.0, Arrays.stream(s.data()).filter(v -> v != 0).count(), 0);
	}

	@Test
	void imageJCalibration() throws IOException {
		TiffTestWriter w = new TiffTestWriter();
		w.width = 4;
		w.height = 2;
		w.samples = new double[8];
		w.ascii(270, "ImageJ=1.53t\nunit=micron\n");
		w.rational(282, 4, 1);
		w.rational(283, 4, 1);
		Path p = tmp.resolve("ij.tif");
		Files.write(p, w.write());
		Dataset d = Readers.read(p);
		assertEquals(0.25, d.primary().lastAxis().scale, 1e-12);
		assertEquals("\u00b5m", d.primary().lastAxis().units);
		assertEquals(0.25, d.number(MetadataKeys.PIXEL_SIZE), 1e-12);
	}

	/** What the suite's own writer (ImageJ FileSaver) writes reads back with calibration, origin and Info. */
	@Test
	void suiteWriterRoundTrip() throws IOException {
		double[] v = new double[6 * 4];
		for (int i = 0; i < v.length; i++) v[i] = i * 1.5 - 2;
		List<org.interphase.core.data.Axis> axes = List.of(new org.interphase.core.data.Axis("y", 4, 0.5, -1.0, "nm"),
			new org.interphase.core.data.Axis("x", 6, 0.5, -1.5, "nm"));
		Signal in = new Signal("img", "float32", new int[] { 4, 6 }, axes, v);
		Path p = tmp.resolve("suite.tif");
		org.interphase.ij.ImageJTiff.write(in, p, "sample = S_01\nnote = demo");
		Dataset d = Readers.read(p);
		Signal s = d.primary();
		assertEquals("TIFF", d.format);
		assertArrayEquals(v, s.data(), 1e-6);
		assertEquals(0.5, s.lastAxis().scale, 1e-9);
		assertEquals("nm", s.lastAxis().units);
		assertEquals(-1.5, s.lastAxis().offset, 1e-9);
		assertEquals(-1.0, s.axis(0).offset, 1e-9);
		assertTrue(d.text("ImageJ Info").contains("sample = S_01"), String.valueOf(d.text("ImageJ Info")));
		// a stack
		double[] v3 = new double[3 * 4 * 6];
		for (int i = 0; i < v3.length; i++) v3[i] = i;
		List<org.interphase.core.data.Axis> axes3 = List.of(new org.interphase.core.data.Axis("frame", 3, 1, 0, ""),
			axes.get(0), axes.get(1));
		Path q = tmp.resolve("suite3.tif");
		org.interphase.ij.ImageJTiff.write(new Signal("st", "float32", new int[] { 3, 4, 6 }, axes3, v3), q, null);
		Signal st = Readers.read(q).primary();
		assertArrayEquals(new int[] { 3, 4, 6 }, st.shape());
		assertArrayEquals(v3, st.data(), 0);
		assertEquals(0.5, st.lastAxis().scale, 1e-9);
	}

	private Path plain(String name, int w, int h) throws IOException {
		TiffTestWriter t = new TiffTestWriter();
		t.width = w;
		t.height = h;
		t.samples = new double[w * h];
		Path p = tmp.resolve(name);
		Files.write(p, t.write());
		return p;
	}

	@Test
	void jeolSidecar() throws IOException {
		Path p = plain("jeol.tif", 40, 30);
		Files.write(tmp.resolve("jeol.txt"), ("$CM_FORMAT JEOL/SEM\n$CM_INSTRUMENT JSM-7800F\n$CM_DATE 2018/05/01\n" +
			"$CM_TIME 10:20:30\n$CM_MAG 5000\n$CM_ACCEL_VOLT 15.00\n$CM_FULL_SIZE 40 25\n$$SM_MICRON_BAR 100\n" +
			"$$SM_MICRON_MARKER 1um\n").getBytes(StandardCharsets.US_ASCII));
		Dataset d = Readers.read(p);
		assertEquals(10.0, d.number(MetadataKeys.PIXEL_SIZE), 1e-9, "1 um / 100 px = 10 nm");
		assertEquals("nm", d.text(MetadataKeys.PIXEL_SIZE_UNIT));
		assertEquals(5.0, d.number(MetadataKeys.DATABAR_HEIGHT), 0);
		assertEquals(15.0, d.number(MetadataKeys.BEAM_ENERGY_KV), 0);
		assertEquals(5000.0, d.number(MetadataKeys.MAGNIFICATION), 0);
		assertEquals("2018-05-01T10:20:30", d.text(MetadataKeys.ACQUISITION_DATE));
		assertEquals("JSM-7800F", d.text(MetadataKeys.INSTRUMENT));
	}

	@Test
	void hitachiSidecar() throws IOException {
		Path p = plain("hit.tif", 40, 30);
		Files.write(tmp.resolve("hit.txt"), ("[SemImageFile]\r\nInstructName=S-4800\r\nDate=02/14/2013\r\n" +
			"Time=14:08:49\r\nDataSize=40x26\r\nPixelSize=19.84375\r\nAcceleratingVoltage=5000 Volt\r\n" +
			"Magnification=25000\r\n").getBytes(StandardCharsets.US_ASCII));
		Dataset d = Readers.read(p);
		assertEquals(19.84375, d.number(MetadataKeys.PIXEL_SIZE), 1e-12);
		assertEquals(4.0, d.number(MetadataKeys.DATABAR_HEIGHT), 0);
		assertEquals(5.0, d.number(MetadataKeys.BEAM_ENERGY_KV), 0);
		assertEquals("2013-02-14T14:08:49", d.text(MetadataKeys.ACQUISITION_DATE));
	}

	@Test
	void tescanSidecar() throws IOException {
		Path p = plain("tes.tif", 8, 8);
		Files.write(tmp.resolve("tes-tif.hdr"), ("[MAIN]\r\nDevice=MIRA3 LMH\r\nDate=2016-05-12\r\nTime=09:01:02\r\n" +
			"PixelSizeX=2.5e-08\r\nPixelSizeY=2.5e-08\r\n[SEM]\r\nHV=15000.0\r\n").getBytes(StandardCharsets.US_ASCII));
		Dataset d = Readers.read(p);
		assertEquals(2.5e-8, d.primary().lastAxis().scale, 1e-20);
		assertEquals("m", d.primary().lastAxis().units);
		assertEquals(15.0, d.number(MetadataKeys.BEAM_ENERGY_KV), 1e-12);
		assertEquals("MIRA3 LMH", d.text(MetadataKeys.INSTRUMENT));
	}

	@Test
	void zeissTagWithoutHeaderValueUsesItsPixelSizeEntry() {
		String tag = "\0\0AP_PIXEL_SIZE\0Pixel Size = 11.65 nm\0AP_MAG\0Mag = 2.00 K X\0AP_ACTUALKV\0" +
			"EHT = 5.00 kV\0AP_DATE\0Date :25 Sep 2018\0AP_TIME\0Time :8:20:42\0SV_SERIAL_NUMBER\0Serial No. = " +
			"ULTRA 55-36-06\0";
		TiffMetadata.Calibration.Builder c = new TiffMetadata.Calibration.Builder();
		TiffMetadata.zeiss(tag.getBytes(StandardCharsets.ISO_8859_1), c, 512);
		assertEquals(11.65e-9, c.scaleX, 1e-15);
		assertEquals("m", c.unit);
		assertEquals(2000.0, (Double) c.meta.get(MetadataKeys.MAGNIFICATION), 0);
		assertEquals(5.0, (Double) c.meta.get(MetadataKeys.BEAM_ENERGY_KV), 0);
		assertEquals("2018-09-25T08:20:42", c.meta.get(MetadataKeys.ACQUISITION_DATE));
		assertEquals("ULTRA 55-36-06", c.meta.get(MetadataKeys.INSTRUMENT));
	}

	@Test
	void feiIniWithDataBar() {
		String ini = "[User]\r\nDate=01/02/2020\r\nTime=10:11:12 AM\r\n[System]\r\nSystemType=Quanta FEG 250\r\n" +
			"[Beam]\r\nHV=15000\r\n[Scan]\r\nPixelWidth=1.5e-09\r\nPixelHeight=1.5e-09\r\n[Image]\r\nResolutionX=1024" +
			"\r\nResolutionY=884\r\n";
		TiffMetadata.Calibration.Builder c = new TiffMetadata.Calibration.Builder();
		TiffMetadata.fei(ini, c, 943);
		assertEquals(1.5e-9, c.scaleX, 0);
		assertEquals("m", c.unit);
		assertEquals(59.0, (Double) c.meta.get(MetadataKeys.DATABAR_HEIGHT), 0);
		assertEquals(15.0, (Double) c.meta.get(MetadataKeys.BEAM_ENERGY_KV), 0);
		assertEquals("2020-01-02T10:11:12", c.meta.get(MetadataKeys.ACQUISITION_DATE));
		assertEquals("Quanta FEG 250", c.meta.get(MetadataKeys.INSTRUMENT));
	}

	@Test
	void electronWavelength() {
		assertEquals(0.0025079, TiffMetadata.electronWavelengthNm(200e3), 1e-7);
		assertEquals(0.0019687, TiffMetadata.electronWavelengthNm(300e3), 1e-7);
	}

	// ---- hostile input ----

	private void assertRejected(Path p) {
		InputFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
			InputFormatException.class, () -> Readers.read(p)));
		assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file: " + e.getMessage());
	}

	@Test
	void textFileNamedTifIsRefused() throws IOException {
		Path p = tmp.resolve("notes.tif");
		Files.write(p, "this is not an image\nat all\n".getBytes(StandardCharsets.US_ASCII));
		assertRejected(p);
		InputFormatException e = assertThrows(InputFormatException.class, () -> new TiffReader().read(p));
		assertTrue(e.getMessage().contains("not a TIFF"), e.getMessage());
	}

	@Test
	void ifdLoopAndAbsurdSizesAreRefused() throws IOException {
		Path p = plain("loop.tif", 4, 4);
		byte[] b = Files.readAllBytes(p);
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		int ifd = bb.getInt(4);
		int n = bb.getShort(ifd);
		bb.putInt(ifd + 2 + 12 * n, ifd); // next IFD = itself
		Path loop = tmp.resolve("loop2.tif");
		Files.write(loop, b);
		assertRejected(loop);
		// width and height of 2^30
		byte[] c = Files.readAllBytes(p);
		ByteBuffer cb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++) {
			int at = ifd + 2 + 12 * i;
			int tag = cb.getShort(at) & 0xffff;
			if (tag == 256 || tag == 257) cb.putInt(at + 8, 1 << 30);
		}
		Path huge = tmp.resolve("huge.tif");
		Files.write(huge, c);
		assertRejected(huge);
	}

	/** A Deflate page claiming 40000 x 40000 pixels in a tiny file: refused by the memory check, no OOM. */
	@Test
	void compressionBombIsRefused() throws IOException {
		TiffTestWriter w = new TiffTestWriter();
		w.width = 8;
		w.height = 8;
		w.compression = 8;
		w.samples = new double[64];
		byte[] b = w.write();
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		int ifd = bb.getInt(4);
		int n = bb.getShort(ifd);
		for (int i = 0; i < n; i++) {
			int at = ifd + 2 + 12 * i;
			int tag = bb.getShort(at) & 0xffff;
			if (tag == 256 || tag == 257 || tag == 278) bb.putInt(at + 8, 40000);
		}
		Path p = tmp.resolve("bomb.tif");
		Files.write(p, b);
		InputFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
			InputFormatException.class, () -> Readers.read(p)));
		assertTrue(e.getMessage().contains("bomb.tif") && e.getMessage().contains("memory"), e.getMessage());
	}

	static List<Path> realTiffs() throws IOException {
		Path root = ReferenceData.require(null);
		List<Path> out = new ArrayList<>();
		for (String f : new String[] { "sem-tiff", "hrtem", "diffraction" }) {
			Path dir = root.resolve(f);
			if (!Files.isDirectory(dir)) continue;
			try (Stream<Path> s = Files.list(dir)) {
				out.addAll(s.filter(x -> x.toString().endsWith(".tif")).sorted().collect(Collectors.toList()));
			}
		}
		return out;
	}

	/**
	 * Truncated copies fail with a message naming the file, unless the cut removed only bytes no page needs
	 * (olympus_SIS.tif ends with vendor data that only its private tags point into): then the pages must read
	 * exactly as from the whole file, never partially.
	 */
	@Test
	void truncatedRealFilesAreRefused() throws IOException {
		for (Path f : realTiffs()) {
			byte[] all = Files.readAllBytes(f);
			Dataset whole = Readers.read(f);
			for (double frac : new double[] { 0.002, 0.5, 0.9 }) {
				Path p = tmp.resolve("cut" + (int) (frac * 1000) + "_" + f.getFileName());
				Files.write(p, Arrays.copyOf(all, Math.max(9, (int) (all.length * frac))));
				Dataset d = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
					try {
						return Readers.read(p);
					}
					catch (InputFormatException e) {
						assertTrue(e.getMessage().contains(p.getFileName().toString()), "names the file: " + e.getMessage());
						return null;
					}
				});
				if (d != null) {
					assertTrue(f.getFileName().toString().startsWith("olympus"), "truncated " + p + " was read");
					assertEquals(whole.signals().size(), d.signals().size());
					for (int i = 0; i < d.signals().size(); i++) assertArrayEquals(whole.signals().get(i).data(), d.signals()
						.get(i).data(), 0);
				}
			}
		}
	}

	@Test
	void olympusPagesAsTifffileReportsThem() throws IOException {
		Dataset d = Readers.read(ReferenceData.file("sem-tiff/olympus_SIS.tif"));
		assertEquals(2, d.signals().size());
		assertArrayEquals(new int[] { 101, 112, 3 }, d.signals().get(0).shape());
		assertEquals("rgb8", d.signals().get(0).dtype);
		assertArrayEquals(new int[] { 101, 112 }, d.signals().get(1).shape());
		assertEquals("uint16", d.signals().get(1).dtype);
	}

	/** ImageLength of every real TIFF inflated (60000 rows): the pixels cannot be in the file. */
	@Test
	void inflatedHeightOfRealFilesIsRefused() throws IOException {
		for (Path f : realTiffs()) {
			byte[] all = Files.readAllBytes(f);
			ByteBuffer bb = ByteBuffer.wrap(all).order(all[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
			int ifd = bb.getInt(4);
			int n = bb.getShort(ifd) & 0xffff;
			for (int i = 0; i < n; i++) {
				int at = ifd + 2 + 12 * i;
				if ((bb.getShort(at) & 0xffff) != 257) continue;
				if (bb.getShort(at + 2) == 3) bb.putShort(at + 8, (short) 60000);
				else bb.putInt(at + 8, 60000);
			}
			Path p = tmp.resolve("tall_" + f.getFileName());
			Files.write(p, all);
			assertRejected(p);
		}
	}

	@Test
	void flippedBytesNeverCrashOrHang() throws IOException {
		Random rnd = new Random(5);
		for (Path f : realTiffs()) {
			byte[] all = Files.readAllBytes(f);
			int ifd = ByteBuffer.wrap(all).order(all[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).getInt(4);
			for (int k = 0; k < 5; k++) {
				byte[] b = all.clone();
				for (int j = 0; j < 6; j++) {
					int i = Math.min(b.length - 1, Math.max(8, ifd + rnd.nextInt(200)));
					b[i] = (byte) rnd.nextInt(256);
				}
				Path p = tmp.resolve("flip" + k + "_" + f.getFileName());
				Files.write(p, b);
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
