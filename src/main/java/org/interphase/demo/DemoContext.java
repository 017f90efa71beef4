package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.interphase.synth.DemoSample;

/**
 * Where the demo's synthetic inputs go and for which samples. File names must start with the sample ID
 * followed by '_' ("LATP-bare-100c_sem_01.tif") so that the file-name rule finds the sample.
 */
public final class DemoContext {
	public final Path dataDir;
	public final List<DemoSample> samples;
	public final long seed;
	/** Smaller data for tests: fewer files, smaller images. */
	public final boolean small;

	public DemoContext(Path dataDir, List<DemoSample> samples, long seed, boolean small) {
		this.dataDir = dataDir;
		this.samples = List.copyOf(samples);
		this.seed = seed;
		this.small = small;
	}

	/** A sub-folder of the data folder, created. */
	public Path folder(String name) throws IOException {
		Path p = dataDir.resolve(name);
		Files.createDirectories(p);
		return p;
	}
}
