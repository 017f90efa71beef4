package org.interphase;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering rule: the analysis core and the analysis glue use no ImageJ and no AWT/Swing, so scripts, the
 * command line and other front ends can call them anywhere (headless, servers).
 */
class ArchitectureTest {
	private static final Pattern FORBIDDEN = Pattern.compile("^import\\s+(static\\s+)?(ij\\.|java\\.awt|javax\\.swing|" +
		"javax\\.imageio)", Pattern.MULTILINE);

	@Test
	void coreAndAnalysesImportNoImageJOrAwt() throws IOException {
		List<String> offenders = new ArrayList<>();
		for (String pkg : List.of("core", "analysis", "synth")) {
			Path root = Path.of("src/main/java/org/interphase", pkg);
			if (!Files.isDirectory(root)) continue;
			try (Stream<Path> s = Files.walk(root)) {
				for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java"))::iterator) {
					if (FORBIDDEN.matcher(Files.readString(f)).find()) offenders.add(f.toString());
				}
			}
		}
		assertTrue(offenders.isEmpty(), "ImageJ/AWT imports in the core: " + offenders);
	}
}
