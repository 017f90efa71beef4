package org.interphase.core.xps;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics of the stress set, off unless asked for ({@code -Ddiag.run=true}): isolate one variation of the
 * generator (diag.family, diag.noslope, diag.ratio, diag.ckmin/ckmax), a template file (diag.preset), the fast fit
 * (diag.fast) or the ensemble (diag.ensemble), seeds (diag.seeds) and counts (diag.counts). Speed: diag.speed,
 * diag.espeed. The numbers in docs/xps.md's diagnosis come from here.
 */
class XpsStressDiagTest {
	@Test
	void diag() {
		if (!Boolean.getBoolean("diag.run")) return;
		String preset = System.getProperty("diag.preset", "ti2p");
		int seeds = Integer.getInteger("diag.seeds", 60);
		XpsStressGenerator.onlyFamily = System.getProperty("diag.family") == null ? null : XpsStressGenerator.Family.valueOf(System.getProperty("diag.family"));
		XpsStressGenerator.slope0 = !Boolean.getBoolean("diag.noslope");
		XpsStressGenerator.maxWidthRatio = Double.parseDouble(System.getProperty("diag.ratio", "1.4"));
		XpsStressGenerator.maxCk = Double.parseDouble(System.getProperty("diag.ckmax", "1.5"));
		XpsStressGenerator.minCk = Double.parseDouble(System.getProperty("diag.ckmin", "1.2"));
		XpsFit.Options o = new XpsFit.Options().robust(!Boolean.getBoolean("diag.fast"));
		if (System.getProperty("diag.bg") != null) o.background(XpsFit.Background.parse(System.getProperty("diag.bg")));
		XpsStressTest.Method m = Boolean.getBoolean("diag.ensemble") ? XpsStressTest.ensemble(o) : XpsStressTest.single(o);
		for (String c : System.getProperty("diag.counts", "1e3,1e4").split(",")) {
			double counts = Double.parseDouble(c);
			XpsStressTest.Stats s = preset.contains("b1s") ? XpsStressTest.run(preset, XpsStressGenerator::b1s, "B2O3", counts, seeds, m)
				: XpsStressTest.run(preset, XpsStressGenerator::ti2p, "Ti3+", counts, seeds, m);
			System.out.println(String.format(Locale.ROOT, "DIAG %s %s: %s", System.getProperties().entrySet().stream().filter(e -> e.getKey().toString().startsWith("diag.")).map(Object::toString).sorted().reduce("", (a, b) -> a + " " + b), c, s));
		}
		XpsStressGenerator.onlyFamily = null;
		XpsStressGenerator.slope0 = true;
		XpsStressGenerator.maxWidthRatio = 1.4;
		XpsStressGenerator.maxCk = 1.5;
		XpsStressGenerator.minCk = 1.2;
	}

	@Test
	void speed() {
		if (System.getProperty("diag.speed") == null) return;
		XpsTemplate t = XpsTemplate.preset("ti2p");
		XpsStressGenerator.Spectrum[] sp = new XpsStressGenerator.Spectrum[400];
		for (int i = 0; i < sp.length; i++) sp[i] = XpsStressGenerator.ti2p(i, 0.3, 1e4, 0.1);
		XpsFit.Options o = new XpsFit.Options();
		for (int rep = 0; rep < 3; rep++) {
			long t0 = System.nanoTime();
			for (XpsStressGenerator.Spectrum s : sp) XpsFit.fit(s.be, s.counts, t, o);
			System.out.println("DIAG speed " + sp.length / ((System.nanoTime() - t0) * 1e-9) + " fits/s (1 thread)");
		}
	}

	@Test
	void ensembleSpeed() {
		if (System.getProperty("diag.espeed") == null) return;
		XpsTemplate t = XpsTemplate.preset("ti2p");
		for (int i = 0; i < 6; i++) {
			XpsStressGenerator.Spectrum s = XpsStressGenerator.ti2p(i, 0.3, 1e4, 0.1);
			long t0 = System.nanoTime();
			XpsEnsemble.Result r = XpsEnsemble.fit(s.be, s.counts, t, new XpsFit.Options());
			System.out.println("DIAG ensemble " + (System.nanoTime() - t0) * 1e-9 + " s: " + r.weights() + " Ti3+ " + r.fraction[r.stateIndex("Ti3+")] + " truth 0.3");
		}
	}
}
