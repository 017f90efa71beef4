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
		assertFalse(page.contains("../"), "install.md points outside the repository");
	}
}
