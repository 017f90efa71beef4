package org.interphase.analysis.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.interphase.batch.BatchOptions;
import org.interphase.batch.BatchReport;
import org.interphase.batch.BatchRunner;
import org.interphase.core.result.ResultRow;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample sheet maps the sample identifiers inside a multi-sample VAMAS file to the project's sample IDs (column
 * {@code file_sample}); identifiers it does not list keep their own name. Real file: Ti_references_irregular.vms
 * (four samples) of ../shared/reference-data/analysis/xps.
 */
class XpsSampleSheetMappingTest {
	@TempDir
	Path dir;

	@Test
	void theSheetMapsVamasSampleIdentifiersToSampleIds() throws Exception {
		Path f = ReferenceData.require("analysis").resolve("xps").resolve("Ti_references_irregular.vms");
		Assumptions.assumeTrue(Files.exists(f), f + " absent");
		Path sheet = dir.resolve("samples.csv");
		Files.writeString(sheet, "sample_id,file,file_sample,coating\n"
			+ "REF-Ti-foil,Ti_references_irregular.vms,Ti metal,none\n"
			+ "REF-TiO2,Ti_references_irregular.vms,TiO2,anatase\n");
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(dir.resolve("out"));
		o.threads(2);
		o.sampleSheet(sheet);
		o.saveOutputs(false);
		o.param("preset", "ti2p");
		o.param("shift", "0");
		o.param("mc-samples", "0");
		o.param("model-ensemble", "off");
		BatchReport r = new BatchRunner(new XpsFitAnalysis(), o.build()).run(List.of(f));
		assertTrue(r.failures().isEmpty(), r.failures().toString());
		Set<String> ids = new LinkedHashSet<>();
		for (ResultRow row : r.rows()) {
			if (!row.quantity.equals("fraction")) continue;
			ids.add(row.sampleId);
			if (row.region.startsWith("sample:Ti metal;")) assertEquals("REF-Ti-foil", row.sampleId, row.toString());
			if (row.region.startsWith("sample:TiO2;")) assertEquals("REF-TiO2", row.sampleId, row.toString());
			if (row.region.startsWith("sample:TiO;")) assertEquals("TiO", row.sampleId, "not in the sheet: own name");
		}
		assertTrue(ids.containsAll(List.of("REF-Ti-foil", "REF-TiO2", "TiO", "Ti2O3")), ids.toString());
	}
}
