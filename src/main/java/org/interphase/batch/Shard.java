package org.interphase.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code --shard i/n}: this batch analyses only the inputs whose content fingerprint falls in share {@code i} of
 * {@code n}. The fingerprint is a SHA-256 of the file's size and of its first and last 64 KiB (of a folder read as one
 * series: of its files' names and sizes), so every node of a cluster makes the same split whatever the path the
 * archive is mounted at, and no node has to read the whole archive to decide (a full SHA-256 of every file on every
 * node would read the archive n times). The split depends only on the files, and each file's rows only on the file:
 * the union of the shards' rows is exactly the rows of one unsharded run.
 */
public final class Shard {
	/** Bytes read from the start and from the end of a file for its fingerprint. */
	static final int PART = 1 << 16;
	public static final Shard ALL = new Shard(0, 1);

	public final int index;
	public final int count;

	public Shard(int index, int count) {
		if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("--shard " + index + "/" +
			count + ": give i/n with n at least 1 and i from 0 to n-1 (e.g. 0/3, 1/3, 2/3)");
		this.index = index;
		this.count = count;
	}

	/** Parses {@code i/n} (e.g. {@code 2/8}); a clear message for anything else. */
	public static Shard parse(String s) {
		String t = s == null ? "" : s.trim();
		int slash = t.indexOf('/');
		try {
			if (slash > 0) return new Shard(Integer.parseInt(t.substring(0, slash).trim()), Integer.parseInt(t.substring(
				slash + 1).trim()));
		}
		catch (NumberFormatException e) {
			// said below
		}
		throw new IllegalArgumentException("--shard " + s + ": give i/n, the share i (from 0) of n shares (e.g. 0/3)");
	}

	public boolean isAll() {
		return count == 1;
	}

	/** Whether this shard analyses the input. */
	public boolean owns(Path input) throws IOException {
		return count == 1 || shardOf(input, count) == index;
	}

	/** The share (0..n-1) an input belongs to. */
	public static int shardOf(Path input, int count) throws IOException {
		byte[] d = fingerprint(input);
		long v = 0;
		for (int i = 0; i < 8; i++) v = v << 8 | (d[i] & 0xff);
		return (int) Long.remainderUnsigned(v, count);
	}

	static byte[] fingerprint(Path input) throws IOException {
		MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		if (Files.isDirectory(input)) {
			List<Path> files;
			try (Stream<Path> s = Files.list(input)) {
				files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
			}
			for (Path f : files) md.update((f.getFileName() + "\u0000" + Files.size(f) + "\n").getBytes(
				StandardCharsets.UTF_8));
			return md.digest();
		}
		try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
			long size = ch.size();
			md.update(ByteBuffer.allocate(8).putLong(0, size));
			ByteBuffer buf = ByteBuffer.allocate((int) Math.min(PART, size));
			readFully(ch, buf, 0);
			md.update(buf.flip());
			if (size > PART) {
				long from = Math.max(PART, size - PART);
				buf = ByteBuffer.allocate((int) (size - from));
				readFully(ch, buf, from);
				md.update(buf.flip());
			}
		}
		return md.digest();
	}

	private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
		while (buf.hasRemaining()) {
			int n = ch.read(buf, pos);
			if (n < 0) break;
			pos += n;
		}
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
