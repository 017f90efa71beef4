package org.interphase.io.xrd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * PANalytical XRDML (XRDMeasurement schema 1.x/2.x): the first {@code <scan>} with a {@code 2Theta} positions axis;
 * 2-theta from {@code startPosition}/{@code endPosition} (evenly spaced over the points) or {@code listPositions};
 * intensities from {@code <intensities>} (or {@code <counts>} of schema 1.0), their unit in metadata
 * {@code intensity_unit}; the wavelength from {@code usedWavelength} (kAlpha1, kAlpha2, ratioKAlpha2KAlpha1) and
 * the anode from {@code xRayTube/anodeMaterial}. Read with a streaming parser that refuses DTDs and external
 * entities. Bounded: 256 MiB, 5 million points, |values| <= 1e15; errors name the file and the line.
 */
public final class XrdmlReader implements DatasetReader {
	@Override
	public String format() {
		return "XRDML";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		String h = new String(head, StandardCharsets.ISO_8859_1);
		return n.endsWith(".xrdml") || h.contains("<xrdMeasurements");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > XrdTextReader.MAX_BYTES) throw new InputFormatException(file + ": " + size + " bytes is too large for " +
			"an XRDML file (limit " + (XrdTextReader.MAX_BYTES >> 20) + " MiB)");
		// the JDK's parser prints its EOFException for a file cut inside a DTD (even with DTDs not supported)
		org.interphase.io.XmlChecks.requireCompleteDtd(file, "XRDML");
		XMLInputFactory f = XMLInputFactory.newFactory();
		f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		Map<String, Object> md = new LinkedHashMap<>();
		double start = Double.NaN, end = Double.NaN;
		double[] list = null, counts = null;
		String unit = "", axisName = null;
		int scans = 0, line = 0;
		boolean inFirstScan = false, inTwoTheta = false, inWavelength = false, sawRoot = false;
		String element = null;
		StringBuilder text = new StringBuilder();
		XMLStreamReader r = null;
		try (InputStream in = Files.newInputStream(file)) {
			r = f.createXMLStreamReader(in);
			while (r.hasNext()) {
				int ev = r.next();
				line = r.getLocation().getLineNumber();
				if (ev == XMLStreamConstants.DTD) throw new InputFormatException(file + ": line " + line +
					": XRDML with a DTD is refused");
				if (ev == XMLStreamConstants.START_ELEMENT) {
					String name = r.getLocalName();
					if (name.equals("xrdMeasurements")) sawRoot = true;
					text.setLength(0);
					element = name;
					switch (name) {
						case "scan":
							scans++;
							inFirstScan = counts == null && scans >= 1;
							break;
						case "usedWavelength":
							inWavelength = true;
							if (r.getAttributeValue(null, "intended") != null) md.put("wavelength_intended", r.getAttributeValue(null,
								"intended"));
							break;
						case "positions":
							inTwoTheta = inFirstScan && "2Theta".equalsIgnoreCase(r.getAttributeValue(null, "axis"));
							if (inTwoTheta) axisName = "2theta";
							String u = r.getAttributeValue(null, "unit");
							if (inTwoTheta && u != null && !u.equalsIgnoreCase("deg")) throw new InputFormatException(file +
								": line " + line + ": 2Theta positions in '" + u + "', not deg");
							break;
						case "intensities":
						case "counts":
							if (inFirstScan && counts == null) unit = r.getAttributeValue(null, "unit") == null ? "counts" : r
								.getAttributeValue(null, "unit");
							break;
						default:
					}
				}
				else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
					if (text.length() + r.getTextLength() > 200_000_000) throw new InputFormatException(file + ": line " + line +
						": element " + element + " too long");
					if (element != null) text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
				}
				else if (ev == XMLStreamConstants.END_ELEMENT) {
					String name = r.getLocalName();
					String t = text.toString().trim();
					switch (name) {
						case "kAlpha1":
							if (inWavelength) md.put(MetadataKeys.XRAY_WAVELENGTH_A, number(file, line, t));
							break;
						case "kAlpha2":
							if (inWavelength) md.put(MetadataKeys.XRAY_WAVELENGTH2_A, number(file, line, t));
							break;
						case "ratioKAlpha2KAlpha1":
							if (inWavelength) md.put(MetadataKeys.XRAY_KALPHA2_RATIO, number(file, line, t));
							break;
						case "usedWavelength":
							inWavelength = false;
							break;
						case "anodeMaterial":
							if (!t.isEmpty()) md.put(MetadataKeys.XRAY_ANODE, t);
							break;
						case "startPosition":
							if (inTwoTheta) start = number(file, line, t);
							break;
						case "endPosition":
							if (inTwoTheta) end = number(file, line, t);
							break;
						case "listPositions":
							if (inTwoTheta) list = numbers(file, line, t);
							break;
						case "positions":
							inTwoTheta = false;
							break;
						case "commonCountingTime":
							if (inFirstScan) md.put("counting_time_s", number(file, line, t));
							break;
						case "intensities":
						case "counts":
							if (inFirstScan && counts == null) counts = numbers(file, line, t);
							break;
						case "scan":
							inFirstScan = false;
							break;
						case "id":
							if (!md.containsKey("sample_id") && !t.isEmpty() && t.length() < 200) md.put("sample_id", t);
							break;
						default:
					}
					text.setLength(0);
					element = null;
				}
			}
		}
		catch (XMLStreamException e) {
			int l = e.getLocation() != null ? e.getLocation().getLineNumber() : line;
			throw new InputFormatException(file + ": line " + l + ": not well-formed XRDML (" + firstLine(e.getMessage()) +
				")", e);
		}
		finally {
			if (r != null) try {
				r.close();
			}
			catch (XMLStreamException ignored) {
				// closing only
			}
		}
		if (!sawRoot) throw new InputFormatException(file + ": no <xrdMeasurements> element: not an XRDML file");
		if (axisName == null) throw new InputFormatException(file + ": no scan with 2Theta positions");
		if (counts == null) throw new InputFormatException(file + ": the scan has no <intensities> or <counts>");
		int n = counts.length;
		if (n < 10) throw new InputFormatException(file + ": the scan has " + n + " points (need at least 10)");
		double[] x;
		if (list != null) {
			if (list.length != n) throw new InputFormatException(file + ": " + list.length + " listPositions for " + n +
				" intensities");
			x = list;
		}
		else {
			if (Double.isNaN(start) || Double.isNaN(end)) throw new InputFormatException(file +
				": 2Theta positions without startPosition/endPosition or listPositions");
			if (start == end) throw new InputFormatException(file + ": startPosition equals endPosition (" + start + ")");
			x = new double[n];
			for (int i = 0; i < n; i++) x[i] = start + (end - start) * i / (n - 1);
		}
		for (int i = 0; i < n; i++) {
			if (x[i] < 0 || x[i] >= 180) throw new InputFormatException(file + ": 2Theta " + x[i] + " outside [0, 180) deg");
			if (i >= 2 && (x[i] - x[i - 1]) * (x[1] - x[0]) <= 0 || i == 1 && x[1] == x[0]) throw new InputFormatException(
				file + ": 2Theta positions are not monotonic at point " + i);
		}
		double[] y = counts;
		if (x[n - 1] < x[0]) {
			x = x.clone();
			XrdTextReader.reverse(x);
			y = y.clone();
			XrdTextReader.reverse(y);
		}
		md.put("intensity_unit", unit);
		if (scans > 1) md.put("scans", scans);
		return new Dataset(file.toString(), format(), List.of(Signal.spectrum("intensity", XrdTextReader.axis(x), y)),
			md);
	}

	private static double number(Path file, int line, String t) throws InputFormatException {
		try {
			double v = Double.parseDouble(t);
			if (!Double.isFinite(v) || Math.abs(v) > XrdTextReader.MAX_VALUE) throw new NumberFormatException();
			return v;
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": line " + line + ": '" + abbreviate(t) + "' is not a finite number");
		}
	}

	private static double[] numbers(Path file, int line, String t) throws InputFormatException {
		if (t.isEmpty()) return new double[0];
		String[] f = t.split("\\s+");
		if (f.length > XrdTextReader.MAX_POINTS) throw new InputFormatException(file + ": line " + line + ": " + f.length +
			" values, more than " + XrdTextReader.MAX_POINTS);
		double[] v = new double[f.length];
		for (int i = 0; i < f.length; i++) v[i] = number(file, line, f[i]);
		return v;
	}

	private static String abbreviate(String s) {
		return s.length() > 40 ? s.substring(0, 40) + "..." : s;
	}

	private static String firstLine(String s) {
		if (s == null) return "";
		String[] l = s.split("\n");
		return l[l.length - 1].trim();
	}
}
