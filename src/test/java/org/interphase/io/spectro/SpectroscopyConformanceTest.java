package org.interphase.io.spectro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference file of emsa/, xps/ and raman/ against its {@code .expected.json} oracle.
 * <p>
 * Trusted oracles (HyperSpy, RosettaSciIO): shape (numpy order; HyperSpy/RosettaSciIO list navigation axes first
 * and the spectral axis last, which is our convention too, so no reordering), dtype, axes (scale/offset/units for
 * uniform axes, first/last values for non-uniform ones), min/max/mean/sum, first/last/centre values and key
 * metadata (beam energy, date, laser wavelength, integration time).
 * <p>
 * Untrusted oracles (own parsers of the reference-data authors, for VAMAS, PHI .spe, SPECS .xy/.xml): the same
 * numbers are compared, and in addition checked against evidence that does not come from any parser: the
 * per-variable minima/maxima that the VAMAS file itself declares, and the cross-checks in
 * {@link SpectroscopyCrossCheckTest} (same acquisition in two formats, peak positions of known core levels).
 */
class SpectroscopyConformanceTest {
	static final double REL = 1e-9;

	@TestFactory
	Stream<DynamicTest> referenceFiles() throws IOException {
		List<DynamicTest> tests = new ArrayList<>();
		for (String folder : new String[] { "emsa", "xps", "raman" }) {
			Path dir = ReferenceData.folder(folder);
			if (dir == null) {
				System.out.println(ReferenceData.absentReason(folder));
				tests.add(DynamicTest.dynamicTest(folder + " (absent)", () -> Assumptions.assumeTrue(false,
					ReferenceData.absentReason(folder))));
				continue;
			}
			try (Stream<Path> files = Files.list(dir)) {
				for (Path f : files.sorted().collect(Collectors.toList())) {
					String n = f.getFileName().toString();
					if (n.endsWith(".json") || n.endsWith(".md")) continue;
					Path oracle = f.resolveSibling(n + ".expected.json");
					tests.add(DynamicTest.dynamicTest(folder + "/" + n, () -> check(f, oracle)));
				}
			}
		}
		return tests.stream();
	}

	static void check(Path file, Path oracleFile) throws IOException {
		Dataset d = Readers.read(file);
		assertFalse(d.signals().isEmpty(), file + ": no signals");
		assertTrue(Files.exists(oracleFile), "oracle missing: " + oracleFile);
		JsonObject oracle = JsonParser.parseString(new String(Files.readAllBytes(oracleFile), StandardCharsets.UTF_8))
			.getAsJsonObject();
		assertEquals(oracle.get("bytes").getAsLong(), Files.size(file), "file differs from the oracle's");
		boolean checked = false;
		for (JsonElement re : oracle.getAsJsonArray("readers")) {
			JsonObject r = re.getAsJsonObject();
			String reader = r.get("reader").getAsString();
			if (r.has("error")) continue; // a failed trusted reader: nothing to compare (HyperSpy on Raman)
			if (r.has("trusted_reader") && r.get("trusted_reader").getAsBoolean() && r.has("signals")) {
				JsonArray sigs = r.getAsJsonArray("signals");
				for (int i = 0; i < sigs.size(); i++) trustedSignal(file, reader, sigs.get(i).getAsJsonObject(), d, i);
				checked = true;
			}
			else if (reader.startsWith("own VAMAS")) {
				vamas(file, r, d);
				checked = true;
			}
			else if (reader.startsWith("own PHI")) {
				phi(file, r, d);
				checked = true;
			}
			else if (reader.startsWith("own SPECS .xy")) {
				specsXy(file, r, d);
				checked = true;
			}
			else if (reader.startsWith("own SPECS SpecsLab2")) {
				specsXml(file, r, d);
				checked = true;
			}
		}
		assertTrue(checked, file + ": no oracle entry was compared");
	}

	// ---------------------------------------------------------------- trusted oracles

	static void trustedSignal(Path file, String reader, JsonObject o, Dataset d, int index) {
		String where = file.getFileName() + " [" + reader + " signal " + index + "]";
		assertTrue(index < d.signals().size(), where + ": we return only " + d.signals().size() + " signals");
		Signal s = d.signals().get(index);
		JsonObject data = o.getAsJsonObject("data");
		int[] shape = ints(data.getAsJsonArray("shape"));
		boolean rgb = data.has("fields");
		JsonElement dtype = data.get("dtype");
		if (!rgb) {
			assertArrayEquals(shape, s.shape(), where + ": shape");
			assertEquals(dtype.getAsString(), s.dtype, where + ": dtype");
			double[] v = s.data();
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
			for (double x : v) {
				min = Math.min(min, x);
				max = Math.max(max, x);
				sum += x;
			}
			close(data.get("min").getAsDouble(), min, REL, where + ": min");
			close(data.get("max").getAsDouble(), max, REL, where + ": max");
			close(data.get("sum").getAsDouble(), sum, 1e-9, where + ": sum");
			close(data.get("mean").getAsDouble(), sum / v.length, 1e-9, where + ": mean");
			double[] first = doubles(data.getAsJsonArray("first_values"));
			for (int i = 0; i < first.length; i++) close(first[i], v[i], REL, where + ": first value " + i);
			double[] last = doubles(data.getAsJsonArray("last_values"));
			for (int i = 0; i < last.length; i++) close(last[i], v[v.length - last.length + i], REL, where +
				": last value " + i);
			if (data.has("centre_index")) {
				int[] ci = ints(data.getAsJsonArray("centre_index"));
				int flat = 0;
				for (int k = 0; k < ci.length; k++) flat = flat * shape[k] + ci[k];
				close(data.get("centre_value").getAsDouble(), v[flat], REL, where + ": centre value");
			}
		}
		else {
			// RGB white-light image: the oracle has a structured (R,G,B) dtype of shape (y, x); we return (y, x, 3)
			assertEquals(shape.length + 1, s.ndim(), where + ": RGB image dims");
			for (int k = 0; k < shape.length; k++) assertEquals(shape[k], s.size(k), where + ": RGB image shape");
			assertEquals(3, s.size(shape.length), where + ": RGB channels");
			JsonArray first = data.getAsJsonArray("first_values");
			for (int i = 0; i < first.size(); i++) {
				double[] px = doubles(first.get(i).getAsJsonArray());
				for (int c = 0; c < 3; c++) assertEquals(px[c], s.data()[3 * i + c], 0, where + ": pixel " + i);
			}
			String[] ch = { "R", "G", "B" };
			for (int c = 0; c < 3; c++) {
				double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
				for (int i = c; i < s.data().length; i += 3) {
					min = Math.min(min, s.data()[i]);
					max = Math.max(max, s.data()[i]);
				}
				assertEquals(data.get("min_" + ch[c]).getAsDouble(), min, 0, where + ": min " + ch[c]);
				assertEquals(data.get("max_" + ch[c]).getAsDouble(), max, 0, where + ": max " + ch[c]);
			}
		}
		JsonArray axes = o.getAsJsonArray("axes");
		for (int k = 0; k < axes.size(); k++) {
			JsonObject a = axes.get(k).getAsJsonObject();
			Axis ax = s.axis(k);
			String aw = where + ": axis " + k + " (" + ax.name + ")";
			assertEquals(a.get("size").getAsInt(), ax.size, aw + " size");
			if (rgb) {
				// RosettaSciIO writes the EXIF calibration as fraction strings ("5417/4800") and decimal strings
				assertEquals(a.get("units").getAsString(), ax.units, aw + " units");
				close(fraction(a.get("scale").getAsString()), ax.scale, 1e-12, aw + " scale");
				close(fraction(a.get("offset").getAsString()), ax.offset, 1e-12, aw + " offset");
				continue;
			}
			assertEquals(units(a.get("units").getAsString()), units(ax.units), aw + " units");
			String name = a.get("name").getAsString();
			if (!name.isEmpty()) assertEquals(name, ax.name, aw + " name");
			if (a.has("non_uniform") && a.get("non_uniform").getAsBoolean()) {
				double[] fv = doubles(a.getAsJsonArray("first_values")), lv = doubles(a.getAsJsonArray("last_values"));
				for (int i = 0; i < fv.length; i++) close(fv[i], ax.value(i), 1e-12, aw + " value " + i);
				for (int i = 0; i < lv.length; i++) close(lv[i], ax.value(ax.size - lv.length + i), 1e-12, aw + " value " +
					(ax.size - lv.length + i));
			}
			else {
				close(a.get("scale").getAsDouble(), ax.scale, 1e-9, aw + " scale");
				close(a.get("offset").getAsDouble(), ax.offset, 1e-9, aw + " offset");
			}
		}
		if (!rgb) trustedMetadata(where, o.getAsJsonObject("metadata"), s);
	}

	/** Key metadata: both HyperSpy's nested and RosettaSciIO's dotted forms are in the oracles. */
	static void trustedMetadata(String where, JsonObject md, Signal s) {
		if (md == null) return;
		JsonElement beam = path(md, "Acquisition_instrument", "TEM", "beam_energy");
		if (beam == null || !beam.isJsonPrimitive()) beam = md.get("Acquisition_instrument.TEM.beam_energy");
		if (beam != null && beam.isJsonPrimitive()) close(beam.getAsDouble(), num(s, MetadataKeys.BEAM_ENERGY_KV),
			1e-12, where + ": beam_energy_kV");
		JsonElement date = path(md, "General", "date");
		if (date == null || !date.isJsonPrimitive()) date = md.get("General.date");
		if (date != null && date.isJsonPrimitive()) {
			String ours = String.valueOf(s.metadata().get(MetadataKeys.ACQUISITION_DATE));
			String theirs = date.getAsString();
			if (theirs.matches("\\d{2}\\.\\d{2}\\.\\d{4}")) theirs = theirs.substring(6) + "-" + theirs.substring(3, 5) +
				"-" + theirs.substring(0, 2); // LabSpec's dd.mm.yyyy as RosettaSciIO passes it on
			assertTrue(ours.startsWith(theirs), where + ": acquisition_date " + ours + " vs " + theirs);
		}
		JsonElement laser = path(md, "Acquisition_instrument", "Laser", "wavelength");
		if (laser != null && laser.isJsonPrimitive()) close(laser.getAsDouble(), num(s, MetadataKeys.LASER_WAVELENGTH_NM),
			1e-5, where + ": laser_wavelength_nm (we use the WDF1 header's float32 wavenumber)");
		JsonElement it = path(md, "Acquisition_instrument", "Detector", "integration_time");
		if (it != null && it.isJsonPrimitive()) close(it.getAsDouble(), num(s, MetadataKeys.EXPOSURE_S), 1e-9, where +
			": exposure_s");
	}

	// ---------------------------------------------------------------- untrusted oracles

	static void vamas(Path file, JsonObject r, Dataset d) {
		JsonObject h = r.getAsJsonObject("header");
		assertEquals(h.get("experiment_mode").getAsString(), d.text("experiment_mode"));
		assertEquals(h.get("scan_mode").getAsString(), d.text("scan_mode"));
		assertEquals(h.get("leading_blank_lines").getAsInt(), ((Number) d.metadata().get("leading_blank_lines"))
			.intValue());
		assertEquals(h.get("n_blocks").getAsInt(), ((Number) d.metadata().get("n_blocks")).intValue());
		List<Signal> main = new ArrayList<>();
		for (Signal s : d.signals()) if (!s.metadata().containsKey("variable")) main.add(s);
		JsonArray blocks = r.getAsJsonArray("blocks");
		assertEquals(blocks.size(), main.size(), file + ": one main signal per block");
		int sigIndex = 0;
		for (int b = 0; b < blocks.size(); b++) {
			JsonObject o = blocks.get(b).getAsJsonObject();
			String where = file.getFileName() + " block " + (b + 1);
			Signal s = d.signals().get(sigIndex);
			JsonArray vars = o.getAsJsonArray("corresponding_variables");
			boolean irregular = !o.has("abscissa_start");
			int nData = vars.size() - (irregular ? 1 : 0);
			int n = o.get("n_points").getAsInt();
			assertArrayEquals(new int[] { n }, s.shape(), where + ": points");
			String species = o.get("species_label").getAsString().replace("\u0000", "").trim();
			String transition = o.get("transition_label").getAsString().replace("\u0000", "").trim();
			assertEquals(species, s.metadata().get("species"), where);
			assertEquals(transition, s.metadata().get("transition"), where);
			String expectedName = !transition.isEmpty() ? species + " " + transition : !species.isEmpty() ? species : o
				.get("block_identifier").getAsString().trim();
			assertEquals(expectedName, s.name, where + ": signal name");
			double hv = o.get("analysis_source_characteristic_energy_eV").getAsDouble();
			close(hv, num(s, MetadataKeys.EXCITATION_ENERGY_EV), 0, where + ": source energy");
			close(o.get("n_scans").getAsDouble(), num(s, "scans"), 0, where + ": scans");
			close(o.get("signal_collection_time_s").getAsDouble(), num(s, "dwell_time_s"), 0, where + ": dwell");
			JsonArray sums = o.getAsJsonArray("sum_per_variable");
			JsonArray firstRows = o.getAsJsonArray("first_rows"), lastRows = o.getAsJsonArray("last_rows");
			JsonArray minMax = o.getAsJsonArray("corresponding_variable_min_max");
			Axis ax = s.lastAxis();
			assertEquals("Binding Energy", ax.name, where);
			assertEquals("eV", ax.units, where);
			if (irregular) {
				// abscissa = first variable (kinetic energy): BE = hv - KE, file order, non-uniform
				assertFalse(ax.isUniform(), where + ": irregular axis");
				double keSum = 0;
				for (int i = 0; i < n; i++) keSum += hv - ax.value(i);
				close(sums.get(0).getAsDouble(), keSum, 1e-9, where + ": abscissa sum");
				for (int i = 0; i < firstRows.size(); i++) close(firstRows.get(i).getAsJsonArray().get(0).getAsDouble(), hv -
					ax.value(i), 1e-9, where + ": KE row " + i);
			}
			else {
				String label = o.get("abscissa_label").getAsString().toLowerCase();
				double start = o.get("abscissa_start").getAsDouble(), inc = o.get("abscissa_increment").getAsDouble();
				double last = o.get("abscissa_last").getAsDouble();
				if (label.contains("binding")) {
					close(start, ax.value(0), 1e-12, where + ": BE start");
					close(last, ax.value(n - 1), 1e-9, where + ": BE last");
				}
				else {
					close(hv - start, ax.value(0), 1e-12, where + ": BE = hv - KE start");
					close(hv - last, ax.value(n - 1), 1e-9, where + ": BE = hv - KE last");
					close(-inc, ax.scale, 1e-12, where + ": BE step");
				}
			}
			for (int v = 0; v < nData; v++) {
				Signal sv = d.signals().get(sigIndex + v);
				int col = v + (irregular ? 1 : 0);
				double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
				for (double x : sv.data()) {
					sum += x;
					min = Math.min(min, x);
					max = Math.max(max, x);
				}
				close(sums.get(col).getAsDouble(), sum, 1e-9, where + ": sum of variable " + col);
				for (int i = 0; i < firstRows.size(); i++) close(firstRows.get(i).getAsJsonArray().get(col).getAsDouble(), sv
					.data()[i], 1e-12, where + ": first rows");
				for (int i = 0; i < lastRows.size(); i++) close(lastRows.get(i).getAsJsonArray().get(col).getAsDouble(), sv
					.data()[n - lastRows.size() + i], 1e-12, where + ": last rows");
				// independent evidence: the minimum and maximum that the file itself declares for each variable
				// (CasaXPS writes the placeholders 0 and 1 there, so those are not evidence)
				double[] mm = doubles(minMax.get(col).getAsJsonArray());
				if (!(mm[0] == 0 && mm[1] == 1)) {
					close(mm[0], min, 1e-12, where + ": declared minimum of variable " + col);
					close(mm[1], max, 1e-12, where + ": declared maximum of variable " + col);
				}
				if (v > 0) assertEquals(s.name + " " + vars.get(col).getAsJsonObject().get("label").getAsString(), sv.name);
			}
			sigIndex += nData;
		}
	}

	static void phi(Path file, JsonObject r, Dataset d) {
		assertEquals(r.get("header_bytes").getAsInt(), ((Number) d.metadata().get("header_bytes")).intValue());
		JsonObject h = r.getAsJsonObject("header");
		for (String k : h.keySet()) assertEquals(h.get(k).getAsString(), d.text(k), file.getFileName() + ": header " + k);
		JsonArray defs = r.getAsJsonArray("SpectralRegDef");
		assertEquals(defs.size(), d.signals().size());
		for (int i = 0; i < defs.size(); i++) {
			String[] f = defs.get(i).getAsString().trim().split("\\s+");
			Signal s = d.signals().get(i);
			assertEquals(Integer.parseInt(f[4]), s.size(0), "points of region " + (i + 1));
			close(Double.parseDouble(f[6]), s.lastAxis().offset, 0, "start");
			close(Double.parseDouble(f[5]), s.lastAxis().scale, 0, "step");
		}
	}

	static void specsXy(Path file, JsonObject r, Dataset d) {
		JsonArray regions = r.getAsJsonArray("regions");
		assertEquals(regions.size(), d.signals().size());
		int rows = 0;
		for (int i = 0; i < regions.size(); i++) {
			JsonObject o = regions.get(i).getAsJsonObject();
			Signal s = d.signals().get(i);
			String where = file.getFileName() + " region " + o.get("Region").getAsString();
			int n = o.get("n_points").getAsInt();
			rows += n;
			assertEquals(n, s.size(0), where);
			JsonArray first = o.getAsJsonArray("first_row");
			close(first.get(0).getAsDouble(), s.lastAxis().value(0), 0, where + ": first energy");
			close(first.get(1).getAsDouble(), s.data()[0], 0, where + ": first intensity");
			close(Double.parseDouble(o.get("Excitation Energy").getAsString()), num(s, MetadataKeys.EXCITATION_ENERGY_EV),
				0, where);
			close(Double.parseDouble(o.get("Dwell Time").getAsString()), num(s, "dwell_time_s"), 0, where);
			assertEquals(o.get("ColumnLabels").getAsString().contains("counts/s") ? "counts/s" : "counts", s.metadata().get(
				"counts_unit"), where);
		}
		assertEquals(r.get("n_data_rows").getAsInt(), rows);
	}

	static void specsXml(Path file, JsonObject r, Dataset d) {
		JsonArray names = r.getAsJsonArray("RegionData_names");
		assertEquals(names.size(), d.signals().size());
		for (int i = 0; i < names.size(); i++) {
			String raw = names.get(i).getAsString();
			Signal s = d.signals().get(i);
			assertEquals(raw.replaceAll("^([A-Z][a-z]?)(\\d[spdf])$", "$1 $2"), s.name);
		}
	}

	// ---------------------------------------------------------------- helpers

	static double fraction(String s) {
		int slash = s.indexOf('/');
		return slash < 0 ? Double.parseDouble(s) : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s
			.substring(slash + 1));
	}

	static String units(String u) {
		return u.replace("1/cm", "cm-1").replace("um", "µm");
	}

	static double num(Signal s, String key) {
		Object o = s.metadata().get(key);
		assertNotNull(o, s.name + ": metadata '" + key + "' missing");
		if (o instanceof Number) return ((Number) o).doubleValue();
		return Double.parseDouble(o.toString());
	}

	static JsonElement path(JsonObject o, String... keys) {
		JsonElement e = o;
		for (String k : keys) {
			if (e == null || !e.isJsonObject()) return null;
			e = e.getAsJsonObject().get(k);
		}
		return e;
	}

	static void close(double expected, double actual, double rel, String what) {
		double tol = rel * Math.max(1, Math.abs(expected));
		if (!(Math.abs(expected - actual) <= tol)) fail(what + ": expected " + expected + " but read " + actual);
	}

	static int[] ints(JsonArray a) {
		int[] r = new int[a.size()];
		for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsInt();
		return r;
	}

	static double[] doubles(JsonArray a) {
		double[] r = new double[a.size()];
		for (int i = 0; i < r.length; i++) r[i] = a.get(i).getAsDouble();
		return r;
	}
}
