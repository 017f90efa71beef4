package org.interphase.core.xps;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Per-seed diagnosis of the Ti 2p stress set (off unless {@code -Ddiag.oracle=FILE.csv}): for every seed the drawn
 * truth (family, widths, Coster–Kronig factors, step, slope, charging), the ensemble's answer (fraction, σ_stat,
 * σ_model, winning variant) and the <b>oracle</b> fit — the true line family with every width, mix, split and
 * the 2p1/2 widths fixed at the truth, only centres, areas and the active Shirley + slope free — whose scatter is
 * the information floor of the spectrum. Seeds and counts as {@link XpsStressTest#run} draws them
 * ({@code diag.seeds}, {@code diag.counts}; {@code diag.noensemble=true} skips the ensemble).
 */
class XpsStressOracleDiagTest {

	/** The oracle template of one spectrum: four singlet lines of the true shape, widths fixed at the truth. */
	static XpsTemplate oracle(XpsStressGenerator.Spectrum sp) {
		return oracle(sp, System.getProperty("diag.oracleMode", "fixed"));
	}

	/**
	 * mode {@code fixed}: every width at the truth; {@code free4}: the true shape and mix, each of the four line
	 * widths free (Voigt: Gaussian σ free, γ true); {@code ck}: the preset's width structure with the true shape
	 * (Ti3+ 2p3/2 free, each 2p1/2 = its 2p3/2 + one shared broadening).
	 */
	static XpsTemplate oracle(XpsStressGenerator.Spectrum sp, String mode) {
		XpsTemplate.Builder t = XpsTemplate.preset("ti2p").toBuilder().components(null).extra(null).centerStarts(null);
		String[] names = {"Ti4+", "Ti4+b", "Ti3+", "Ti3+b"};
		for (int i = 0; i < 4; i++) {
			double[] l = sp.lines[i];
			XpsTemplate.ComponentSpec.Builder c = XpsTemplate.ComponentSpec.builder().name(names[i]).state(i < 2 ? "Ti4+"
				: "Ti3+").doublet(false);
			XpsTemplate.Setting.Builder area = XpsTemplate.Setting.builder();
			XpsTemplate.Setting.Builder center = XpsTemplate.Setting.builder();
			if (i % 2 == 0) {
				area.value(Math.max(l[0], 0.02));
				center.value(l[1]).min(l[1] - 0.5).max(l[1] + 0.5);
			}
			else {
				area.link(link(names[i - 1] + "_area", 0.5, 0).build());
				center.link(link(names[i - 1] + "_center", 1, l[1] - sp.lines[i - 1][1]).build());
			}
			c.param("area", area.build());
			c.param("center", center.build());
			if (sp.family == XpsStressGenerator.Family.VOIGT) {
				c.shape("VOIGT");
				double fl = sp.mix * l[2], a = l[2] - 0.5346 * fl;
				double fg = Math.sqrt(Math.max(a * a - 0.2166 * fl * fl, 1e-6));
				c.param("sigma", width(mode, i, fg / XpsEnsemble.FWHM_PER_SIGMA, "sigma"));
				c.param("gamma", fixed(0.5 * fl));
			}
			else {
				c.shape(sp.family == XpsStressGenerator.Family.GL_SUM ? "GL_SUM" : "GL_PRODUCT");
				c.param("fwhm", width(mode, i, l[2], "fwhm"));
				c.param("mix", fixed(sp.mix));
			}
			t.component(c.build());
		}
		if (mode.equals("ck")) {
			double w = sp.family == XpsStressGenerator.Family.VOIGT ? 1 / XpsEnsemble.FWHM_PER_SIGMA : 1;
			t.extra("ck", XpsTemplate.Setting.builder().value(0.4 * w).min(0.0).max(1.4 * w).build());
		}
		return t.build();
	}

	static XpsTemplate.Setting width(String mode, int line, double truth, String p) {
		if (mode.equals("fixed")) return fixed(truth);
		// 2p1/2 = own 2p3/2 + shared broadening (in the width's units)
		if (mode.equals("ck") && line % 2 == 1) return XpsTemplate.Setting.builder().vary(true).link(link(new String[] {
			"Ti4+", "Ti4+b", "Ti3+", "Ti3+b"}[line - 1] + "_" + p, 1, 0).by("ck").build()).build();
		return XpsTemplate.Setting.builder().value(truth * 1.1).min(0.2 * truth).max(3 * truth).vary(true).build();
	}

	static XpsTemplate.Setting fixed(double v) {
		return XpsTemplate.Setting.builder().value(v).vary(false).build();
	}

	static XpsTemplate.LinkSpec.Builder link(String ref, double factor, double offset) {
		return XpsTemplate.LinkSpec.builder().ref(ref).factor(factor).offset(offset);
	}

	@Test
	void perSeed() throws IOException {
		String out = System.getProperty("diag.oracle");
		if (out == null) return;
		int seeds = Integer.getInteger("diag.seeds", 100);
		boolean ens = !Boolean.getBoolean("diag.noensemble");
		String preset = System.getProperty("diag.preset", "ti2p");
		XpsTemplate t = preset.endsWith(".json") ? XpsTemplate.load(Path.of(preset)) : XpsTemplate.preset(preset);
		try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out)))) {
			w.println("counts,seed,step,family,mix,charging,w4,ratio,ck4,ck3,shift,slope,stepH,base,truth,"
				+ "oracle,oracle_sd,ens,ens_stat,ens_model,winner,winner_w,robust,robust_sd,variants");
			for (String c : System.getProperty("diag.counts", "1e3,1e4,1e5").split(",")) {
				double counts = Double.parseDouble(c);
				for (int s = 0; s < seeds; s++) {
					long seed = 7919L * s + (long) Math.log10(counts) * 104729L;
					Random r = new Random(seed ^ 0x5DEECE66DL);
					double f = 0.05 + 0.55 * r.nextDouble();
					double step = s % 2 == 0 ? 0.05 : 0.1;
					boolean b1s = preset.contains("b1s");
					String state = b1s ? "B2O3" : "Ti3+";
					XpsStressGenerator.Spectrum sp = b1s ? XpsStressGenerator.b1s(seed, f, counts, step) : XpsStressGenerator.ti2p(seed, f, counts, step);
					XpsFitResult.State o = b1s ? XpsFit.fit(sp.be, sp.counts, t, new XpsFit.Options()).state(state)
						: XpsFit.fit(sp.be, sp.counts, oracle(sp), new XpsFit.Options()).state(state);
					double[][] l = sp.lines;
					String ensPart = ",,,,", variants = "";
					if (ens) {
						XpsEnsemble.Result er = XpsEnsemble.fit(sp.be, sp.counts, t, new XpsFit.Options());
						int k = er.stateIndex(state);
						ensPart = String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%s,%.3f", er.fraction[k], er.fractionSdStat[k],
							er.fractionSdModel[k], er.modelChoice(), er.weight[er.best]);
						// every variant: name fraction sd aic reduced-chi2 converged
						StringBuilder v = new StringBuilder();
						for (int i = 0; i < er.fits.size(); i++) {
							XpsFitResult fi = er.fits.get(i);
							XpsFitResult.State st = fi.state(state);
							v.append(String.format(Locale.ROOT, "%s %.5f %.5f %.3f %.4f %b %d|", er.variants.get(i), st == null ? Double.NaN : st.fraction,
								st == null ? Double.NaN : st.fractionSd(), XpsEnsemble.bic(fi), fi.fit.reducedChiSquare(), fi.fit.converged(), fi.fit.nFree()));
						}
						variants = v.toString();
					}
					XpsFitResult.State rb = XpsFit.fit(sp.be, sp.counts, t, new XpsFit.Options().robust(true)).state(state);
					w.println(String.format(Locale.ROOT, "%.0f,%d,%.2f,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.5f,%.5f,%.5f,%s,%.5f,%.5f",
						counts, seed, step, sp.family, sp.mix, sp.charging, l[0][2], sp.widthRatio, b1s ? 0 : l[1][2] / l[0][2],
						b1s ? 0 : l[3][2] / l[2][2], b1s ? l[1][1] - l[0][1] : l[0][1] - l[2][1], sp.slope, sp.stepHeight, sp.base, f, o.fraction, o.fractionSd(),
						ensPart, rb.fraction, rb.fractionSd()) + "," + variants);
					w.flush();
				}
			}
		}
	}
}
