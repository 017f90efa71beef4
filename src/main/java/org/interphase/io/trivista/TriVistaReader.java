package org.interphase.io.trivista;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.parsers.DocumentBuilder;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.XmlChecks;

/**
 * S&amp;I TriVista {@code .tvf} files (XML, {@code <XmlMain>}): the first {@code Document}'s {@code xDim}
 * calibration ("N|v1|v2..." value array, unit Nanometer / RamanShift ...) is the spectral axis, its
 * {@code Data/Frame} elements hold the intensities (";"-separated, xDim × yDim each). One frame of one row gives
 * a spectrum; several rows or frames give (n, spectral). The document's serialised info (groups of name/value
 * items) goes into metadata; exposure (ms) × accumulations → {@code exposure_s}, a non-zero laser wavelength →
 * {@code laser_wavelength_nm}. Axis values are kept in file order.
 */
public final class TriVistaReader implements DatasetReader {
	static final long MAX_BYTES = 512L << 20;

	@Override
	public String format() {
		return "TriVista TVF";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, StandardCharsets.UTF_8);
		return s.contains("<XmlMain") && (s.contains("TriVista") || file.getFileName().toString().toLowerCase(
			Locale.ROOT).endsWith(".tvf"));
	}

	@Override
	public Dataset read(Path file) throws IOException {
		if (Files.size(file) > MAX_BYTES) throw new InputFormatException(file + ": too large for a TriVista file");
		Document doc;
		try (InputStream in = Files.newInputStream(file)) {
			doc = builder().parse(in);
		}
		catch (org.xml.sax.SAXException e) {
			throw new InputFormatException(file + ": TriVista: not well-formed XML (" + e.getMessage() + ")", e);
		}
		Element root = doc.getDocumentElement();
		if (!root.getTagName().equals("XmlMain")) throw new InputFormatException(file + ": TriVista: root is <" + root
			.getTagName() + ">, not <XmlMain>");
		NodeList docs = root.getElementsByTagName("Document");
		if (docs.getLength() == 0) throw new InputFormatException(file + ": TriVista: no <Document>");
		Element d = (Element) docs.item(0);
		Map<String, Object> meta = new LinkedHashMap<>();
		for (String a : new String[] { "Label", "DataLabel", "DocType", "RecordTime" }) if (d.hasAttribute(a)) meta.put(a,
			d.getAttribute(a));
		Element xDim = first(d, "xDim");
		if (xDim == null) throw new InputFormatException(file + ": TriVista: no xDim (spectral axis)");
		Element cal = first(xDim, "Calibration");
		if (cal == null) throw new InputFormatException(file + ": TriVista: xDim has no calibration");
		String[] va = cal.getAttribute("ValueArray").split("\\|");
		int np;
		try {
			np = Integer.parseInt(va[0].trim());
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": TriVista: bad ValueArray length '" + va[0] + "'");
		}
		if (np <= 0 || np != va.length - 1) throw new InputFormatException(file + ": TriVista: ValueArray says " + np +
			" values but holds " + (va.length - 1));
		double[] x = new double[np];
		for (int i = 0; i < np; i++) x[i] = parse(file, va[i + 1]);
		String unit = cal.getAttribute("Unit");
		double laser = 0;
		try {
			laser = Double.parseDouble(cal.getAttribute("LaserWave"));
		}
		catch (NumberFormatException e) {
			// absent
		}
		String units, name;
		switch (unit.toLowerCase(Locale.ROOT)) {
			case "nanometer":
				units = "nm";
				name = "Wavelength";
				break;
			case "ramanshift":
			case "relativewavenumber":
			case "relativewavenumbers":
				units = "cm-1";
				name = "Raman Shift";
				break;
			case "wavenumber":
			case "wavenumbers":
				units = "cm-1 (absolute)";
				name = "Wavenumber";
				break;
			case "electronvolt":
				units = "eV";
				name = "Energy";
				break;
			default:
				units = unit;
				name = "Spectral";
		}
		List<double[]> rows = new ArrayList<>();
		NodeList frames = d.getElementsByTagName("Frame");
		for (int f = 0; f < frames.getLength(); f++) {
			Element fr = (Element) frames.item(f);
			String[] parts = fr.getTextContent().trim().split(";");
			if (parts.length % np != 0) throw new InputFormatException(file + ": TriVista: frame " + f + " holds " +
				parts.length + " values, not a multiple of the " + np + " axis points");
			for (int r = 0; r < parts.length / np; r++) {
				double[] row = new double[np];
				for (int i = 0; i < np; i++) row[i] = parse(file, parts[r * np + i]);
				rows.add(row);
			}
		}
		if (rows.isEmpty()) throw new InputFormatException(file + ": TriVista: no data frames");
		int ns = rows.size();
		double[] data = new double[ns * np];
		for (int s = 0; s < ns; s++) System.arraycopy(rows.get(s), 0, data, s * np, np);

		String info = d.getAttribute("InfoSerialized");
		if (!info.isEmpty()) readInfo(info, meta);
		Double exp = number(meta.get("Detector/Exposure_Time_(ms)"));
		Double acc = number(meta.get("Detector/No_of_Accumulations"));
		if (exp != null) meta.put(MetadataKeys.EXPOSURE_S, exp / 1000 * (acc == null ? 1 : acc));
		Double lw = number(meta.get("Calibration/Laser_Wavelength"));
		if (lw != null && lw > 0) laser = lw;
		if (laser > 0) meta.put(MetadataKeys.LASER_WAVELENGTH_NM, laser);
		Object model = meta.get("Spectrometer/Model");
		if (model != null) meta.put(MetadataKeys.INSTRUMENT, "S&I TriVista " + model);
		String rt = d.getAttribute("RecordTime");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4}) (\\d{1,2}):(\\d{2}):(\\d{2})")
			.matcher(rt);
		if (m.find()) meta.put(MetadataKeys.ACQUISITION_DATE, String.format(Locale.ROOT, "%s-%02d-%02dT%02d:%s:%s", m
			.group(3), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), m.group(5),
			m.group(6)));
		meta.put("counts_unit", d.getAttribute("DataLabel").equalsIgnoreCase("Counts") ? "counts" : d.getAttribute(
			"DataLabel"));

		List<Axis> axes = new ArrayList<>();
		int[] shape;
		if (ns == 1) shape = new int[] { np };
		else {
			axes.add(new Axis("frame", ns, 1, 0, ""));
			shape = new int[] { ns, np };
		}
		axes.add(new Axis(name, x, units));
		String title = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		List<Signal> signals = new ArrayList<>();
		signals.add(new Signal(title, "float64", shape, axes, data, null, meta));
		return new Dataset(file.toString(), format(), signals, meta);
	}

	private static void readInfo(String xml, Map<String, Object> meta) {
		try {
			String body = xml.replaceFirst("^\\s*<\\?xml[^>]*\\?>", "");
			Document info = builder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
			NodeList groups = info.getElementsByTagName("Group");
			for (int g = 0; g < groups.getLength(); g++) {
				Element ge = (Element) groups.item(g);
				String gname = text(ge, "Name");
				NodeList items = ge.getElementsByTagName("Item");
				for (int i = 0; i < items.getLength(); i++) {
					Element it = (Element) items.item(i);
					meta.putIfAbsent(gname + "/" + text(it, "Name"), text(it, "Value"));
				}
			}
		}
		catch (IOException | org.xml.sax.SAXException | RuntimeException e) {
			meta.put("info_note", "serialised document info not readable: " + e.getMessage());
		}
	}

	private static String text(Element e, String tag) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element && ((Element) n)
			.getTagName().equals(tag)) return n.getTextContent().trim();
		return "";
	}

	private static Element first(Element e, String tag) {
		NodeList l = e.getElementsByTagName(tag);
		return l.getLength() == 0 ? null : (Element) l.item(0);
	}

	private static DocumentBuilder builder() throws IOException {
		return XmlChecks.builder(false);
	}

	private static double parse(Path file, String s) throws InputFormatException {
		try {
			return Double.parseDouble(s.trim());
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": TriVista: '" + (s.length() > 40 ? s.substring(0, 40) : s) +
				"' is not a number");
		}
	}

	private static Double number(Object o) {
		if (o == null) return null;
		try {
			return Double.parseDouble(o.toString().trim());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}
}
