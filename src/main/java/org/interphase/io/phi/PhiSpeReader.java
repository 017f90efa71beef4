package org.interphase.io.phi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * PHI SmartSoft / MultiPak spectrum files ({@code .spe}): an ASCII header between {@code SOFH} and {@code EOFH}
 * ("Key: value" lines; {@code SpectralRegDef: n id name Z points step start end ...} per region), then a little-
 * endian binary part: a 16-byte header (u32 groups, u32 spectra, u32 descriptor size = 96, u32 header size = 16),
 * one 96-byte descriptor per spectrum (points at +20, scans at +24, intensity unit at +56 e.g. "c/s", data type
 * at +72 "f4" / "f8", data bytes at +76, data offset from the start of the binary part at +80), then the data,
 * scan after scan (several scans of count rates are averaged).
 * <p>
 * This binary layout is our reading of the reference file (no trusted reader exists): it is accepted only when
 * every descriptor is self-consistent (points × size = bytes, points = the header's SpectralRegDef count,
 * offset + bytes within the file); otherwise the file is refused with a message naming the inconsistency.
 * The axis is the binding energy from SpectralRegDef (start, step), verified on the reference SnO2 survey
 * (Sn 3d5/2 at 485.6 eV, Sn 3d3/2 8.4 eV above, O 1s at 530 eV).
 */
public final class PhiSpeReader implements DatasetReader {
	static final long MAX_BYTES = 1L << 30;

	@Override
	public String format() {
		return "PHI SPE";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, 0, Math.min(head.length, 16), StandardCharsets.ISO_8859_1);
		return s.startsWith("SOFH");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > MAX_BYTES) throw new InputFormatException(file + ": too large for a PHI .spe file");
		byte[] b = Files.readAllBytes(file);
		String text = new String(b, StandardCharsets.ISO_8859_1);
		if (!text.startsWith("SOFH")) throw new InputFormatException(file + ": PHI SPE: does not start with SOFH");
		int eofh = text.indexOf("EOFH");
		if (eofh < 0) throw new InputFormatException(file + ": PHI SPE: no EOFH (end of header) marker; truncated?");
		int bin = eofh + 4;
		if (bin < b.length && b[bin] == '\r') bin++;
		if (bin < b.length && b[bin] == '\n') bin++;
		Map<String, Object> meta = new LinkedHashMap<>();
		List<String[]> regions = new ArrayList<>();
		for (String line : text.substring(0, eofh).split("\r\n|\r|\n")) {
			int colon = line.indexOf(':');
			if (colon <= 0) continue;
			String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
			if (key.equals("SpectralRegDef")) regions.add(value.split("\\s+"));
			meta.putIfAbsent(key, value);
		}
		meta.put("header_bytes", eofh + 4);
		meta.put("binary_offset", bin);
		double hv = Double.NaN;
		Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)").matcher(String.valueOf(meta.getOrDefault("XraySource", "")));
		if (m.find()) hv = Double.parseDouble(m.group(1));
		if (!Double.isNaN(hv)) meta.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
		Object model = meta.get("InstrumentModel");
		if (model != null) meta.put(MetadataKeys.INSTRUMENT, "PHI " + model);
		Object date = meta.get("AcqFileDate");
		if (date != null) {
			String[] d = date.toString().trim().split("\\s+");
			if (d.length == 3) try {
				meta.put(MetadataKeys.ACQUISITION_DATE, String.format(Locale.ROOT, "%04d-%02d-%02d", Integer.parseInt(d[0]),
					Integer.parseInt(d[1]), Integer.parseInt(d[2])));
			}
			catch (NumberFormatException e) {
				// leave it
			}
		}
		double wf = leadingNumber(meta.get("AnalyserWorkFcn"));
		if (!Double.isNaN(wf)) meta.put("analyser_work_function_eV", wf);
		if (regions.isEmpty()) throw new InputFormatException(file + ": PHI SPE: no SpectralRegDef in the header");

		int binLen = b.length - bin;
		if (binLen < 16) throw new InputFormatException(file + ": PHI SPE: binary part has " + binLen +
			" bytes, too short (truncated?)");
		ByteBuffer bb = ByteBuffer.wrap(b, bin, binLen).slice().order(ByteOrder.LITTLE_ENDIAN);
		long nSpectra = bb.getInt(4) & 0xffffffffL;
		long descSize = bb.getInt(8) & 0xffffffffL;
		long headSize = bb.getInt(12) & 0xffffffffL;
		if (nSpectra == 0 || nSpectra > regions.size() || descSize < 84 || descSize > 4096 || headSize > 4096 ||
			headSize + nSpectra * descSize > binLen) throw new InputFormatException(file + ": PHI SPE: binary header (" +
				nSpectra + " spectra, descriptor " + descSize + " bytes, header " + headSize + " bytes) does not fit the " +
				binLen + "-byte binary part or the " + regions.size() + " regions of the text header");
		List<Signal> signals = new ArrayList<>();
		for (int k = 0; k < nSpectra; k++) {
			int d = (int) (headSize + k * descSize);
			long points = bb.getInt(d + 20) & 0xffffffffL;
			long scansInFile = bb.getInt(d + 24) & 0xffffffffL;
			String unit = cString(bb, d + 56, 4);
			String type = cString(bb, d + 72, 4);
			long nbytes = bb.getInt(d + 76) & 0xffffffffL;
			long offset = bb.getInt(d + 80) & 0xffffffffL;
			int width = type.equals("f4") ? 4 : type.equals("f8") ? 8 : 0;
			String[] reg = regions.get(k);
			long declared = reg.length > 4 ? (long) leadingNumber(reg[4]) : -1;
			if (width == 0) throw new InputFormatException(file + ": PHI SPE: spectrum " + (k + 1) +
				" has data type '" + type + "', not f4/f8");
			if (scansInFile == 0 || scansInFile > 1_000_000) scansInFile = 1;
			if (points == 0 || points * width * scansInFile != nbytes || points != declared || offset + nbytes > binLen)
				throw new InputFormatException(file + ": PHI SPE: spectrum " + (k + 1) + " descriptor is inconsistent (" +
					points + " points of " + type + " = " + nbytes + " bytes at offset " + offset + "; the text header says " +
					declared + " points; binary part has " + binLen + " bytes)");
			int n = (int) points;
			double[] y = new double[n];
			// several scans are stored one after the other; intensities are count rates, so they are averaged
			for (int sc = 0; sc < scansInFile; sc++) {
				int base = (int) (offset + (long) sc * n * width);
				for (int i = 0; i < n; i++) y[i] += width == 4 ? bb.getFloat(base + 4 * i) : bb.getDouble(base + 8 * i);
			}
			if (scansInFile > 1) for (int i = 0; i < n; i++) y[i] /= scansInFile;
			double step = leadingNumber(reg[5]), start = leadingNumber(reg[6]);
			if (Double.isNaN(step) || Double.isNaN(start)) throw new InputFormatException(file +
				": PHI SPE: SpectralRegDef " + (k + 1) + " has no start/step");
			Map<String, Object> sm = new LinkedHashMap<>();
			String[] names = names(reg[2]);
			sm.put("block_name", names[2]);
			sm.put("species", names[0]);
			sm.put("transition", names[1]);
			sm.put("region_label", reg[2]);
			sm.put("SpectralRegDef", String.join(" ", reg));
			if (!Double.isNaN(hv)) sm.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
			sm.put("counts_unit", unit.equalsIgnoreCase("c/s") ? "counts/s" : unit.equalsIgnoreCase("c") ? "counts" : unit);
			// SpectralRegDef ends with "... dwell-time pass-energy mode"
			double dwell = reg.length > 10 ? leadingNumber(reg[reg.length - 3]) : Double.NaN;
			double pe = reg.length > 10 ? leadingNumber(reg[reg.length - 2]) : Double.NaN;
			if (!Double.isNaN(dwell)) sm.put("dwell_time_s", dwell);
			if (!Double.isNaN(pe)) sm.put("pass_energy_eV", pe);
			sm.put("scans_in_file", scansInFile);
			if (!Double.isNaN(wf)) sm.put("analyser_work_function_eV", wf);
			double cycles = leadingNumber(meta.get("SurvNumCycles"));
			if (!Double.isNaN(cycles)) sm.put("scans", cycles);
			sm.put("dtype_in_file", type);
			List<Axis> axes = new ArrayList<>();
			axes.add(new Axis("Binding Energy", n, step, start, "eV"));
			signals.add(new Signal(names[2], type.equals("f4") ? "float32" : "float64", new int[] { n }, axes, y, null,
				sm));
		}
		return new Dataset(file.toString(), format(), signals, meta);
	}

	private static final Pattern CORE_LEVEL = Pattern.compile("^([A-Z][a-z]?)(\\d[spdf]\\d?)(.*)$");

	/** PHI labels: "Su1s" is the survey, "C1s" → "C 1s", "Sn3d5" → "Sn 3d5". */
	static String[] names(String label) {
		if (label.startsWith("Su")) return new String[] { "Survey", "", "Survey" };
		Matcher m = CORE_LEVEL.matcher(label);
		if (m.matches()) return new String[] { m.group(1), m.group(2), m.group(1) + " " + m.group(2) + m.group(3) };
		return new String[] { label, "", label };
	}

	private static String cString(ByteBuffer b, int off, int len) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < len; i++) {
			int c = b.get(off + i) & 0xff;
			if (c == 0) break;
			s.append((char) c);
		}
		return s.toString();
	}

	static double leadingNumber(Object o) {
		if (o == null) return Double.NaN;
		Matcher m = Pattern.compile("^\\s*([-+]?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)").matcher(o.toString());
		return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
	}
}
