package org.interphase.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InfoJson;
import org.interphase.io.Readers;

@Command(name = "info", mixinStandardHelpOptions = true, description = "What a file holds: format, each signal's " +
	"shape, data type and axes (name, size, scale, offset, units), and its metadata.")
final class InfoCommand implements Callable<Integer> {
	@Option(names = "--json", description = "one JSON object per file, one per line")
	boolean json;

	@Option(names = "--stats", description = "add min, max and mean of each signal's data")
	boolean stats;

	@Option(names = "--out", paramLabel = "DIR", description = "not needed; accepted for symmetry with other commands")
	Path out;

	@Option(names = "--quiet", description = "no warnings")
	boolean quiet;

	@Parameters(paramLabel = "INPUT", arity = "1..*", description = "files or folders (folders are walked)")
	List<Path> inputs = new ArrayList<>();

	private final PrintStream stdout, stderr;

	InfoCommand(PrintStream out, PrintStream err) {
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws IOException {
		int failed = 0;
		for (Path in : inputs) {
			List<Path> files;
			if (Files.isDirectory(in)) {
				try (Stream<Path> s = Files.walk(in)) {
					files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".expected.json"))
						.sorted().collect(Collectors.toList());
				}
			}
			else files = List.of(in);
			for (Path f : files) {
				try {
					Dataset d = Readers.read(f);
					if (json) stdout.println(InfoJson.line(InfoJson.of(d, stats)));
					else print(d);
				}
				catch (IOException | RuntimeException | OutOfMemoryError e) {
					failed++;
					String msg = e.getMessage() == null ? e.toString() : e.getMessage();
					if (json) stdout.println(InfoJson.line(InfoJson.error(f.toString(), msg)));
					stderr.println(msg.startsWith(f.toString()) ? msg : f + ": " + msg);
				}
			}
		}
		return failed == 0 ? 0 : 3;
	}

	private void print(Dataset d) {
		stdout.println(d.source + "  [" + d.format + "]");
		for (Signal s : d.signals()) {
			stdout.println("  signal '" + s.name + "' " + s.dtype + " " + java.util.Arrays.toString(s.shape()));
			for (Axis a : s.axes()) stdout.println("    axis " + a);
			if (stats) {
				double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
				for (double v : s.data()) {
					min = Math.min(min, v);
					max = Math.max(max, v);
					sum += v;
				}
				stdout.println("    min " + min + "  max " + max + "  mean " + sum / Math.max(1, s.length()));
			}
		}
		for (Map.Entry<String, Object> e : d.metadata().entrySet()) {
			String v = String.valueOf(e.getValue());
			stdout.println("  " + e.getKey() + " = " + (v.length() > 100 ? v.substring(0, 100) + "..." : v));
		}
	}
}
