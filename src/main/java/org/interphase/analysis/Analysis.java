package org.interphase.analysis;

import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;

/**
 * One analysis of the suite, the single thing the command line, the Fiji menu, macros, the demo and the bench
 * all call. An implementation declares its parameters once ({@link #params()}), turns a {@link Dataset} into an
 * {@link AnalysisResult} ({@link #analyze}). Register it in {@link Analyses}; its demo data and bench live in
 * {@code org.interphase.demo.DemoRegistry}.
 */
public interface Analysis {
	/** Command-line name, e.g. "sem-depth". */
	String command();

	/** Contract technique: sem, hrtem, xps, eels, raman, diffraction. */
	String technique();

	/** Contract analysis name, e.g. "reaction-depth". */
	String name();

	/** Fiji submenu under Plugins > Interphase, e.g. "SEM". */
	String menu();

	/** Fiji menu label and dialog title without the ellipsis, e.g. "Reaction Layer Depth". */
	String title();

	/** One paragraph for --help and the README. */
	String description();

	/** The analysis' own parameters (the common options --out, --db, --sample ... are not listed here). */
	List<Param> params();

	/** Whether the input is an image (Fiji uses the active image) or a file with spectra (Fiji asks for it). */
	default boolean worksOnImages() {
		return true;
	}

	/** File-name endings (lower case, without dot) this analysis reads; folder walks skip other files. */
	List<String> extensions();

	/** False while the analysis is not built: the command says so and exits 2. */
	default boolean available() {
		return true;
	}

	/** With these parameters, is a folder input one series (read as one stack) rather than many files? */
	default boolean folderIsSeries(Params params) {
		return false;
	}

	/**
	 * Whether it reads a stack too large for memory frame by frame ({@link org.interphase.core.data.FrameSource}
	 * in the dataset); the batch refuses such a stack, with the reason, for an analysis that does not.
	 */
	default boolean streamsFrames() {
		return false;
	}

	/**
	 * Whether it maps a spectrum image or map read in tiles of rows ({@link org.interphase.core.data.SpectrumTiles}
	 * in the dataset: EELS DM/TIA, Raman WDF); the batch refuses one, with the reason, for an analysis that does not.
	 */
	default boolean streamsSpectra() {
		return false;
	}

	/** Analyses one input. Throws AnalysisException with a user-facing message for bad input. */
	AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException;

	/**
	 * Rows that summarise several inputs of one sample (e.g. reaction depth over an SEM series); called by the
	 * batch runner once per sample after all its inputs. Rows are stamped with the sample, source "" .
	 */
	default List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
		return List.of();
	}

	/** Parameters from their defaults plus the given values (validated). */
	default Params parameters(java.util.Map<String, String> given) {
		return new Params(params(), given);
	}

	/** Whether this analysis reads the given file by its name. */
	default boolean accepts(Path file) {
		String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		for (String e : extensions()) if (n.endsWith("." + e)) return true;
		return false;
	}
}
