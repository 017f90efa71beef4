package org.interphase.io.dm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A tiny DM3/DM4 writer for synthetic and hostile test files (written at run time, never committed). */
final class DmTestWriter {
	/** A tag group. */
	static final class G {
		final List<Object[]> entries = new ArrayList<>();

		G add(String name, Object value) {
			entries.add(new Object[] { name, value });
			return this;
		}

		/** The existing child group of that name, or a new one. */
		G group(String name) {
			for (Object[] e : entries)
				if (e[0].equals(name) && e[1] instanceof G) return (G) e[1];
			G g = new G();
			add(name, g);
			return g;
		}
	}

	/** An array tag: element type code, declared count, payload bytes (little-endian). */
	static final class Arr {
		final int type;
		final long declaredCount;
		final byte[] bytes;

		Arr(int type, long declaredCount, byte[] bytes) {
			this.type = type;
			this.declaredCount = declaredCount;
			this.bytes = bytes;
		}
	}

	/**
	 * An array tag whose payload is not written ({@link #writeSparse}): a hole in a sparse file, read as zeros, so
	 * that a file past 2 GiB costs a few KiB of disk. {@link #at} is where its payload starts once written.
	 */
	static final class Hole {
		final int type, elementBytes;
		final long count;
		long at = -1;

		Hole(int type, int elementBytes, long count) {
			this.type = type;
			this.elementBytes = elementBytes;
			this.count = count;
		}
	}

	static Arr floats(float[] v) {
		ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) b.putFloat(f);
		return new Arr(6, v.length, b.array());
	}

	static Arr bytes(byte[] v) {
		return new Arr(10, v.length, v);
	}

	final int version;
	/** Byte order of the data (the header says which); tag structure is always big-endian. */
	ByteOrder dataOrder = ByteOrder.LITTLE_ENDIAN;
	private ByteArrayOutputStream out = new ByteArrayOutputStream();
	/** Where the bytes in {@link #out} start in the file; the parts written before the holes. */
	private long base;
	private final List<Long> partAt = new ArrayList<>();
	private final List<byte[]> parts = new ArrayList<>();

	DmTestWriter(int version) {
		this.version = version;
	}

	private void be32(long v) {
		out.write((int) (v >>> 24));
		out.write((int) (v >>> 16));
		out.write((int) (v >>> 8));
		out.write((int) v);
	}

	private void size(long v) {
		if (version == 4) {
			be32(v >>> 32);
			be32(v & 0xffffffffL);
		}
		else be32(v);
	}

	private void le(ByteBuffer b) {
		out.write(b.array(), 0, b.position());
	}

	private ByteBuffer buf(int n) {
		return ByteBuffer.allocate(n).order(dataOrder);
	}

	byte[] write(G root) {
		tree(root);
		if (!parts.isEmpty()) throw new IllegalStateException("holes are written by writeSparse");
		return out.toByteArray();
	}

	/** The file with the payloads of its {@link Hole}s left as holes (their positions set). */
	Path writeSparse(Path file, G root) throws IOException {
		tree(root);
		partAt.add(base);
		parts.add(out.toByteArray());
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING))
		{
			for (int i = 0; i < parts.size(); i++) {
				ByteBuffer b = ByteBuffer.wrap(parts.get(i));
				long at = partAt.get(i);
				while (b.hasRemaining()) at += ch.write(b, at);
			}
		}
		return file;
	}

	private void tree(G root) {
		be32(version);
		size(0); // root length: not used by readers
		be32(dataOrder == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
		group(root);
		for (int i = 0; i < (version == 4 ? 16 : 8); i++) out.write(0);
	}

	private void group(G g) {
		out.write(0);
		out.write(1);
		size(g.entries.size());
		for (Object[] e : g.entries) {
			String name = (String) e[0];
			Object v = e[1];
			out.write(v instanceof G ? 20 : 21);
			out.write(name.length() >>> 8);
			out.write(name.length());
			for (char c : name.toCharArray()) out.write(c);
			if (version == 4) size(0);
			if (v instanceof G) group((G) v);
			else data(v);
		}
	}

	private void data(Object v) {
		out.write('%');
		out.write('%');
		out.write('%');
		out.write('%');
		if (v instanceof Long || v instanceof Integer) {
			size(1);
			size(3);
			le(buf(4).putInt(((Number) v).intValue()));
		}
		else if (v instanceof Double) {
			size(1);
			size(7);
			le(buf(8).putDouble((Double) v));
		}
		else if (v instanceof String) {
			String s = (String) v;
			arrayInfo(4, s.length());
			ByteBuffer b = buf(2 * s.length());
			for (char c : s.toCharArray()) b.putChar(c);
			le(b);
		}
		else if (v instanceof Arr) {
			Arr a = (Arr) v;
			arrayInfo(a.type, a.declaredCount);
			byte[] payload = a.bytes;
			if (dataOrder == ByteOrder.BIG_ENDIAN && a.type == 6) { // float32 payloads are built little-endian
				payload = a.bytes.clone();
				for (int i = 0; i + 3 < payload.length; i += 4) {
					byte t0 = payload[i], t1 = payload[i + 1];
					payload[i] = payload[i + 3];
					payload[i + 1] = payload[i + 2];
					payload[i + 2] = t1;
					payload[i + 3] = t0;
				}
			}
			out.write(payload, 0, payload.length);
		}
		else if (v instanceof Hole) {
			Hole h = (Hole) v;
			arrayInfo(h.type, h.count);
			h.at = base + out.size();
			partAt.add(base);
			parts.add(out.toByteArray());
			out = new ByteArrayOutputStream();
			base = h.at + h.count * h.elementBytes;
		}
		else throw new IllegalArgumentException("unsupported " + v);
	}

	/** The info array of a simple array tag: 3 entries, array (20), element type, count. */
	private void arrayInfo(int type, long count) {
		size(3);
		size(20);
		size(type);
		size(count);
	}

	/** An image entry of an ImageList: data, DM DataType, dimensions (fastest first), calibrations. */
	static G image(G list, String name, Object data, int dataType, long[] dims, double[] scale, double[] origin,
		String[] units)
	{
		G img = new G();
		list.add("", img);
		G d = img.group("ImageData");
		G cal = d.group("Calibrations");
		G dim = cal.group("Dimension");
		for (int i = 0; i < dims.length; i++) {
			G c = new G();
			c.add("Origin", origin[i]).add("Scale", scale[i]).add("Units", units[i]);
			dim.add("", c);
		}
		d.add("Data", data);
		d.add("DataType", (long) dataType);
		G dd = d.group("Dimensions");
		for (long x : dims) dd.add("", x);
		img.add("Name", name);
		img.group("ImageTags");
		return img;
	}
}
