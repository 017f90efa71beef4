package org.interphase.io;

import java.nio.file.Path;
import java.util.Locale;

/** The first test of every text reader's {@code canRead}: the file has one of its extensions and no NUL byte. */
public final class TextHead {
	private TextHead() {}

	/** Whether the file name ends with one of {@code extensions} (".txt", ...) and its head holds no NUL byte. */
	public static boolean isText(Path file, byte[] head, String... extensions) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		boolean named = false;
		for (String e : extensions) named |= n.endsWith(e);
		if (!named) return false;
		for (byte b : head) if (b == 0) return false;
		return true;
	}
}
