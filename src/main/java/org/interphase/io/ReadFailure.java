package org.interphase.io;

import java.io.EOFException;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A reader's failure in the user's words: what is wrong with the file and what to do, instead of the raw text of a
 * Java exception (ArrayIndexOutOfBoundsException from a damaged header, MalformedInputException for one non-UTF-8
 * byte, IIOException from the image decoder). The exception itself stays the cause, for debugging.
 */
public final class ReadFailure {
	private ReadFailure() {}

	/** Raw exception text: a Java class or package name, a stack frame, the JDK's wording of index/charset errors. */
	private static final Pattern RAW = Pattern.compile("(\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bjava\\.|\\bjavax\\.|" +
		"\\tat |\\[Fatal Error\\]|Index -?\\d+ out of bounds|out of bounds for length|Input length = \\d)");

	public static boolean isRaw(String message) {
		return message != null && RAW.matcher(message).find();
	}

	/** "FILE: cannot be read as FORMAT: <what is wrong>; <what to do>". */
	public static String words(Path file, String format, Throwable e) {
		return file + ": cannot be read as " + format + ": " + problem(e);
	}

	static String problem(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof EOFException || t instanceof BufferUnderflowException) return "the file ends early " +
				"(truncated?); copy it again from the instrument computer";
			if (t instanceof CharacterCodingException) return "it holds bytes that are not text in the expected " +
				"encoding (UTF-8); save it again as UTF-8 text, or check that it is not damaged";
			if (t instanceof IndexOutOfBoundsException || t instanceof NegativeArraySizeException ||
				t instanceof ArithmeticException) return "a size or offset in the file points outside its data: the " +
					"file is damaged or not a " + "valid file of this format";
			if (t instanceof NumberFormatException) return "a number in the file cannot be read: the file is damaged or " +
				"not a valid file of this format";
			if (t.getClass().getName().equals("javax.imageio.IIOException")) return "its image data cannot be decoded " +
				"(damaged, or a compression this reader does not support); convert it to an uncompressed TIFF";
			if (t instanceof OutOfMemoryError) return "it asks for more memory than is sensible (a damaged size field?)";
		}
		String m = e.getMessage();
		if (e instanceof InputFormatException && m != null) {
			// keep the reader's own words up to the raw part
			java.util.regex.Matcher raw = RAW.matcher(m);
			String kept = raw.find() ? m.substring(0, raw.start()) : m;
			int colon = kept.indexOf(": ");
			if (colon > 0 && kept.substring(0, colon).contains(java.io.File.separator)) kept = kept.substring(colon + 2);
			kept = kept.replaceAll("[\\s(:,;]+$", "").replaceAll("\\b(and )?(javax\\.imageio|java)\\b.*$", "").trim();
			if (kept.length() > 3) return kept + " (the file is damaged or not a valid file of this format)";
		}
		return "the file is damaged or not a valid file of this format";
	}
}
