package org.interphase.fiji;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test helper beside {@link HeadlessFiji}: runs a macro and keeps what ImageJ logged (headless: standard output). */
final class HeadlessImageJ {
	private HeadlessImageJ() {}

	/** Runs macro code and returns what ImageJ logged meanwhile (headless, the log goes to standard output). */
	static String[] runMacroLogged(String code) throws InterruptedException, IOException {
		PrintStream old = System.out;
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		String ret;
		try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
			System.setOut(p);
			ret = HeadlessFiji.runMacro(code, "");
		}
		finally {
			System.setOut(old);
		}
		String log = buf.toString(StandardCharsets.UTF_8);
		old.print(log);
		return new String[] { ret, log };
	}
}
