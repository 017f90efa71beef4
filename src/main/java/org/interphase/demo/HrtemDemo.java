package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.core.hrtem.CoatingThickness;
import org.interphase.core.hrtem.CrystallinityMap;
import org.interphase.core.hrtem.LatticeFft;
import org.interphase.ij.ImageJTiff;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.hrtem.HrtemGenerator;

/**
 * Demo data and benches of the three HRTEM analyses ({@code hrtem-thickness}, {@code hrtem-crystallinity},
 * {@code hrtem-fringes}). The demo's HRTEM images are shared by the three: per sample an image of a particle edge with
 * the sample's coating (DemoSamples.COATING_NM; BN as a mosaic of h-BN grains and amorphous patches, Al2O3
 * amorphous, bare samples without coating), written as calibrated TIFF {@code <sampleId>_hrtem_01.tif}; the
 * BN sample also gets a second field of view ({@code _02}). Writing is deterministic and skipped when the file
 * exists, so each analysis's demo may call it.
 */
final class HrtemDemo {
	private HrtemDemo() {}

	static List<Path> images(DemoContext ctx) throws IOException {
		Path dir = ctx.folder("hrtem");
		List<Path> out = new ArrayList<>();
		int k = 0;
		for (DemoSample s : ctx.samples) {
			k++;
			double t = s.truth(DemoSamples.COATING_NM, 0);
			int views = "BN".equalsIgnoreCase(s.coating()) ? 2 : 1;
			for (int v = 1; v <= views; v++) {
				Path f = dir.resolve(String.format(Locale.ROOT, "%s_hrtem_%02d.tif", s.id, v));
				out.add(f);
				if (Files.exists(f)) continue;
				HrtemGenerator g = generator(s, t, ctx.seed * 1000 + k * 10 + v, ctx.small, v);
				HrtemGenerator.Result r = g.generate();
				String info = String.format(Locale.ROOT,
					"Interphase synthetic HRTEM\nsample=%s\ncoating=%s\ntrue_thickness_nm=%.4f\ntrue_crystalline_fraction=%.4f%n",
					s.id, s.coating(), r.truth.thicknessMeanNm, r.truth.crystallineFraction);
				ImageJTiff.write(r.image(), f, info);
			}
		}
		return out;
	}

	static HrtemGenerator generator(DemoSample s, double thicknessNm, long seed, boolean small, int view) {
		HrtemGenerator g = HrtemGenerator.latp(thicknessNm, seed);
		g.width = g.height = small ? 512 : 1024;
		// thick coatings need a coarser pixel to fit the whole layer in the field of view
		g.pixelNm = thicknessNm > 10 ? (small ? 0.05 : 0.035) : 0.03;
		g.tiltDeg = view == 1 ? 14 : -22;
		g.curvatureRadiusNm = view == 1 ? 120 : 60;
		g.interfaceShift = thicknessNm > 10 ? 0.25 : 0.12;
		if ("BN".equalsIgnoreCase(s.coating())) g.coating = HrtemGenerator.Coating.MOSAIC;
		return g;
	}

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> writeThickness(DemoContext ctx) throws IOException {
		List<Path> files = images(ctx);
		return List.of(new DemoJob(files, Map.of()));
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void benchThickness(Analysis analysis, BenchContext ctx) throws Exception {
		int size = ctx.quick ? 1024 : 2048;
		HrtemGenerator g = HrtemGenerator.latp(7, 11);
		g.width = g.height = size;
		g.pixelNm = 0.03;
		g.curvatureRadiusNm = 100;
		HrtemGenerator.Result img = g.generate();
		CoatingThickness ct = CoatingThickness.builder().threads(ctx.threads).profiles(200).build();
		double[] data = img.image().data();
		double s = BenchContext.medianSeconds(ctx.quick ? 1 : 3, () -> ct.measure(data, size, size));
		ctx.report("hrtem-thickness " + size + "px 200 profiles", s, "s/image");
		ctx.report("hrtem-thickness profiles", 200 / s, "profiles/s");
	}

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> writeCrystallinity(DemoContext ctx) throws IOException {
		List<Path> files = images(ctx);
		return List.of(new DemoJob(files, Map.of("phase", "LATP+h-BN")));
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void benchCrystallinity(Analysis analysis, BenchContext ctx) throws Exception {
		int size = ctx.quick ? 1024 : 2048;
		HrtemGenerator g = HrtemGenerator.latp(7, 12);
		g.width = g.height = size;
		g.coating = HrtemGenerator.Coating.MOSAIC;
		double[] data = g.generate().image().data();
		CrystallinityMap cm = CrystallinityMap.builder().threads(ctx.threads).build();
		double s = BenchContext.medianSeconds(ctx.quick ? 1 : 3, () -> cm.compute(data, size, size));
		ctx.report("hrtem-crystallinity " + size + "px 64px windows", s, "s/image");
	}

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> writeFringes(DemoContext ctx) throws IOException {
		List<Path> files = images(ctx);
		// the substrate: the top quarter of each demo image is LATP
		return List.of(new DemoJob(files, Map.of("phase", "LATP", "roi", ctx.small ? "0,0,512,0,512,96,0,96"
			: "0,0,1024,0,1024,192,0,192")));
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void benchFringes(Analysis analysis, BenchContext ctx) throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(7, 13);
		g.width = g.height = 1024;
		double[] data = g.generate().image().data();
		LatticeFft fft = new LatticeFft();
		double s = BenchContext.medianSeconds(ctx.quick ? 1 : 3, () -> fft.find(data, 1024, 1024, 0, 0, 1024, 256));
		ctx.report("hrtem-fringes 1024x256 region FFT spots", s, "s/region");
	}
}
