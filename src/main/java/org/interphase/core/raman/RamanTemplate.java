package org.interphase.core.raman;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * An editable BN model template (JSON): per band its nominal position and width, the position window and width
 * limits, and whether it is fitted. Band keys are the component names {@code hbn, cbn, cbnlo, latp975, latp1008,
 * latp1097}; missing bands or fields keep their built-in values. Example:
 * <pre>
 * {"bands": {"hbn": {"position": 1368, "min_position": 1355, "max_position": 1385, "fwhm": 15, "min_fwhm": 8,
 *                    "max_fwhm": 50}, "latp1097": {"enabled": false}}}
 * </pre>
 */
public final class RamanTemplate {
	static final class BandJson {
		Double position, min_position, max_position, fwhm, min_fwhm, max_fwhm;
		Boolean enabled;
	}

	static final class Json {
		String description;
		Map<String, BandJson> bands;
	}

	private final Map<BnBands, BandWindow> windows;

	public RamanTemplate(Map<BnBands, BandWindow> windows) {
		this.windows = new EnumMap<>(BnBands.class);
		for (BnBands b : BnBands.values()) this.windows.put(b, windows.getOrDefault(b, BandWindow.of(b)));
	}

	public static RamanTemplate builtIn() {
		return new RamanTemplate(Map.of());
	}

	public Map<BnBands, BandWindow> windows() {
		return new EnumMap<>(windows);
	}

	public static RamanTemplate read(Path file) throws IOException {
		Json j;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			j = new Gson().fromJson(r, Json.class);
		}
		catch (JsonParseException e) {
			throw new IOException(file + ": not a Raman template (" + e.getMessage() + ")", e);
		}
		Map<BnBands, BandWindow> w = new EnumMap<>(BnBands.class);
		if (j != null && j.bands != null) for (Map.Entry<String, BandJson> e : j.bands.entrySet()) {
			BnBands b = null;
			for (BnBands c : BnBands.values()) if (c.id.equals(e.getKey().toLowerCase(Locale.ROOT))) b = c;
			if (b == null) throw new IOException(file + ": unknown band '" + e.getKey() +
				"' (known: hbn, cbn, cbnlo, latp975, latp1008, latp1097)");
			BandJson v = e.getValue();
			BandWindow d = BandWindow.of(b);
			try {
				w.put(b, new BandWindow(or(v.position, d.position), or(v.min_position, d.minPosition), or(v.max_position,
					d.maxPosition), or(v.fwhm, d.fwhm), or(v.min_fwhm, d.minFwhm), or(v.max_fwhm, d.maxFwhm), v.enabled == null ||
						v.enabled));
			}
			catch (IllegalArgumentException ex) {
				throw new IOException(file + ": band " + b.id + ": " + ex.getMessage(), ex);
			}
		}
		return new RamanTemplate(w);
	}

	public void write(Path file) throws IOException {
		Json j = new Json();
		j.description = "Interphase raman-bn band template: positions and widths in cm-1";
		j.bands = new LinkedHashMap<>();
		for (Map.Entry<BnBands, BandWindow> e : windows.entrySet()) {
			BandWindow w = e.getValue();
			BandJson b = new BandJson();
			b.position = w.position;
			b.min_position = w.minPosition;
			b.max_position = w.maxPosition;
			b.fwhm = w.fwhm;
			b.min_fwhm = w.minFwhm;
			b.max_fwhm = w.maxFwhm;
			b.enabled = w.enabled;
			j.bands.put(e.getKey().id, b);
		}
		Gson g = new GsonBuilder().setPrettyPrinting().create();
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			g.toJson(j, out);
		}
	}

	private static double or(Double v, double d) {
		return v == null ? d : v;
	}
}
