package org.interphase.fiji;

import java.awt.AWTEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.io.FileInfo;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.batch.BatchRunner;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.Table;
import org.interphase.ij.ImagePlusData;
import org.interphase.io.Readers;
import org.interphase.ij.FigureRenderer;
import org.interphase.ij.OverlayRenderer;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.SampleSheet;

/**
 * The one ImageJ 1.x plugin behind every analysis menu entry ({@code plugins.config} passes the command name).
 * Dialog fields come from the analysis' parameters, so the dialog, the recorded macro and the command line share
 * names; the analysis itself is the same core call the command line makes. No analysis logic here.
 */
public class AnalysisCommand implements PlugIn {
	private static final String LAST_FILE = "interphase.lastfile.";

	@Override
	public void run(String arg) {
		Analysis a = Analyses.byCommand(arg);
		if (a == null) {
			IJ.error("Interphase", "No analysis '" + arg + "'.");
			return;
		}
		if (!a.available()) {
			IJ.error("Interphase", a.title() + ": " + a.description());
			return;
		}
		String unknown = ParamDialog.unknownMacroKeys(a.params(), a.title());
		if (unknown != null) {
			fail(a.title(), unknown);
			ParamDialog.abortMacro(); // as the command line's exit 2: the macro stops instead of running on defaults
			return;
		}
		InputImages.Input in;
		try {
			in = a.worksOnImages() ? InputImages.resolve(x -> true, "image") : new InputImages.Input();
		}
		catch (IllegalArgumentException e) {
			fail(a.title(), e.getMessage());
			return;
		}
		ImagePlus first = in.preferred();
		boolean needFile = in.isFile();
		GenericDialog gd = new GenericDialog("Interphase: " + a.title());
		in.addTo(gd);
		if (needFile) ParamDialog.addFile(gd, "File", Prefs.get(LAST_FILE + a.command(), ""), false);
		if (in.note != null) gd.addMessage(in.note);
		// with a choice of images the sample follows the chosen one (empty: its sheet entry or file name)
		gd.addStringField("Sample", in.choices.isEmpty() ? defaultSample(first) : FijiSettings.currentSample(), 24);
		ParamDialog.add(gd, a.params(), roiDefaults(first, a.params()));
		Preview preview = first != null && Macro.getOptions() == null ? new Preview(a, in) : null;
		if (preview != null) {
			gd.addCheckbox("Preview", false);
			gd.addDialogListener(preview::changed);
		}
		HelpPages.addHelp(gd, a.technique());
		gd.showDialog();
		if (preview != null) preview.stop();
		if (gd.wasCanceled()) return;
		ImagePlus imp = in.read(gd);
		String file = needFile ? gd.getNextString().trim() : null;
		String sample = gd.getNextString().trim();
		Map<String, String> values;
		try {
			values = ParamDialog.read(gd, a.params());
		}
		catch (IllegalArgumentException e) {
			IJ.error("Interphase", e.getMessage());
			return;
		}
		if (needFile) Prefs.set(LAST_FILE + a.command(), file);
		InputImages.used(imp);
		run(a, imp, file, sample, values);
	}

	private static void fail(String title, String msg) {
		IJ.log("Interphase " + title + ": " + msg);
		if (Macro.getOptions() == null && !Interpreter.isBatchMode()) IJ.error("Interphase: " + title, msg);
	}

	/** Runs the analysis and shows its results; also used by scripts through {@link Interphase}. */
	static AnalysisResult run(Analysis a, ImagePlus imp, String file, String sample, Map<String, String> values) {
		return run(a, a.title(), imp, file, sample, values);
	}

	/** The same under another menu title (e.g. Amorphization Series, the series view of Analyze Pattern). */
	static AnalysisResult run(Analysis a, String title, ImagePlus imp, String file, String sample,
		Map<String, String> values)
	{
		try {
			Params params = a.parameters(values).checkDeclared(); // the declared ranges, as the command line checks them
			for (String note : params.deprecations()) IJ.log("Interphase " + title + ": " + note);
			Dataset d = input(a, params, imp, file);
			String source = d.source;
			String sampleId = sample == null || sample.isEmpty() ? sampleFromSheet(Path.of(source)) : sample;
			AnalysisResult res = a.analyze(d, params, new AnalysisContext(new FijiProgress(), Prefs.getThreads()));
			List<ResultRow> rows = res.rows().stream().map(r -> r.context(sampleId, a.technique(), a.name(), source))
				.collect(Collectors.toList());
			ResultsTables.append(rows);
			store(a, title, params, source, sampleId, rows);
			show(title, imp, res);
			for (String w : res.warnings()) IJ.log(title + ": " + w);
			IJ.showProgress(1.0);
			return res;
		}
		catch (AnalysisException | IOException | IllegalArgumentException e) {
			String src = imp != null ? imp.getTitle() : file;
			IJ.log("Interphase " + title + " failed on " + src + ": " + e.getMessage());
			if (Macro.getOptions() == null && !Interpreter.isBatchMode()) IJ.error("Interphase: " + title, e.getMessage());
			return null;
		}
	}

	/** As {@link #input(ImagePlus, String)}; a folder is read as one series when the parameters make it one. */
	static Dataset input(Analysis a, Params params, ImagePlus imp, String file) throws IOException {
		if (imp == null && file != null && !file.isEmpty() && Files.isDirectory(Path.of(file)) && a.folderIsSeries(
			params)) {
			Dataset d = BatchRunner.readSeries(a, Path.of(file));
			if (d == null) throw new IOException(file + ": the folder holds no " + a.technique() + " files");
			return d;
		}
		return input(imp, file);
	}

	/**
	 * The dataset an analysis sees. An unchanged image opened from a file is read again by the suite's readers, so
	 * Fiji, macros and the command line analyse the same data with the same calibration; otherwise the pixels
	 * and calibration of the image as it is in ImageJ.
	 */
	static Dataset input(ImagePlus imp, String file) throws IOException {
		if (imp == null) {
			if (file == null || file.isEmpty()) throw new IOException("no file chosen");
			return Readers.read(Path.of(file));
		}
		FileInfo fi = imp.getOriginalFileInfo();
		if (!imp.changes && fi != null && fi.directory != null && fi.fileName != null && !fi.fileName.isEmpty()) {
			Path p = Path.of(fi.directory, fi.fileName);
			if (Files.isRegularFile(p) && imp.getRoi() == null) return Readers.read(p);
		}
		return ImagePlusData.toDataset(imp, imp.getTitle());
	}

	private static String defaultSample(ImagePlus imp) {
		String current = FijiSettings.currentSample();
		if (!current.isEmpty()) return current;
		if (imp == null) return "";
		return sampleFromSheet(Path.of(imp.getTitle()));
	}

	static String sampleFromSheet(Path file) {
		String sheet = FijiSettings.sampleSheet();
		if (!sheet.isEmpty() && Files.isRegularFile(Path.of(sheet))) {
			try {
				return SampleSheet.read(Path.of(sheet)).sampleOf(file, null);
			}
			catch (IOException e) {
				IJ.log("Interphase: sample sheet " + sheet + ": " + e.getMessage());
			}
		}
		return SampleSheet.idFromFileName(file);
	}

	/**
	 * Fills the `line` and `roi` parameters from the image's selection, as the convention says, and `region`
	 * (x,y,w,h) with the bounds of an area selection.
	 */
	static Map<String, String> roiDefaults(ImagePlus imp, List<Param> params) {
		Map<String, String> m = new LinkedHashMap<>();
		Roi roi = imp == null ? null : imp.getRoi();
		if (roi == null) return m;
		ij.process.FloatPolygon fp = roi.getFloatPolygon();
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < fp.npoints; i++) {
			if (i > 0) sb.append(',');
			sb.append(ParamDialog.number(fp.xpoints[i])).append(',').append(ParamDialog.number(fp.ypoints[i]));
		}
		java.awt.Rectangle b = roi.getBounds();
		for (Param p : params) {
			if (p.key.equals("line") && roi.isLine()) m.put("line", sb.toString());
			if (p.key.equals("roi") && roi.isArea()) m.put("roi", sb.toString());
			if (p.key.equals("region") && roi.isArea()) m.put("region", b.x + "," + b.y + "," + b.width + "," + b.height);
		}
		return m;
	}

	private static void store(Analysis a, String title, Params params, String source, String sampleId,
		List<ResultRow> rows) throws IOException
	{
		if (!FijiSettings.databaseChosen()) return;
		try (ResultsDatabase d = ResultsDatabase.open(FijiSettings.databaseLocation())) {
			long run = d.startRun("Fiji: " + title, params.asMap(), d.file() == null ? null : d.file().toAbsolutePath()
				.getParent());
			Path p = Path.of(source);
			FileRecord rec = Files.isRegularFile(p) ? FileRecord.of(p, a.technique()) : new FileRecord(source, 0,
				"image:" + source, a.technique());
			d.putSample(sampleId, Map.of());
			d.store(run, rec, a.name(), ResultsDatabase.paramsHash(a.command(), params.asMap()), null, rows);
		}
	}

	private static void show(String title, ImagePlus imp, AnalysisResult res) {
		boolean batch = Interpreter.isBatchMode() || GraphicsHeadless.is();
		if (imp != null && !res.shapes().isEmpty()) imp.setOverlay(OverlayRenderer.toOverlay(res.shapes()));
		if (!batch) for (Figure f : res.figures()) FigureRenderer.toPlot(f).show();
		for (Table t : res.tables()) ResultsTables.show(t);
		for (Signal m : res.maps()) {
			ImagePlus map = ImagePlusData.toImagePlus(m);
			map.setTitle(title + " - " + m.name);
			InputImages.markResult(map, title);
			if (!GraphicsHeadless.is()) map.show();
		}
	}

	/** Preview: runs the analysis on the current values in the background and draws what it measured. */
	private static final class Preview {
		private final Analysis analysis;
		private final InputImages.Input input;
		private ImagePlus imp;
		private final AtomicInteger generation = new AtomicInteger();

		Preview(Analysis analysis, InputImages.Input input) {
			this.analysis = analysis;
			this.input = input;
			this.imp = input.preferred();
		}

		boolean changed(GenericDialog gd, AWTEvent e) {
			ImagePlus chosen = input.read(gd);
			if (chosen != imp && imp != null) imp.setOverlay(null);
			imp = chosen;
			gd.getNextString(); // sample
			Map<String, String> values;
			try {
				values = ParamDialog.read(gd, analysis.params());
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
			boolean on = gd.getNextBoolean();
			int gen = generation.incrementAndGet();
			if (!on) {
				imp.setOverlay(null);
				return true;
			}
			ImagePlus target = imp;
			Thread t = new Thread(() -> {
				try {
					AnalysisResult r = analysis.analyze(input(target, null), analysis.parameters(values), new AnalysisContext(
						null, Prefs.getThreads()));
					if (generation.get() == gen) target.setOverlay(OverlayRenderer.toOverlay(r.shapes()));
				}
				catch (Exception ex) {
					IJ.showStatus("Preview: " + ex.getMessage());
				}
			}, "Interphase preview");
			t.setDaemon(true);
			t.start();
			return true;
		}

		void stop() {
			generation.incrementAndGet();
		}
	}
}
