package org.interphase.io.specs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Region names as XPS users write them: "Fe2p" → species "Fe", transition "2p", name "Fe 2p". */
final class XpsNames {
	private XpsNames() {}

	private static final Pattern CORE_LEVEL = Pattern.compile(
		"^([A-Z][a-z]?)\\s*(\\d[spdf](?:\\s*\\d/2|\\d/2|[0-9])?)(.*)$");

	/** {species, transition, display name}; species = the whole name and transition "" when it is no core level. */
	static String[] split(String region) {
		String r = region == null ? "" : region.trim();
		Matcher m = CORE_LEVEL.matcher(r);
		if (m.matches()) {
			String tr = m.group(2).replace(" ", "");
			String rest = m.group(3).trim();
			return new String[] { m.group(1), tr, m.group(1) + " " + tr + (rest.isEmpty() ? "" : " " + rest) };
		}
		return new String[] { r, "", r };
	}
}
