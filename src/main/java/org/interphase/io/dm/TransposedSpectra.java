package org.interphase.io.dm;

/**
 * The first spectra of an energy-slowest spectrum image kept, once transposed, for the later passes over the file
 * (issue 23): an analysis reads the image several times, and each read of energy-slowest data moves every value
 * from its channel plane to its spectrum again; the spectra kept here are copied instead. The budget is fixed when
 * the file is opened (a sixteenth of the heap Java may use, or {@value #BUDGET_PROPERTY} bytes), so memory does not
 * grow with the image: an image within the budget is transposed once, a larger one keeps its first spectra and
 * transposes the others at every pass. Values are kept as float when the file's type holds nothing a float cannot
 * (float32, 8- and 16-bit integers), else as double, so a kept spectrum is the decoded one to the bit; memory is
 * taken in blocks as spectra are kept. Spectra are
 * kept by the read that decodes them first; reads from several threads are safe (a spectrum counts as kept once
 * its values are written, under this object's lock).
 */
final class TransposedSpectra {
	/** The system property that forces the budget in bytes (tests: 0 keeps nothing, a small one splits the image). */
	static final String BUDGET_PROPERTY = "interphase.spectrumCacheBytes";

	private final int ch, kept;
	private final boolean asFloat;
	/** Spectra in blocks of {@link #BLOCK}, allocated when their first spectrum is kept (float or double). */
	private final float[][] f;
	private final double[][] d;
	private final boolean[] held;

	private TransposedSpectra(int ch, int kept, boolean asFloat) {
		this.ch = ch;
		this.kept = kept;
		this.asFloat = asFloat;
		int blocks = (kept + BLOCK - 1) / BLOCK;
		f = asFloat ? new float[blocks][] : null;
		d = asFloat ? null : new double[blocks][];
		held = new boolean[kept];
	}

	/** A store for the first spectra of {@code pixels} of {@code ch} channels of type t, or null when none fits. */
	static TransposedSpectra forImage(long pixels, int ch, RawDecoder.Type t) {
		Long forced = Long.getLong(BUDGET_PROPERTY);
		long budget = forced != null ? forced : Runtime.getRuntime().maxMemory() / 16;
		boolean asFloat = t == RawDecoder.Type.FLOAT32 || t.bytes <= 2;
		long spectra = Math.min(pixels, budget / ((long) ch * (asFloat ? 4 : 8)));
		return spectra > 0 ? new TransposedSpectra(ch, (int) Math.min(spectra, Integer.MAX_VALUE - 16), asFloat) : null;
	}

	/** Spectra [0, kept()) can be kept. */
	int kept() {
		return kept;
	}

	/** Whether spectra [first, first + count) are all kept (count &gt; 0, first + count &lt;= kept()). */
	synchronized boolean holds(int first, int count) {
		for (int i = first; i < first + count; i++) if (!held[i]) return false;
		return true;
	}

	/** Kept spectra [first, first + count) into out[at..], channels contiguous. */
	void copy(int first, int count, double[] out, int at) {
		copy(first, count, out, at, 0, ch);
	}

	/** {@link #copy(int, int, double[], int)} of channels [k0, k1) only (the others of out are left as they are). */
	void copy(int first, int count, double[] out, int at, int k0, int k1) {
		for (int i = first; i < first + count; i++, at += ch) {
			int from = i % BLOCK * ch;
			if (asFloat) {
				float[] b = f[i / BLOCK];
				for (int k = k0; k < k1; k++) out[at + k] = b[from + k];
			}
			else System.arraycopy(d[i / BLOCK], from + k0, out, at + k0, k1 - k0);
		}
	}

	/**
	 * Keeps spectra [first, first + count) (first + count &lt;= kept()), decoded into src[at..]; those already kept
	 * are left as they are (a thread may be copying them).
	 */
	synchronized void keep(int first, int count, double[] src, int at) {
		for (int i = first; i < first + count; i++, at += ch) if (!held[i]) {
			int bi = i / BLOCK, to = i % BLOCK * ch, size = Math.min(BLOCK, kept - bi * BLOCK) * ch;
			if (asFloat) {
				if (f[bi] == null) f[bi] = new float[size];
				for (int k = 0; k < ch; k++) f[bi][to + k] = (float) src[at + k];
			}
			else {
				if (d[bi] == null) d[bi] = new double[size];
				System.arraycopy(src, at, d[bi], to, ch);
			}
			held[i] = true;
		}
	}

	/** Spectra per block of memory. */
	private static final int BLOCK = 256;
}
