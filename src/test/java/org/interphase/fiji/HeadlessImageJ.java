package org.interphase.fiji;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.Menus;
import ij.Prefs;

/**
 * Test helper for unit tests (no packaged jar needed, unlike {@link HeadlessFiji}): headless ImageJ 1.x whose
 * command table holds the menu entries of plugins.config from the classpath, so that macros can
 * {@code run("Coating Thickness...", ...)}. The calling test class must call LegacyInjector.preinit() first.
 */
final class HeadlessImageJ {
	private HeadlessImageJ() {}

	private static boolean ready;

	@SuppressWarnings("unchecked")
	static synchronized void init(Path temp) throws Exception {
		if (ready) return;
		Path home = Files.createDirectories(temp.resolve("home"));
		System.setProperty("user.home", home.toString());
		System.setProperty("java.awt.headless", "true");
		Prefs.setThreads(2);
		HeadlessFiji.runMacro("run(\"Clear Results\");", "");
		Hashtable<String, String> commands = Menus.getCommands();
		if (commands == null) throw new IllegalStateException("ImageJ has no command table");
		String config = new String(HeadlessImageJ.class.getResourceAsStream("/plugins.config").readAllBytes(),
			StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("(?m)^[^#\\n][^,\\n]*,\\s*\"([^\"]+)\",\\s*(\\S.*)$").matcher(config);
		while (m.find()) commands.put(m.group(1), m.group(2).trim());
		ready = true;
	}

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
