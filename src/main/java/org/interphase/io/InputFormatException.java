package org.interphase.io;

import java.io.IOException;

/** A file that is not what it claims to be, or truncated, or with a header we refuse; the message names why. */
public class InputFormatException extends IOException {
	private static final long serialVersionUID = 1L;

	public InputFormatException(String message) {
		super(message);
	}

	public InputFormatException(String message, Throwable cause) {
		super(message, cause);
	}
}
