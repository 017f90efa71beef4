package org.interphase.core.hrtem;

import java.awt.image.BufferedImage;
import java.io.File;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Writes stress images as PNG for a look (-Dhrtem.dump=DIR); skipped otherwise. */
class HrtemStressDump {
	@Test
	void dump() throws Exception {
		String dir = System.getProperty("hrtem.dump");
		Assumptions.assumeTrue(dir != null);
		for (int k = 0; k < 3; k++) write(HrtemStress.edge(CoatingThicknessStressTest.issueCase(k)).img, 0, dir + "/issue" + k + ".png");
		for (long s : new long[] { 1001, 1003, 1007, 1013 }) {
			HrtemStress.EdgeSpec sp = HrtemStress.randomEdge(s);
			if (sp.size > 1024) sp.size = 1024;
			write(HrtemStress.edge(sp).img, 0, dir + "/s" + s + ".png");
		}
		HrtemStress.Mosaic m = HrtemStress.mosaic(1, 1024, 0.04);
		write(m.img, 0, dir + "/mosaic1.png");
	}

	static void write(double[] img, int unused, String path) throws Exception {
		int n = (int) Math.round(Math.sqrt(img.length));
		double[] s = img.clone();
		java.util.Arrays.sort(s);
		double lo = s[(int) (0.005 * s.length)], hi = s[(int) (0.995 * s.length)];
		BufferedImage b = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			int v = (int) Math.max(0, Math.min(255, 255 * (img[y * n + x] - lo) / (hi - lo)));
			b.getRaster().setSample(x, y, 0, v);
		}
		javax.imageio.ImageIO.write(b, "png", new File(path));
	}
}
