package org.interphase.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/**
 * Hands files that no Interphase reader knows to Bio-Formats, by reflection, when it is on the class path
 * (it is inside Fiji; it is not on Maven Central, so the suite does not depend on it at build time).
 */
final class BioFormatsBridge {
	private BioFormatsBridge() {}

	static boolean available() {
		try {
			Class.forName("loci.formats.ImageReader");
			return true;
		}
		catch (ClassNotFoundException | LinkageError e) {
			return false;
		}
	}

	static String status() {
		return available() ? "Bio-Formats could not read it either"
			: "Bio-Formats is not installed, so it could not be tried";
	}

	/** The first series' first plane as a float image, or null when Bio-Formats is absent or refuses. */
	static Dataset tryRead(Path file) {
		if (!available()) return null;
		try {
			Class<?> c = Class.forName("loci.formats.ImageReader");
			Object reader = c.getConstructor().newInstance();
			c.getMethod("setId", String.class).invoke(reader, file.toString());
			try {
				int w = (Integer) c.getMethod("getSizeX").invoke(reader);
				int h = (Integer) c.getMethod("getSizeY").invoke(reader);
				int bpp = (Integer) c.getMethod("getBitsPerPixel").invoke(reader);
				boolean little = (Boolean) c.getMethod("isLittleEndian").invoke(reader);
				byte[] bytes = (byte[]) c.getMethod("openBytes", int.class).invoke(reader, 0);
				int bytesPer = Math.max(1, (bpp + 7) / 8);
				if ((long) w * h * bytesPer > bytes.length) return null;
				double[] data = new double[w * h];
				java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes).order(little ? java.nio.ByteOrder.LITTLE_ENDIAN
					: java.nio.ByteOrder.BIG_ENDIAN);
				for (int i = 0; i < data.length; i++) {
					switch (bytesPer) {
						case 1: data[i] = bytes[i] & 0xff; break;
						case 2: data[i] = bb.getShort(2 * i) & 0xffff; break;
						case 4: data[i] = bb.getFloat(4 * i); break;
						default: data[i] = bb.getDouble(8 * i);
					}
				}
				List<Axis> axes = new ArrayList<>();
				axes.add(Axis.pixels("y", h));
				axes.add(Axis.pixels("x", w));
				Signal s = new Signal(file.getFileName().toString(), bytesPer == 1 ? "uint8" : bytesPer == 2 ? "uint16"
					: bytesPer == 4 ? "float32" : "float64", new int[] { h, w }, axes, data);
				return Dataset.of(file.toString(), "Bio-Formats", s);
			}
			finally {
				c.getMethod("close").invoke(reader);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			return null;
		}
	}
}
