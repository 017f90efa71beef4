package org.interphase.fiji;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The release zip for Fiji (docs/install.md): {@code plugins/Interphase_-VERSION.jar} and, in {@code jars/}, the
 * libraries Fiji does not ship. After {@code mvn -DskipTests package}:
 * {@code java -cp target/Interphase_-VERSION.jar org.interphase.fiji.ReleaseZip target} writes
 * {@code target/Interphase-VERSION-fiji.zip}; unpacked into Fiji.app it gives the layout of
 * {@code mvn install -Dscijava.app.directory=...}.
 */
public final class ReleaseZip {
	private ReleaseZip() {}

	/** Runtime libraries (artifact names) that Fiji does not ship with Interphase's versions: they go to jars/. */
	public static final List<String> NOT_IN_FIJI = List.of("sqlite-jdbc", "commons-csv", "picocli");

	public static void main(String[] args) throws IOException {
		Path target = Path.of(args.length > 0 ? args[0] : "target");
		System.out.println(write(target));
	}

	/** Writes the zip from a Maven target folder (the plugin jar and lib/); returns its path. */
	public static Path write(Path target) throws IOException {
		Path plugin;
		try (Stream<Path> s = Files.list(target)) {
			List<Path> jars = s.filter(p -> p.getFileName().toString().matches("Interphase_-[^-]+(-SNAPSHOT)?\\.jar"))
				.collect(Collectors.toList());
			if (jars.size() != 1) throw new IOException(target + ": expected one Interphase_-VERSION.jar, found " + jars);
			plugin = jars.get(0);
		}
		String version = plugin.getFileName().toString().replaceAll("^Interphase_-|\\.jar$", "");
		Path zip = target.resolve("Interphase-" + version + "-fiji.zip");
		try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
			add(z, "plugins/" + plugin.getFileName(), plugin);
			for (Path lib : libraries(target.resolve("lib"))) add(z, "jars/" + lib.getFileName(), lib);
		}
		return zip;
	}

	/** The jars of lib/ that Fiji lacks, by name. */
	static List<Path> libraries(Path lib) throws IOException {
		List<Path> out = new ArrayList<>();
		try (Stream<Path> s = Files.list(lib)) {
			for (Path p : s.sorted().collect(Collectors.toList())) {
				String name = p.getFileName().toString();
				for (String a : NOT_IN_FIJI) if (name.matches(java.util.regex.Pattern.quote(a) + "-\\d[\\w.-]*\\.jar")) out.add(p);
			}
		}
		for (String a : NOT_IN_FIJI) if (out.stream().noneMatch(p -> p.getFileName().toString().startsWith(a + "-")))
			throw new IOException(lib + ": no " + a + " jar (run mvn package first)");
		return out;
	}

	private static void add(ZipOutputStream z, String name, Path file) throws IOException {
		z.putNextEntry(new ZipEntry(name));
		Files.copy(file, z);
		z.closeEntry();
	}
}
