package org.interphase.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.apache.commons.csv.CSVPrinter;

import org.interphase.core.result.ResultRow;
import org.interphase.results.Csv;
import org.interphase.results.ResultsCsv;

/**
 * {@code results.csv} and {@code errors.csv} kept in step with the database while a batch runs: rebuilt from the
 * database when the batch starts (so a batch killed earlier is repaired), then appended input by input right after
 * the input's rows are committed. A batch killed with {@code kill -9} thus leaves both files holding what the
 * database holds (at most the input being written when it died is missing from the CSV). The batch rewrites both
 * at its end as before.
 */
final class LiveCsv {
	private final Path results, errors;

	private LiveCsv(Path results, Path errors) {
		this.results = results;
		this.errors = errors;
	}

	static LiveCsv start(Path outDir, List<ResultRow> stored, List<BatchReport.Failure> failures) throws IOException {
		LiveCsv l = new LiveCsv(outDir.resolve("results.csv"), outDir.resolve("errors.csv"));
		ResultsCsv.write(l.results, stored);
		BatchRunner.writeErrors(l.errors, failures);
		return l;
	}

	/** Appends an input's stored rows; a failure to append only loses the live copy (the end rewrites it). */
	synchronized void rows(List<ResultRow> rows) {
		try (Writer w = Files.newBufferedWriter(results, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
			CSVPrinter p = new CSVPrinter(w, ResultsCsv.FORMAT))
		{
			for (ResultRow r : rows) p.printRecord(ResultsCsv.values(r));
		}
		catch (IOException e) {
			// results.csv is rewritten from the database at the end of the batch
		}
	}

	synchronized void failure(String source, String error) {
		try (Writer w = Files.newBufferedWriter(errors, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
			CSVPrinter p = new CSVPrinter(w, ResultsCsv.FORMAT))
		{
			p.printRecord(Csv.text(source), Csv.text(error));
		}
		catch (IOException e) {
			// errors.csv is rewritten at the end of the batch
		}
	}
}
