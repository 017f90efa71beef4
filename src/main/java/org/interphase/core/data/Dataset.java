package org.interphase.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one input file holds: its format, one or more signals and the file-level metadata (keys of
 * {@link MetadataKeys} where the file has them, everything else under the file's own names).
 */
public final class Dataset {
	public final String source;
	public final String format;
	private final List<Signal> signals;
	private final Map<String, Object> metadata;

	public Dataset(String source, String format, List<Signal> signals, Map<String, Object> metadata) {
		this.source = source == null ? "" : source;
		this.format = format == null ? "" : format;
		this.signals = Collections.unmodifiableList(new ArrayList<>(signals));
		this.metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
	}

	public static Dataset of(String source, String format, Signal signal) {
		List<Signal> s = new ArrayList<>();
		s.add(signal);
		return new Dataset(source, format, s, null);
	}

	public List<Signal> signals() {
		return signals;
	}

	/** The main signal: the first one (readers put the main image / spectrum first). */
	public Signal primary() {
		if (signals.isEmpty()) throw new IllegalStateException(source + ": holds no data");
		return signals.get(0);
	}

	public Map<String, Object> metadata() {
		return metadata;
	}

	/** A metadata value as a number, or NaN when absent or not numeric. */
	public double number(String key) {
		Object o = metadata.get(key);
		if (o instanceof Number) return ((Number) o).doubleValue();
		if (o instanceof String) {
			try {
				return Double.parseDouble(((String) o).trim());
			}
			catch (NumberFormatException e) {
				return Double.NaN;
			}
		}
		return Double.NaN;
	}

	public String text(String key) {
		Object o = metadata.get(key);
		return o == null ? null : o.toString();
	}

	public Dataset withSignals(List<Signal> newSignals) {
		return new Dataset(source, format, newSignals, metadata);
	}

	public Dataset withMetadata(String key, Object value) {
		Map<String, Object> m = new LinkedHashMap<>(metadata);
		m.put(key, value);
		return new Dataset(source, format, signals, m);
	}
}
