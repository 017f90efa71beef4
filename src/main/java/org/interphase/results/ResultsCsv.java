package org.interphase.results;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.interphase.core.result.ResultRow;

/** Writes {@code results.csv} exactly as the contract says: UTF-8, header first, the eleven columns in order. */
public final class ResultsCsv {
	private ResultsCsv() {}

	public static final String[] HEADER = { "sample_id", "technique", "analysis", "source", "region", "quantity",
		"value", "uncertainty", "unit", "label", "flags" };

	public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

	/** Writes the rows atomically (temp file, then move), so a reader never sees half a table. */
	public static void write(Path file, List<ResultRow> rows) throws IOException {
		// a temporary file of its own: two batches writing into one --out at the same time must not share it
		Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
		try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			FORMAT))
		{
			p.printRecord((Object[]) HEADER);
			for (ResultRow r : rows) p.printRecord(values(r));
		}
		Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	public static Object[] values(ResultRow r) {
		return new Object[] { Csv.text(r.sampleId), Csv.text(r.technique), Csv.text(r.analysis), Csv.text(r.source),
			Csv.text(r.region), Csv.text(r.quantity), Csv.number(r.value), Csv.number(r.uncertainty), Csv.text(r.unit),
			Csv.text(r.label), Csv.text(r.flags) };
	}
}
