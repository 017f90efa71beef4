package org.interphase;

/** The software version written with every run into the results database. */
public final class Version {
	private Version() {}

	public static String get() {
		String v = Version.class.getPackage() == null ? null : Version.class.getPackage().getImplementationVersion();
		return v != null ? v : "0.1.0-SNAPSHOT";
	}
}
