package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/install.md names every library a Fiji install needs beside the plugin jar, with the version the build
 * resolves (the test's class path holds exactly the resolved jars): a dependency added to pom.xml or a version
 * bumped by the parent pom shows here until the page says which jar to install.
 */
class InstallLayoutTest {
	@org.junit.jupiter.api.io.TempDir
	Path temp;

	/**
	 * ReleaseZip on a Maven-like target folder (the resolved runtime jars of the class path in lib/) holds the
	 * plugin jar in plugins/ and exactly the jars the release-zip block of docs/install.md lists.
	 */
	@Test
	void releaseZipHasTheDocumentedLayout() throws Exception {
		Path target = Files.createDirectories(temp.resolve("target"));
		Path lib = Files.createDirectories(target.resolve("lib"));
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Path.of(entry);
			if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) Files.copy(p, lib.resolve(p.getFileName()),
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		Files.write(target.resolve("Interphase_-0.1.0.jar"), new byte[] { 1 });
		Path zip = ReleaseZip.write(target);
		List<String> entries = new ArrayList<>();
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
			z.stream().forEach(e -> entries.add(e.getName()));
		}
		String page = Files.readString(Path.of("docs/install.md"));
		Matcher block = Pattern.compile("## A release zip.*?```\\n(.*?)```", Pattern.DOTALL).matcher(page);
		assertTrue(block.find(), "install.md shows the zip's layout");
		List<String> documented = List.of(block.group(1).trim().split("\\n"));
		org.junit.jupiter.api.Assertions.assertEquals(documented, entries, "the zip holds what install.md says");
	}

	@Test
	void installPageNamesEveryRuntimeJarWithItsResolvedVersion() throws Exception {
		String pom = Files.readString(Path.of("pom.xml"));
		String page = Files.readString(Path.of("docs/install.md"));
		Matcher m = Pattern.compile("<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>"
			+ "(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
		List<String> runtime = new ArrayList<>();
		while (m.find()) if (!m.group(3).contains("<scope>test</scope>") && !m.group(3).contains("<scope>provided"))
			runtime.add(m.group(2));
		assertTrue(runtime.containsAll(List.of("ij", "sqlite-jdbc", "JTransforms", "picocli")), runtime.toString());
		List<String> missing = new ArrayList<>();
		for (String artifact : runtime) {
			String jar = null;
			for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
				String name = Path.of(entry).getFileName().toString();
				if (name.matches(Pattern.quote(artifact) + "-\\d[\\w.-]*\\.jar")) jar = name;
			}
			assertTrue(jar != null, artifact + " is not on the test class path");
			if (!page.contains("`" + jar + "`")) missing.add(jar);
		}
		assertTrue(missing.isEmpty(), "docs/install.md does not name " + missing);
		assertTrue(pom.contains("<scijava.app.directory>"), "the install property of the pom");
		for (String a : ReleaseZip.NOT_IN_FIJI) assertTrue(runtime.contains(a), a + " is no longer a dependency");
		assertFalse(page.contains("../"), "install.md points outside the repository");
	}
}
