package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InfoJson;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Issue 17 item 5: {@code info --json} of the DM files the readers used to miss, against their oracles
 * (HyperSpy 1.7.3 and RosettaSciIO agree on both): the packed complex FFT {@code test_fft_packed_complex8.dm4} and
 * the RGBA images {@code 2D_test-23.dm3/.dm4}. Mapping of representations: RGBA is our {@code rgba8} with a
 * trailing 4-channel axis where numpy has a structured (R, G, B, A) dtype; the packed FFT of a 5-wide image is our
 * full 5 x 5 plane where the trusted readers return 5 x 4 (their half-plane unpacking assumes an even width and
 * drops the last column; their own axes say 5 x 5) — the 4 columns they give are checked value for value, and the
 * signal says so in its metadata.
 */
class DmInfoJsonOracleTest {

	static JsonObject oracle(Path file, String reader) throws Exception {
		JsonObject o = JsonParser.parseString(Files.readString(file.resolveSibling(file.getFileName() +
			".expected.json"))).getAsJsonObject();
		for (var r : o.getAsJsonArray("readers")) if (r.getAsJsonObject().get("reader").getAsString().equals(reader))
			return r.getAsJsonObject().getAsJsonArray("signals").get(0).getAsJsonObject();
		throw new AssertionError("no " + reader + " in the oracle of " + file);
	}

	static void axesMatch(JsonArray ours, JsonArray theirs, String what) {
		for (int i = 0; i < theirs.size(); i++) {
			JsonObject a = ours.get(i).getAsJsonObject(), b = theirs.get(i).getAsJsonObject();
			assertEquals(b.get("name").getAsString(), a.get("name").getAsString(), what + " axis " + i + " name");
			assertEquals(b.get("size").getAsInt(), a.get("size").getAsInt(), what + " axis " + i + " size");
			assertEquals(b.get("scale").getAsDouble(), a.get("scale").getAsDouble(), 1e-9, what + " axis " + i);
			assertEquals(b.get("offset").getAsDouble(), a.get("offset").getAsDouble(), 1e-9, what + " axis " + i);
			assertEquals(b.get("units").getAsString(), a.get("units").getAsString(), what + " axis " + i + " units");
		}
	}

	@Test
	void packedComplexFft() throws Exception {
		Path f = ReferenceData.require("dm").resolve("test_fft_packed_complex8.dm4");
		Dataset d = Readers.read(f);
		JsonObject info = InfoJson.of(d, false);
		System.out.println(InfoJson.line(info));
		JsonObject s = info.getAsJsonArray("signals").get(0).getAsJsonObject();
		for (String reader : new String[] { "hyperspy", "rosettasciio" }) {
			JsonObject o = oracle(f, reader);
			assertEquals(o.get("title").getAsString(), s.get("name").getAsString());
			assertEquals("complex64", s.get("dtype").getAsString());
			JsonArray oShape = o.getAsJsonObject("data").getAsJsonArray("shape");
			JsonArray shape = s.getAsJsonArray("shape");
			assertEquals(oShape.get(0).getAsInt(), shape.get(0).getAsInt(), "rows");
			assertEquals(oShape.get(1).getAsInt() + 1, shape.get(1).getAsInt(), "full plane: one column more");
			axesMatch(s.getAsJsonArray("axes"), o.getAsJsonArray("axes"), reader);
			assertTrue(s.getAsJsonObject("metadata").get("dm_packed_complex").getAsString().contains("5x5"),
				"the signal says it is the full plane");
			// values: the oracle's columns are ours, value for value; their sums too
			Signal sig = d.primary();
			double[] re = sig.data(), im = sig.imaginary();
			int w = sig.shape()[1], ow = oShape.get(1).getAsInt();
			JsonObject data = o.getAsJsonObject("data");
			JsonArray fv = data.getAsJsonArray("first_values");
			for (int k = 0; k < fv.size(); k++) {
				int i = (k / ow) * w + k % ow;
				assertEquals(fv.get(k).getAsJsonObject().get("re").getAsDouble(), re[i], 1e-12, "re " + k);
				assertEquals(fv.get(k).getAsJsonObject().get("im").getAsDouble(), im[i], 1e-12, "im " + k);
			}
			double sr = 0, si = 0;
			for (int y = 0; y < shape.get(0).getAsInt(); y++) for (int x = 0; x < ow; x++) {
				sr += re[y * w + x];
				si += im[y * w + x];
			}
			assertEquals(data.get("sum_re").getAsDouble(), sr, 1e-5, "sum re");
			assertEquals(data.get("sum_im").getAsDouble(), si, 1e-5, "sum im");
		}
	}

	@Test
	void rgbaImages() throws Exception {
		for (String name : new String[] { "2D_test-23.dm3", "2D_test-23.dm4" }) {
			Path f = ReferenceData.require("dm/dtypes").resolve(name);
			Dataset d = Readers.read(f);
			JsonObject info = InfoJson.of(d, false);
			System.out.println(InfoJson.line(info));
			JsonObject s = info.getAsJsonArray("signals").get(0).getAsJsonObject();
			for (String reader : new String[] { "hyperspy", "rosettasciio" }) {
				JsonObject o = oracle(f, reader);
				JsonObject data = o.getAsJsonObject("data");
				assertTrue(data.get("dtype").getAsString().contains("('A', 'u1')"));
				assertEquals("rgba8", s.get("dtype").getAsString(), name);
				JsonArray oShape = data.getAsJsonArray("shape"), shape = s.getAsJsonArray("shape");
				assertEquals(oShape.size() + 1, shape.size(), name + ": a trailing channel axis");
				for (int i = 0; i < oShape.size(); i++) assertEquals(oShape.get(i).getAsInt(), shape.get(i).getAsInt());
				assertEquals(4, shape.get(oShape.size()).getAsInt());
				axesMatch(s.getAsJsonArray("axes"), o.getAsJsonArray("axes"), name + " " + reader);
				double[] v = d.primary().data();
				JsonArray fv = data.getAsJsonArray("first_values");
				for (int p = 0; p < fv.size(); p++) for (int c = 0; c < 4; c++) assertEquals(fv.get(p).getAsJsonArray().get(c)
					.getAsDouble(), v[4 * p + c], 0, name + " pixel " + p + " channel " + c);
			}
		}
	}
}
