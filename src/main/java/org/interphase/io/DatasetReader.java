package org.interphase.io;

import java.io.IOException;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;

/**
 * Reads one instrument format into the core data model. Readers never trust sizes in a header: every count
 * is checked against the file length before an array is allocated, so a hostile header gives an
 * {@link InputFormatException}, not an OutOfMemoryError or a hang.
 */
public interface DatasetReader {
	/** Short format name as reported by {@code info}: "DM3", "TIFF", "VAMAS", ... */
	String format();

	/**
	 * Whether this reader takes the file, judged by its name and its first bytes (up to 4 KiB; fewer when the
	 * file is shorter).
	 */
	boolean canRead(Path file, byte[] head);

	Dataset read(Path file) throws IOException;
}
