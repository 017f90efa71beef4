package org.interphase.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSheetTest {
	@TempDir
	Path dir;

	@Test
	void fileNameRuleTakesTheNameUpToTheFirstUnderscore() {
		assertEquals("LATP-BN", SampleSheet.idFromFileName(Path.of("x/LATP-BN_500c_01.tif")));
		assertEquals("pellet3", SampleSheet.idFromFileName(Path.of("pellet3.dm3")));
	}

	@Test
	void globsExplicitIdsAndAttributes() throws IOException {
		Path csv = dir.resolve("samples.csv");
		Files.writeString(csv, "sample_id,file,coating,cycles\nbare100,LATP-bare_*.tif,none,100\n" +
			"\"BN, coated\",LATP-BN_*,BN,500\nloose,,Al2O3,\n");
		SampleSheet s = SampleSheet.read(csv);
		assertEquals("bare100", s.sampleOf(Path.of("LATP-bare_01.tif"), null));
		assertEquals("BN, coated", s.sampleOf(Path.of("LATP-BN_x.vms"), null));
		assertEquals("given", s.sampleOf(Path.of("LATP-BN_x.vms"), "given"));
		assertEquals("other", s.sampleOf(Path.of("other_1.tif"), null));
		assertNull(s.match(Path.of("other_1.tif")));
		assertEquals(Map.of("coating", "none", "cycles", "100"), s.attributes("bare100"));
		assertEquals(Map.of("coating", "Al2O3"), s.attributes("loose"));
		Path back = dir.resolve("back.csv");
		SampleSheet.write(back, s.entries());
		assertEquals(3, SampleSheet.read(back).entries().size());
		assertEquals("BN", SampleSheet.read(back).attributes("BN, coated").get("coating"));
	}

	@Test
	void sheetWithoutSampleIdColumnIsRefusedByName() throws IOException {
		Path csv = Files.writeString(dir.resolve("bad.csv"), "id,file\na,b\n");
		IOException e = assertThrows(IOException.class, () -> SampleSheet.read(csv));
		assertTrue(e.getMessage().contains("sample_id") && e.getMessage().contains("bad.csv"), e.getMessage());
		List.of();
	}
}
