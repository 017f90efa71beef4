package org.interphase.core.result;

import java.util.LinkedHashSet;
import java.util.Set;

/** Stable names of the warnings in the {@code flags} column. */
public final class Flags {
	private Flags() {}

	public static final String UNCALIBRATED = "uncalibrated";
	public static final String NO_LAYER_FOUND = "no-layer-found";
	public static final String FIT_NOT_CONVERGED = "fit-not-converged";
	public static final String LOW_SNR = "low-snr";
	public static final String AT_BOUND = "parameter-at-bound";
	public static final String REFERENCES_FROM_SCAN = "references-from-scan";

	/** Joins existing ';'-separated flags with more, each flag once, order kept. */
	public static String join(String existing, String... more) {
		Set<String> set = new LinkedHashSet<>();
		if (existing != null) for (String f : existing.split(";")) if (!f.isBlank()) set.add(f.trim());
		for (String f : more) if (f != null && !f.isBlank()) for (String g : f.split(";")) if (!g.isBlank()) set
			.add(g.trim());
		return String.join(";", set);
	}
}
