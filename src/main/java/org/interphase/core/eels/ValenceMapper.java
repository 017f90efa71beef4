package org.interphase.core.eels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;
import org.interphase.core.data.Axis;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.fit.SmallMatrix;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.Flags;
import org.interphase.core.param.Setting;

/**
 * The whole Ti3+/Ti4+ chain over the spectra of a line scan or spectrum image (n spectra of equal length in one
 * array, C order): find the Ti L2,3 edge, align energies per spectrum, choose the pre-edge and fit windows,
 * fit and subtract a power-law background per spectrum, then either MLLS of Ti3+ / Ti4+ references (with an
 * optional energy shift common to both references) or the reference-free L3 centroid; integrated Ti L and
 * O K intensities for locating the interface. Spectra are independent and run in parallel.
 */
public final class ValenceMapper {
	private ValenceMapper() {}

	public enum Method { MLLS, L3_SHIFT }

	public enum Align { AUTO, ZLP, O_K, TI_L, NONE }

	/** AUTO: COMMON when the spectra were aligned, PER_SPECTRUM otherwise; NONE: references used as calibrated; COMMON: one shift of the references for the whole scan (fitted on the
	 * sum of the Ti spectra); PER_SPECTRUM: each spectrum fits its own shift. */
	public enum ShiftMode { AUTO, NONE, COMMON, PER_SPECTRUM }

	public static final class Options {
		// the user-facing settings, declared once: dialog, command line, docs and the defaults below come from here
		public static final Setting METHOD = Setting.choice("method", "mlls", "mlls: fit of the references; " +
			"l3-shift: reference-free L3 centroid between the calibration energies l3-ti3 and l3-ti4", Method.class);
		public static final Setting ALIGN = Setting.choice("align", "auto", "energy alignment per spectrum: zero-loss " +
			"peak of the low-loss scan, O K edge, Ti L edge (removes chemical shifts), none; auto = zlp if a low-loss " +
			"scan is given, else o-k if present, else none", Align.class);
		public static final Setting SHIFT = Setting.choice("shift", "auto", "energy shift of the references: common " +
			"(one for the scan), per-spectrum, none; auto = common when aligned, per-spectrum otherwise", ShiftMode.class);
		public static final Setting MAX_SHIFT = Setting.number("max-shift", 1.5, "eV", "largest fitted reference " +
			"shift around the coarse offset").positive(10);
		public static final Setting REF_BROADENING = Setting.number("ref-broadening", Double.NaN, "eV", "Gaussian " +
			"FWHM applied to the references to match the scan's energy resolution (empty: chosen by the fit among " +
			"0-2 eV)").range(0, 5);
		public static final Setting L3_TI3 = Setting.number("l3-ti3", Double.NaN, "eV", "L3 centroid of pure Ti3+ for " +
			"--method l3-shift (empty: from the references)");
		public static final Setting L3_TI4 = Setting.number("l3-ti4", Double.NaN, "eV", "L3 centroid of pure Ti4+ for " +
			"--method l3-shift (empty: from the references)");
		/** The inverse of {@link #jointBackground}. */
		public static final Setting SEPARATE_BACKGROUND = Setting.flag("separate-background", "subtract the pre-edge " +
			"power law and fit only the edge window (without it: refine the background jointly, so its uncertainty " +
			"enters the fraction's)");

		public final Method method;
		public final Align align;
		public final ShiftMode shift;
		/** Refine the background jointly with the references over pre-edge + fit window (its uncertainty then
		 * enters the fraction's); false: subtract the pre-edge fit and fit the edge window only. */
		public final boolean jointBackground;
		/** Largest fitted reference shift, eV. */
		public final double maxShift;
		/** Range of the coarse calibration offset between scan and references, eV (0: none). */
		public final double coarseRange;
		/** Gaussian FWHM (eV) applied to the references; NaN: chosen by the fit among 0-2 eV. */
		public final double referenceBroadening;
		/** Largest alignment shift searched by cross-correlation, eV. */
		public final double maxAlign;
		/** {start, end} eV or null for automatic (arrays are shared with the builder, not copied: never changed). */
		public final double[] backgroundWindow, fitWindow, l3Window;
		/** L3 centroids of pure Ti3+ / Ti4+ for the L3 method (NaN: from the references). */
		public final double l3Ti3, l3Ti4;
		/** L3-window intensity of pure Ti3+ over pure Ti4+ (NaN: from the references, else 1). */
		public final double l3Ratio;
		public final int threads;
		/** Spectra per row of a spectrum image (C order, y slowest); 0 for a line scan. Used by the drift model. */
		public final int rowLength;
		/** Take the references from the scan itself: {first, last} position (inclusive) for Ti3+ and for Ti4+; the
		 * aligned spectra of each range are summed. Null: references are given. Shared, not copied. */
		public final int[][] referencePositions;

		/** The defaults, from the declared settings. */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			method = b.method;
			align = b.align;
			shift = b.shift;
			jointBackground = b.jointBackground;
			maxShift = b.maxShift;
			coarseRange = b.coarseRange;
			referenceBroadening = b.referenceBroadening;
			maxAlign = b.maxAlign;
			backgroundWindow = b.backgroundWindow;
			fitWindow = b.fitWindow;
			l3Window = b.l3Window;
			l3Ti3 = b.l3Ti3;
			l3Ti4 = b.l3Ti4;
			l3Ratio = b.l3Ratio;
			threads = b.threads;
			rowLength = b.rowLength;
			referencePositions = b.referencePositions;
		}

		/** A builder holding the defaults. */
		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of these options. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		/** Changes some of the options; {@link #build} makes the immutable options. */
		public static final class Builder {
			private Method method = Setting.constant(Method.class, METHOD.defaultText);
			private Align align = Setting.constant(Align.class, ALIGN.defaultText);
			private ShiftMode shift = Setting.constant(ShiftMode.class, SHIFT.defaultText);
			private boolean jointBackground = !Boolean.parseBoolean(SEPARATE_BACKGROUND.defaultText);
			private double maxShift = MAX_SHIFT.number();
			private double coarseRange = 6;
			private double referenceBroadening = REF_BROADENING.number();
			private double maxAlign = 2.0;
			private double[] backgroundWindow, fitWindow, l3Window;
			private double l3Ti3 = L3_TI3.number(), l3Ti4 = L3_TI4.number();
			private double l3Ratio = Double.NaN;
			private int threads = 1;
			private int rowLength;
			private int[][] referencePositions;

			Builder() {}

			Builder(Options o) {
				method = o.method;
				align = o.align;
				shift = o.shift;
				jointBackground = o.jointBackground;
				maxShift = o.maxShift;
				coarseRange = o.coarseRange;
				referenceBroadening = o.referenceBroadening;
				maxAlign = o.maxAlign;
				backgroundWindow = o.backgroundWindow;
				fitWindow = o.fitWindow;
				l3Window = o.l3Window;
				l3Ti3 = o.l3Ti3;
				l3Ti4 = o.l3Ti4;
				l3Ratio = o.l3Ratio;
				threads = o.threads;
				rowLength = o.rowLength;
				referencePositions = o.referencePositions;
			}

			public Builder method(Method v) {
				method = v;
				return this;
			}

			public Builder align(Align v) {
				align = v;
				return this;
			}

			public Builder shift(ShiftMode v) {
				shift = v;
				return this;
			}

			public Builder jointBackground(boolean v) {
				jointBackground = v;
				return this;
			}

			public Builder maxShift(double v) {
				maxShift = v;
				return this;
			}

			public Builder coarseRange(double v) {
				coarseRange = v;
				return this;
			}

			public Builder referenceBroadening(double v) {
				referenceBroadening = v;
				return this;
			}

			public Builder maxAlign(double v) {
				maxAlign = v;
				return this;
			}

			public Builder backgroundWindow(double[] v) {
				backgroundWindow = v;
				return this;
			}

			public Builder fitWindow(double[] v) {
				fitWindow = v;
				return this;
			}

			public Builder l3Window(double[] v) {
				l3Window = v;
				return this;
			}

			public Builder l3Ti3(double v) {
				l3Ti3 = v;
				return this;
			}

			public Builder l3Ti4(double v) {
				l3Ti4 = v;
				return this;
			}

			public Builder l3Ratio(double v) {
				l3Ratio = v;
				return this;
			}

			public Builder threads(int v) {
				threads = v;
				return this;
			}

			public Builder rowLength(int v) {
				rowLength = v;
				return this;
			}

			public Builder referencePositions(int[][] v) {
				referencePositions = v;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/** A spectrum set: n spectra of energy.length channels. */
	public static final class Spectra {
		public final double[] data;
		public final int n;
		public final double[] energy;

		public Spectra(double[] data, int n, double[] energy) {
			if ((long) n * energy.length != data.length) throw new IllegalArgumentException(n + " spectra of " +
				energy.length + " channels do not fill " + data.length + " values");
			this.data = data;
			this.n = n;
			this.energy = energy;
		}
	}

	public static final class Result {
		public final int n;
		public final double[] fraction, fractionSd, chi2r, shift, alignShift, fittedShift, tiIntensity, tiSd,
			oIntensity, exponent;
		public final String[] flags;
		public final boolean[] tiPresent;
		public final PowerLawBackground[] background;
		public final double[][] coefficients;
		/** Per spectrum {bgScale, bgExponent} of the joint background refinement (see {@link Mlls.Fit}). */
		public final double[][] fits;
		public final double onset, oOnset, commonShift, commonShiftSd;
		public final double[] backgroundWindow, fitWindow, l3Window;
		public final double l3Ti3, l3Ti4, l3Ratio;
		public final String alignedBy;
		public final double referenceBroadening;
		/** Reference-mismatch and alignment uncertainty of the fraction (see {@link ReferenceMismatch}) at the mean
		 * fraction of the lower and the upper half of the spectra: {fLow, sdLow, fHigh, sdHigh}; null when not
		 * estimated. Included in {@link #fractionSd}. */
		public final double[] systematic;
		/** At least one reference was used as given, without a background of its own. */
		public final boolean referencesWithoutBackground;
		public final ShiftMode shiftMode;
		public final Reference[] references;
		/** The references before the broadening chosen (null when not matched). */
		public final Reference[] unbroadened;
		/** Unmodifiable. */
		public final List<String> warnings;

		/** The result as the chain left it; the per-spectrum arrays are shared with the builder, not copied. */
		private Result(Builder b) {
			n = b.n;
			fraction = b.fraction;
			fractionSd = b.fractionSd;
			chi2r = b.chi2r;
			shift = b.shift;
			alignShift = b.alignShift;
			fittedShift = b.fittedShift;
			tiIntensity = b.tiIntensity;
			tiSd = b.tiSd;
			oIntensity = b.oIntensity;
			exponent = b.exponent;
			flags = b.flags;
			tiPresent = b.tiPresent;
			background = b.background;
			coefficients = b.coefficients;
			fits = b.fits;
			onset = b.onset;
			oOnset = b.oOnset;
			commonShift = b.commonShift;
			commonShiftSd = b.commonShiftSd;
			backgroundWindow = b.backgroundWindow;
			fitWindow = b.fitWindow;
			l3Window = b.l3Window;
			l3Ti3 = b.l3Ti3;
			l3Ti4 = b.l3Ti4;
			l3Ratio = b.l3Ratio;
			alignedBy = b.alignedBy;
			referenceBroadening = b.referenceBroadening;
			systematic = b.systematic;
			referencesWithoutBackground = b.referencesWithoutBackground;
			shiftMode = b.shiftMode;
			references = b.references;
			unbroadened = b.unbroadened;
			warnings = List.copyOf(b.warnings);
		}

		/** A builder holding every field of this result (arrays shared). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The result being filled by the steps of one run; {@link #build} gives the immutable result. */
		static final class Builder {
			final int n;
			final double[] fraction, fractionSd, chi2r, shift, alignShift, fittedShift, tiIntensity, tiSd, oIntensity,
				exponent;
			final String[] flags;
			final boolean[] tiPresent;
			final PowerLawBackground[] background;
			final double[][] coefficients;
			final double[][] fits;
			double onset, oOnset = Double.NaN, commonShift, commonShiftSd;
			double[] backgroundWindow, fitWindow, l3Window;
			double l3Ti3 = Double.NaN, l3Ti4 = Double.NaN, l3Ratio = 1;
			String alignedBy = "none";
			double referenceBroadening;
			double[] systematic;
			boolean referencesWithoutBackground;
			ShiftMode shiftMode;
			Reference[] references;
			Reference[] unbroadened;
			final List<String> warnings = new ArrayList<>();

			Builder(int n) {
				this.n = n;
				fraction = nan(n);
				fractionSd = nan(n);
				chi2r = nan(n);
				shift = new double[n];
				alignShift = new double[n];
				fittedShift = new double[n];
				tiIntensity = new double[n];
				tiSd = new double[n];
				oIntensity = nan(n);
				exponent = nan(n);
				flags = new String[n];
				Arrays.fill(flags, "");
				tiPresent = new boolean[n];
				background = new PowerLawBackground[n];
				coefficients = new double[n][];
				fits = new double[n][];
			}

			Builder(Result r) {
				n = r.n;
				fraction = r.fraction;
				fractionSd = r.fractionSd;
				chi2r = r.chi2r;
				shift = r.shift;
				alignShift = r.alignShift;
				fittedShift = r.fittedShift;
				tiIntensity = r.tiIntensity;
				tiSd = r.tiSd;
				oIntensity = r.oIntensity;
				exponent = r.exponent;
				flags = r.flags;
				tiPresent = r.tiPresent;
				background = r.background;
				coefficients = r.coefficients;
				fits = r.fits;
				onset = r.onset;
				oOnset = r.oOnset;
				commonShift = r.commonShift;
				commonShiftSd = r.commonShiftSd;
				backgroundWindow = r.backgroundWindow;
				fitWindow = r.fitWindow;
				l3Window = r.l3Window;
				l3Ti3 = r.l3Ti3;
				l3Ti4 = r.l3Ti4;
				l3Ratio = r.l3Ratio;
				alignedBy = r.alignedBy;
				referenceBroadening = r.referenceBroadening;
				systematic = r.systematic;
				referencesWithoutBackground = r.referencesWithoutBackground;
				shiftMode = r.shiftMode;
				references = r.references;
				unbroadened = r.unbroadened;
				warnings.addAll(r.warnings);
			}

			Result build() {
				return new Result(this);
			}

			private static double[] nan(int n) {
				double[] a = new double[n];
				Arrays.fill(a, Double.NaN);
				return a;
			}
		}
	}

	/**
	 * @param low low-loss spectra (same n) for zero-loss alignment, or null
	 * @param references {Ti3+, Ti4+} as {energy[], counts[]} each, or null (required by MLLS)
	 * @throws IllegalArgumentException with a user-facing message (no Ti edge, references out of range ...)
	 */
	public static Result run(Spectra s, Spectra low, double[][][] references, Options o, Progress progress) {
		return run(SpectrumTiles.of(s.data, s.n, 1, new Axis("energy", s.energy, "eV")), low == null ? null
			: SpectrumTiles.of(low.data, low.n, 1, new Axis("energy", low.energy, "eV")), references, o, progress);
	}

	/**
	 * The chain over spectra read in tiles (a spectrum image larger than memory, a few rows at a time): every step
	 * visits the tiles in order, so the result is the same to the bit as with the spectra in one array. The low-loss
	 * scan (same spectra, or null) is read in tiles too: a streamed core-loss image usually has a streamed low-loss
	 * one beside it.
	 */
	public static Result run(SpectrumTiles s, SpectrumTiles low, double[][][] references, Options o,
		Progress progress)
	{
		Run r = new Run(s, low, references, o, progress);
		r.findEdges();
		r.align();
		r.chooseWindows();
		r.prepareReferences();
		r.sumTiSpectra();
		r.matchReferences();
		r.calibrateL3();
		r.backgroundsAndIntensities();
		r.markTiPresence();
		r.fitSpectra();
		r.finish();
		return r.res.build();
	}

	/** A tile of spectra first to first + count - 1, spectrum i at y[base + i * channels]. */
	private interface Tile {
		void accept(double[] y, int base, int first, int count);
	}

	/** One run of the chain: the input, the state passed from step to step, and the result being filled. */
	private static final class Run {
		final SpectrumTiles src;
		final SpectrumTiles low;
		final Options o;
		final Progress pr;
		final int n, ch;
		final double[] e;
		final Result.Builder res;
		final boolean[] usable;
		/** The references as given (or taken from the scan). */
		double[][][] references;
		EdgeFinder.Edge ti, ok;
		/** Per-spectrum Ti jump (for choosing spectra to align on and to fit) and its largest value. */
		double[] quickTi;
		double maxTi;
		/** O K or Ti L alignment: each spectrum's jump at that edge, the largest, and the smoothed derivatives of the
		 * alignment window (null where not taken; all null when the window is too short to align). */
		double[] alignJump;
		double maxAlignJump;
		double[][] derivatives;
		/** The alignment used (AUTO resolved) and the reference shift mode (AUTO resolved). */
		Align used;
		ShiftMode shiftMode;
		/** Spectra with a clear Ti edge, and their aligned sum. */
		boolean[] tiUse;
		double[] sum;
		/** The references could only be prepared at their own edge: only a successful match makes them usable. */
		boolean bestOnly;
		IllegalArgumentException referenceError;

		Run(SpectrumTiles s, SpectrumTiles low, double[][][] references, Options o, Progress progress) {
			this.src = s;
			this.low = low;
			this.references = references;
			this.o = o;
			this.pr = progress == null ? Progress.NONE : progress;
			if (s.pixels() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(s.pixels() + " spectra are too many");
			n = (int) s.pixels();
			e = s.channelAxis().values();
			ch = e.length;
			res = new Result.Builder(n);
			usable = new boolean[n];
			if (ch < 20) throw new IllegalArgumentException("spectra have only " + ch + " channels");
			if (e[ch - 1] <= e[0]) throw new IllegalArgumentException("the energy axis does not increase");
		}

		/** The tiles of rows in order, for a step on this thread: spectrum i of a tile at y[base + i * ch]. */
		void forTiles(Tile body) {
			forTiles(body, false);
		}

		/**
		 * The tiles of rows in order (spectrum i of a tile at y[base + i * ch]), for a step that spreads each tile over
		 * the threads when parallel. A streamed source read on one thread is read in tiles of about
		 * {@link #CACHED_TILE} bytes: the step then finds the tile in the cache where it was just decoded (a step on
		 * several threads takes the memory's tiles, as each tile starts a pool of threads).
		 */
		void forTiles(Tile body, boolean parallel) {
			forTiles(src, body, parallel, 0, ch);
		}

		/**
		 * {@link #forTiles(Tile, boolean)} over the spectra of src (the scan, or the low-loss scan), for a step that
		 * uses only channels [from, to) of each spectrum (the others of the tile may hold anything).
		 */
		void forTiles(SpectrumTiles src, Tile body, boolean parallel, int from, int to) {
			int rows = src.rows(), columns = src.columns(), ch = src.channels(), t = SpectrumTiles.tileRows(src);
			if (src.streamed() && !(parallel && o.threads > 1) && Integer.getInteger(SpectrumTiles.TILE_ROWS_PROPERTY)
				== null) t = (int) Math.max(1, Math.min(t, CACHED_TILE / ((long) columns * ch * 8)));
			double[] buf = src.streamed() ? new double[Math.min(t, rows) * columns * ch] : null;
			boolean all = from <= 0 && to >= ch;
			for (int row = 0; row < rows; row += t) {
				int count = Math.min(t, rows - row), first = row * columns;
				double[] y = all ? src.read(row, count, buf) : src.read(row, count, buf, from, to);
				body.accept(y, (int) (src.offset(row) - (long) first * ch), first, count * columns);
			}
		}

		/**
		 * Empty and saturated spectra flagged; the Ti L (required) and O K edges of the mean; the alignment; each Ti
		 * jump (and, to align on an edge, the jumps and window derivatives there).
		 */
		void findEdges() {
			double[] mean = new double[ch];
			int[] nUsable = { 0 };
			forTiles((y, base, first, count) -> nUsable[0] += usableSum(y, base, first, count, ch, res, usable, mean));
			if (nUsable[0] == 0) throw new IllegalArgumentException("all spectra are empty");
			for (int k = 0; k < ch; k++) mean[k] /= nUsable[0];
			ti = EdgeFinder.find(mean, e, EdgeFinder.TI_L_LO, EdgeFinder.TI_L_HI, 8);
			if (ti == null) throw new IllegalArgumentException("no Ti L2,3 edge found between " + (int) EdgeFinder.TI_L_LO +
				" and " + (int) EdgeFinder.TI_L_HI + " eV (the data cover " + Reference.fmt(e[0]) + "-" + Reference.fmt(
					e[ch - 1]) + " eV)");
			res.onset = ti.onset;
			ok = EdgeFinder.find(mean, e, EdgeFinder.O_K_LO, EdgeFinder.O_K_HI, 8);
			if (ok != null) res.oOnset = ok.onset;
			pr.update(0.05, "Ti L edge at " + Reference.fmt(ti.onset) + " eV");
			used = alignment();
			jumps();
		}

		/** The alignment asked for, AUTO resolved: zero-loss with a low-loss scan, else the O K edge when present. */
		private Align alignment() {
			Align a = o.align;
			if (a == Align.AUTO) a = low != null ? Align.ZLP : ok != null ? Align.O_K : Align.NONE;
			if (a == Align.ZLP) {
				if (low == null) throw new IllegalArgumentException("zero-loss alignment needs a low-loss scan");
				if (low.pixels() != n) throw new IllegalArgumentException("the low-loss scan has " + low.pixels() +
					" spectra but the core-loss scan " + n);
			}
			else if (a == Align.O_K && ok == null) throw new IllegalArgumentException("no O K edge in the data to align on");
			return a;
		}

		/**
		 * One pass over the spectra: each usable one's Ti jump and, to align on the O K or Ti L edge, its jump there
		 * and the smoothed derivative of the alignment window. The spectra aligned on are those above 0.3 of the
		 * largest jump of all, so the derivatives are taken for those above 0.3 of the largest so far (which include
		 * them) and dropped in {@link #edgeShifts} for the others.
		 */
		private void jumps() {
			quickTi = new double[n];
			boolean onO = used == Align.O_K, onEdge = onO || used == Align.TI_L;
			alignJump = onO ? new double[n] : quickTi;
			derivatives = onEdge ? new double[n][] : null;
			boolean[] maybe = onEdge ? new boolean[n] : null, window = { true };
			double lo = onO ? ok.onset - 4 : ti.onset - 3, hi = onO ? ok.onset + 14 : ti.onset + 15;
			double[] max = { 0 };
			int[] used = jumpChannels(onO, onEdge, lo, hi);
			forTiles(src, (y, base, first, count) -> {
				for (int i = first; i < first + count; i++) if (usable[i]) {
					quickTi[i] = jump(y, base + i * ch, e, ti.onset, ti.steepest);
					if (onO) alignJump[i] = jump(y, base + i * ch, e, ok.onset, ok.steepest);
					max[0] = Math.max(max[0], alignJump[i]);
					if (onEdge) maybe[i] = alignJump[i] > 0.3 * max[0];
				}
				if (onEdge) window[0] &= EnergyAlignment.derivatives(y, base, first, count, e, lo, hi, o.maxAlign, maybe,
					o.threads, derivatives);
			}, onEdge, used[0], used[1]);
			maxAlignJump = max[0];
			maxTi = 0;
			for (double v : quickTi) maxTi = Math.max(maxTi, v);
			if (!window[0]) derivatives = null;
		}

		/** Per-spectrum energy alignment on the zero-loss peak, the O K edge or the Ti L edge; the shift mode. */
		void align() {
			Align a = used;
			if (a == Align.ZLP) {
				double[] le = low.channelAxis().values();
				forTiles(low, (y, base, first, count) -> EnergyAlignment.zeroLoss(y, base, first, count, le, o.threads,
					res.alignShift), true, 0, low.channels());
				res.alignedBy = "zero-loss";
			}
			else if (a == Align.O_K) {
				System.arraycopy(edgeShifts(), 0, res.alignShift, 0, n);
				res.alignedBy = "O K edge";
			}
			else if (a == Align.TI_L) {
				System.arraycopy(edgeShifts(), 0, res.alignShift, 0, n);
				res.alignedBy = "Ti L edge";
				res.warnings.add("aligned on the Ti L edge itself: this removes the Ti3+ chemical shift, so fractions " +
					"rest on the edge shape only; prefer a low-loss scan or the O K edge");
			}
			pr.update(0.15, "aligned by " + res.alignedBy);
			shiftMode = o.shift;
			if (shiftMode == ShiftMode.AUTO) shiftMode = a == Align.NONE ? ShiftMode.PER_SPECTRUM : ShiftMode.COMMON;
			res.shiftMode = shiftMode;
		}

		/** {@link EnergyAlignment#crossCorrelate} of the spectra with an edge jump above 0.3 of the largest. */
		private double[] edgeShifts() {
			boolean[] use = new boolean[n];
			for (int i = 0; i < n; i++) use[i] = usable[i] && alignJump[i] > 0.3 * maxAlignJump;
			if (derivatives == null) return new double[n];
			for (int i = 0; i < n; i++) if (!use[i]) derivatives[i] = null;
			double[] sh = EnergyAlignment.crossCorrelate(derivatives, n, e, o.maxAlign, use, o.threads);
			derivatives = null;
			return sh;
		}

		/** The pre-edge (background) and fit windows: given, or around the Ti L onset. */
		void chooseWindows() {
			double eMin = e[0], eMax = e[ch - 1];
			res.backgroundWindow = o.backgroundWindow != null ? o.backgroundWindow.clone() : new double[] { Math.max(eMin +
				0.5, ti.onset - 30), ti.onset - 4 };
			res.fitWindow = o.fitWindow != null ? o.fitWindow.clone() : new double[] { ti.onset - 4, Math.min(eMax - 0.5,
				ti.onset + 22) };
			if (res.backgroundWindow[1] - res.backgroundWindow[0] < 3) throw new IllegalArgumentException(
				"pre-edge window " + Reference.fmt(res.backgroundWindow[0]) + "-" + Reference.fmt(res.backgroundWindow[1]) +
					" eV is too short for a background fit: the data must start well before the Ti L edge");
			if (res.backgroundWindow[1] - res.backgroundWindow[0] < 8) res.warnings.add("short pre-edge window (" +
				Reference.fmt(res.backgroundWindow[1] - res.backgroundWindow[0]) +
				" eV): background extrapolation is uncertain");
			if (res.fitWindow[1] - res.fitWindow[0] < 5) throw new IllegalArgumentException("fit window " + Reference.fmt(
				res.fitWindow[0]) + "-" + Reference.fmt(res.fitWindow[1]) + " eV is too short");
		}

		/**
		 * The Ti3+ and Ti4+ references (given, or summed from the scan's reference positions) prepared in the windows;
		 * references a few eV off the scan's scale are prepared at their own edge, for the matching to move.
		 */
		void prepareReferences() {
			if (o.referencePositions != null) references = fromScan(o.referencePositions);
			if (references != null) {
				String[] names = { "Ti3+", "Ti4+" };
				res.references = new Reference[2];
				try {
					for (int r = 0; r < 2; r++) res.references[r] = Reference.prepare(names[r], references[r][0],
						references[r][1], res.backgroundWindow[0], res.backgroundWindow[1], res.fitWindow[0], res.fitWindow[1]);
				}
				catch (IllegalArgumentException ex) {
					// the references may lie a few eV off the scan's scale: the matching below moves the windows
					if (o.referencePositions != null || shiftMode == ShiftMode.NONE) throw ex;
					referenceError = ex;
					res.references = new Reference[2];
					for (int r = 0; r < 2; r++) {
						double[] re = references[r][0];
						double rise = Reference.shape(re, references[r][1], re[re.length - 1]).rise;
						try {
							res.references[r] = Reference.prepare(names[r], re, references[r][1], rise - 30, rise - 3, rise - 2,
								Math.min(re[re.length - 1] - 0.5, rise + 24));
						}
						catch (IllegalArgumentException ex2) {
							throw ex;
						}
					}
					bestOnly = true;
				}
			}
			if (o.method == Method.MLLS && res.references == null) throw new IllegalArgumentException(
				"MLLS needs Ti3+ and Ti4+ reference spectra (--ref Ti3+=FILE --ref Ti4+=FILE), or use --method l3-shift");
		}

		/** The spectra with a clear Ti edge, summed on their alignment. */
		void sumTiSpectra() {
			tiUse = new boolean[n];
			for (int i = 0; i < n; i++) tiUse[i] = usable[i] && quickTi[i] > 0.3 * maxTi;
			sum = alignedSum(tiUse);
		}

		/** The marked spectra summed on their alignment shifts (in the order of the spectra). */
		double[] alignedSum(boolean[] marked) {
			double[] out = new double[ch];
			double de = (e[ch - 1] - e[0]) / (ch - 1);
			forTiles((y, base, first, count) -> {
				for (int i = first; i < first + count; i++) if (marked[i]) {
					double sh = res.alignShift[i] / de;
					for (int k = 0; k < ch; k++) out[k] += interp(y, base + i * ch, ch, k + sh);
				}
			});
			return out;
		}

		/** Sums of the aligned spectra in the given position ranges, on the scan's energy axis: {{E, Ti3+}, {E, Ti4+}}. */
		private double[][][] fromScan(int[][] ranges) {
			double de = (e[ch - 1] - e[0]) / (ch - 1);
			double[][] sums = new double[2][ch];
			for (int r = 0; r < 2; r++) {
				int a = ranges[r][0], b = ranges[r][1];
				if (a < 0 || b >= n || b < a) throw new IllegalArgumentException("reference positions " + a + "-" + b +
					" are outside the scan's 0-" + (n - 1));
			}
			forTiles((y, base, first, count) -> {
				for (int r = 0; r < 2; r++)
					for (int i = Math.max(first, ranges[r][0]); i <= Math.min(first + count - 1, ranges[r][1]); i++)
						for (int k = 0; k < ch; k++) sums[r][k] += interp(y, base + i * ch, ch, k + res.alignShift[i] / de);
			});
			return new double[][][] { { e.clone(), sums[0] }, { e.clone(), sums[1] } };
		}

		/**
		 * Matches the references to the scan: energy-scale offset (a few eV without a zero-loss peak; candidate lags
		 * from the derivative cross-correlation with each reference) and energy resolution (references broadened by a
		 * Gaussian); the combination with the smallest misfit of the MLLS fit of the summed Ti spectra wins. Windows
		 * then move to the references' scale. Without a match (shift none, references from the scan): no common shift.
		 */
		void matchReferences() {
			if (res.references == null || o.referencePositions != null || shiftMode == ShiftMode.NONE) return;
			double[] rawBg = res.backgroundWindow.clone(), rawFit = res.fitWindow.clone();
			java.util.Map<Double, Reference[]> prepared = new java.util.HashMap<>();
			boolean realign = o.align == Align.AUTO && used == Align.NONE && shiftMode == ShiftMode.PER_SPECTRUM;
			// before a realignment the match only has to give sharp references for the per-spectrum shifts: the plain
			// chi-square (which prefers little broadening) keeps the drift-smeared sum from being matched by broad
			// references at a wrong offset, where 1-2 eV of shift trade against the valence (stress seed 1020: 2 eV
			// broadening, offset 1 eV off, all fractions swapped)
			Match m = match(sum, e, references, rawBg, rawFit, o, Match.of(res), prepared, Double.NaN, realign);
			double bestChi = m.criterion;
			if (realign && Double.isFinite(bestChi)) m = realign(m, rawBg, rawFit, prepared);
			m.applyTo(res);
			if (bestOnly && Double.isInfinite(bestChi)) throw referenceError != null ? referenceError
				: new IllegalArgumentException("the references could not be matched to the scan's Ti L edge (no offset " +
					"within +-" + o.coarseRange + " eV)");
			if (Math.abs(res.commonShift) > o.maxShift) res.warnings.add("scan and references differ in energy " +
				"calibration by " + Reference.fmt(res.commonShift) + " eV; windows are reported on the references' scale");
			if (Double.isNaN(o.referenceBroadening) && res.referenceBroadening >= WIDTHS[WIDTHS.length - 1]) res.warnings
				.add("the references fit best with the largest broadening tried (" + WIDTHS[WIDTHS.length - 1] + " eV): " +
					"their edge shape may not describe this scan (another compound, resolution or thickness); check the " +
					"spectrum-fit figure");
			if (res.referenceBroadening > 0) res.warnings.add("references broadened by " + Reference.fmt2(
				res.referenceBroadening) + " eV (FWHM) to the scan's energy resolution");
		}

		/**
		 * No alignment source (align auto): the summed spectrum is smeared by the scan's energy drift, which the
		 * broadening would absorb (stress set: fractions biased by up to 0.05 for 1-1.5 eV of drift). A robust line
		 * (spectrum image: plane) through the Ti spectra's own shifts against the matched references realigns the sum,
		 * and the matching is repeated on it. '--align none' keeps the spectra as they are.
		 */
		private Match realign(Match first, double[] rawBg, double[] rawFit,
			java.util.Map<Double, Reference[]> prepared)
		{
			double[] aligned = driftAlignedSum(this, first);
			Match keep = first.restart(new Reference[] { first.unbroadened[0], first.unbroadened[1] }, rawBg.clone(),
				rawFit.clone());
			Match again = aligned == null ? keep : match(aligned, e, references, rawBg, rawFit, o, keep, prepared,
				Double.NaN, false);
			if (Double.isFinite(again.criterion)) {
				res.alignedBy = "Ti L drift line";
				return again;
			}
			// no drift line: the misfit match on the sum as it is
			Arrays.fill(res.alignShift, 0);
			Match plain = match(sum, e, references, rawBg, rawFit, o, keep, prepared, Double.NaN, false);
			return Double.isFinite(plain.criterion) ? plain : keep.restart(first.references, keep.backgroundWindow,
				keep.fitWindow);
		}

		/** The L3 method: the L3 window and the centroids and intensity ratio of pure Ti3+ and Ti4+. */
		void calibrateL3() {
			if (o.method != Method.L3_SHIFT) return;
			Reference[] refs = res.references;
			double[] w3 = o.l3Window;
			if (w3 == null) w3 = new double[] { ti.onset - 1.5 - res.commonShift, ti.onset + 5.5 - res.commonShift };
			res.l3Window = w3;
			res.l3Ti3 = o.l3Ti3;
			res.l3Ti4 = o.l3Ti4;
			if (Double.isNaN(res.l3Ti3) || Double.isNaN(res.l3Ti4)) {
				if (refs == null) throw new IllegalArgumentException("the L3 method needs the L3 centroids of pure " +
					"Ti3+ and Ti4+ (--l3-ti3, --l3-ti4 in eV, measured in the L3 window) or reference spectra");
				if (Double.isNaN(res.l3Ti3)) res.l3Ti3 = L3Centroid.centroid(refs[0], w3[0], w3[1]);
				if (Double.isNaN(res.l3Ti4)) res.l3Ti4 = L3Centroid.centroid(refs[1], w3[0], w3[1]);
			}
			res.l3Ratio = !Double.isNaN(o.l3Ratio) ? o.l3Ratio : refs != null ? L3Centroid.integral(refs[0], w3[0], w3[1]) /
				L3Centroid.integral(refs[1], w3[0], w3[1]) : 1;
			if (!(Math.abs(res.l3Ti4 - res.l3Ti3) > 0.05)) throw new IllegalArgumentException(
				"the Ti3+ and Ti4+ L3 calibration energies must differ (got " + res.l3Ti3 + " and " + res.l3Ti4 + ")");
		}

		/** Per spectrum: the power-law background, the Ti L intensity over it (and its sd), the O K intensity. */
		void backgroundsAndIntensities() {
			final double[] e = this.e;
			final int ch = this.ch;
			final Result.Builder res = this.res;
			final boolean[] usable = this.usable;
			int[] used = backgroundChannels();
			forTiles(src, (y, base, first, count) -> Parallel.forRange(count, o.threads, (from, to) -> {
				double[][] buf = { new double[0], new double[0] };
				for (int i = first + from; i < first + to; i++) if (usable[i]) background(y, base, e, ch, i, res, buf);
			}), true, used[0], used[1]);
		}

		/**
		 * Channels [from, to) holding every channel {@link ValenceMapper#background} reads, over all usable spectra:
		 * the pre-edge and fit windows at alignment + common shift, the O K pre-edge and window at the alignment shift
		 * ({@link PowerLawBackground#fit} reads one channel beyond its window; two are added on each side).
		 */
		private int[] backgroundChannels() {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			boolean oxygen = !Double.isNaN(res.oOnset);
			for (int i = 0; i < n; i++) if (usable[i]) {
				double sa = res.alignShift[i], sh = sa + res.commonShift;
				lo = Math.min(lo, Math.min(res.backgroundWindow[0], res.fitWindow[0]) + sh);
				hi = Math.max(hi, Math.max(res.backgroundWindow[1], res.fitWindow[1]) + sh);
				if (oxygen) {
					lo = Math.min(lo, res.oOnset - 15 + sa);
					hi = Math.max(hi, res.oOnset + 20 + sa);
				}
			}
			if (!(lo <= hi)) return new int[] { 0, ch };
			return new int[] { Math.max(0, EdgeFinder.index(e, lo) - 2), Math.min(ch, EdgeFinder.index(e, hi) + 3) };
		}

		/** Ti present: a Ti L signal above 5 sd and above 15 % of the strongest; the others flagged. */
		void markTiPresence() {
			double maxSig = 0;
			for (int i = 0; i < n; i++) if (res.tiPresent[i]) maxSig = Math.max(maxSig, res.tiIntensity[i]);
			for (int i = 0; i < n; i++) if (res.tiPresent[i] && res.tiIntensity[i] < 0.15 * maxSig) res.tiPresent[i] =
				false;
			for (int i = 0; i < n; i++) if (usable[i] && !res.tiPresent[i] && res.background[i] != null && res.background[i]
				.ok()) res.flags[i] = Flags.join(res.flags[i], "no-ti-signal");
			pr.update(0.4, "backgrounds fitted");
		}

		/**
		 * Channels [from, to) holding every channel the jumps pass reads: {@link ValenceMapper#jump} at the Ti L (and
		 * O K) edge, one channel beyond its windows, and {@link EnergyAlignment#derivatives} of the window [lo, hi] eV,
		 * the search range plus one channel beyond it; two more on each side.
		 */
		private int[] jumpChannels(boolean onO, boolean onEdge, double lo, double hi) {
			int a = EdgeFinder.index(e, ti.onset - 7) - 1, b = EdgeFinder.index(e, ti.steepest + 4) + 1;
			if (onO) {
				a = Math.min(a, EdgeFinder.index(e, ok.onset - 7) - 1);
				b = Math.max(b, EdgeFinder.index(e, ok.steepest + 4) + 1);
			}
			if (onEdge) {
				int lag = (int) Math.ceil(o.maxAlign / ((e[ch - 1] - e[0]) / (ch - 1))) + 1;
				a = Math.min(a, EdgeFinder.index(e, lo) - lag - 1);
				b = Math.max(b, EdgeFinder.index(e, hi) + lag + 1);
			}
			return new int[] { Math.max(0, a - 2), Math.min(ch, b + 3) };
		}

		/** Per spectrum with Ti: the MLLS fit or the L3 centroid, the fraction and its flags. */
		void fitSpectra() {
			final double[] e = this.e;
			final int ch = this.ch;
			final Result.Builder res = this.res;
			final Options o = this.o;
			final boolean perSpectrum = shiftMode == ShiftMode.PER_SPECTRUM;
			int[] used = o.method == Method.MLLS ? mllsChannels() : new int[] { 0, ch };
			forTiles(src, (y, base, first, count) -> Parallel.forRange(count, o.threads, (from, to) -> {
				Mlls.Fit f = new Mlls.Fit();
				for (int i = first + from; i < first + to; i++) {
					if (!res.tiPresent[i]) continue;
					boolean fitted = o.method == Method.MLLS ? fitMlls(y, base, e, ch, i, res, o, perSpectrum, f) : fitL3(y,
						base, e, ch, i, res);
					if (!fitted) continue;
					if (res.fractionSd[i] > 0.1) res.flags[i] = Flags.join(res.flags[i], Flags.LOW_SNR);
					if (res.fraction[i] < -0.05 || res.fraction[i] > 1.05) res.flags[i] = Flags.join(res.flags[i],
						"fraction-outside-0-1");
				}
			}), true, used[0], used[1]);
			if (o.method == Method.MLLS) ReferenceMismatch.apply(res, src, e, o, perSpectrum);
			pr.update(1, "fitted");
		}

		/**
		 * The channels [from, to) the MLLS fits read over all spectra with Ti ({@link Mlls#fit} reads its spectrum
		 * from the joint background's first channel, or the fit window's, to the fit window's last, at the shift
		 * {@link #fitMlls} gives it): a spectrum image stored channel-slowest is then read in those planes only.
		 */
		private int[] mllsChannels() {
			int lo = ch, hi = -1;
			for (int i = 0; i < n; i++) if (res.tiPresent[i]) {
				double sh = res.shift[i];
				int[] kw = channels(e, sh, res.fitWindow);
				int kb = o.jointBackground ? channels(e, sh, res.backgroundWindow)[0] : -1;
				lo = Math.min(lo, kb >= 0 && kb < kw[0] ? kb : kw[0]);
				hi = Math.max(hi, kw[1]);
			}
			return hi < 0 ? new int[] { 0, ch } : new int[] { lo, hi + 1 };
		}

		/** Flags and warnings where the model may not describe the data. */
		void finish() {
			honesty(res, n);
			if (used == Align.NONE && shiftMode != ShiftMode.PER_SPECTRUM) res.warnings.add(
				"spectra not aligned (no low-loss scan, no O K edge): per-spectrum drift is not corrected");
		}
	}

	/** Spectrum i: background fit, Ti L and O K intensities into res; buf holds two work arrays (grown here). */
	private static void background(double[] y, int base, double[] e, int ch, int i, Result.Builder res, double[][] buf) {
		int off = base + i * ch;
		double sh = res.alignShift[i] + res.commonShift;
		res.shift[i] = sh;
		PowerLawBackground bg = PowerLawBackground.fit(y, off, e, sh, res.backgroundWindow[0], res.backgroundWindow[1]);
		res.background[i] = bg;
		if (!bg.ok()) {
			res.flags[i] = Flags.join(res.flags[i], "background-fit-failed");
			return;
		}
		res.exponent[i] = bg.r;
		if (!(bg.r >= MIN_EXPONENT && bg.r <= MAX_EXPONENT)) res.flags[i] = Flags.join(res.flags[i],
			IMPLAUSIBLE_BACKGROUND);
		int[] kw = channels(e, sh, res.fitWindow);
		int m = kw[1] - kw[0] + 1;
		if (buf[0].length < m) {
			buf[0] = new double[m];
			buf[1] = new double[m];
		}
		double[] lnBuf = buf[0], bgBuf = buf[1];
		bg.values(e, kw[0], kw[1], sh, lnBuf, bgBuf);
		double sig = 0, var = 0;
		for (int k = kw[0]; k <= kw[1]; k++) {
			sig += y[off + k] - bgBuf[k - kw[0]];
			var += Math.max(y[off + k], 1);
		}
		res.tiIntensity[i] = sig;
		res.tiSd[i] = Math.sqrt(var);
		if (!Double.isNaN(res.oOnset)) {
			// O K on the scan's own (aligned) scale, where its onset was found
			double sa = res.alignShift[i];
			PowerLawBackground bo = PowerLawBackground.fit(y, off, e, sa, res.oOnset - 15, res.oOnset - 2);
			double so = 0;
			double hiO = Math.min(res.oOnset + 20, e[ch - 1] - sa);
			for (int k = 0; k < ch; k++) {
				double ek = e[k] - sa;
				if (ek >= res.oOnset - 1 && ek <= hiO) so += y[off + k] - bo.at(ek);
			}
			res.oIntensity[i] = so;
		}
		res.tiPresent[i] = sig > 5 * res.tiSd[i];
	}

	/** Spectrum i: MLLS of the references (with its own shift when perSpectrum); false when the fit failed. */
	private static boolean fitMlls(double[] y, int base, double[] e, int ch, int i, Result.Builder res, Options o,
		boolean perSpectrum, Mlls.Fit f)
	{
		int off = base + i * ch;
		double sh = res.shift[i];
		int[] kw = channels(e, sh, res.fitWindow);
		int kb = o.jointBackground ? channels(e, sh, res.backgroundWindow)[0] : -1;
		Mlls.fit(y, off, e, kb, kw[0], kw[1], sh, res.background[i], res.references, perSpectrum, o.maxShift, f);
		if (!f.ok) {
			res.flags[i] = Flags.join(res.flags[i], Flags.FIT_NOT_CONVERGED);
			return false;
		}
		res.coefficients[i] = f.c.clone();
		res.fits[i] = new double[] { f.bgScale, f.bgExponent };
		res.fraction[i] = f.fraction(0, 1);
		res.fractionSd[i] = f.fractionSd(0, 1);
		res.chi2r[i] = f.chi2r;
		res.fittedShift[i] = f.shift;
		res.shift[i] = sh + f.shift;
		if (f.c[0] < 0 || f.c[1] < 0) res.flags[i] = Flags.join(res.flags[i], "negative-coefficient");
		if (perSpectrum && Math.abs(f.shift) >= o.maxShift - 1e-6) res.flags[i] = Flags.join(res.flags[i],
			Flags.AT_BOUND);
		return true;
	}

	/** Spectrum i: the reference-free L3 centroid and its fraction; false when there is no L3 signal. */
	private static boolean fitL3(double[] y, int base, double[] e, int ch, int i, Result.Builder res) {
		double[] c = L3Centroid.centroid(y, base + i * ch, e, res.shift[i], res.background[i], res.l3Window[0],
			res.l3Window[1]);
		if (Double.isNaN(c[0])) {
			res.flags[i] = Flags.join(res.flags[i], "no-ti-signal");
			return false;
		}
		res.fraction[i] = L3Centroid.fraction(c[0], res.l3Ti3, res.l3Ti4, res.l3Ratio);
		double h = 1e-4;
		double slope = (L3Centroid.fraction(c[0] + h, res.l3Ti3, res.l3Ti4, res.l3Ratio) - L3Centroid.fraction(c[0] - h,
			res.l3Ti3, res.l3Ti4, res.l3Ratio)) / (2 * h);
		res.fractionSd[i] = Math.abs(slope) * c[1];
		return true;
	}

	/**
	 * The references matched to the scan, the windows on their scale, the common shift and the broadening, with the
	 * criterion of the match (infinite: not matched). Immutable: a match is kept or restored by holding it.
	 */
	private static final class Match {
		final Reference[] references, unbroadened;
		final double[] backgroundWindow, fitWindow;
		final double commonShift, commonShiftSd, referenceBroadening, criterion;

		Match(Reference[] references, Reference[] unbroadened, double[] backgroundWindow, double[] fitWindow,
			double commonShift, double commonShiftSd, double referenceBroadening, double criterion)
		{
			this.references = references;
			this.unbroadened = unbroadened;
			this.backgroundWindow = backgroundWindow;
			this.fitWindow = fitWindow;
			this.commonShift = commonShift;
			this.commonShiftSd = commonShiftSd;
			this.referenceBroadening = referenceBroadening;
			this.criterion = criterion;
		}

		/** The state of a result before any match. */
		static Match of(Result.Builder r) {
			return new Match(r.references, r.unbroadened, r.backgroundWindow, r.fitWindow, r.commonShift,
				r.commonShiftSd, r.referenceBroadening, Double.POSITIVE_INFINITY);
		}

		/** This match with other references and windows, not yet matched (criterion infinite). */
		Match restart(Reference[] refs, double[] bgWindow, double[] fitWin) {
			return new Match(refs, unbroadened, bgWindow, fitWin, commonShift, commonShiftSd, referenceBroadening,
				Double.POSITIVE_INFINITY);
		}

		void applyTo(Result.Builder r) {
			r.references = references;
			r.unbroadened = unbroadened;
			r.backgroundWindow = backgroundWindow;
			r.fitWindow = fitWindow;
			r.commonShift = commonShift;
			r.commonShiftSd = commonShiftSd;
			r.referenceBroadening = referenceBroadening;
		}
	}

	/** Bytes of spectra read at a time from a streamed source by a step on one thread (they stay in the cache). */
	private static final long CACHED_TILE = 1 << 20;

	/** Largest number of spectra fitted to realign the summed spectrum of an unaligned scan. */
	private static final int DRIFT_SPECTRA = 128;

	/**
	 * The energy drift of an unaligned scan from the Ti L edge itself: each Ti spectrum (at most
	 * {@link #DRIFT_SPECTRA}, evenly spread) is fitted with a free shift against the matched references (fractions
	 * free, so the Ti3+ chemical shift is not taken for drift), and a straight line in the acquisition order is fitted
	 * robustly (Tukey biweight) to those shifts: a single fit can fall into the wrong minimum where a shift of 1-2 eV
	 * trades against the fraction, the drift of a scan is slow (a spectrum image: a plane in x and y). The line is stored as each spectrum's alignment shift
	 * (the per-spectrum fits start there and refine their own shift around it) and the Ti spectra summed on it are
	 * returned. Null when fewer than 5 fits succeed.
	 */
	private static double[] driftAlignedSum(Run run, Match match) {
		int n = run.n, ch = run.ch;
		double[] e = run.e;
		boolean[] tiUse = run.tiUse;
		Result.Builder res = run.res;
		Options o = run.o;
		int count = 0;
		for (int i = 0; i < n; i++) if (tiUse[i]) count++;
		if (count < 5) return null;
		int[] idx = new int[Math.min(count, DRIFT_SPECTRA)];
		for (int i = 0, j = 0, seen = 0; i < n && j < idx.length; i++) if (tiUse[i]) {
			// evenly spread: take the spectrum when the running quota passes an integer
			if ((long) seen * idx.length / count == j) idx[j++] = i;
			seen++;
		}
		int m = idx.length;
		// the spectra to fit, gathered from the tiles (at most DRIFT_SPECTRA)
		double[] y = new double[m * ch];
		run.forTiles((t, base, first, tile) -> {
			for (int j = 0; j < m; j++) if (idx[j] >= first && idx[j] < first + tile) System.arraycopy(t, base + idx[j] *
				ch, y, j * ch, ch);
		});
		double[] sh = new double[m];
		boolean[] ok = new boolean[m];
		Parallel.forRange(m, o.threads, (from, to) -> {
			Mlls.Fit f = new Mlls.Fit();
			for (int j = from; j < to; j++) {
				int off = j * ch;
				double s0 = match.commonShift;
				PowerLawBackground bg = PowerLawBackground.fit(y, off, e, s0, match.backgroundWindow[0],
					match.backgroundWindow[1]);
				if (!bg.ok()) continue;
				int[] kw = channels(e, s0, match.fitWindow);
				int kb = o.jointBackground ? channels(e, s0, match.backgroundWindow)[0] : -1;
				Mlls.fit(y, off, e, kb, kw[0], kw[1], s0, bg, match.references, true, o.maxShift, f);
				if (!f.ok || Math.abs(f.shift) >= o.maxShift - 1e-6) continue;
				sh[j] = f.shift;
				ok[j] = true;
			}
		});
		int good = 0;
		for (boolean b : ok) if (b) good++;
		if (good < 5) return null;
		// robust drift model (Tukey biweight, scale from the median absolute deviation): a line in the position
		// for a line scan, a plane in x and y for a spectrum image (slow drift over the rows, a scan-coil dependent
		// shift along them)
		int nx = o.rowLength > 0 && o.rowLength < n ? o.rowLength : n;
		int q = nx < n ? 3 : 2;
		double[] wt = new double[m], beta = new double[q], ata = new double[q * q], atb = new double[q], x = new double[q];
		for (int j = 0; j < m; j++) wt[j] = ok[j] ? 1 : 0;
		for (int it = 0; it < 8; it++) {
			Arrays.fill(ata, 0);
			Arrays.fill(atb, 0);
			for (int j = 0; j < m; j++) if (wt[j] > 0) {
				design(idx[j], nx, x);
				for (int u = 0; u < q; u++) {
					atb[u] += wt[j] * x[u] * sh[j];
					for (int v = 0; v < q; v++) ata[u * q + v] += wt[j] * x[u] * x[v];
				}
			}
			if (!SmallMatrix.invert(ata, ata, q)) return null;
			for (int u = 0; u < q; u++) {
				beta[u] = 0;
				for (int v = 0; v < q; v++) beta[u] += ata[u * q + v] * atb[v];
			}
			double[] r = new double[good];
			for (int j = 0, k = 0; j < m; j++) if (ok[j]) r[k++] = Math.abs(sh[j] - drift(idx[j], nx, beta, x));
			Arrays.sort(r);
			double scale = Math.max(0.05, 1.4826 * r[r.length / 2]);
			for (int j = 0; j < m; j++) if (ok[j]) {
				double u = (sh[j] - drift(idx[j], nx, beta, x)) / (4.685 * scale);
				wt[j] = Math.abs(u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
			}
		}
		for (int i = 0; i < n; i++) res.alignShift[i] = drift(i, nx, beta, x);
		return run.alignedSum(tiUse);
	}

	/** Regressors of the drift model for spectrum i: {1, position along the row, row} (a line scan: one row). */
	private static void design(int i, int nx, double[] x) {
		x[0] = 1;
		x[1] = i % nx;
		if (x.length > 2) x[2] = i / nx;
	}

	private static double drift(int i, int nx, double[] beta, double[] x) {
		design(i, nx, x);
		double s = 0;
		for (int u = 0; u < beta.length; u++) s += beta[u] * x[u];
		return s;
	}

	/** Reference broadenings tried (FWHM, eV) before the refinement around the best. */
	private static final double[] WIDTHS = { 0, 0.3, 0.6, 0.9, 1.2, 1.6, 2.0 };

	/**
	 * Matches the references to the summed Ti spectrum: for each broadening and each candidate offset, an MLLS fit
	 * with a free shift; the best gives the references, unbroadened, windows, commonShift(Sd), referenceBroadening.
	 * The criterion is {@link Mlls.Fit#misfit}: the summed scan holds far more counts than a reference, so the
	 * reference noise dominates the channel variance, and the plain chi-square changes its weights with the
	 * broadening (a broadened reference is less noisy, so the same misfit weighs more): it preferred no
	 * broadening (stress set: 0.3-0.7 eV too little, the dominant per-position fraction error). Leaving the
	 * references' noise out would let broadening win that only smooths it. The misfit keeps the unbroadened
	 * weights and swaps the broadened noise's expected share for the unbroadened one. After the grid the broadening is
	 * refined by a parabola through the best and its neighbours. Returns the best match, or start (criterion
	 * infinite) when none; start holds the references to broaden and shift; onlyLag (NaN: the
	 * candidates) restricts the offsets; chi2: the plain reduced chi-square as the criterion (first match before a
	 * realignment).
	 */
	private static Match match(double[] sum, double[] e, double[][][] references, double[] rawBg, double[] rawFit,
		Options o, Match start, java.util.Map<Double, Reference[]> prepared, double onlyLag, boolean chi2)
	{
		int ch = e.length;
		PowerLawBackground bg0 = PowerLawBackground.fit(sum, 0, e, 0, rawBg[0], rawBg[1]);
		double[] sig = new double[ch];
		for (int k = 0; k < ch; k++) sig[k] = sum[k] - bg0.at(e[k]);
		boolean fixed = !Double.isNaN(o.referenceBroadening);
		double[] widths = fixed ? new double[] { o.referenceBroadening } : WIDTHS;
		Reference[] base = start.references;
		Mlls.Fit f = new Mlls.Fit(true);
		Match[] best = { start };
		double[] crit = new double[widths.length], lagAt = new double[widths.length];
		for (int i = 0; i < widths.length; i++) {
			double w = widths[i];
			Reference[] rb = { base[0].broadened(w), base[1].broadened(w) };
			List<Double> lags = new ArrayList<>();
			lags.add(Double.isNaN(onlyLag) ? 0.0 : onlyLag);
			if (o.coarseRange > 0 && Double.isNaN(onlyLag)) for (int j = 0; j < 2; j++) {
				double[] off = EnergyAlignment.referenceOffset(sig, e, new Reference[] { rb[j] }, rawFit[0], rawFit[1],
					o.coarseRange);
				if (off[1] > 0.3) lags.add(off[0]);
			}
			crit[i] = Double.POSITIVE_INFINITY;
			for (double lag : lags) {
				double c = tryMatch(sum, e, references, rawBg, rawFit, o, f, prepared, w, lag, best, chi2);
				if (c < crit[i]) {
					crit[i] = c;
					lagAt[i] = lag;
				}
			}
		}
		// refine the broadening: vertex of the parabola through the best grid width and its two neighbours
		int ib = -1;
		for (int i = 0; i < widths.length; i++) if (ib < 0 || crit[i] < crit[ib]) ib = i;
		if (!fixed && ib > 0 && ib < widths.length - 1 && Double.isFinite(crit[ib - 1]) && Double.isFinite(crit[ib + 1])) {
			double x0 = widths[ib - 1], x1 = widths[ib], x2 = widths[ib + 1];
			double y0 = crit[ib - 1], y1 = crit[ib], y2 = crit[ib + 1];
			double den = (x0 - x1) * (x0 - x2) * (x1 - x2);
			double pa = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den;
			double pb = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den;
			if (pa > 0) {
				double wv = Math.max(x0, Math.min(x2, -pb / (2 * pa)));
				if (Math.abs(wv - x1) > 0.02) tryMatch(sum, e, references, rawBg, rawFit, o, f, prepared, wv, lagAt[ib],
					best, chi2);
			}
		}
		return best[0];
	}

	/** One matching fit at broadening w and offset lag; replaces best[0] when it beats it; returns its criterion. */
	private static double tryMatch(double[] sum, double[] e, double[][][] references, double[] rawBg, double[] rawFit,
		Options o, Mlls.Fit f, java.util.Map<Double, Reference[]> prepared, double w, double lag, Match[] best,
		boolean chi2)
	{
		String[] names = { "Ti3+", "Ti4+" };
		double[] bw = { rawBg[0] - lag, rawBg[1] - lag }, fw = { rawFit[0] - lag, rawFit[1] - lag };
		Reference[] raw = prepared.get(lag);
		if (raw == null && !prepared.containsKey(lag)) {
			try {
				raw = new Reference[2];
				for (int r = 0; r < 2; r++) raw[r] = Reference.prepare(names[r], references[r][0], references[r][1], bw[0],
					bw[1], fw[0], fw[1]);
			}
			catch (IllegalArgumentException ex) {
				raw = null; // this offset moves the window off the references
			}
			prepared.put(lag, raw);
		}
		if (raw == null) return Double.POSITIVE_INFINITY;
		Reference[] rl = { raw[0].broadened(w), raw[1].broadened(w) };
		PowerLawBackground bg = PowerLawBackground.fit(sum, 0, e, lag, bw[0], bw[1]);
		int[] kw = channels(e, lag, fw);
		int kb = o.jointBackground ? channels(e, lag, bw)[0] : -1;
		Mlls.fit(sum, 0, e, kb, kw[0], kw[1], lag, bg, rl, true, o.maxShift, f);
		// a shift at its bound is no match (the offset candidate is off)
		if (!f.ok || !(f.c[0] + f.c[1] > 0) || Math.abs(f.shift) >= o.maxShift - 1e-6) return Double.POSITIVE_INFINITY;
		double c = chi2 ? f.chi2r : f.misfit;
		if (c < best[0].criterion) best[0] = new Match(rl, raw, bw, fw, lag + f.shift, f.shiftSd, w, c);
		return c;
	}

	/** Physical range of the power-law background exponent r (Egerton: about 2-5 at these losses). */
	public static final double MIN_EXPONENT = 1.5, MAX_EXPONENT = 6;
	/** Largest shift between scan and references accepted without a flag, eV. */
	public static final double LARGE_SHIFT = 2;
	public static final String IMPLAUSIBLE_BACKGROUND = "implausible-background",
		LARGE_ENERGY_SHIFT = "large-energy-shift", REFERENCES_WITHOUT_BACKGROUND = "references-without-background";

	/**
	 * Flags and warnings where the model may not describe the data: a background exponent outside 1.5-6, a shift
	 * between scan and references above 2 eV (with references of unknown energy scale that shift alone can decide
	 * the valence), references used without a background of their own.
	 */
	private static void honesty(Result.Builder res, int n) {
		int bad = 0, large = 0, fitted = 0;
		double maxShift = 0;
		for (int i = 0; i < n; i++) {
			if (res.flags[i].contains(IMPLAUSIBLE_BACKGROUND)) bad++;
			if (Double.isNaN(res.fraction[i])) continue;
			fitted++;
			if (Math.abs(res.shift[i]) > LARGE_SHIFT) {
				large++;
				res.flags[i] = Flags.join(res.flags[i], LARGE_ENERGY_SHIFT);
				if (Math.abs(res.shift[i]) > Math.abs(maxShift)) maxShift = res.shift[i];
			}
		}
		if (bad > 0) res.warnings.add(bad + " of " + n + " spectra have a background exponent outside " + MIN_EXPONENT +
			"-" + MAX_EXPONENT + " (physical: about 2-5): another edge, a detector offset or a wrong energy axis under " +
			"the pre-edge window " + Reference.fmt(res.backgroundWindow[0]) + "-" + Reference.fmt(res.backgroundWindow[1]) +
			" eV; flagged " + IMPLAUSIBLE_BACKGROUND);
		if (large > 0) res.warnings.add(large + " of " + fitted + " spectra are shifted by more than " + LARGE_SHIFT +
			" eV against the references (common shift " + Reference.fmt(res.commonShift) + " eV, largest " + Reference.fmt(
				maxShift) + " eV): check the energy calibration of the scan and of the references, since with references of " +
			"unknown energy scale the shift alone can decide the valence; flagged " + LARGE_ENERGY_SHIFT);
		if (res.references != null) {
			List<String> free = new ArrayList<>();
			for (Reference r : res.references) if (r.background == Reference.Background.NONE) free.add(r.name);
			if (!free.isEmpty()) {
				res.referencesWithoutBackground = true;
				for (int i = 0; i < n; i++) if (!Double.isNaN(res.fraction[i])) res.flags[i] = Flags.join(res.flags[i],
					REFERENCES_WITHOUT_BACKGROUND);
				res.warnings.add("reference " + String.join(" and ", free) + " already background-subtracted (pre-edge " +
					"consistent with zero): used as given; the scan's own background is fitted in " + Reference.fmt(
						res.backgroundWindow[0]) + "-" + Reference.fmt(res.backgroundWindow[1]) + " eV; flagged " +
					REFERENCES_WITHOUT_BACKGROUND);
			}
		}
	}

	/**
	 * Flags the empty and saturated spectra of a tile (spectrum i at y[base + i * ch]), marks the usable ones and
	 * adds them to sum in their order; returns how many were usable.
	 */
	private static int usableSum(double[] y, int base, int first, int count, int ch, Result.Builder res, boolean[] usable,
		double[] mean)
	{
		int nUsable = 0;
		for (int i = first; i < first + count; i++) {
			int off = base + i * ch;
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int k = 0; k < ch; k++) {
				max = Math.max(max, y[off + k]);
				sum += Math.abs(y[off + k]);
			}
			if (!(sum > 0)) {
				res.flags[i] = Flags.join(res.flags[i], "empty-spectrum");
				continue;
			}
			int atMax = 0, run = 0, bestRun = 0;
			for (int k = 0; k < ch; k++) if (y[off + k] == max) {
				atMax++;
				run++;
				bestRun = Math.max(bestRun, run);
			}
			else run = 0;
			if (bestRun >= 4 && max > 0) res.flags[i] = Flags.join(res.flags[i], "saturated");
			usable[i] = true;
			nUsable++;
		}
		for (int i = first; i < first + count; i++) if (usable[i]) for (int k = 0; k < ch; k++) mean[k] += y[base + i *
			ch + k];
		return nUsable;
	}

	/** Mean counts over 4 eV after the steepest rise minus the mean over 5 eV before the onset. */
	private static double jump(double[] y, int off, double[] e, double onset, double steepest) {
		double a = 0, b = 0;
		int na = 0, nb = 0;
		int k0 = Math.max(0, EdgeFinder.index(e, onset - 7) - 1), k1 = Math.min(e.length - 1, EdgeFinder.index(e,
			steepest + 4) + 1);
		for (int k = k0; k <= k1; k++) {
			if (e[k] >= steepest && e[k] <= steepest + 4) {
				a += y[off + k];
				na++;
			}
			else if (e[k] >= onset - 7 && e[k] < onset - 2) {
				b += y[off + k];
				nb++;
			}
		}
		return na == 0 || nb == 0 ? 0 : a / na - b / nb;
	}

	/** First and last channel whose corrected energy lies in the window. */
	static int[] channels(double[] e, double shift, double[] window) {
		int lo = EdgeFinder.index(e, window[0] + shift), hi = EdgeFinder.index(e, window[1] + shift);
		if (e[lo] - shift < window[0] && lo < e.length - 1) lo++;
		return new int[] { lo, Math.max(lo, hi) };
	}

	private static double interp(double[] y, int off, int ch, double p) {
		int i = (int) Math.floor(p);
		if (i < 0) return y[off];
		if (i >= ch - 1) return y[off + ch - 1];
		double w = p - i;
		return y[off + i] * (1 - w) + y[off + i + 1] * w;
	}
}
