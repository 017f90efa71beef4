package org.interphase.io.xrd;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes XRD patterns as {@code .xy} text (with a '#' header) or as a minimal XRDML 2.1 file (demo, tests). */
public final class XrdWriter {
	private XrdWriter() {}

	/** Two columns (three when esd is not null), '#' header lines "key: value". */
	public static void xy(Path file, double[] twoTheta, double[] counts, double[] esd, Map<String, String> header)
		throws IOException
	{
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (Map.Entry<String, String> e : header.entrySet()) w.write("# " + e.getKey() + ": " + e.getValue() + "\n");
			w.write(esd == null ? "# 2theta(deg) intensity(counts)\n" : "# 2theta(deg) intensity(counts) esd\n");
			for (int i = 0; i < twoTheta.length; i++) {
				w.write(String.format(Locale.ROOT, "%.4f %.6g", twoTheta[i], counts[i]));
				if (esd != null) w.write(String.format(Locale.ROOT, " %.6g", esd[i]));
				w.write('\n');
			}
		}
	}

	/** A minimal XRDML: usedWavelength, anode, one 2Theta scan with start/end positions and intensities. */
	public static void xrdml(Path file, double startDeg, double endDeg, double[] counts, double kAlpha1,
		double kAlpha2, double ratio, String anode, String sampleId) throws IOException
	{
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
			w.write("<xrdMeasurements xmlns=\"http://www.xrdml.com/XRDMeasurement/2.1\" status=\"Completed\">\n");
			w.write("  <sample type=\"To be analyzed\"><id>" + escape(sampleId) + "</id></sample>\n");
			w.write("  <xrdMeasurement measurementType=\"Scan\" status=\"Completed\">\n");
			w.write("    <usedWavelength intended=\"K-Alpha 1\">\n");
			w.write(String.format(Locale.ROOT, "      <kAlpha1 unit=\"Angstrom\">%.7f</kAlpha1>%n", kAlpha1));
			if (kAlpha2 > 0) w.write(String.format(Locale.ROOT, "      <kAlpha2 unit=\"Angstrom\">%.7f</kAlpha2>%n",
				kAlpha2));
			w.write(String.format(Locale.ROOT, "      <ratioKAlpha2KAlpha1>%.4f</ratioKAlpha2KAlpha1>%n", ratio));
			w.write("    </usedWavelength>\n");
			w.write("    <incidentBeamPath><xRayTube><anodeMaterial>" + escape(anode) +
				"</anodeMaterial></xRayTube></incidentBeamPath>\n");
			w.write("    <scan appendNumber=\"0\" mode=\"Continuous\" scanAxis=\"Gonio\" status=\"Completed\">\n");
			w.write("      <dataPoints>\n");
			w.write(String.format(Locale.ROOT, "        <positions axis=\"2Theta\" unit=\"deg\"><startPosition>%.5f" +
				"</startPosition><endPosition>%.5f</endPosition></positions>%n", startDeg, endDeg));
			w.write("        <commonCountingTime unit=\"seconds\">1.0</commonCountingTime>\n");
			w.write("        <intensities unit=\"counts\">");
			for (int i = 0; i < counts.length; i++) {
				if (i > 0) w.write(' ');
				w.write(String.format(Locale.ROOT, "%.6g", counts[i]));
			}
			w.write("</intensities>\n      </dataPoints>\n    </scan>\n  </xrdMeasurement>\n</xrdMeasurements>\n");
		}
	}

	private static String escape(String s) {
		return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
