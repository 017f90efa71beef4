package org.interphase.results;

import java.nio.charset.StandardCharsets;

/**
 * The file-name stems of a batch's outputs (overlays/, figures/, tables/): the batch names them and the report finds
 * them again by the same rules, so both call these.
 */
public final class OutputNames {
	private OutputNames() {}

	/** The input's path without leading "./" or "/" and without extension, '/' as '_', other unsafe characters '_'. */
	public static String stem(String source) {
		String s = source.replace('\\', '/');
		while (s.startsWith("./") || s.startsWith("/")) s = s.substring(s.startsWith("./") ? 2 : 1);
		int dot = s.lastIndexOf('.');
		if (dot > s.lastIndexOf('/')) s = s.substring(0, dot);
		return safe(s.replace('/', '_'));
	}

	/** Six hex digits of the SHA-256 of the text (suffixes a stem that two inputs of a batch share). */
	public static String hash(String s) {
		try {
			byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
			return String.format("%02x%02x%02x", d[0], d[1], d[2]);
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Characters other than letters, digits and . _ + - as '_'. */
	public static String safe(String s) {
		return s.replaceAll("[^A-Za-z0-9._+-]", "_");
	}
}
