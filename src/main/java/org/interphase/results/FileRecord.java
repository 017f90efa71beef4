package org.interphase.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** An analysed input file as the database records it: path, size, SHA-256, technique. */
public final class FileRecord {
	public final String path;
	public final long size;
	public final String sha256;
	public final String technique;

	public FileRecord(String path, long size, String sha256, String technique) {
		this.path = path;
		this.size = size;
		this.sha256 = sha256;
		this.technique = technique;
	}

	/** Hashes the file (or, for a folder read as one series, every file in it in name order). */
	public static FileRecord of(Path file, String technique) throws IOException {
		MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		long size = 0;
		byte[] buf = new byte[1 << 16];
		java.util.List<Path> parts = new java.util.ArrayList<>();
		if (Files.isDirectory(file)) {
			try (java.util.stream.Stream<Path> s = Files.list(file)) {
				s.filter(Files::isRegularFile).sorted().forEach(parts::add);
			}
		}
		else parts.add(file);
		for (Path p : parts) {
			try (InputStream in = Files.newInputStream(p)) {
				int n;
				while ((n = in.read(buf)) > 0) {
					md.update(buf, 0, n);
					size += n;
				}
			}
		}
		StringBuilder sb = new StringBuilder();
		for (byte b : md.digest()) sb.append(String.format("%02x", b));
		return new FileRecord(file.toAbsolutePath().normalize().toString(), size, sb.toString(), technique);
	}
}
