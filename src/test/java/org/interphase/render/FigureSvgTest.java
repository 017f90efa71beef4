package org.interphase.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.interphase.analysis.Analyses;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.cli.Main;
import org.interphase.core.result.Figure;
import org.interphase.synth.DemoSamples;
import org.interphase.demo.DemoRegistry;

class FigureSvgTest {
	static Document parse(String svg) throws Exception {
		DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
		f.setNamespaceAware(true);
		return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	static List<Element> elements(Element parent, String tag) {
		List<Element> l = new ArrayList<>();
		NodeList n = parent.getElementsByTagName(tag);
		for (int i = 0; i < n.getLength(); i++) l.add((Element) n.item(i));
		return l;
	}

	static String text(Document d, String cls) {
		for (Element e : elements(d.getDocumentElement(), "text")) if (e.getAttribute("class").equals(cls)) return e
			.getTextContent();
		return null;
	}

	/** Checks one series group per series, with one polyline (or bar path) holding every finite point. */
	static void assertSeries(Document d, Figure f) {
		List<Element> groups = elements(d.getDocumentElement(), "g").stream().filter(g -> g.getAttribute("class")
			.equals("series")).collect(Collectors.toList());
		assertEquals(f.series().size(), groups.size(), f.id + ": one group per series");
		for (int i = 0; i < groups.size(); i++) {
			Figure.Series s = f.series().get(i);
			Element g = groups.get(i);
			assertEquals(s.name == null ? "" : s.name, g.getAttribute("data-name"));
			int finite = 0;
			for (int k = 0; k < s.x.length; k++) if (Double.isFinite(s.x[k]) && Double.isFinite(s.y[k])) finite++;
			if (s.style == Figure.Style.BARS) {
				List<Element> p = elements(g, "path");
				assertEquals(1, p.size());
				assertEquals(finite, p.get(0).getAttribute("d").split("M", -1).length - 1, f.id + " " + s.name);
				continue;
			}
			List<Element> pl = elements(g, "polyline");
			assertEquals(1, pl.size(), f.id + " " + s.name + ": one polyline");
			String pts = pl.get(0).getAttribute("points").trim();
			assertEquals(finite, pts.isEmpty() ? 0 : pts.split("\\s+").length, f.id + " " + s.name + ": points");
			for (String p : pts.split("\\s+")) {
				String[] xy = p.split(",");
				double x = Double.parseDouble(xy[0]), y = Double.parseDouble(xy[1]);
				assertTrue(x >= FigureSvg.LEFT - 0.01 && x <= FigureSvg.W - FigureSvg.RIGHT + 0.01, "x inside the frame: "
					+ x);
				assertTrue(y >= FigureSvg.TOP - 0.01 && y <= FigureSvg.H - FigureSvg.BOTTOM + 0.01, "y inside the frame: "
					+ y);
			}
		}
	}

	@Test
	void seriesAxesLabelsAndLegend() throws Exception {
		double[] x = { 452, 455, 458, 461, Double.NaN, 470 };
		double[] y = { 10, 40, 90, 30, 5, 12 };
		Figure f = new Figure("fit", "Ti 2p <fit> & more", "Binding Energy (eV)", "Counts").reversedX(true);
		f.points("data", x, y, null, "#000000");
		f.line("envelope", x, new double[] { 11, 39, 91, 29, 4, 11 }, "");
		f.points("with errors", new double[] { 453, 460 }, new double[] { 20, 50 }, new double[] { 2, 5 }, null);
		f.add(new Figure.Series("bars", new double[] { 454, 456 }, new double[] { 3, 7 }, null, Figure.Style.BARS, ""));
		String svg = FigureSvg.toSvg(f);
		Document d = parse(svg);
		assertEquals("svg", d.getDocumentElement().getLocalName());
		assertEquals("Binding Energy (eV)", text(d, "x-label"));
		assertEquals("Counts", text(d, "y-label"));
		assertEquals("Ti 2p <fit> & more", text(d, "title"));
		assertSeries(d, f);
		List<Element> legend = elements(d.getDocumentElement(), "g").stream().filter(g -> g.getAttribute("class").equals(
			"legend")).collect(Collectors.toList());
		assertEquals(1, legend.size());
		assertEquals(4, elements(legend.get(0), "text").size(), "one legend entry per series");
		assertEquals(1, elements(d.getDocumentElement(), "path").stream().filter(p -> p.getAttribute("class").equals(
			"error-bars")).count());
		// binding energy falls to the right: the highest energy is drawn leftmost
		String[] pts = elements(d.getDocumentElement(), "polyline").get(0).getAttribute("points").split("\\s+");
		assertTrue(Double.parseDouble(pts[0].split(",")[0]) > Double.parseDouble(pts[pts.length - 1].split(",")[0]));
		List<Element> ticks = elements(d.getDocumentElement(), "text").stream().filter(t -> t.getAttribute("class")
			.equals("tick")).collect(Collectors.toList());
		assertTrue(ticks.size() >= 6, "tick labels on both axes");
		assertFalse(svg.contains("NaN"));
	}

	@Test
	void niceTicks() {
		double[] t = FigureSvg.ticks(452, 471);
		assertEquals(List.of(452.0, 454.0, 456.0, 458.0, 460.0, 462.0, 464.0, 466.0, 468.0, 470.0), java.util.Arrays.stream(t).boxed().collect(Collectors.toList()));
		t = FigureSvg.ticks(-0.013, 0.21);
		assertTrue(t[0] >= -0.013 && t[t.length - 1] <= 0.21);
		assertEquals("0.00", FigureSvg.format(0, FigureSvg.decimals(new double[] { 0, 0.05 })));
	}

	/** The command line writes every figure as SVG beside its PNG, and each SVG holds the figure's series. */
	@Test
	void commandLineWritesSvgBesideEachPng(@TempDir Path temp) throws Exception {
		var a = Analyses.byCommand("xps-fit");
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, new DemoContext(Files.createDirectories(temp.resolve("data")), DemoSamples
			.all(), 7, true));
		Path input = jobs.get(0).inputs.get(0);
		Path out = temp.resolve("out");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(new String[] { "xps-fit", "--out", out.toString(), "--quiet", "--preset", "ti2p", "--shift",
			"0", "--mc-samples", "0", input.toString() }, devnull, devnull);
		assertEquals(0, code);
		List<Path> png, svg;
		try (Stream<Path> s = Files.list(out.resolve("figures"))) {
			List<Path> all = s.sorted().collect(Collectors.toList());
			png = all.stream().filter(p -> p.toString().endsWith(".png")).collect(Collectors.toList());
			svg = all.stream().filter(p -> p.toString().endsWith(".svg")).collect(Collectors.toList());
		}
		assertFalse(png.isEmpty());
		assertEquals(png.size(), svg.size());
		for (Path p : png) {
			Path s = Path.of(p.toString().replaceAll("\\.png$", ".svg"));
			assertTrue(Files.isRegularFile(s), s + " missing");
			Document d = parse(Files.readString(s));
			assertEquals("Binding Energy (eV)", text(d, "x-label"));
			long groups = elements(d.getDocumentElement(), "g").stream().filter(g -> g.getAttribute("class").equals(
				"series")).count();
			assertEquals(7, groups, "data, background, Ti4+, Ti3+, envelope, residuals, residual zero");
		}
	}
}
