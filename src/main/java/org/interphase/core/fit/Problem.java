package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model and parameter set compiled to index arrays: free parameters, their bound transforms (lmfit/MINUIT
 * style: sin for two bounds, sqrt for one), link order, and which components each free parameter touches.
 * Package-private machinery of {@link Fitter}; immutable after construction, evaluation buffers live in
 * {@link Evaluator}.
 */
final class Problem {
	final Model model;
	final Component[] comps;
	final String[] names;
	final double[] init;
	final double[] min, max;
	final int[][] compIdx;
	final int[] free;
	final Map<String, Integer> index = new HashMap<>();
	/** Per parameter: its link (null when independent) and whether it varies, as given (for the report). */
	final Link[] links;
	final boolean[] varies;
	// links in dependency order
	final int[] linkTarget, linkRef, linkBy;
	final double[] linkFactor, linkOffset, linkByFactor;
	/** per free parameter: affected component flags */
	final boolean[][] affects;
	final boolean hasPeakSumBackground;

	Problem(Model model, Parameters params) {
		this.model = model;
		List<Parameter> ps = new ArrayList<>(params.all());
		int np = ps.size();
		names = new String[np];
		init = new double[np];
		min = new double[np];
		max = new double[np];
		links = new Link[np];
		varies = new boolean[np];
		for (int i = 0; i < np; i++) {
			Parameter p = ps.get(i);
			links[i] = p.link;
			varies[i] = p.vary;
			names[i] = p.name;
			index.put(p.name, i);
			min[i] = p.min;
			max[i] = p.max;
			double v = p.value;
			if (!Double.isFinite(v)) throw new IllegalArgumentException("parameter " + p.name + " has no finite value");
			init[i] = p.isFree() ? Math.min(Math.max(v, p.min), p.max) : v;
		}
		comps = model.components().toArray(new Component[0]);
		compIdx = new int[comps.length][];
		List<String> missing = new ArrayList<>();
		boolean psb = false;
		for (int c = 0; c < comps.length; c++) {
			List<String> ln = comps[c].parameterNames();
			compIdx[c] = new int[ln.size()];
			for (int k = 0; k < ln.size(); k++) {
				Integer ix = index.get(comps[c].prefix() + ln.get(k));
				if (ix == null) missing.add(comps[c].prefix() + ln.get(k));
				else compIdx[c][k] = ix;
			}
			if (comps[c] instanceof PeakSumBackground) psb = true;
		}
		hasPeakSumBackground = psb;
		if (!missing.isEmpty()) throw new IllegalArgumentException("parameters missing for the model: " + missing);
		List<Integer> fr = new ArrayList<>();
		for (int i = 0; i < np; i++) if (ps.get(i).isFree()) fr.add(i);
		free = fr.stream().mapToInt(Integer::intValue).toArray();
		// link order by depth-first resolution
		List<Integer> order = new ArrayList<>();
		int[] state = new int[np];
		for (int i = 0; i < np; i++) visit(i, ps, state, order);
		int nl = order.size();
		linkTarget = new int[nl];
		linkRef = new int[nl];
		linkBy = new int[nl];
		linkFactor = new double[nl];
		linkOffset = new double[nl];
		linkByFactor = new double[nl];
		for (int l = 0; l < nl; l++) {
			Parameter p = ps.get(order.get(l));
			linkTarget[l] = order.get(l);
			linkRef[l] = index.get(p.link.ref);
			linkBy[l] = p.link.by == null ? -1 : index.get(p.link.by);
			linkFactor[l] = p.link.factor;
			linkOffset[l] = p.link.offset;
			linkByFactor[l] = p.link.byFactor;
		}
		// structural dependence of parameters on each free parameter
		affects = new boolean[free.length][comps.length];
		for (int j = 0; j < free.length; j++) {
			boolean[] infl = new boolean[np];
			infl[free[j]] = true;
			for (int l = 0; l < nl; l++)
				if (infl[linkRef[l]] || (linkBy[l] >= 0 && infl[linkBy[l]])) infl[linkTarget[l]] = true;
			boolean peak = false;
			for (int c = 0; c < comps.length; c++) {
				for (int k : compIdx[c]) if (infl[k]) affects[j][c] = true;
				if (affects[j][c] && comps[c].isPeak()) peak = true;
			}
			if (peak) for (int c = 0; c < comps.length; c++) if (comps[c] instanceof PeakSumBackground) affects[j][c] = true;
		}
	}

	private void visit(int i, List<Parameter> ps, int[] state, List<Integer> order) {
		if (state[i] == 2) return;
		Parameter p = ps.get(i);
		if (state[i] == 1) throw new IllegalArgumentException("circular link involving parameter " + p.name);
		state[i] = 1;
		if (p.link != null) {
			Integer r = index.get(p.link.ref);
			if (r == null) throw new IllegalArgumentException(p.name + " is linked to unknown parameter " + p.link.ref);
			visit(r, ps, state, order);
			if (p.link.by != null) {
				Integer b = index.get(p.link.by);
				if (b == null) throw new IllegalArgumentException(p.name + " is linked to unknown parameter " + p.link.by);
				visit(b, ps, state, order);
			}
			order.add(i);
		}
		state[i] = 2;
	}

	int nFree() {
		return free.length;
	}

	// ---- bound transforms (external p <-> internal u) ----

	double toExternal(int j, double u) {
		int i = free[j];
		double lo = min[i], hi = max[i];
		boolean fl = lo > Double.NEGATIVE_INFINITY, fh = hi < Double.POSITIVE_INFINITY;
		if (fl && fh) return lo + (Math.sin(u) + 1) * (hi - lo) / 2;
		if (fl) return lo - 1 + Math.sqrt(u * u + 1);
		if (fh) return hi + 1 - Math.sqrt(u * u + 1);
		return u;
	}

	double toInternal(int j, double p) {
		int i = free[j];
		double lo = min[i], hi = max[i];
		boolean fl = lo > Double.NEGATIVE_INFINITY, fh = hi < Double.POSITIVE_INFINITY;
		if (fl && fh) {
			if (hi == lo) return 0;
			return Math.asin(Math.max(-1, Math.min(1, 2 * (p - lo) / (hi - lo) - 1)));
		}
		if (fl) return Math.sqrt(Math.max(0, (p - lo + 1) * (p - lo + 1) - 1));
		if (fh) return Math.sqrt(Math.max(0, (hi - p + 1) * (hi - p + 1) - 1));
		return p;
	}

	/** dp/du at internal value u. */
	double derivative(int j, double u) {
		int i = free[j];
		double lo = min[i], hi = max[i];
		boolean fl = lo > Double.NEGATIVE_INFINITY, fh = hi < Double.POSITIVE_INFINITY;
		if (fl && fh) return Math.cos(u) * (hi - lo) / 2;
		if (fl) return u / Math.sqrt(u * u + 1);
		if (fh) return -u / Math.sqrt(u * u + 1);
		return 1;
	}

	double[] internalStart() {
		double[] u = new double[free.length];
		for (int j = 0; j < free.length; j++) u[j] = toInternal(j, init[free[j]]);
		return u;
	}

	/** All parameter values from external free values. */
	void valuesFromFree(double[] pf, double[] v) {
		System.arraycopy(init, 0, v, 0, v.length);
		for (int j = 0; j < free.length; j++) v[free[j]] = pf[j];
		for (int l = 0; l < linkTarget.length; l++)
			v[linkTarget[l]] = linkFactor[l] * v[linkRef[l]] + linkOffset[l] + (linkBy[l] >= 0 ? linkByFactor[l] * v[linkBy[l]] : 0);
	}

	/** All parameter values from internal free values. */
	void values(double[] u, double[] v) {
		double[] pf = new double[free.length];
		for (int j = 0; j < free.length; j++) pf[j] = toExternal(j, u[j]);
		valuesFromFree(pf, v);
	}

	boolean atBound(int j, double p) {
		int i = free[j];
		double lo = min[i], hi = max[i];
		boolean fl = lo > Double.NEGATIVE_INFINITY, fh = hi < Double.POSITIVE_INFINITY;
		if (fl && fh) return Math.min(p - lo, hi - p) <= 1e-3 * (hi - lo);
		if (fl) return p - lo <= 1e-6 * Math.max(1, Math.abs(lo));
		if (fh) return hi - p <= 1e-6 * Math.max(1, Math.abs(hi));
		return false;
	}

	/** Evaluation buffers for one thread. */
	final class Evaluator {
		final double[] x;
		final double[][] curves;
		final double[] peakSum;
		final double[] scratchPeakSum;
		final double[][] local, localCur;
		final double[] tmp;

		Evaluator(double[] x) {
			this.x = x;
			curves = new double[comps.length][x.length];
			peakSum = new double[x.length];
			scratchPeakSum = new double[x.length];
			tmp = new double[x.length];
			local = new double[comps.length][];
			localCur = new double[comps.length][];
			for (int c = 0; c < comps.length; c++) {
				local[c] = new double[compIdx[c].length];
				localCur[c] = new double[compIdx[c].length];
			}
		}

		private double[] localValues(int c, double[] v) {
			double[] l = local[c];
			int[] ix = compIdx[c];
			for (int k = 0; k < ix.length; k++) l[k] = v[ix[k]];
			return l;
		}

		/** Evaluates every component into curves and the peak sum. */
		void full(double[] v) {
			Arrays.fill(peakSum, 0);
			for (int c = 0; c < comps.length; c++) {
				if (comps[c] instanceof PeakSumBackground) continue;
				Arrays.fill(curves[c], 0);
				comps[c].addTo(x, localValues(c, v), curves[c]);
				System.arraycopy(local[c], 0, localCur[c], 0, local[c].length);
				if (comps[c].isPeak()) for (int i = 0; i < x.length; i++) peakSum[i] += curves[c][i];
			}
			for (int c = 0; c < comps.length; c++) {
				if (!(comps[c] instanceof PeakSumBackground)) continue;
				Arrays.fill(curves[c], 0);
				((PeakSumBackground) comps[c]).addTo(x, localValues(c, v), peakSum, curves[c]);
			}
		}

		/** Sum of all curves into out (after {@link #full}). */
		void total(double[] out) {
			Arrays.fill(out, 0);
			for (double[] cv : curves) for (int i = 0; i < out.length; i++) out[i] += cv[i];
		}

		/**
		 * Adds to col the model at perturbed values v2 minus the current model (after full(v)), evaluating only
		 * components affected by free parameter j.
		 */
		void delta(int j, double[] v2, double[] col, double sign) {
			boolean[] a = affects[j];
			System.arraycopy(peakSum, 0, scratchPeakSum, 0, x.length);
			for (int c = 0; c < comps.length; c++) {
				if (!a[c] || comps[c] instanceof PeakSumBackground) continue;
				double[] l2 = localValues(c, v2), l1 = localCur[c];
				int changed = -1, nChanged = 0;
				for (int k = 0; k < l2.length; k++) if (l2[k] != l1[k]) {
					changed = k;
					nChanged++;
				}
				double[] cur = curves[c];
				if (nChanged == 0) continue;
				if (nChanged == 1 && l1[changed] != 0 && comps[c].linearIn(changed)) {
					// proportional to this parameter: scale the current curve instead of re-evaluating it
					double f = l2[changed] / l1[changed];
					for (int i = 0; i < x.length; i++) tmp[i] = cur[i] * f;
				}
				else {
					Arrays.fill(tmp, 0);
					comps[c].addTo(x, l2, tmp);
				}
				for (int i = 0; i < x.length; i++) {
					double d = tmp[i] - cur[i];
					col[i] += sign * d;
					if (comps[c].isPeak()) scratchPeakSum[i] += d;
				}
			}
			for (int c = 0; c < comps.length; c++) {
				if (!a[c] || !(comps[c] instanceof PeakSumBackground)) continue;
				Arrays.fill(tmp, 0);
				((PeakSumBackground) comps[c]).addTo(x, localValues(c, v2), scratchPeakSum, tmp);
				double[] cur = curves[c];
				for (int i = 0; i < x.length; i++) col[i] += sign * (tmp[i] - cur[i]);
			}
		}
	}
}
