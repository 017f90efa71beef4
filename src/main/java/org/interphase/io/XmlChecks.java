package org.interphase.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/** What XML readers need so that a damaged file is one message and nothing is printed by the parser. */
public final class XmlChecks {
	private XmlChecks() {}

	/**
	 * An error handler that prints nothing (the JDK's default prints "[Fatal Error] ..." to stderr): errors and
	 * fatal errors are thrown, and end up in the reader's message; warnings are ignored.
	 */
	public static final ErrorHandler QUIET = new ErrorHandler() {
		@Override
		public void warning(SAXParseException e) {}

		@Override
		public void error(SAXParseException e) throws SAXParseException {
			throw e;
		}

		@Override
		public void fatalError(SAXParseException e) throws SAXParseException {
			throw e;
		}
	};

	/**
	 * A DOM parser for vendor XML: secure processing, no external entities or DTDs, entity references not
	 * expanded, and {@link #QUIET} errors. With {@code internalDtd} false a DOCTYPE is refused outright; with it
	 * true an internal DTD (element declarations, as SpecsLab2 writes) is read, and the caller must have checked
	 * the file with {@link #requireCompleteDtd}.
	 */
	public static javax.xml.parsers.DocumentBuilder builder(boolean internalDtd) throws IOException {
		try {
			javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
			f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
			if (internalDtd) {
				f.setFeature("http://xml.org/sax/features/external-general-entities", false);
				f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
				f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
				f.setValidating(false);
			}
			else f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			f.setExpandEntityReferences(false);
			javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
			b.setErrorHandler(QUIET);
			return b;
		}
		catch (javax.xml.parsers.ParserConfigurationException e) {
			throw new IOException("no XML parser: " + e.getMessage(), e);
		}
	}

	/**
	 * Refuses a file that ends inside its internal DTD ({@code <!DOCTYPE x [ ... ]>}): the JDK's parser prints a
	 * stack trace for it (an EOFException in its DTD scanner) before failing, so it must not see such a file.
	 */
	public static void requireCompleteDtd(Path file, String format) throws IOException {
		byte[] b;
		try (java.io.InputStream in = Files.newInputStream(file)) {
			b = in.readNBytes(1 << 20); // a DTD is at the start
		}
		String s = new String(b, StandardCharsets.ISO_8859_1);
		int d = s.indexOf("<!DOCTYPE");
		if (d < 0) return;
		int open = s.indexOf('[', d), close = s.indexOf('>', d);
		if (close >= 0 && (open < 0 || close < open)) return; // no internal subset
		if (b.length < 1 << 20 && !endsSubset(s, open)) throw new InputFormatException(file + ": " + format + ": the file ends inside its " +
				"document type declaration (DTD): it is truncated");
	}

	private static boolean endsSubset(String s, int open) {
		for (int i = s.indexOf(']', open); i >= 0; i = s.indexOf(']', i + 1)) {
			int j = i + 1;
			while (j < s.length() && Character.isWhitespace(s.charAt(j))) j++;
			if (j < s.length() && s.charAt(j) == '>') return true;
		}
		return false;
	}
}
