package org.interphase.analysis.hrtem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.analysis.DemoContext;
import org.interphase.io.Writers;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.hrtem.HrtemGenerator;

/**
 * The demo's HRTEM images, shared by the three HRTEM analyses: per sample an image of a particle edge with
 * the sample's coating (DemoSamples.COATING_NM; BN as a mosaic of h-BN grains and amorphous patches, Al2O3
 * amorphous, bare samples without coating), written as calibrated TIFF {@code <sampleId>_hrtem_01.tif}; the
 * BN sample also gets a second field of view ({@code _02}). Writing is deterministic and skipped when the file
 * exists, so each analysis may call it.
 */
final class HrtemDemo {
	private HrtemDemo() {}

	static List<Path> write(DemoContext ctx) throws IOException {
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
				Writers.tiff(r.image(), f, info);
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
}
