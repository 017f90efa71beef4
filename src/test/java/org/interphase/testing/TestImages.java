package org.interphase.testing;

import java.io.IOException;
import java.nio.file.Path;

import org.interphase.core.data.Signal;
import org.interphase.ij.ImageJTiff;
import org.interphase.synth.Noise;

/** Small seeded images written as calibrated TIFF for plumbing tests. */
public final class TestImages {
	private TestImages() {}

	public static Path tiff(Path dir, String name, long seed, double level) throws IOException {
		Noise n = new Noise(seed);
		int w = 32, h = 24;
		double[] d = new double[w * h];
		for (int i = 0; i < d.length; i++) d[i] = level + n.gaussian(0, 5);
		Path f = dir.resolve(name);
		ImageJTiff.write(Signal.image(name, w, h, d, 0.5, "\u00B5m"), f, null);
		return f;
	}
}
