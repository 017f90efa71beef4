package org.interphase.io;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The fallback reader of the common image formats (TIFF, PNG, BMP, JPEG, GIF) that an image library supplies:
 * ImageJ's opener, in {@code org.interphase.ij}. It is found through {@link ServiceLoader}
 * ({@code META-INF/services/org.interphase.io.GenericImageReader}), so that io and everything that reads files
 * (core, analysis) never depend on ImageJ. {@link Readers} tries it after the format readers and checks image
 * headers before handing a file to it ({@link ImageChecks}).
 */
public interface GenericImageReader extends DatasetReader {
	/** The implementations on the class path, in the order ServiceLoader finds them (none without ImageJ). */
	static List<GenericImageReader> installed() {
		List<GenericImageReader> out = new ArrayList<>();
		for (GenericImageReader r : ServiceLoader.load(GenericImageReader.class, GenericImageReader.class
			.getClassLoader())) out.add(r);
		return out;
	}
}
