package org.interphase.fiji;

import java.awt.AWTEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ij.IJ;
import ij.Macro;
import ij.Prefs;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ij.gui.NonBlockingGenericDialog;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.plugin.PlugIn;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Param;
import org.interphase.analysis.xps.XpsFitAnalysis;
import org.interphase.analysis.xps.XpsTemplateEditor;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.Table;
import org.interphase.core.xps.XpsTemplate;
import org.interphase.io.Readers;
import org.interphase.ij.FigureRenderer;

/**
 * Plugins › Interphase › XPS › XPS Fit Window…: the component table of a template as editable fields (shape,
 * position, FWHM with bounds and free / fixed / linked, doublet split and ratio, extra parameters, background),
 * a Preview that refits on every edit and redraws one plot (data, background, components, envelope, residuals)
 * and the "XPS components" table, and "Save template as" for the edited JSON. OK fits through the same path as
 * {@code xps-fit --template FILE}: the edited template is written first and the fit reads it. Only layout here:
 * the fields and the edit-to-template conversion are {@link XpsTemplateEditor}'s, the fit is
 * {@link XpsFitAnalysis}'s. Field labels are the macro keys, so the window records and replays as a macro.
 */
public class XpsFitWindow implements PlugIn {
	private static final String LAST_FILE = "interphase.lastfile.xps-window";

	@Override
	public void run(String arg) {
		Analysis a = Analyses.byCommand("xps-fit");
		boolean interactive = Macro.getOptions() == null && !GraphicsHeadless.is();
		GenericDialog first = new GenericDialog("Interphase: XPS Fit Window");
		ParamDialog.addFile(first, "File", Prefs.get(LAST_FILE, ""), false);
		first.addStringField("Sample", FijiSettings.currentSample(), 24);
		first.addChoice("Preset", XpsTemplate.PRESETS.toArray(new String[0]), "ti2p");
		ParamDialog.addFile(first, "Template", "", false);
		first.addMessage("The template (or preset) gives the components to edit in the next window.");
		first.showDialog();
		if (first.wasCanceled()) return;
		String file = first.getNextString().trim();
		String sample = first.getNextString().trim();
		String preset = first.getNextChoice();
		String templateFile = first.getNextString().trim();
		XpsTemplate base;
		Dataset data;
		try {
			base = templateFile.isEmpty() ? XpsTemplate.preset(preset) : XpsTemplate.load(Path.of(templateFile));
			if (file.isEmpty()) throw new IOException("no spectrum file chosen");
			data = Readers.read(Path.of(file));
		}
		catch (IOException | IllegalArgumentException e) {
			fail(e.getMessage());
			return;
		}
		Prefs.set(LAST_FILE, file);

		List<XpsTemplateEditor.Row> rows = XpsTemplateEditor.rows(base);
		List<Param> fitParams = XpsTemplateEditor.fitParams(data);
		GenericDialog gd = interactive ? new NonBlockingGenericDialog("XPS Fit Window: " + base.name + " - " + Path.of(
			file).getFileName()) : new GenericDialog("XPS Fit Window");
		addComponentFields(gd, rows);
		gd.addMessage("Fit settings");
		ParamDialog.add(gd, fitParams, Map.of());
		ParamDialog.addFile(gd, "Save_template_as", "", false);
		Preview w = interactive ? new Preview(a, data, base, rows, fitParams) : null;
		if (w != null) {
			gd.addCheckbox("Preview", true);
			gd.addDialogListener(w);
			gd.setOKLabel("Fit");
		}
		HelpPages.addHelp(gd, "xps");
		gd.showDialog();
		if (w != null) w.stop();
		if (gd.wasCanceled()) return;
		Map<String, String> edits = new LinkedHashMap<>(), fit;
		String save;
		XpsTemplate edited;
		try {
			for (XpsTemplateEditor.Row r : rows) edits.putAll(ParamDialog.read(gd, r.fields));
			fit = XpsTemplateEditor.fitValues(ParamDialog.read(gd, fitParams));
			save = gd.getNextString().trim();
			edited = XpsTemplateEditor.apply(base, edits);
		}
		catch (IllegalArgumentException e) {
			fail(e.getMessage());
			return;
		}
		// the fit reads the saved template, exactly as `xps-fit --template FILE` does
		Path templatePath = saveTemplate(edited, save);
		if (templatePath == null) return;
		if (w != null) w.closePlot();
		Map<String, String> values = new LinkedHashMap<>(fit);
		values.put("preset", preset);
		values.put("template", templatePath.toString());
		values.put("background", "template");
		AnalysisCommand.run(a, null, file, sample, values);
	}

	/** Each component's fields under its title, on the rows the editor lays out. */
	private static void addComponentFields(GenericDialog gd, List<XpsTemplateEditor.Row> rows) {
		for (XpsTemplateEditor.Row r : rows) {
			gd.addMessage(r.title);
			boolean firstField = true;
			for (Param p : r.fields) {
				if (!firstField && !r.lineStarts.contains(p.key) && !GraphicsHeadless.is()) gd.addToSameRow();
				firstField = false;
				if (p.kind == Param.Kind.CHOICE) gd.addChoice(p.dialogLabel(), p.choices.toArray(new String[0]),
					p.defaultValue);
				else {
					double d = Double.parseDouble(p.defaultValue);
					gd.addNumericField(p.dialogLabel(), d, XpsTemplateEditor.decimals(d), 8, p.unit);
				}
			}
		}
	}

	/** The edited template, saved where asked or to a temporary file; null (and the problem said) when it cannot be. */
	private static Path saveTemplate(XpsTemplate edited, String save) {
		Path templatePath;
		try {
			if (save.isEmpty()) {
				templatePath = Files.createTempFile("interphase-xps-template", ".json");
				templatePath.toFile().deleteOnExit();
			}
			else templatePath = Path.of(save);
			edited.save(templatePath);
			if (!save.isEmpty()) IJ.log("XPS Fit Window: template saved to " + templatePath);
		}
		catch (IOException e) {
			fail("cannot write the template " + save + ": " + e.getMessage());
			return null;
		}
		return templatePath;
	}

	private static void fail(String message) {
		IJ.log("Interphase XPS Fit Window: " + message);
		if (Macro.getOptions() == null && !GraphicsHeadless.is()) IJ.error("Interphase: XPS Fit Window", message);
	}

	/** Preview: each edit refits in the background and redraws one plot window and the components table. */
	private static final class Preview implements DialogListener {
		private final Analysis analysis;
		private final Dataset data;
		private final XpsTemplate base;
		private final List<XpsTemplateEditor.Row> rows;
		private final List<Param> fitParams;
		private final AtomicInteger generation = new AtomicInteger();
		private PlotWindow plot;

		Preview(Analysis analysis, Dataset data, XpsTemplate base, List<XpsTemplateEditor.Row> rows, List<Param> fitParams) {
			this.analysis = analysis;
			this.data = data;
			this.base = base;
			this.rows = rows;
			this.fitParams = fitParams;
		}

		@Override
		public boolean dialogItemChanged(GenericDialog gd, AWTEvent e) {
			Map<String, String> edits = new LinkedHashMap<>(), fit;
			XpsTemplate t;
			try {
				for (XpsTemplateEditor.Row r : rows) edits.putAll(ParamDialog.read(gd, r.fields));
				fit = XpsTemplateEditor.fitValues(ParamDialog.read(gd, fitParams));
				gd.getNextString(); // save-template-as is written on OK
				t = XpsTemplateEditor.apply(base, edits);
			}
			catch (IllegalArgumentException ex) {
				IJ.showStatus("XPS Fit Window: " + ex.getMessage());
				return false;
			}
			boolean on = gd.getNextBoolean();
			int gen = generation.incrementAndGet();
			if (!on) return true;
			fit.put("background", "template");
			Thread th = new Thread(() -> {
				try {
					AnalysisResult r = ((XpsFitAnalysis) analysis).analyze(data, analysis.parameters(fit), t,
						new AnalysisContext(null, Prefs.getThreads()));
					if (generation.get() != gen) return;
					show(r);
				}
				catch (Exception ex) {
					IJ.showStatus("XPS Fit Window preview: " + ex.getMessage());
				}
			}, "Interphase XPS preview");
			th.setDaemon(true);
			th.start();
			return true;
		}

		private synchronized void show(AnalysisResult r) {
			if (!r.figures().isEmpty()) {
				Plot p = FigureRenderer.toPlot(r.figures().get(0));
				if (plot == null || plot.isClosed()) plot = p.show();
				else plot.drawPlot(p);
			}
			for (Table t : r.tables()) ResultsTables.show(t);
			StringBuilder s = new StringBuilder("Preview:");
			for (ResultRow row : r.rows())
				if (row.quantity.equals("fraction")) s.append(String.format(java.util.Locale.ROOT, " %s %.1f %%", row.label,
					100 * row.value));
			ResultRow chi = r.find("reduced_chi2");
			if (chi != null) s.append(String.format(java.util.Locale.ROOT, ", reduced chi2 %.3g", chi.value));
			IJ.showStatus(s.toString());
		}

		void stop() {
			generation.incrementAndGet();
		}

		synchronized void closePlot() {
			if (plot != null && !plot.isClosed()) plot.close();
		}
	}
}
