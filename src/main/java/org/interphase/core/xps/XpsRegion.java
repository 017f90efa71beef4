package org.interphase.core.xps;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;

/**
 * One spectrum region of an XPS file: binding energies (kinetic energies converted with the photon energy) and
 * counts, or a map cube (y, x, energy) of them, with the signal it came from (name, VAMAS identifiers, axes).
 */
public final class XpsRegion {
	private static final Pattern HV_IN_NAME = Pattern.compile("hv(\\d+(?:\\.\\d+)?)");

	public final String name;
	/** Binding energies as measured (not charge corrected). */
	public final double[] be;
	/** Counts, energy fastest; pixels * be.length values (a map read in tiles: its first row only). */
	public final double[] data;
	/** A map too large for memory, read in tiles of rows (its dataset's {@link SpectrumTiles}); null: in data. */
	public final SpectrumTiles tiles;
	public final int height, width;
	public final double photonEnergy;
	public final Signal signal;

	XpsRegion(String name, double[] be, double[] data, SpectrumTiles tiles, int height, int width, double photonEnergy,
		Signal signal)
	{
		this.name = name;
		this.be = be;
		this.data = data;
		this.tiles = tiles;
		this.height = height;
		this.width = width;
		this.photonEnergy = photonEnergy;
		this.signal = signal;
	}

	/**
	 * The region of a signal of {@code d}: its last axis is the energy (kinetic when its name or units say so).
	 *
	 * @param photonEnergyFallback the photon energy when neither the signal, the file nor its name give it (NaN:
	 *        Al K-alpha, 1486.6 eV)
	 */
	public static XpsRegion of(Signal s, Dataset d, double photonEnergyFallback) {
		Axis ax = s.lastAxis();
		double hv = photonEnergy(s, d, photonEnergyFallback);
		double[] e = ax.values();
		String an = (ax.name + " " + ax.units).toLowerCase(Locale.ROOT);
		if (an.contains("kinetic")) for (int i = 0; i < e.length; i++) e[i] = hv - e[i];
		int n = e.length;
		int count = (int) (s.length() / Math.max(n, 1));
		int h = 1, w = count;
		if (s.ndim() == 3) {
			h = s.size(0);
			w = s.size(1);
		}
		SpectrumTiles tiles = s == d.primary() ? SpectrumTiles.in(d) : null;
		if (tiles != null) {
			if (tiles.channels() != n || tiles.pixels() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(
				"the map's tiles of " + tiles.channels() + " energies do not match its axis of " + n);
			h = tiles.rows();
			w = tiles.columns();
		}
		return new XpsRegion(s.name, e, s.data(), tiles, h, w, hv, s);
	}

	/** The signal's excitation energy, else the file's, else the fallback, else hvNNNN in the file name, else 1486.6. */
	static double photonEnergy(Signal s, Dataset d, double fallback) {
		Object v = s.metadata().get(MetadataKeys.EXCITATION_ENERGY_EV);
		if (v instanceof Number && ((Number) v).doubleValue() > 0) return ((Number) v).doubleValue();
		double dv = d.number(MetadataKeys.EXCITATION_ENERGY_EV);
		if (dv > 0) return dv;
		if (!Double.isNaN(fallback)) return fallback;
		Matcher m = HV_IN_NAME.matcher(d.source == null ? "" : d.source);
		if (m.find()) return Double.parseDouble(m.group(1));
		return 1486.6;
	}

	public int pixels() {
		return height * width;
	}

	/** A signal metadata value (e.g. the VAMAS sample_identifier), null when absent. */
	public Object meta(String key) {
		return signal.metadata().get(key);
	}

	/** Whether any count is negative. */
	public boolean negative() {
		if (tiles != null) return negativeInTiles();
		for (double v : data) if (v < 0) return true;
		return false;
	}

	private boolean negativeInTiles() {
		int tile = SpectrumTiles.tileRows(tiles), n = be.length;
		double[] buf = null;
		for (int r0 = 0; r0 < tiles.rows(); r0 += tile) {
			int nr = Math.min(tile, tiles.rows() - r0);
			double[] d = tiles.read(r0, nr, buf);
			if (tiles.streamed()) buf = d;
			long off = tiles.offset(r0);
			for (int i = 0; i < nr * width * n; i++) if (d[(int) (off + i)] < 0) return true;
		}
		return false;
	}

	/** The spectrum summed over pixels (the spectrum itself for one pixel). */
	public double[] sum() {
		if (tiles != null) return XpsMapFit.summed(tiles, SpectrumTiles.tileRows(tiles));
		int n = be.length, c = data.length / n;
		double[] s = new double[n];
		for (int k = 0; k < c; k++) for (int i = 0; i < n; i++) s[i] += data[k * n + i];
		return s;
	}

	/** Fraction of [lo, hi] that the energy axis covers. */
	double coverage(double lo, double hi) {
		double a = Double.POSITIVE_INFINITY, b = Double.NEGATIVE_INFINITY;
		for (double v : be) {
			a = Math.min(a, v);
			b = Math.max(b, v);
		}
		return Math.max(0, Math.min(b, hi) - Math.max(a, lo)) / (hi - lo);
	}

	/** Whether it is an auxiliary curve (a VAMAS "Transmission" block), not a spectrum to fit unless asked for. */
	boolean auxiliary() {
		return name.toLowerCase(Locale.ROOT).contains("transmission");
	}

	/** The energies plus the charge shift. */
	double[] shifted(double shift) {
		double[] e = be.clone();
		for (int i = 0; i < e.length; i++) e[i] += shift;
		return e;
	}
}
