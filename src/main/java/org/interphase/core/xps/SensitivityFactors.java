package org.interphase.core.xps;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * Relative sensitivity factors for atomic ratios between elements: a documented, user-editable JSON table
 * ({@code rsf.json}: Scofield cross-sections at Al K-alpha relative to C 1s, no transmission or IMFP
 * correction). Atomic ratio A/B = (area_A / RSF_A) / (area_B / RSF_B).
 */
public final class SensitivityFactors {
	private static final class Json {
		String notes;
		Map<String, Double> rsf;
	}

	private final Map<String, Double> rsf;

	private SensitivityFactors(Map<String, Double> rsf) {
		this.rsf = new LinkedHashMap<>(rsf);
	}

	public static SensitivityFactors builtIn() {
		try (InputStream in = SensitivityFactors.class.getResourceAsStream("rsf.json")) {
			return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in RSF table");
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public static SensitivityFactors load(Path file) throws IOException {
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return parse(r, file.toString());
		}
	}

	static SensitivityFactors parse(Reader r, String what) {
		try {
			Json j = new Gson().fromJson(r, Json.class);
			if (j == null || j.rsf == null || j.rsf.isEmpty()) throw new IllegalArgumentException(what + ": no 'rsf' table");
			Map<String, Double> m = new LinkedHashMap<>();
			for (Map.Entry<String, Double> e : j.rsf.entrySet()) {
				if (e.getValue() == null || !(e.getValue() > 0))
					throw new IllegalArgumentException(what + ": RSF of " + e.getKey() + " must be positive");
				m.put(key(e.getKey()), e.getValue());
			}
			return new SensitivityFactors(m);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException(what + ": not a valid RSF table: " + e.getMessage());
		}
	}

	static String key(String region) {
		return region.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	/** The RSF of a region ("Ti 2p", "o1s"), or NaN when the table does not have it. */
	public double of(String region) {
		Double v = rsf.get(key(region));
		return v == null ? Double.NaN : v;
	}

	/** Atomic ratio A/B and its standard deviation from the areas' standard deviations. */
	public double[] ratio(String a, double areaA, double sdA, String b, double areaB, double sdB) {
		double ra = of(a), rb = of(b);
		if (Double.isNaN(ra)) throw new IllegalArgumentException("no sensitivity factor for " + a);
		if (Double.isNaN(rb)) throw new IllegalArgumentException("no sensitivity factor for " + b);
		double v = (areaA / ra) / (areaB / rb);
		double rel = Math.hypot(sdA / areaA, sdB / areaB);
		return new double[] {v, Math.abs(v) * rel};
	}
}
