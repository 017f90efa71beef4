package org.interphase.synth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sample of the demo with the attributes a user would put in the sample sheet and the ground truth each
 * technique's generator uses. Values are modelled on the papers in shared/seeds (see domain.md).
 */
public final class DemoSample {
	public final String id;
	/** Sample-sheet attributes: electrolyte, coating, coating_thickness_nm, cycles, ... */
	public final Map<String, String> attributes;
	/** Ground truth by name (see {@link DemoSamples} for the keys). */
	private final Map<String, Double> truth;

	public DemoSample(String id, Map<String, String> attributes, Map<String, Double> truth) {
		if (id.contains("_")) throw new IllegalArgumentException("sample IDs of the demo have no '_': " + id);
		this.id = id;
		this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		this.truth = Collections.unmodifiableMap(new LinkedHashMap<>(truth));
	}

	/** The true value, or the fallback when this sample has none. */
	public double truth(String key, double fallback) {
		Double v = truth.get(key);
		return v == null ? fallback : v;
	}

	public double truth(String key) {
		Double v = truth.get(key);
		if (v == null) throw new IllegalArgumentException("sample " + id + " has no truth '" + key + "'");
		return v;
	}

	public boolean hasTruth(String key) {
		return truth.containsKey(key);
	}

	public Map<String, Double> truths() {
		return truth;
	}

	public String coating() {
		return attributes.getOrDefault("coating", "none");
	}
}
