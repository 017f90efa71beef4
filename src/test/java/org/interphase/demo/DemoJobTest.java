package org.interphase.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A demo job's parameters iterate in key order, whatever map they came in: the command line the demo records for
 * each run (methods.md, report.html) is then the same in every run of the demo (Map.of's order changes from one
 * JVM run to the next, and the two reports of one demo differed in their command lines).
 */
class DemoJobTest {
	@Test
	void parametersIterateInKeyOrderAndStayUnmodifiable() {
		DemoJob j = new DemoJob(List.of(), Map.of("threshold", "1", "averaging-width", "9", "min-contrast", "0.08",
			"layer", "auto", "smoothing", "40"));
		assertEquals(List.of("averaging-width", "layer", "min-contrast", "smoothing", "threshold"), List.copyOf(j.params
			.keySet()));
		assertThrows(UnsupportedOperationException.class, () -> j.params.put("x", "y"));
	}
}
