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

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
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
	/**
	 * The JSON names of {@link BandWindow}'s fields (position, min_position, ...): written and read from the fields
	 * themselves, so a field added to BandWindow is in the template without a change here.
	 */
	private static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
		.setPrettyPrinting().create();

	static final class Json {
		String description;
		Map<String, JsonObject> bands;
	}

	static final class JsonOut {
		String description;
		Map<String, BandWindow> bands;
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
			j = GSON.fromJson(r, Json.class);
		}
		catch (JsonParseException e) {
			throw new IOException(file + ": not a Raman template (" + e.getMessage() + ")", e);
		}
		Map<BnBands, BandWindow> w = new EnumMap<>(BnBands.class);
		if (j != null && j.bands != null) for (Map.Entry<String, JsonObject> e : j.bands.entrySet()) {
			BnBands b = null;
			for (BnBands c : BnBands.values()) if (c.id.equals(e.getKey().toLowerCase(Locale.ROOT))) b = c;
			if (b == null) throw new IOException(file + ": unknown band '" + e.getKey() +
				"' (known: hbn, cbn, cbnlo, latp975, latp1008, latp1097)");
			// the built-in window with the fields the file gives replaced
			JsonObject merged = GSON.toJsonTree(BandWindow.of(b)).getAsJsonObject();
			if (e.getValue() != null) for (Map.Entry<String, JsonElement> f : e.getValue().entrySet())
				if (!f.getValue().isJsonNull()) merged.add(f.getKey(), f.getValue()); // null: the built-in value
			try {
				// Gson fills the fields without the constructor; toBuilder().build() checks them
				w.put(b, GSON.fromJson(merged, BandWindow.class).toBuilder().build());
			}
			catch (IllegalArgumentException | JsonParseException ex) {
				throw new IOException(file + ": band " + b.id + ": " + ex.getMessage(), ex);
			}
		}
		return new RamanTemplate(w);
	}

	public void write(Path file) throws IOException {
		JsonOut j = new JsonOut();
		j.description = "Interphase raman-bn band template: positions and widths in cm-1";
		j.bands = new LinkedHashMap<>();
		for (Map.Entry<BnBands, BandWindow> e : windows.entrySet()) j.bands.put(e.getKey().id, e.getValue());
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			GSON.toJson(j, out);
		}
	}}
