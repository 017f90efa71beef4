package org.interphase.io.horiba;

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
 * Horiba Jobin Yvon LabSpec 6 XML exports ({@code <LSX_Data>}): single spectra, line scans and maps. The
 * axis list (element id 0x7B697861) holds the spectral axis ("Spectr", unit "1/cm" → "Raman Shift" in cm-1, or
 * "nm" → "Wavelength" in nm) and the spatial axes "Y"/"X" (µm); the intensities are the rows of
 * {@code <LSX_Matrix>}, one per position. LabSpec stores the spectral axis descending; it is returned ascending
 * (as RosettaSciIO does) with the spectra flipped to match. Shapes: (shift), (y, shift) or (x, shift) for a
 * line, (y, x, shift) for a map (rows assumed in C order, y slowest). Acquisition parameters (name/value pairs
 * of the file) go into metadata; "Laser (nm)" → {@code laser_wavelength_nm}, "Acq. time (s)" ×
 * "Accumulations" → {@code exposure_s}, "Date" → {@code acquisition_date}.
 */
public final class LabSpecXmlReader implements DatasetReader {
	static final long MAX_BYTES = 512L << 20;
	private static final String ID_AXES = "0x7B697861", ID_VALUES = "0x7D6CD4DB", ID_TYPE = "0x6D707974",
		ID_UNIT = "0x7C696E75", ID_TITLE = "0x6C7469D9", ID_NAME = "0x6D6D616E", ID_VALUE = "0x7D6C61DB",
		ID_NUMBER = "0x8736F70";

	@Override
	public String format() {
		return "Horiba LabSpec XML";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, StandardCharsets.ISO_8859_1);
		return s.contains("<LSX_Data") || s.contains("<LSX_Tree");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		if (Files.size(file) > MAX_BYTES) throw new InputFormatException(file + ": too large for a LabSpec XML file");
		Document doc = parse(file);
		Element root = doc.getDocumentElement();
		if (!root.getTagName().equals("LSX_Data")) throw new InputFormatException(file +
			": LabSpec XML: root element is <" + root.getTagName() + ">, not <LSX_Data>");
		Map<String, Object> meta = new LinkedHashMap<>();
		String title = file.getFileName().toString();
		Element tree = child(root, "LSX_Tree");
		if (tree == null) throw new InputFormatException(file + ": LabSpec XML: no <LSX_Tree>");
		Element t = childById(tree, ID_TITLE);
		if (t != null && !t.getTextContent().trim().isEmpty()) title = t.getTextContent().trim();
		Element kind = childById(tree, ID_TYPE);
		if (kind != null) meta.put("labspec_type", kind.getTextContent().trim());

		// axes
		double[] spectral = null;
		String spectralUnit = "";
		double[] ys = null, xs = null;
		String yUnit = "µm", xUnit = "µm", intensityUnit = "";
		Element axesEl = findById(tree, ID_AXES);
		if (axesEl == null) throw new InputFormatException(file + ": LabSpec XML: no axis list");
		for (Node n = axesEl.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element)) continue;
			Element ax = (Element) n;
			Element type = childById(ax, ID_TYPE), unit = childById(ax, ID_UNIT), vals = childById(ax, ID_VALUES);
			String ty = type == null ? "" : type.getTextContent().trim();
			String un = unit == null ? "" : unit.getTextContent().trim();
			if (ty.equals("Intens")) {
				intensityUnit = un;
				continue;
			}
			if (vals == null) continue;
			double[] v = numbers(file, vals.getTextContent(), 50_000_000);
			if (ty.equals("Spectr")) {
				spectral = v;
				spectralUnit = un;
			}
			else if (ty.equals("Y")) {
				ys = v;
				yUnit = un;
			}
			else if (ty.equals("X")) {
				xs = v;
				xUnit = un;
			}
		}
		if (spectral == null || spectral.length == 0) throw new InputFormatException(file +
			": LabSpec XML: no spectral axis");
		int np = spectral.length;

		// data rows
		Element matrix = child(root, "LSX_Matrix");
		if (matrix == null) throw new InputFormatException(file + ": LabSpec XML: no <LSX_Matrix> with the data");
		List<double[]> rows = new ArrayList<>();
		for (Node n = matrix.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element) || !((Element) n).getTagName().equals("LSX_Row")) continue;
			double[] r = numbers(file, n.getTextContent(), np);
			if (r.length != np) throw new InputFormatException(file + ": LabSpec XML: a data row has " + r.length +
				" values but the spectral axis " + np);
			rows.add(r);
		}
		if (rows.isEmpty()) throw new InputFormatException(file + ": LabSpec XML: no data rows");
		int ns = rows.size();
		boolean reversed = np > 1 && spectral[0] > spectral[np - 1];
		if (reversed) reverse(spectral);
		double[] data = new double[ns * np];
		for (int s = 0; s < ns; s++) {
			double[] r = rows.get(s);
			if (reversed) reverse(r);
			System.arraycopy(r, 0, data, s * np, np);
		}
		meta.put("spectral_axis_reversed", reversed);

		boolean shift = spectralUnit.equalsIgnoreCase("1/cm") || spectralUnit.equalsIgnoreCase("cm-1");
		Axis spectralAxis = new Axis(shift ? "Raman Shift" : spectralUnit.equalsIgnoreCase("nm") ? "Wavelength"
			: "Spectral", spectral, shift ? "cm-1" : spectralUnit);
		List<Axis> axes = new ArrayList<>();
		int[] shape;
		int ny = ys == null ? 1 : ys.length, nx = xs == null ? 1 : xs.length;
		if (ns == 1) shape = new int[] { np };
		else if (ny > 1 && nx > 1 && ny * nx == ns) {
			// LabSpec lists map rows with X (axis entry 0x3) slowest, as RosettaSciIO reads them; we return
			// (y, x, spectral). Not verified on a real map file (the reference set has none).
			double[] yx = new double[data.length];
			for (int ix = 0; ix < nx; ix++) for (int iy = 0; iy < ny; iy++) System.arraycopy(data, (ix * ny + iy) * np, yx,
				(iy * nx + ix) * np, np);
			data = yx;
			meta.put("map_row_order", "x slowest in the file (as RosettaSciIO); returned as (y, x, spectral)");
			axes.add(uniformOrNot("Y", ys, yUnit));
			axes.add(uniformOrNot("X", xs, xUnit));
			shape = new int[] { ny, nx, np };
		}
		else if (ny == ns) {
			axes.add(uniformOrNot("Y", ys, yUnit));
			shape = new int[] { ns, np };
		}
		else if (nx == ns) {
			axes.add(uniformOrNot("X", xs, xUnit));
			shape = new int[] { ns, np };
		}
		else {
			axes.add(new Axis("spectrum", ns, 1, 0, ""));
			shape = new int[] { ns, np };
			meta.put("geometry_note", "positions do not match the " + ns + " rows; returned as a list of spectra");
		}
		axes.add(spectralAxis);

		// name/value acquisition parameters
		collectParameters(tree, meta);
		meta.put("intensity_unit", intensityUnit);
		meta.put("counts_unit", intensityUnit.equalsIgnoreCase("Cnt/sec") ? "counts/s" : intensityUnit
			.equalsIgnoreCase("Cnt") ? "counts" : intensityUnit);
		Double laser = number(meta.get("Laser (nm)"));
		if (laser != null) meta.put(MetadataKeys.LASER_WAVELENGTH_NM, laser);
		Double acq = number(meta.get("Acq. time (s)"));
		Double accum = number(meta.get("Accumulations"));
		if (acq != null) meta.put(MetadataKeys.EXPOSURE_S, acq * (accum == null ? 1 : accum));
		Object date = meta.get("Date");
		if (date != null) {
			String iso = isoDate(date.toString());
			if (iso != null) meta.put(MetadataKeys.ACQUISITION_DATE, iso);
		}
		Object instrument = meta.get("Instrument (text)");
		if (instrument != null) meta.put(MetadataKeys.INSTRUMENT, instrument.toString());
		List<Signal> signals = new ArrayList<>();
		signals.add(new Signal(title, "float64", shape, axes, data, null, meta));
		return new Dataset(file.toString(), format(), signals, meta);
	}

	/** Every element holding a name child (0x6D6D616E) and a value child: name → numeric value, else text. */
	private static void collectParameters(Element e, Map<String, Object> meta) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element)) continue;
			Element c = (Element) n;
			Element name = childById(c, ID_NAME);
			if (name != null) {
				Element num = childById(c, ID_NUMBER), val = childById(c, ID_VALUE);
				String key = name.getTextContent().trim();
				Element v = num != null ? num : val;
				if (!key.isEmpty() && v != null && !meta.containsKey(key)) {
					String text = v.getTextContent().trim();
					Double d = number(text);
					meta.put(key, d != null ? (Object) d : text);
					if (num != null && val != null) meta.put(key + " (text)", val.getTextContent().trim());
				}
			}
			collectParameters(c, meta);
		}
	}

	static String isoDate(String s) {
		// "19.08.2022 09:20[:ss]" (dd.mm.yyyy, as LabSpec writes it)
		java.util.regex.Matcher m = java.util.regex.Pattern.compile(
			"(\\d{1,2})[./](\\d{1,2})[./](\\d{4})(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?").matcher(s.trim());
		if (!m.find()) return null;
		String d = String.format(Locale.ROOT, "%s-%02d-%02d", m.group(3), Integer.parseInt(m.group(2)), Integer
			.parseInt(m.group(1)));
		if (m.group(4) != null) d += String.format(Locale.ROOT, "T%02d:%s:%s", Integer.parseInt(m.group(4)), m.group(
			5), m.group(6) == null ? "00" : m.group(6));
		return d;
	}

	static Document parse(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return org.interphase.io.XmlChecks.builder(false).parse(in);
		}
		catch (org.xml.sax.SAXException e) {
			throw new InputFormatException(file + ": not well-formed XML (" + e.getMessage() + ")", e);
		}
	}

	private static Element child(Element e, String tag) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element && ((Element) n)
			.getTagName().equals(tag)) return (Element) n;
		return null;
	}

	private static Element childById(Element e, String id) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element && id
			.equalsIgnoreCase(((Element) n).getAttribute("ID"))) return (Element) n;
		return null;
	}

	private static Element findById(Element e, String id) {
		for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (!(n instanceof Element)) continue;
			Element c = (Element) n;
			if (id.equalsIgnoreCase(c.getAttribute("ID"))) return c;
			Element r = findById(c, id);
			if (r != null) return r;
		}
		return null;
	}

	static double[] numbers(Path file, String text, int max) throws InputFormatException {
		String[] parts = text.trim().split("[\\s;]+");
		if (parts.length == 1 && parts[0].isEmpty()) return new double[0];
		if (parts.length > max) throw new InputFormatException(file + ": too many values (" + parts.length + ")");
		double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				v[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException e) {
				throw new InputFormatException(file + ": '" + (parts[i].length() > 40 ? parts[i].substring(0, 40)
					: parts[i]) + "' is not a number");
			}
		}
		return v;
	}

	private static Double number(Object o) {
		if (o instanceof Number) return ((Number) o).doubleValue();
		if (o == null) return null;
		try {
			return Double.parseDouble(o.toString().trim());
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private static void reverse(double[] a) {
		for (int i = 0, j = a.length - 1; i < j; i++, j--) {
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	static Axis uniformOrNot(String name, double[] x, String units) {
		int n = x.length;
		if (n < 2) return new Axis(name, n, 1, n == 1 ? x[0] : 0, units);
		double step = (x[n - 1] - x[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(x[i] - (x[0] + i * step)) > 1e-6 * Math.max(1, Math.abs(
			step))) uniform = false;
		return uniform ? new Axis(name, n, step, x[0], units) : new Axis(name, x, units);
	}
}
