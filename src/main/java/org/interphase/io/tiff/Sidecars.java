package org.interphase.io.tiff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.MetadataKeys;
import org.interphase.io.dm.DmMetadata;
import org.interphase.io.tiff.TiffMetadata.Calibration;

/**
 * Text files that SEM software writes beside the image: JEOL ({@code $CM_...} keys, calibration from the micron
 * marker and bar), Hitachi ({@code [SemImageFile]} with {@code PixelSize} in nm) as {@code <name>.txt}, Tescan
 * ({@code PixelSizeX} in m) as {@code <name>.hdr} or {@code <name>-tif.hdr}. Only small files (&lt; 1 MB) are read.
 */
public final class Sidecars {
	private Sidecars() {}

	/** The calibration with the first sidecar found beside the image applied (its file name under "sidecar"), or the
	 * calibration as given when there is none. */
	public static Calibration apply(Path image, Calibration given, int imageHeight) throws IOException {
		String name = image.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		String ext = dot > 0 ? name.substring(dot + 1) : "";
		Path[] candidates = { image.resolveSibling(base + ".txt"), image.resolveSibling(base + ".TXT"), image
			.resolveSibling(base + ".hdr"), image.resolveSibling(base + "-" + ext + ".hdr"), image.resolveSibling(name +
				".hdr") };
		for (Path p : candidates) {
			if (!Files.isRegularFile(p) || Files.size(p) > 1 << 20) continue;
			String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
			Calibration.Builder c = given.toBuilder();
			if (text.contains("$CM_") || text.contains("$$SM_")) jeol(text, c, imageHeight);
			else if (text.contains("[SemImageFile]") || text.contains("InstructName")) hitachi(text, c, imageHeight);
			else if (text.contains("PixelSizeX")) TiffMetadata.tescan(text, c);
			else continue;
			c.meta.put("sidecar", p.getFileName().toString());
			return c.build();
		}
		return given;
	}

	private static double num(String s) {
		if (s == null) return Double.NaN;
		Matcher m = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?").matcher(s);
		return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
	}

	static void jeol(String text, Calibration.Builder c, int imageHeight) {
		Map<String, String> kv = new LinkedHashMap<>();
		for (String line : text.split("\r?\n|\r")) {
			String t = line.trim();
			if (!t.startsWith("$")) continue;
			int sp = t.indexOf(' ');
			String k = sp > 0 ? t.substring(0, sp) : t;
			String v = sp > 0 ? t.substring(sp + 1).trim() : "";
			kv.put(k.replaceFirst("^\\$+", ""), v);
		}
		c.dialect = "JEOL SEM (.txt)";
		for (Map.Entry<String, String> e : kv.entrySet())
			if (c.meta.size() < TiffMetadata.MAX_ENTRIES) c.meta.put("jeol." + e.getKey(), e.getValue());
		double bar = num(kv.get("SM_MICRON_BAR"));
		String marker = kv.get("SM_MICRON_MARKER");
		double px = Double.NaN;
		if (Double.isFinite(num(kv.get("SM_PIXEL_SIZE")))) px = num(kv.get("SM_PIXEL_SIZE")); // nm, rarely present
		else if (marker != null && Double.isFinite(bar) && bar > 0) {
			double m = TiffMetadata.lengthInMetres(marker.replace("um", " \u00b5m").replace("nm", " nm").replace("mm",
				" mm"));
			if (Double.isFinite(m)) px = m / bar * 1e9;
		}
		if (Double.isFinite(px) && px > 0) c.set(px, px, "nm");
		double mag = num(kv.get("CM_MAG"));
		if (Double.isFinite(mag) && mag > 0) c.meta.put(MetadataKeys.MAGNIFICATION, mag);
		double kv2 = num(kv.get("CM_ACCEL_VOLT"));
		if (Double.isFinite(kv2) && kv2 > 0) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, kv2 > 1000 ? kv2 / 1000 : kv2);
		DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, kv.get("CM_INSTRUMENT"));
		DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(kv.get("CM_DATE"), kv.get(
			"CM_TIME")));
		String full = kv.get("CM_FULL_SIZE");
		if (full != null) {
			String[] p = full.trim().split("\\s+");
			if (p.length >= 2) {
				double h = num(p[1]);
				if (Double.isFinite(h) && h > 0 && h < imageHeight) c.meta.put(MetadataKeys.DATABAR_HEIGHT, imageHeight - h);
			}
		}
	}

	static void hitachi(String text, Calibration.Builder c, int imageHeight) {
		Map<String, String> kv = TiffMetadata.ini(text);
		Map<String, String> flat = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : kv.entrySet()) flat.put(e.getKey().replaceFirst("^SemImageFile\\.", ""), e
			.getValue());
		c.dialect = "Hitachi SEM (.txt)";
		for (Map.Entry<String, String> e : flat.entrySet())
			if (c.meta.size() < TiffMetadata.MAX_ENTRIES) c.meta.put("hitachi." + e.getKey(), e.getValue());
		double px = num(flat.get("PixelSize"));
		if (Double.isFinite(px) && px > 0) c.set(px, px, "nm");
		double mag = num(flat.get("Magnification"));
		if (Double.isFinite(mag) && mag > 0) c.meta.put(MetadataKeys.MAGNIFICATION, mag);
		String acc = flat.get("AcceleratingVoltage");
		double v = num(acc);
		if (Double.isFinite(v) && v > 0) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, acc.toLowerCase().contains("kv") ? v
			: v / 1000);
		DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, flat.get("InstructName"));
		DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(flat.get("Date"), flat.get(
			"Time")));
		String ds = flat.get("DataSize");
		if (ds != null) {
			Matcher m = Pattern.compile("(\\d+)\\s*[xX]\\s*(\\d+)").matcher(ds);
			if (m.find()) {
				int h = Integer.parseInt(m.group(2));
				if (h > 0 && h < imageHeight) c.meta.put(MetadataKeys.DATABAR_HEIGHT, (double) (imageHeight - h));
			}
		}
	}
}
