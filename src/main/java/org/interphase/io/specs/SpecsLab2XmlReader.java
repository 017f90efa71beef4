package org.interphase.io.specs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * SpecsLab2 XML ({@code <any version="1.6">}, CORBA serializer): RegionGroup → RegionData, each with a
 * RegionDef (kinetic start energy, step {@code scan_delta}, {@code values_per_curve}, dwell, pass energy,
 * excitation energy), the analyser's channeltrons (position, {@code shift}, gain) and per scan the RAW
 * multi-channeltron counts: (values + mcd_head + mcd_tail) energy steps × detectors, interleaved by detector.
 * <p>
 * The spectrum is built as the instrument software does in principle: analyser step j is at kinetic energy
 * KE0 + (j − mcd_head)·Δ, detector d sees that energy + shift_d·E_pass, so the count of detector d at nominal
 * point i lies at step j = i + mcd_head − shift_d·E_pass/Δ (linearly interpolated between steps); detectors and
 * scans are summed (total counts, {@code counts_unit} "counts"). Binding energy = excitation energy − KE.
 * This construction is our own (no trusted reader exists for this format); it was checked physically on the
 * reference file (C 1s of a polymer at 284–286 eV, counts conserved) — see docs/formats-spectroscopy.md.
 */
public final class SpecsLab2XmlReader implements DatasetReader {
	static final long MAX_BYTES = 512L << 20;

	@Override
	public String format() {
		return "SpecsLab2 XML";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, StandardCharsets.ISO_8859_1);
		return s.contains("CORBA XML document") || s.contains("IDL:specs.de/Serializer");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		if (Files.size(file) > MAX_BYTES) throw new InputFormatException(file + ": too large for a SpecsLab2 XML file");
		Document doc;
		org.interphase.io.XmlChecks.requireCompleteDtd(file, "SpecsLab2 XML");
		try (InputStream in = Files.newInputStream(file)) {
			// the files carry an internal DTD (element declarations only): allowed, external entities are not
			doc = org.interphase.io.XmlChecks.builder(true).parse(in);
		}
		catch (org.xml.sax.SAXException e) {
			throw new InputFormatException(file + ": SpecsLab2 XML: not well-formed (" + e.getMessage() + ")", e);
		}
		List<Element> regions = new ArrayList<>();
		collect(doc.getDocumentElement(), "RegionData", regions);
		if (regions.isEmpty()) throw new InputFormatException(file + ": SpecsLab2 XML: no RegionData");
		List<Signal> signals = new ArrayList<>();
		Map<String, Object> fileMeta = new LinkedHashMap<>();
		for (Element rd : regions) signals.add(region(file, rd, fileMeta));
		return new Dataset(file.toString(), format(), signals, fileMeta);
	}

	private Signal region(Path file, Element rd, Map<String, Object> fileMeta) throws InputFormatException {
		String name = text(named(rd, "name"));
		Element def = named(rd, "region");
		if (def == null) throw new InputFormatException(file + ": SpecsLab2 XML: region '" + name + "' has no definition");
		int n = (int) num(file, def, "values_per_curve");
		int curves = (int) num(file, def, "curves_per_scan");
		double delta = num(file, def, "scan_delta");
		double ke0 = num(file, def, "kinetic_energy");
		double keBase = optNum(def, "kinetic_energy_base", 0);
		double hv = num(file, def, "excitation_energy");
		double pass = num(file, def, "pass_energy");
		double dwell = optNum(def, "dwell_time", Double.NaN);
		int head = (int) optNum(rd, "mcd_head", 0), tail = (int) optNum(rd, "mcd_tail", 0);
		if (n <= 0 || n > 10_000_000 || curves <= 0 || head < 0 || tail < 0) throw new InputFormatException(file +
			": SpecsLab2 XML: region '" + name + "' has " + n + " values per curve, " + curves + " curves, head " + head +
			", tail " + tail);
		List<Element> dets = new ArrayList<>();
		collect(rd, "Detector", dets);
		int nd = Math.max(1, dets.size());
		double[] shift = new double[nd], gain = new double[nd];
		for (int d = 0; d < dets.size(); d++) {
			shift[d] = optNum(dets.get(d), "shift", 0);
			gain[d] = optNum(dets.get(d), "gain", 1);
		}
		int steps = n * curves + head + tail;
		double[] y = new double[n * curves];
		List<Element> scans = new ArrayList<>();
		collect(rd, "ScanData", scans);
		int used = 0;
		for (Element sc : scans) {
			Element counts = null;
			for (Node c = sc.getFirstChild(); c != null; c = c.getNextSibling()) if (c instanceof Element && "counts"
				.equals(((Element) c).getAttribute("name"))) counts = (Element) c;
			if (counts == null) continue;
			String t = counts.getTextContent().trim();
			if (t.isEmpty()) continue;
			String[] parts = t.split("\\s+");
			if ((long) steps * nd != parts.length) throw new InputFormatException(file + ": SpecsLab2 XML: region '" +
				name + "' scan holds " + parts.length + " counts, expected " + steps + " steps x " + nd + " detectors");
			double[] raw = new double[parts.length];
			for (int i = 0; i < raw.length; i++) {
				try {
					raw[i] = Double.parseDouble(parts[i]);
				}
				catch (NumberFormatException e) {
					throw new InputFormatException(file + ": SpecsLab2 XML: count '" + parts[i] + "' is not a number");
				}
			}
			for (int d = 0; d < nd; d++) {
				double off = head - shift[d] * pass / delta;
				for (int i = 0; i < y.length; i++) {
					double j = i + off;
					int j0 = (int) Math.floor(j);
					double w = j - j0;
					int a = Math.max(0, Math.min(steps - 1, j0)), b = Math.max(0, Math.min(steps - 1, j0 + 1));
					y[i] += (1 - w) * raw[a * nd + d] + w * raw[b * nd + d];
				}
			}
			used++;
		}
		if (used == 0) throw new InputFormatException(file + ": SpecsLab2 XML: region '" + name + "' has no counts");
		Map<String, Object> m = new LinkedHashMap<>();
		String[] names = XpsNames.split(name);
		m.put("block_name", names[2]);
		m.put("species", names[0]);
		m.put("transition", names[1]);
		m.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
		m.put("counts_unit", "counts");
		m.put("counts_note", "total counts summed over " + nd + " channeltrons and " + used + " scans");
		if (!Double.isNaN(dwell)) m.put("dwell_time_s", dwell);
		m.put("scans", (double) used);
		m.put("pass_energy_eV", pass);
		m.put("kinetic_energy_start_eV", ke0);
		m.put("kinetic_energy_base_eV", keBase);
		m.put("scan_delta_eV", delta);
		m.put("mcd_head", head);
		m.put("mcd_tail", tail);
		double wf = optNum(def, "effective_workfunction", Double.NaN);
		if (!Double.isNaN(wf)) m.put("analyser_work_function_eV", wf);
		Element scanMode = named(def, "scan_mode");
		if (scanMode != null) m.put("scan_mode", text(named(scanMode, "name")));
		m.put("analysis_method", text(named(def, "analysis_method")));
		m.put("analyzer_lens", text(named(def, "analyzer_lens")));
		Element an = named(rd, "analyzer_info");
		if (an != null) m.put("analyzer", text(named(an, "name")));
		fileMeta.putIfAbsent(MetadataKeys.EXCITATION_ENERGY_EV, hv);
		Axis axis = new Axis("Binding Energy", y.length, -delta, hv - ke0, "eV");
		List<Axis> axes = new ArrayList<>();
		axes.add(axis);
		return new Signal(names[2], "float64", new int[] { y.length }, axes, y, null, m);
	}

	private static void collect(Element e, String typeName, List<Element> out) {
		for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
			if (!(c instanceof Element)) continue;
			Element ce = (Element) c;
			if (typeName.equals(ce.getAttribute("type_name"))) out.add(ce);
			else collect(ce, typeName, out);
		}
	}

	private static Element named(Element e, String name) {
		if (e == null) return null;
		for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) if (c instanceof Element && name.equals(
			((Element) c).getAttribute("name"))) return (Element) c;
		return null;
	}

	private static String text(Element e) {
		return e == null ? "" : e.getTextContent().trim();
	}

	private static double num(Path file, Element e, String name) throws InputFormatException {
		double v = optNum(e, name, Double.NaN);
		if (Double.isNaN(v)) throw new InputFormatException(file + ": SpecsLab2 XML: missing or bad '" + name + "'");
		return v;
	}

	private static double optNum(Element e, String name, double fallback) {
		Element c = named(e, name);
		if (c == null) return fallback;
		try {
			return Double.parseDouble(c.getTextContent().trim());
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}
}
