package org.interphase.io.dm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;

/**
 * The smallest honest Gatan DM3 / DM4 writer: one real signal per file, as DigitalMicrograph lays it out
 * (big-endian tag tree with DM4's 64-bit sizes and per-tag byte counts, little-endian data, an
 * {@code ImageList} entry with {@code ImageData/Data, DataType, Dimensions, PixelDepth, Calibrations} and
 * {@code ImageTags/Meta Data}). Used to generate large files for {@code bench} and for round-trip tests; it is
 * not a general export (no thumbnail, no display tags; Origin and Scale are written as float64 where DM
 * writes float32 — readers take either).
 * <p>
 * A spectrum image (last axis in eV) can be stored energy-slowest, as DM stores spectrum images (DM dimensions
 * x, y, energy), or energy-fastest (energy, x, y); both occur in real files.
 */
public final class DmWriter {
	private DmWriter() {}

	// ---- a minimal tag tree that knows its byte sizes ----

	private abstract static class Node {
		/** Bytes after the entry's name (and DM4 size field): the group body or the '%%%%' data part. */
		abstract long size(int version);

		abstract void write(Out out) throws IOException;
	}

	private static final class Grp extends Node {
		final List<String> names = new ArrayList<>();
		final List<Node> nodes = new ArrayList<>();

		Grp add(String name, Node n) {
			names.add(name);
			nodes.add(n);
			return this;
		}

		Grp group(String name) {
			Grp g = new Grp();
			add(name, g);
			return g;
		}

		@Override
		long size(int version) {
			int w = version == 4 ? 8 : 4;
			long s = 2 + w;
			for (int i = 0; i < nodes.size(); i++)
				s += 1 + 2 + names.get(i).length() + (version == 4 ? 8 : 0) + nodes.get(i).size(version);
			return s;
		}

		@Override
		void write(Out out) throws IOException {
			out.u8(0); // sorted
			out.u8(1); // open
			out.size(nodes.size());
			for (int i = 0; i < nodes.size(); i++) {
				Node n = nodes.get(i);
				String name = names.get(i);
				out.u8(n instanceof Grp ? 20 : 21);
				byte[] nb = name.getBytes(StandardCharsets.ISO_8859_1);
				out.u8(nb.length >>> 8);
				out.u8(nb.length);
				out.bytes(nb);
				if (out.version == 4) out.size(n.size(4));
				n.write(out);
			}
		}
	}

	/** A scalar: DM type 3 (int32), 5 (uint32), 7 (float64), 8 (bool). */
	private static final class Scalar extends Node {
		final int type;
		final double value;

		Scalar(int type, double value) {
			this.type = type;
			this.value = value;
		}

		private int bytes() {
			return type == 7 ? 8 : type == 8 ? 1 : 4;
		}

		@Override
		long size(int version) {
			return 4 + 2 * (version == 4 ? 8 : 4) + bytes();
		}

		@Override
		void write(Out out) throws IOException {
			out.marker();
			out.size(1);
			out.size(type);
			ByteBuffer b = out.data(bytes());
			if (type == 7) b.putDouble(value);
			else if (type == 8) b.put((byte) (value != 0 ? 1 : 0));
			else b.putInt((int) (long) value);
		}
	}

	/** An array tag: DM element type and count; the payload is written by {@link #payload}. */
	private abstract static class Array extends Node {
		final int elemType, elemBytes;
		final long count;

		Array(int elemType, int elemBytes, long count) {
			this.elemType = elemType;
			this.elemBytes = elemBytes;
			this.count = count;
		}

		@Override
		long size(int version) {
			return 4 + 4 * (version == 4 ? 8 : 4) + count * elemBytes;
		}

		@Override
		void write(Out out) throws IOException {
			out.marker();
			out.size(3);
			out.size(20);
			out.size(elemType);
			out.size(count);
			payload(out);
		}

		abstract void payload(Out out) throws IOException;
	}

	/** A string as DM stores it: an array of UTF-16 code units (type 4). */
	private static Node text(String s) {
		return new Array(4, 2, s.length()) {
			@Override
			void payload(Out out) throws IOException {
				ByteBuffer b = out.data(2 * s.length());
				for (int i = 0; i < s.length(); i++) b.putChar(s.charAt(i));
			}
		};
	}

	/** Buffered sequential output: tag structure big-endian, data little-endian. */
	private static final class Out implements AutoCloseable {
		final FileChannel ch;
		final int version;
		final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

		Out(FileChannel ch, int version) {
			this.ch = ch;
			this.version = version;
		}

		void room(int n) throws IOException {
			if (buf.remaining() < n) flush();
		}

		void flush() throws IOException {
			buf.flip();
			while (buf.hasRemaining()) ch.write(buf);
			buf.clear();
		}

		void u8(int v) throws IOException {
			room(1);
			buf.put((byte) v);
		}

		void be32(int v) throws IOException {
			room(4);
			buf.order(ByteOrder.BIG_ENDIAN).putInt(v);
		}

		void size(long v) throws IOException {
			room(8);
			if (version == 4) buf.order(ByteOrder.BIG_ENDIAN).putLong(v);
			else buf.order(ByteOrder.BIG_ENDIAN).putInt((int) v);
		}

		void marker() throws IOException {
			bytes(new byte[] { '%', '%', '%', '%' });
		}

		void bytes(byte[] b) throws IOException {
			room(b.length);
			buf.put(b);
		}

		/** Room for n little-endian data bytes (n at most the buffer size): put them right away. */
		ByteBuffer data(int n) throws IOException {
			room(n);
			return buf.order(ByteOrder.LITTLE_ENDIAN);
		}

		@Override
		public void close() throws IOException {
			flush();
		}
	}

	private static boolean isEnergy(Axis a) {
		return org.interphase.core.data.EnergyUnits.isEnergy(a.units);
	}

	/**
	 * Writes one real signal (no RGBA channel axis, no imaginary part) as a DM3 or DM4 file. Values are stored
	 * as float32 when the signal's dtype is float32, else as float64. A signal whose last axis is in eV is a
	 * spectrum (image); with {@code energySlowest} its energy axis becomes the slowest DM dimension.
	 */
	public static void write(Path file, Signal s, int version, boolean energySlowest) throws IOException {
		if (version != 3 && version != 4) throw new IllegalArgumentException("DM version " + version);
		if (s.imaginary() != null || s.dtype.startsWith("rgb")) throw new IllegalArgumentException(
			"only real gray signals are written, not " + s.dtype);
		int nd = s.ndim();
		if (nd < 1 || nd > 4) throw new IllegalArgumentException(nd + " dimensions");
		boolean f32 = s.dtype.equals("float32");
		List<Axis> axes = s.axes();
		boolean spectral = isEnergy(axes.get(nd - 1));
		boolean moveEnergy = spectral && energySlowest && nd > 1;
		// DM dimension k (fastest first) -> numpy axis
		int[] dmAxis = new int[nd];
		if (moveEnergy) {
			for (int k = 0; k < nd - 1; k++) dmAxis[k] = nd - 2 - k;
			dmAxis[nd - 1] = nd - 1;
		}
		else for (int k = 0; k < nd; k++) dmAxis[k] = nd - 1 - k;
		long n = s.length();
		if (n * (f32 ? 4 : 8) > Integer.MAX_VALUE - 4096L) throw new IllegalArgumentException(
			"data above 2 GiB are not written");

		Grp root = new Grp();
		Grp list = root.group("ImageList");
		Grp img = list.group("");
		Grp data = img.group("ImageData");
		Grp cal = data.group("Calibrations");
		cal.group("Brightness").add("Origin", new Scalar(7, 0)).add("Scale", new Scalar(7, 1)).add("Units", text(""));
		Grp calDims = cal.group("Dimension");
		for (int k = 0; k < nd; k++) {
			Axis a = axes.get(dmAxis[k]);
			double scale = a.scale == 0 ? 1 : a.scale;
			double origin = -a.offset / scale + 0.0;
			calDims.add("", new Grp().add("Origin", new Scalar(7, origin)).add("Scale", new Scalar(7, scale)).add(
				"Units", text(a.units.equals("px") ? "" : a.units)));
		}
		cal.add("DisplayCalibratedUnits", new Scalar(8, 1));
		final double[] values = s.data();
		final int[] shape = s.shape();
		final boolean transpose = moveEnergy;
		data.add("Data", new Array(f32 ? 6 : 7, f32 ? 4 : 8, n) {
			@Override
			void payload(Out out) throws IOException {
				writeValues(out, values, shape, f32, transpose);
			}
		});
		data.add("DataType", new Scalar(3, f32 ? 2 : 12));
		Grp dims = data.group("Dimensions");
		for (int k = 0; k < nd; k++) dims.add("", new Scalar(5, shape[dmAxis[k]]));
		data.add("PixelDepth", new Scalar(3, f32 ? 4 : 8));
		Grp meta = img.group("ImageTags").group("Meta Data");
		if (spectral) {
			meta.add("Format", text(nd == 1 ? "Spectrum" : nd == 2 ? "Spectrum line scan" : "Spectrum image"));
			meta.add("Signal", text("EELS"));
		}
		else meta.add("Format", text("Image"));
		img.add("Name", text(s.name));

		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING); Out out = new Out(ch, version))
		{
			out.be32(version);
			// root length: the bytes of the tag tree (as in DM's files: file size - header - end mark)
			out.size(root.size(version));
			out.be32(1); // data little-endian
			root.write(out);
			for (int i = 0; i < (version == 4 ? 8 : 4); i++) out.u8(0); // end mark
		}
	}

	/** The values as float32 / float64 little-endian, in C order or with the last (energy) axis moved slowest. */
	private static void writeValues(Out out, double[] v, int[] shape, boolean f32, boolean energySlowest)
		throws IOException
	{
		int eb = f32 ? 4 : 8;
		int chunk = out.buf.capacity() / eb;
		if (!energySlowest) {
			for (int from = 0; from < v.length; from += chunk) {
				int to = Math.min(v.length, from + chunk);
				ByteBuffer b = out.data((to - from) * eb);
				for (int i = from; i < to; i++) {
					if (f32) b.putFloat((float) v[i]);
					else b.putDouble(v[i]);
				}
			}
			return;
		}
		// file order (energy, pixel): blocks of energy planes, each pixel's run of energies read contiguously
		int ne = shape[shape.length - 1];
		int np = v.length / ne;
		int planes = Math.max(1, chunk / np);
		if (planes > ne) planes = ne;
		byte[] block = null;
		for (int e0 = 0; e0 < ne; e0 += planes) {
			int e1 = Math.min(ne, e0 + planes);
			if ((long) (e1 - e0) * np * eb > out.buf.capacity()) {
				// a plane larger than the buffer: one value at a time through the buffer
				for (int e = e0; e < e1; e++)
					for (int p = 0; p < np; p++) {
						ByteBuffer b = out.data(eb);
						if (f32) b.putFloat((float) v[p * ne + e]);
						else b.putDouble(v[p * ne + e]);
					}
				continue;
			}
			int len = (e1 - e0) * np * eb;
			if (block == null || block.length < len) block = new byte[len];
			ByteBuffer bb = ByteBuffer.wrap(block, 0, len).order(ByteOrder.LITTLE_ENDIAN);
			for (int p = 0; p < np; p++)
				for (int e = e0; e < e1; e++) {
					int at = ((e - e0) * np + p) * eb;
					if (f32) bb.putFloat(at, (float) v[p * ne + e]);
					else bb.putDouble(at, v[p * ne + e]);
				}
			out.data(len).put(block, 0, len);
		}
	}
}
