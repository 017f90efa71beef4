package org.interphase;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering rule: the analysis core and the analysis glue use no ImageJ and no AWT/Swing, so scripts, the
 * command line and other front ends can call them anywhere (headless, servers). Checked twice: the direct
 * imports in the sources, and every path through the compiled classes (a class that reaches ImageJ through a
 * helper of another package breaks the rule as much as one that imports it).
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

	private static final String P = "org.interphase.";

	/** A package (its sub-packages included) or a class-name prefix. */
	private static Predicate<String> in(String... prefixes) {
		return c -> {
			for (String p : prefixes) if (c.startsWith(p)) return true;
			return false;
		};
	}

	@Test
	void noLayerReachesWhatItMustNotEvenTransitively() throws IOException {
		Path classes = Path.of("target/classes");
		assertTrue(Files.isDirectory(classes.resolve("org/interphase")), "compiled classes not found in " + classes
			.toAbsolutePath());
		ClassGraph g = ClassGraph.read(classes);
		List<String> offenders = new ArrayList<>();
		offenders.addAll(paths(g, P + "analysis.", "ImageJ", in("ij.")));
		offenders.addAll(paths(g, P + "analysis.", "the demo generators (synth)", in(P + "synth.")));
		offenders.addAll(paths(g, P + "core.", "ImageJ, AWT/Swing, analysis, io or synth", in("ij.", "java.awt.",
			"javax.swing.", P + "analysis.", P + "io.", P + "synth.")));
		offenders.addAll(paths(g, P + "io.", "ImageJ", in("ij.")));
		assertTrue(offenders.isEmpty(), "forbidden dependencies (" + offenders.size() + "):\n" + String.join("\n",
			offenders));
	}

	/**
	 * The graph sees through helper classes: the batch (which may use ImageJ) reaches ij.* only through
	 * org.interphase.ij, and that path is found; a descriptor-only use (a method signature) is an edge too.
	 */
	@Test
	void theGraphFollowsPathsAcrossPackages() throws IOException {
		ClassGraph g = ClassGraph.read(Path.of("target/classes"));
		assertTrue(g.dependencies(P + "analysis.Analysis").contains(P + "core.result.AnalysisResult"),
			"Analysis -> AnalysisResult through its method descriptor");
		List<String> path = g.pathTo(P + "batch.Outputs", in("ij."));
		assertTrue(path != null && path.size() >= 3 && path.get(1).startsWith(P + "ij."),
			"a transitive path Outputs -> org.interphase.ij.* -> ij.*: " + path);
	}

	private static boolean hasSource(String cls) {
		int inner = cls.indexOf('$');
		String top = inner < 0 ? cls : cls.substring(0, inner);
		return Files.exists(Path.of("src/main/java", top.replace('.', '/') + ".java"));
	}

	/**
	 * For each class of the layer, the shortest path to a forbidden class, as "A -> B -> C". Classes whose source
	 * is gone (stale .class files of a moved class in an uncleaned target/) are not starting points.
	 */
	private static List<String> paths(ClassGraph g, String layer, String what, Predicate<String> forbidden) {
		List<String> out = new ArrayList<>();
		for (String c : g.classes()) {
			if (!c.startsWith(layer) || !hasSource(c)) continue;
			List<String> path = g.pathTo(c, forbidden);
			if (path != null) out.add(layer + "* reaches " + what + ": " + String.join(" -> ", path));
		}
		return out;
	}
}
