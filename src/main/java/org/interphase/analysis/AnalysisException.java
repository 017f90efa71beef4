package org.interphase.analysis;

/** An input that the analysis cannot process, with a message a user can act on. */
public class AnalysisException extends Exception {
	private static final long serialVersionUID = 1L;

	public AnalysisException(String message) {
		super(message);
	}

	public AnalysisException(String message, Throwable cause) {
		super(message, cause);
	}
}
