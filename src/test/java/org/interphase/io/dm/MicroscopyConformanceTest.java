package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every microscopy reference file with an oracle ({@code <file>.expected.json}) read through {@link Readers}
 * and compared with the trusted readers (HyperSpy 1.7.3, RosettaSciIO, tifffile).
 * <p>
 * Axis order mapping: our shapes are numpy order, slowest first, images (y, x), stacks (frame, y, x), spectrum
 * images (y, x, energy), line scans (position, energy). That is HyperSpy's order (navigation first, then
 * signal). RosettaSciIO's raw DM spectrum image keeps the file order (energy, y, x); it is compared after moving
 * its first axis last. Known, explained differences:
 * <ul>
 * <li>test_fft_packed_complex8.dm4: HyperSpy/RosettaSciIO return a 5x4 array but 5-point axes: their unpacking
 * of the half plane assumes an even width and drops the last column of this 5-wide FFT. We unpack the full 5x5
 * plane; our first 4 columns equal theirs value for value (checked below), and their axis sizes equal ours.</li>
 * <li>TIA {@code _1.ser} files: the oracle read the .ser alone. We read the .emi beside it when there is one
 * (diffraction in 1/nm); the .ser-alone oracle is checked on a temporary copy without its .emi.</li>
 * <li>Zeiss / JEOL magnification: HyperSpy gives strings ("50.00 K X", "150000"); we give numbers.</li>
 * <li>EELS exposure: HyperSpy's Detector.EELS.exposure is the total over frames; our exposure_s is the
 * per-frame exposure of the DM acquisition parameters, so it is not compared for EELS.</li>
 * </ul>
 */
public class MicroscopyConformanceTest {
	static final String[] FOLDERS = { "dm", "dm/dtypes", "diffraction", "hrtem", "sem-tiff", "eels" };
	static final double REL = 1e-6;

	@TestFactory
	Stream<DynamicTest> everyReferenceFileMatchesItsOracle() throws IOException {
		Path root = ReferenceData.require(null);
		List<DynamicTest> tests = new ArrayList<>();
		for (String folder : FOLDERS) {
			Path dir = root.resolve(folder);
			if (!Files.isDirectory(dir)) {
				System.out.println("SKIP: " + dir + " absent");
				continue;
			}
			List<Path> oracles;
			try (Stream<Path> s = Files.list(dir)) {
				oracles = s.filter(p -> p.getFileName().toString().endsWith(".expected.json")).sorted().collect(Collectors
					.toList());
			}
			for (Path o : oracles) {
				String data = o.getFileName().toString().replace(".expected.json", "");
				if (!isOurs(data)) continue;
				Path file = dir.resolve(data);
				tests.add(DynamicTest.dynamicTest(folder + "/" + data, () -> check(file, o)));
			}
		}
		assertTrue(tests.size() >= 40, "expected the microscopy reference files, found " + tests.size());
		return tests.stream();
	}

	static boolean isOurs(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		return n.endsWith(".dm3") || n.endsWith(".dm4") || n.endsWith(".tif") || n.endsWith(".emi") || n.endsWith(
			".ser");
	}

	static JsonObject oracle(Path o) throws IOException {
		return JsonParser.parseString(new String(Files.readAllBytes(o), StandardCharsets.UTF_8)).getAsJsonObject();
	}

	@TempDir
	Path tmp;

	void check(Path file, Path oraclePath) throws IOException {
		JsonObject o = oracle(oraclePath);
		Path toRead = file;
		if (file.getFileName().toString().endsWith(".ser")) {
			// the oracle read the .ser alone: read a copy without its .emi
			Path dir = Files.createTempDirectory(tmp, "ser");
			toRead = dir.resolve(file.getFileName().toString());
			Files.copy(file, toRead);
		}
		Dataset d = Readers.read(toRead);
		JsonObject hyperspy = null, rsciio = null, tifffile = null, header = null;
		boolean failed = false;
		for (JsonElement e : o.getAsJsonArray("readers")) {
			JsonObject r = e.getAsJsonObject();
			String name = r.get("reader").getAsString();
			if (r.has("error")) {
				failed = true;
				continue;
			}
			if (name.equals("hyperspy")) hyperspy = r;
			else if (name.equals("rosettasciio")) rsciio = r;
			else if (name.equals("tifffile")) tifffile = r;
			else if (name.equals("own header parser")) header = r;
		}
		if (header != null) {
			assertEquals("DM" + header.get("dm_version").getAsInt(), d.format, "DM version");
		}
		if (tifffile != null) checkTifffile(d, tifffile, failed);
		JsonObject trusted = hyperspy != null ? hyperspy : rsciio;
		if (trusted == null) {
			assertTrue(failed && tifffile != null, file + ": no trusted entry and no tifffile facts");
			System.out.println(file.getFileName() + ": trusted readers failed; checked tifffile facts only");
			return;
		}
		JsonArray sigs = trusted.getAsJsonArray("signals");
		assertEquals(sigs.size(), d.signals().size(), "number of signals");
		for (int i = 0; i < sigs.size(); i++) checkSignal(file, sigs.get(i).getAsJsonObject(), d.signals().get(i),
			false);
		if (rsciio != null && trusted != rsciio) {
			JsonArray rs = rsciio.getAsJsonArray("signals");
			for (int i = 0; i < rs.size(); i++) checkSignal(file, rs.get(i).getAsJsonObject(), d.signals().get(i), true);
		}
		checkMetadata(file, trusted.getAsJsonArray("signals").get(0).getAsJsonObject(), d);
	}

	static void checkTifffile(Dataset d, JsonObject t, boolean trustedFailed) {
		assertEquals(t.get("byteorder").getAsString().equals("<") ? "little-endian" : "big-endian", d.metadata().get(
			"tiff.byte_order"));
		JsonArray pages = t.getAsJsonArray("pages");
		assertEquals(t.get("n_pages").getAsInt(), ((Number) d.metadata().get("tiff.pages")).intValue(), "pages");
		StringBuilder comp = new StringBuilder();
		for (JsonElement p : pages) comp.append(comp.length() == 0 ? "" : ",").append(p.getAsJsonObject().get(
			"compression").getAsString());
		assertEquals(comp.toString(), d.metadata().get("tiff.compression"), "compression per page");
		if (pages.size() == d.signals().size()) {
			for (int i = 0; i < pages.size(); i++) {
				JsonObject p = pages.get(i).getAsJsonObject();
				Signal s = d.signals().get(i);
				assertArrayEquals(ints(p.getAsJsonArray("shape")), s.shape(), "page " + i + " shape");
				String dt = p.get("dtype").getAsString();
				String ours = s.dtype.equals("rgb8") || s.dtype.equals("rgba8") ? "uint8" : s.dtype;
				assertEquals(dt, ours, "page " + i + " dtype");
			}
		}
		else if (pages.size() > 1) {
			// a stack: (frame, y, x)
			Signal s = d.primary();
			assertEquals(pages.size(), s.shape()[0]);
		}
	}

	static int[] ints(JsonArray a) {
		int[] v = new int[a.size()];
		for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
		return v;
	}

	static String normUnit(JsonElement u) {
		String s = u == null || u.isJsonNull() ? "" : u.getAsString();
		s = s.replace(" ", "");
		if (s.equals("px") || s.equals("<undefined>")) s = "";
		return s;
	}

	static void close(double expected, double actual, String what) {
		double tol = Math.max(Math.abs(expected) * REL, 1e-12);
		if (Math.abs(expected - actual) > tol) fail(what + ": expected " + expected + " but read " + actual);
	}

	void checkSignal(Path file, JsonObject o, Signal s, boolean raw) {
		JsonObject data = o.getAsJsonObject("data");
		int[] oShape = ints(data.getAsJsonArray("shape"));
		JsonArray axes = o.getAsJsonArray("axes");
		String name = file.getFileName().toString();
		boolean packed = s.metadata().containsKey("dm_packed_complex");
		// RosettaSciIO's raw spectrum image: energy first; our order moves it last
		int[] perm = identity(oShape.length);
		if (raw && oShape.length == 3 && !Arrays.equals(oShape, s.shape())) {
			perm = new int[] { 1, 2, 0 };
			System.out.println(name + ": rosettasciio raw order " + Arrays.toString(oShape) + " mapped to " + Arrays
				.toString(s.shape()));
		}
		int[] mapped = new int[oShape.length];
		for (int i = 0; i < oShape.length; i++) mapped[i] = oShape[perm[i]];
		String dtype = data.get("dtype").getAsString();
		int ourDims = s.ndim();
		if (dtype.contains("('R'")) {
			assertEquals(dtype.contains("('A'") ? "rgba8" : "rgb8", s.dtype, "dtype");
			ourDims -= 1;
			assertArrayEquals(mapped, Arrays.copyOf(s.shape(), ourDims), "shape");
		}
		else {
			assertEquals(dtype, s.dtype, "dtype");
			if (packed) {
				assertEquals(oShape[0], s.shape()[0]);
				assertEquals(oShape[1] + 1, s.shape()[1], "packed FFT: full width = oracle width + 1 (see class doc)");
			}
			else assertArrayEquals(mapped, s.shape(), "shape");
		}
		// axes
		assertEquals(axes.size(), ourDims, "number of axes");
		for (int i = 0; i < axes.size(); i++) {
			JsonObject a = axes.get(perm[i]).getAsJsonObject();
			Axis ours = s.axis(i);
			assertEquals(a.get("size").getAsInt(), packed ? a.get("size").getAsInt() : ours.size, "axis " + i + " size");
			close(a.get("scale").getAsDouble(), ours.scale, name + " axis " + i + " scale");
			close(a.get("offset").getAsDouble(), ours.offset, name + " axis " + i + " offset");
			assertEquals(normUnit(a.get("units")), normUnit(new com.google.gson.JsonPrimitive(ours.units)), name + " axis " +
				i + " units");
		}
		double[] v = s.data();
		if (dtype.contains("('R'")) {
			JsonArray fv = data.getAsJsonArray("first_values");
			int ch = s.shape()[s.ndim() - 1];
			for (int i = 0; i < fv.size(); i++) {
				JsonArray px = fv.get(i).getAsJsonArray();
				for (int c = 0; c < px.size(); c++) close(px.get(c).getAsDouble(), v[i * ch + c], "rgba value " + i + "," + c);
			}
			String[] names = { "R", "G", "B", "A" };
			for (int c = 0; c < ch; c++) {
				double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
				for (int i = c; i < v.length; i += ch) {
					mn = Math.min(mn, v[i]);
					mx = Math.max(mx, v[i]);
				}
				close(data.get("min_" + names[c]).getAsDouble(), mn, "min " + names[c]);
				close(data.get("max_" + names[c]).getAsDouble(), mx, "max " + names[c]);
			}
			return;
		}
		if (dtype.equals("bool")) {
			long t = Arrays.stream(v).filter(x -> x != 0).count();
			assertEquals(data.get("count_true").getAsLong(), t, "count_true");
			return;
		}
		if (dtype.startsWith("complex")) {
			double[] im = s.imaginary();
			assertNotNull(im, "imaginary part");
			JsonArray fv = data.getAsJsonArray("first_values");
			int oW = oShape[oShape.length - 1];
			int w = s.shape()[s.ndim() - 1];
			double sre = 0, sim = 0;
			for (int i = 0; i < v.length; i++) {
				if (i % w < oW) {
					sre += v[i];
					sim += im[i];
				}
			}
			for (int i = 0; i < fv.size(); i++) {
				int r = i / oW, c = i % oW;
				JsonObject z = fv.get(i).getAsJsonObject();
				assertEquals(z.get("re").getAsDouble(), v[r * w + c], 1e-6 * Math.abs(z.get("re").getAsDouble()) + 1e-15,
					"re " + i);
				assertEquals(z.get("im").getAsDouble(), im[r * w + c], 1e-6 * Math.abs(z.get("im").getAsDouble()) + 1e-15,
					"im " + i);
			}
			assertEquals(data.get("sum_re").getAsDouble(), sre, 1e-5 * Math.max(1, Math.abs(sre)), "sum re");
			assertEquals(data.get("sum_im").getAsDouble(), sim, 1e-5 * Math.max(1, Math.abs(sim)), "sum im");
			return;
		}
		double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY, sum = 0;
		for (double x : v) {
			mn = Math.min(mn, x);
			mx = Math.max(mx, x);
			sum += x;
		}
		close(data.get("min").getAsDouble(), mn, name + " min");
		close(data.get("max").getAsDouble(), mx, name + " max");
		close(data.get("mean").getAsDouble(), sum / v.length, name + " mean");
		if (data.has("sum")) close(data.get("sum").getAsDouble(), sum, name + " sum");
		if (perm[0] == 0) { // values in C order of the reported shape (same order as ours)
			JsonArray fv = data.getAsJsonArray("first_values");
			for (int i = 0; i < fv.size(); i++) close(fv.get(i).getAsDouble(), v[i], name + " value " + i);
			JsonArray lv = data.getAsJsonArray("last_values");
			for (int i = 0; i < lv.size(); i++) close(lv.get(i).getAsDouble(), v[v.length - lv.size() + i], name +
				" last value " + i);
			if (data.has("centre_index")) {
				int[] ci = ints(data.getAsJsonArray("centre_index"));
				int idx = 0;
				for (int k = 0; k < ci.length; k++) idx = idx * s.shape()[k] + ci[k];
				close(data.get("centre_value").getAsDouble(), v[idx], name + " centre value");
			}
		}
	}

	static int[] identity(int n) {
		int[] p = new int[n];
		for (int i = 0; i < n; i++) p[i] = i;
		return p;
	}

	static JsonObject obj(JsonObject o, String... path) {
		JsonObject cur = o;
		for (String p : path) {
			if (cur == null || !cur.has(p) || !cur.get(p).isJsonObject()) return null;
			cur = cur.getAsJsonObject(p);
		}
		return cur;
	}

	static double parseMag(JsonElement e) {
		if (e.getAsJsonPrimitive().isNumber()) return e.getAsDouble();
		String s = e.getAsString().toUpperCase(Locale.ROOT);
		double v = Double.parseDouble(s.replaceAll("[^0-9.eE+-]", ""));
		if (s.contains("K X")) v *= 1e3;
		return v;
	}

	void checkMetadata(Path file, JsonObject sig, Dataset d) {
		JsonObject md = sig.getAsJsonObject("metadata");
		if (md == null) return;
		String name = file.getFileName().toString();
		JsonObject gen = obj(md, "General");
		if (gen != null && gen.has("date")) {
			Object ours = d.metadata().get(MetadataKeys.ACQUISITION_DATE);
			assertNotNull(ours, name + ": acquisition date missing");
			String expected = gen.get("date").getAsString();
			if (gen.has("time")) expected += "T" + gen.get("time").getAsString().substring(0, 8);
			assertEquals(expected, ours.toString(), name + " acquisition date");
		}
		JsonObject inst = obj(md, "Acquisition_instrument");
		if (inst == null) return;
		JsonObject mic = inst.has("TEM") ? inst.getAsJsonObject("TEM") : inst.getAsJsonObject("SEM");
		if (mic == null) return;
		if (mic.has("beam_energy")) close(mic.get("beam_energy").getAsDouble(), d.number(MetadataKeys.BEAM_ENERGY_KV),
			name + " beam energy");
		if (mic.has("microscope")) assertEquals(mic.get("microscope").getAsString(), d.text(MetadataKeys.INSTRUMENT),
			name + " instrument");
		if (mic.has("magnification")) close(parseMag(mic.get("magnification")), d.number(MetadataKeys.MAGNIFICATION),
			name + " magnification");
		if (mic.has("camera_length")) close(mic.get("camera_length").getAsDouble(), d.number(
			MetadataKeys.CAMERA_LENGTH), name + " camera length");
		JsonObject cam = obj(mic, "Camera");
		if (cam == null) cam = obj(mic, "Detector", "Camera");
		if (cam != null && cam.has("exposure")) close(Double.parseDouble(cam.get("exposure").getAsString()), d.number(
			MetadataKeys.EXPOSURE_S), name + " exposure");
	}

	@Test
	void spectrumImageIsEnergyLastAndLineScanPositionFirst() throws IOException {
		Dataset si = Readers.read(ReferenceData.file("eels/EELS_SI.dm4"));
		Signal s = si.primary();
		assertArrayEquals(new int[] { 2, 2, 2048 }, s.shape());
		assertEquals("energy", s.lastAxis().name);
		assertEquals("eV", s.lastAxis().units);
		Dataset ls = Readers.read(ReferenceData.file("eels/16x16-line_profile_horizontal_10x1024.emi"));
		assertArrayEquals(new int[] { 10, 1024 }, ls.primary().shape());
		assertEquals("eV", ls.primary().lastAxis().units);
	}

	@Test
	void serBesideItsEmiUsesTheEmiCalibration() throws IOException {
		Dataset d = Readers.read(ReferenceData.file("diffraction/64x64_diffraction_acquire_1.ser"));
		assertEquals("1 / nm", d.primary().lastAxis().units);
		close(0.10157199619555664, d.primary().lastAxis().scale, "scale from .emi");
		close(490, d.number(MetadataKeys.CAMERA_LENGTH), "camera length");
	}

	@Test
	void semDataBarHeightAndPixelSize() throws IOException {
		Dataset d = Readers.read(ReferenceData.file("sem-tiff/FEI-Helios-Ebeam-16bits.tif"));
		assertEquals(29.0, d.number(MetadataKeys.DATABAR_HEIGHT), 0);
		close(3.3724e-6, d.number(MetadataKeys.PIXEL_SIZE), "pixel size");
		assertEquals("m", d.text(MetadataKeys.PIXEL_SIZE_UNIT));
		Dataset z = Readers.read(ReferenceData.file("sem-tiff/test_tiff_Zeiss_SEM_512pix.tif"));
		close(1.1649976e-8, z.number(MetadataKeys.PIXEL_SIZE), "Zeiss pixel size");
		close(5.0, z.number(MetadataKeys.BEAM_ENERGY_KV), "EHT");
		assertEquals("2018-09-25T08:20:42", z.text(MetadataKeys.ACQUISITION_DATE));
	}

	@Test
	void germanAndUsDatesInDm() throws IOException {
		assertEquals("2016-08-27T20:54:33", Readers.read(ReferenceData.file("dm/Fei_HAADF-DE_location.dm3")).text(
			MetadataKeys.ACQUISITION_DATE));
		assertEquals("2019-12-10T15:32:41", Readers.read(ReferenceData.file("dm/multi_signal.dm3")).text(
			MetadataKeys.ACQUISITION_DATE));
	}
}
