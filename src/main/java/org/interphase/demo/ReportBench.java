package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.interphase.core.result.ResultRow;
import org.interphase.report.ReportWriter;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

/**
 * {@code bench --only report}: the whole {@code report} (read every stored row, summaries, key figures,
 * comparisons, appendix charts, HTML) on a database of N files' rows (default 10,000; 1,000 with --quick) of eight
 * samples: 40 % SEM images (100 profiles each), 20 % XPS spectra, 20 % EELS line scans (30 positions), 10 % SAED
 * series (40 frames), 10 % Raman spectra. Building the database is not timed.
 */
public final class ReportBench {
	private ReportBench() {}

	public static void run(BenchContext ctx, int files) throws IOException {
		Path dir = Files.createTempDirectory("interphase-report-bench");
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			int rows = fill(db, dir, files);
			long t0 = System.nanoTime();
			ReportWriter.Options o = ReportWriter.Options.builder().groupBy("coating").x("cycles").build();
			ReportWriter.write(db, dir.resolve("report"), o);
			double s = (System.nanoTime() - t0) * 1e-9;
			ctx.report("report.files", files, "files");
			ctx.report("report.rows", rows, "rows");
			ctx.report("report.seconds", s, "s");
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	static int fill(ResultsDatabase db, Path dir, int files) throws IOException {
		long run = db.startRun("bench", Map.of(), dir);
		SplittableRandom rnd = new SplittableRandom(1);
		String[] samples = new String[8];
		for (int i = 0; i < 8; i++) {
			samples[i] = (i % 2 == 0 ? "bare-" : "BN-") + (100 * (1 + i / 2)) + "c";
			Map<String, String> a = new LinkedHashMap<>();
			a.put("coating", i % 2 == 0 ? "none" : "BN");
			a.put("cycles", Integer.toString(100 * (1 + i / 2)));
			db.putSample(samples[i], a);
		}
		int total = 0;
		for (int f = 0; f < files; f++) {
			String s = samples[f % 8], path = dir.resolve("f" + f).toString();
			int kind = (f / 8) % 10;
			List<ResultRow> rows = new ArrayList<>();
			String tech, analysis;
			if (kind < 4) {
				tech = "sem";
				analysis = "reaction-depth";
				for (int p = 0; p < 100; p++) rows.add(ResultRow.of("depth", 100 + 20 * rnd.nextDouble(), 2, "\u00B5m").region(
					"profile:" + p));
				rows.add(ResultRow.of("depth_mean", 110, 1, "\u00B5m"));
			}
			else if (kind < 6) {
				tech = "xps";
				analysis = "xps-fit";
				for (String c : new String[] { "Ti3+", "Ti4+", "O" }) for (String q : new String[] { "position", "fwhm", "area",
					"fraction" }) rows.add(ResultRow.of(q, rnd.nextDouble(), 0.01, "").region("component:" + c));
			}
			else if (kind < 8) {
				tech = "eels";
				analysis = "eels-valence";
				for (int p = 0; p < 30; p++) {
					rows.add(ResultRow.of("distance", p, Double.NaN, "nm").region("position:" + p));
					rows.add(ResultRow.of("ti3_fraction", Math.exp(-p / 10.0), 0.03, "fraction").region("position:" + p));
				}
				rows.add(ResultRow.of("ti3_dominant_depth", 7, 0.5, "nm"));
			}
			else if (kind < 9) {
				tech = "diffraction";
				analysis = "saed";
				for (int p = 0; p < 40; p++) rows.add(ResultRow.of("crystalline_fraction", Math.exp(-p / 20.0), 0.02,
					"fraction").region("frame:" + p).label("t=" + p + " s"));
				rows.add(ResultRow.of("amorphization_time", 14, 1, "s"));
			}
			else {
				tech = "raman";
				analysis = "raman-bn";
				rows.add(ResultRow.of("cbn_hbn_area_ratio", 0.4 + 0.1 * rnd.nextDouble(), 0.02, ""));
				rows.add(ResultRow.of("hbn_fwhm", 30, 1, "cm-1"));
			}
			List<ResultRow> ctx = new ArrayList<>();
			for (ResultRow r : rows) ctx.add(r.context(s, tech, analysis, path));
			db.store(run, new FileRecord(path, 1, Integer.toHexString(f), tech), analysis, "h", null, ctx);
			total += ctx.size();
		}
		return total;
	}
}
