package org.interphase.io.dm;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.LengthUnits;

/** Small helpers shared by the microscopy readers: locale-tolerant dates and times, unit names. */
public final class DmMetadata {
	private DmMetadata() {}

	private static final Pattern DOTTED = Pattern.compile("\\s*(\\d{1,2})\\.(\\d{1,2})\\.(\\d{2,4})\\s*");
	private static final Pattern SLASHED = Pattern.compile("\\s*(\\d{1,4})/(\\d{1,2})/(\\d{1,4})\\s*");
	private static final Pattern ISO = Pattern.compile("\\s*(\\d{4})[-:](\\d{1,2})[-:](\\d{1,2}).*");
	private static final Pattern NAMED = Pattern.compile(
		"\\s*(\\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\\d{4})\\s*");
	private static final String[] MONTHS = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
		"nov", "dec" };
	private static final Pattern TIME = Pattern.compile(
		"\\s*(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?\\s*([AaPp][Mm])?\\s*");

	/**
	 * An ISO date yyyy-mm-dd from the forms instrument software writes: "27.08.2016" (dd.mm.yyyy, European),
	 * "12/10/2019" (m/d/yyyy, US; d/m when the first number is above 12), "2016/07/30" and "2016-07-30", "25
	 * Sep 2018". Null when not recognised.
	 */
	public static String isoDate(String s) {
		if (s == null) return null;
		Matcher m = DOTTED.matcher(s);
		if (m.matches()) return ymd(year(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
		m = SLASHED.matcher(s);
		if (m.matches()) {
			int a = Integer.parseInt(m.group(1));
			int b = Integer.parseInt(m.group(2));
			if (m.group(1).length() == 4) return ymd(a, b, Integer.parseInt(m.group(3)));
			int y = year(m.group(3));
			if (a > 12) return ymd(y, b, a); // must be d/m/y
			return ymd(y, a, b);
		}
		m = ISO.matcher(s);
		if (m.matches()) return ymd(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m
			.group(3)));
		m = NAMED.matcher(s);
		if (m.matches()) {
			String mon = m.group(2).toLowerCase(Locale.ROOT);
			for (int i = 0; i < 12; i++)
				if (MONTHS[i].equals(mon)) return ymd(Integer.parseInt(m.group(3)), i + 1, Integer.parseInt(m.group(1)));
		}
		return null;
	}

	private static int year(String y) {
		int v = Integer.parseInt(y);
		return y.length() <= 2 ? 2000 + v : v;
	}

	private static String ymd(int y, int mo, int d) {
		if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
		return String.format(Locale.ROOT, "%04d-%02d-%02d", y, mo, d);
	}

	/** hh:mm:ss (24 h) from "3:32:41 PM", "20:54:33", "05:06:40 PM"; null when not recognised. */
	public static String isoTime(String s) {
		if (s == null) return null;
		Matcher m = TIME.matcher(s);
		if (!m.matches()) return null;
		int h = Integer.parseInt(m.group(1));
		int mi = Integer.parseInt(m.group(2));
		int se = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
		String ap = m.group(4);
		if (ap != null) {
			boolean pm = ap.toLowerCase(Locale.ROOT).equals("pm");
			if (pm && h < 12) h += 12;
			if (!pm && h == 12) h = 0;
		}
		if (h > 23 || mi > 59 || se > 60) return null;
		return String.format(Locale.ROOT, "%02d:%02d:%02d", h, mi, se);
	}

	/** ISO 8601 date-time (or only the date when the time is missing); null when the date is not readable. */
	public static String isoDateTime(String date, String time) {
		String d = isoDate(date);
		if (d == null) return null;
		String t = isoTime(time);
		return t == null ? d : d + "T" + t;
	}

	/** Puts a value when it is non-null and (for numbers) finite. */
	public static void put(Map<String, Object> m, String key, Object value) {
		if (value == null) return;
		if (value instanceof Double && !Double.isFinite((Double) value)) return;
		if (value instanceof String && ((String) value).trim().isEmpty()) return;
		m.put(key, value);
	}

	/** Normalises unit spellings: "micron"/"um" to "µm", "nanometer" to "nm", "1/nm" kept. */
	public static String unit(String u) {
		if (u == null) return "";
		String t = u.trim();
		return Double.isNaN(LengthUnits.metres(t)) ? t : LengthUnits.normalise(t);
	}

	/** Length units to metres (NaN when not a length unit). */
	public static double metresPer(String unit) {
		return LengthUnits.metres(unit);
	}
}
