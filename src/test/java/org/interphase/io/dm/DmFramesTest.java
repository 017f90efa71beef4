package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.data.Signal;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: a DM3/DM4 series of frames (frame, y, x) read frame by frame from the mapped file holds the frames of
 * the whole-file read, and the SAED series analysis of the streamed file gives the rows of the whole file to the
 * bit. The frames are written from the physics (rings fading into a halo on a beam tail, counting noise).
 */
class DmFramesTest {
	@TempDir
	Path dir;

	static Signal series(int size, int frames) {
		double cx = size / 2.0 + 0.4, cy = size / 2.0 - 0.3;
		double[] radii = { size * 0.14, size * 0.2, size * 0.245, size * 0.33 }, amp = { 80, 50, 45, 25 };
		double[] px = new double[frames * size * size];
		for (int f = 0; f < frames; f++) {
			double c = 0.1 + 0.7 / (1 + Math.exp((f - frames / 2.0) / (frames / 12.0)));
			SplittableRandom rnd = new SplittableRandom(1000 + f);
			for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
				double r = Math.hypot(x - cx, y - cy), v = 2000 / Math.pow(1 + r * r / 9, 1.1) + 3;
				v += (1 + 3 * (0.8 - c)) * 30 * Math.exp(-0.5 * Math.pow((r - size * 0.17) / (size * 0.05), 2));
				for (int k = 0; k < radii.length; k++) v += c / 0.8 * amp[k] * Math.exp(-0.5 * Math.pow((r - radii[k]) / 1.3,
					2));
				px[(f * size + y) * size + x] = (float) Math.max(0, v + Math.sqrt(v) * (rnd.nextDouble() - 0.5) * 3.4);
			}
		}
		List<Axis> axes = List.of(new Axis("frame", frames, 3, 0, "s"), new Axis("y", size, 1, 0, ""), new Axis("x", size,
			1, 0, ""));
		return new Signal("insitu", "float32", new int[] { frames, size, size }, axes, px);
	}

	private static Dataset read(Path f, String mode) throws Exception {
		String old = System.getProperty("interphase.stream");
		System.setProperty("interphase.stream", mode);
		try {
			return Readers.read(f);
		}
		finally {
			if (old == null) System.clearProperty("interphase.stream");
			else System.setProperty("interphase.stream", old);
		}
	}

	@Test
	void streamedFramesAndRowsEqualTheWholeFileRead() throws Exception {
		int size = 128, frames = 10;
		for (int version : new int[] { 3, 4 }) {
			Path f = dir.resolve("insitu.dm" + version);
			DmWriter.write(f, series(size, frames), version, true);
			Dataset whole = read(f, "never");
			assertNull(FrameSource.in(whole));
			assertEquals(frames, whole.primary().count(2), "the whole-file reader sees a stack");
			Dataset streamed = read(f, "always");
			FrameSource src = FrameSource.in(streamed);
			assertNotNull(src, "DM" + version + " series streamed when forced");
			assertEquals(frames, src.frames());
			assertEquals(1, streamed.primary().count(2), "only the first frame is held");
			double[] all = whole.primary().data(), buf = new double[size * size];
			for (int i = 0; i < frames; i++) assertArrayEquals(java.util.Arrays.copyOfRange(all, i * size * size, (i + 1) *
				size * size), src.frame(i, buf), 0, "frame " + i);
			if (version == 4) {
				Analysis a = Analyses.byCommand("saed");
				Map<String, String> p = Map.of("frame-interval", "3");
				AnalysisResult m = a.analyze(whole, a.parameters(p).checkDeclared(), new AnalysisContext(Progress.NONE, 2));
				AnalysisResult s = a.analyze(streamed, a.parameters(p).checkDeclared(), new AnalysisContext(Progress.NONE,
					2));
				List<String> want = m.rows().stream().map(DmFramesTest::line).collect(Collectors.toList());
				org.junit.jupiter.api.Assertions.assertTrue(want.size() > frames, want.size() + " rows");
				assertEquals(want, s.rows().stream().map(DmFramesTest::line).collect(Collectors.toList()));
				assertEquals(m.warnings(), s.warnings());
			}
		}
	}

	private static String line(ResultRow r) {
		return String.join("|", r.region, r.quantity, Long.toHexString(Double.doubleToLongBits(r.value)), Long
			.toHexString(Double.doubleToLongBits(r.uncertainty)), r.unit, r.label, r.flags);
	}
}
