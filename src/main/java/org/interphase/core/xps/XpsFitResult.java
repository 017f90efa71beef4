package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;

/**
 * One fitted XPS region: the engine's {@link FitResult} plus one {@link State} per chemical state (position
 * and FWHM of its main line, area, fraction with covariance and Monte-Carlo standard deviations) and the
 * signal-to-noise ratio.
 */
public final class XpsFitResult {
	/** A chemical state's numbers. */
	public static final class State {
		public final String name;
		/** Main-line (e.g. 2p3/2) binding energy and its standard deviation, eV. */
		public final double position, positionSd;
		public final double fwhm, fwhmSd;
		/** Total area of the state's components (both doublet lines, satellites included), counts x eV. */
		public final double area, areaSd;
		public final double fraction;
		public final double fractionSdCovariance;
		/** NaN when no Monte-Carlo was run. */
		public final double fractionSdMonteCarlo;
		public final boolean atBound;

		State(String name, double position, double positionSd, double fwhm, double fwhmSd, double area, double areaSd,
			double fraction, double fracCov, double fracMc, boolean atBound)
		{
			this.name = name;
			this.position = position;
			this.positionSd = positionSd;
			this.fwhm = fwhm;
			this.fwhmSd = fwhmSd;
			this.area = area;
			this.areaSd = areaSd;
			this.fraction = fraction;
			this.fractionSdCovariance = fracCov;
			this.fractionSdMonteCarlo = fracMc;
			this.atBound = atBound;
		}

		/** The uncertainty a fraction row carries: Monte-Carlo when it was run, else the covariance. */
		public double fractionSd() {
			return Double.isNaN(fractionSdMonteCarlo) ? fractionSdCovariance : fractionSdMonteCarlo;
		}
	}

	public final FitResult fit;
	public final List<State> states;
	public final double snr;
	public final boolean lowSnr;
	public final int monteCarloConverged;
	final XpsFit.Setup setup;

	XpsFitResult(XpsFit.Setup s, FitResult f, double[] frac, double[] fracCov, double[] fracMc, int mcOk,
		double snrThreshold)
	{
		this.setup = s;
		this.fit = f;
		this.monteCarloConverged = mcOk;
		List<State> st = new ArrayList<>();
		for (int i = 0; i < s.states.size(); i++) {
			String state = s.states.get(i);
			XpsTemplate.ComponentSpec main = null;
			for (XpsTemplate.ComponentSpec c : s.specs)
				if (c.state().equals(state) && (main == null || c.name.equals(state))) main = c;
			double area = 0, areaVar = 0;
			boolean bound = false;
			for (XpsTemplate.ComponentSpec c : s.specs) {
				if (!c.state().equals(state)) continue;
				area += f.area(c.name);
				double sd = f.stderr(c.name + "_area");
				double ratio = c.doublet ? f.value(c.name + "_ratio") : 0;
				areaVar += sd * sd * (1 + ratio) * (1 + ratio);
				for (String b : f.atBound()) if (b.startsWith(c.name + "_")) bound = true;
			}
			String w = main.doublet ? "fwhm" : "fwhm";
			double fw = f.fwhm(main.name);
			double fwSd = s.params.has(main.name + "_" + w) ? f.stderr(main.name + "_" + w) : Double.NaN;
			st.add(new State(state, f.value(main.name + "_center"), f.stderr(main.name + "_center"), fw, fwSd, area,
				Math.sqrt(areaVar), frac[i], fracCov[i], fracMc == null ? Double.NaN : fracMc[i], bound));
		}
		states = Collections.unmodifiableList(st);
		double[] env = f.envelope(), bg = f.background();
		double best = 0;
		for (int i = 0; i < env.length; i++) {
			double net = env[i] - bg[i];
			double noise = Math.sqrt(Math.max(env[i], 1));
			best = Math.max(best, net / noise);
		}
		snr = best;
		lowSnr = best < snrThreshold;
	}

	public State state(String name) {
		for (State s : states) if (s.name.equals(name)) return s;
		throw new IllegalArgumentException("no state " + name);
	}

	public Model model() {
		return setup.model;
	}

	/** Best parameters (the template's parameters with fitted values). */
	public Parameters parameters() {
		return fit.parameters(setup.params);
	}

	public String backgroundKey() {
		return setup.bg.key();
	}
}
