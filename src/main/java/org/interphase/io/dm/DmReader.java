package org.interphase.io.dm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.dm.DmTags.ArrayRef;
import org.interphase.io.dm.DmTags.DmFormatException;
import org.interphase.io.dm.DmTags.Entry;
import org.interphase.io.dm.DmTags.Group;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * Gatan DigitalMicrograph DM3 / DM4 files. Every image of the ImageList except the thumbnail becomes a
 * signal: 1D spectra (energy axis), 2D images (y, x), 3D stacks (frame, y, x), spectrum images with the energy
 * axis moved last (y, x, energy) wherever the file stores it, RGB(A) images with a trailing "channel" axis of
 * size 4 (R, G, B, A). Calibrations follow HyperSpy: offset = -origin * scale.
 */
public final class DmReader implements DatasetReader {
	/** Most flattened metadata entries kept per image (the tag trees can hold tens of thousands). */
	public static final int MAX_METADATA = 400;

	@Override
	public String format() {
		return "DM";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (head.length < 16) return false;
		int v = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
		if (v != 3 && v != 4) return false;
		// byte-order field must be 0 or 1 and the root group flags 0/1
		int o = v == 3 ? 8 : 12;
		int order = ((head[o] & 0xff) << 24) | ((head[o + 1] & 0xff) << 16) | ((head[o + 2] & 0xff) << 8) |
			(head[o + 3] & 0xff);
		return order == 0 || order == 1;
	}

	/** Maps a file read-only in one buffer (files up to 2 GiB; DM files of any size are read through {@link FileBytes}). */
	public static ByteBuffer map(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = ch.size();
			if (size > Integer.MAX_VALUE - 8) throw new InputFormatException(file + ": larger than 2 GiB, not supported");
			return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
		}
	}

	@Override
	public Dataset read(Path file) throws IOException {
		DmTags tags;
		try {
			tags = DmTags.parse(FileBytes.map(file, ByteOrder.BIG_ENDIAN));
		}
		catch (DmFormatException e) {
			throw new InputFormatException(file + ": DM tag tree: " + e.getMessage(), e);
		}
		String fmt = "DM" + tags.version;
		Object list = tags.root.get("ImageList");
		if (!(list instanceof Group)) throw new InputFormatException(file + ": " + fmt + " file has no ImageList");
		List<Object> images = ((Group) list).items();
		List<Signal> signals = new ArrayList<>();
		Map<String, Object> meta = new LinkedHashMap<>();
		List<String> notes = new ArrayList<>();
		java.util.Set<Integer> thumbs = thumbnails(tags, images);
		if (!thumbs.isEmpty()) notes.add("display thumbnail(s) " + thumbs + " of the ImageList skipped");
		for (int i = 0; i < images.size(); i++) {
			if (thumbs.contains(i) || !(images.get(i) instanceof Group)) continue;
			Group img = (Group) images.get(i);
			try {
				Signal s = readImage(tags, img, i, file);
				if (s == null) continue;
				if (signals.isEmpty()) {
					// the main image's tags go to the file-level metadata only (not repeated in the signal)
					meta.putAll(contractMetadata(tags, img, s));
					for (Map.Entry<String, Object> e : s.metadata().entrySet()) meta.putIfAbsent(e.getKey(), e.getValue());
					Map<String, Object> keep = new LinkedHashMap<>();
					Object packed = s.metadata().get("dm_packed_complex");
					if (packed != null) keep.put("dm_packed_complex", packed);
					s = new Signal(s.name, s.dtype, s.shape(), s.axes(), s.data(), s.imaginary(), keep);
				}
				signals.add(s);
			}
			catch (DmFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
				throw new InputFormatException(file + ": " + fmt + " image " + i + ": " + e.getMessage(), e);
			}
		}
		if (signals.isEmpty()) throw new InputFormatException(file + ": " + fmt + " file holds no image data");
		if (!notes.isEmpty()) meta.put("notes", String.join("; ", notes));
		return new Dataset(file.toString(), fmt, signals, meta);
	}

	/** DM's display thumbnails: listed under Thumbnails/[i]/ImageIndex; files without that list have it first. */
	private static java.util.Set<Integer> thumbnails(DmTags tags, List<Object> images) {
		java.util.Set<Integer> thumbs = new java.util.HashSet<>();
		Object th = tags.root.get("Thumbnails");
		if (th instanceof Group) {
			for (Object o : ((Group) th).items())
				if (o instanceof Group && ((Group) o).get("ImageIndex") instanceof Number) thumbs.add(((Number) ((Group) o)
					.get("ImageIndex")).intValue());
		}
		else if (images.size() > 1 && images.get(0) instanceof Group) {
			// no list: the first image is the thumbnail when it is an RGB(A) picture (as DM writes them)
			Object dt0 = ((Group) images.get(0)).path("ImageData/DataType");
			if (dt0 instanceof Number && isRgb(((Number) dt0).intValue())) thumbs.add(0);
		}
		if (thumbs.size() >= images.size()) thumbs.clear(); // never drop everything
		return thumbs;
	}

	/**
	 * The main image of the file (of any size) as a spectrum image read in tiles of rows ({@link DmSpectrumRows}, the
	 * data left in the mapped file), or null when it is not a real-valued spectrum image (y, x, energy).
	 */
	static DmSpectrumRows spectrumRows(Path file) throws IOException {
		Object d = describe(file);
		return d instanceof DmSpectrumRows ? (DmSpectrumRows) d : null;
	}

	/** The main image of the file as a series read frame by frame ({@link MappedFrames}), or null when it is none. */
	static MappedFrames frames(Path file) throws IOException {
		Object d = describe(file);
		return d instanceof MappedFrames ? (MappedFrames) d : null;
	}

	/** The main image described without decoding its data: a spectrum image, a series of frames, or null. */
	private static Object describe(Path file) throws IOException {
		DmTags tags;
		try {
			tags = DmTags.parse(FileBytes.map(file, ByteOrder.BIG_ENDIAN));
		}
		catch (DmFormatException e) {
			return null;
		}
		Object list = tags.root.get("ImageList");
		if (!(list instanceof Group)) return null;
		List<Object> images = ((Group) list).items();
		java.util.Set<Integer> thumbs = thumbnails(tags, images);
		for (int i = 0; i < images.size(); i++) {
			if (thumbs.contains(i) || !(images.get(i) instanceof Group)) continue;
			Object[] rows = new Object[1];
			try {
				new DmReader().readImage(tags, (Group) images.get(i), i, file, rows);
			}
			catch (DmFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
				return null; // the whole-file reader says what is wrong, in its words
			}
			return rows[0];
		}
		return null;
	}

	/** Bytes per pixel and numpy name for a DM image DataType. */
	private static String dtypeName(int dt) {
		switch (dt) {
			case 1: return "int16";
			case 2: return "float32";
			case 3: return "complex64";
			case 6: return "uint8";
			case 7: return "int32";
			case 9: return "int8";
			case 10: return "uint16";
			case 11: return "uint32";
			case 12: return "float64";
			case 13: return "complex128";
			case 14: return "bool";
			case 8:
			case 23: return "rgba8";
			case 27: return "complex64";
			case 28: return "complex128";
			default: return null;
		}
	}

	private static Type elementType(int dt) {
		switch (dt) {
			case 1: return Type.INT16;
			case 2:
			case 3:
			case 27: return Type.FLOAT32;
			case 6:
			case 8:
			case 23: return Type.UINT8;
			case 7: return Type.INT32;
			case 9: return Type.INT8;
			case 10: return Type.UINT16;
			case 11: return Type.UINT32;
			case 12:
			case 13:
			case 28: return Type.FLOAT64;
			case 14: return Type.BOOL;
			default: return null;
		}
	}

	private static boolean isComplex(int dt) {
		return dt == 3 || dt == 13 || dt == 27 || dt == 28;
	}

	private static boolean isPacked(int dt) {
		return dt == 27 || dt == 28;
	}

	private static boolean isRgb(int dt) {
		return dt == 8 || dt == 23;
	}

	private static double num(Object o, double dflt) {
		if (o instanceof Number) return ((Number) o).doubleValue();
		if (o instanceof Boolean) return ((Boolean) o) ? 1 : 0;
		return dflt;
	}

	private static String str(DmTags t, Object o) {
		if (o instanceof String) return (String) o;
		if (o instanceof ArrayRef) return t.text((ArrayRef) o);
		return null;
	}

	private static boolean isEnergyUnit(String u) {
		return org.interphase.core.data.EnergyUnits.isEnergy(u);
	}

	private Signal readImage(DmTags t, Group img, int index, Path file) {
		return readImage(t, img, index, file, null);
	}

	/**
	 * With {@code rows} not null: a real spectrum image or series of frames is not decoded but described in rows[0]
	 * (null returned).
	 */
	private Signal readImage(DmTags t, Group img, int index, Path file, Object[] rows) {
		Group data = img.group("ImageData");
		if (data == null) return null;
		Object dataObj = data.get("Data");
		if (!(dataObj instanceof ArrayRef)) return null;
		ArrayRef arr = (ArrayRef) dataObj;
		int dt = (int) num(data.get("DataType"), -1);
		String dtype = dtypeName(dt);
		if (dtype == null) throw new IllegalArgumentException("unsupported DM data type " + dt);
		Group dimsG = data.group("Dimensions");
		if (dimsG == null || dimsG.entries.isEmpty()) throw new IllegalArgumentException("no Dimensions");
		int nd = dimsG.entries.size();
		if (nd > 8) throw new IllegalArgumentException(nd + " dimensions");
		long[] dims = new long[nd];
		for (int i = 0; i < nd; i++) {
			dims[i] = (long) num(dimsG.entries.get(i).value, -1);
			if (dims[i] < 1 || dims[i] > Integer.MAX_VALUE) throw new IllegalArgumentException("dimension " + i +
				" has size " + dims[i]);
		}
		Type et = elementType(dt);
		int comps = isComplex(dt) ? 2 : isRgb(dt) ? 4 : 1;
		if (rows != null && (comps > 1 || dt == 14)) return null; // only real numbers are streamed
		// read whole: one array; streamed: any number the file can hold (checked against its bytes below)
		long n = RawDecoder.checkedProduct(dims, rows == null ? Integer.MAX_VALUE - 16 : Long.MAX_VALUE / 16);
		if (n < 0) throw new IllegalArgumentException("dimensions " + Arrays.toString(dims) + " hold too many pixels");
		long stored = n;
		if (isPacked(dt)) {
			if (nd != 2) throw new IllegalArgumentException("packed complex data must be 2D");
			stored = dims[1] * (dims[0] / 2 + 1);
		}
		long needBytes = stored * comps * et.bytes;
		if (needBytes != arr.byteLength) throw new IllegalArgumentException("data array holds " + arr.byteLength +
			" bytes but " + Arrays.toString(dims) + " pixels of " + dtype + " need " + needBytes);
		if (arr.offset + arr.byteLength > t.bytes.length()) throw new IllegalArgumentException(
			"data array runs past the end of the file");
		if (rows == null && n * comps > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("image too large");
		if (rows == null && arr.byteLength > FileBytes.MAX_WINDOW) throw new IllegalArgumentException("data array of " +
			arr.byteLength + " bytes: arrays over 2 GiB are read only as series or spectrum images, streamed");
		// the result, plus the packed half planes or the copy a complex / RGBA transpose makes
		if (rows == null) RawDecoder.ensureHeap(n * comps + (isPacked(dt) ? n * 2 : 0) + (comps > 1 && nd == 3 ? n * comps : 0),
			"image of " + Arrays.toString(dims) + " " + dtype);
		ByteOrder order = t.dataOrder;
		// the data array alone (one buffer: under 2 GiB, checked above); positions below are relative to it
		ByteBuffer raw = rows == null ? t.data.slice(arr.offset, arr.byteLength) : null;
		double[] re;
		double[] im = null;
		int[] cShape; // numpy order of the stored array, before rearranging
		if (isPacked(dt)) {
			int h = (int) dims[1];
			int w = (int) dims[0];
			int pw = w / 2 + 1;
			double[] pr = new double[(int) stored];
			double[] pi = new double[(int) stored];
			RawDecoder.decode(raw, 0, et, order, (int) stored, pr, 0, 2);
			RawDecoder.decode(raw, et.bytes, et, order, (int) stored, pi, 0, 2);
			// Unpack the half plane as HyperSpy does (columns reversed, then the conjugate of the inner ones), and
			// for odd widths also the last column, so the result is the full w-wide plane.
			re = new double[h * w];
			im = new double[h * w];
			for (int y = 0; y < h; y++) {
				int c = 0;
				for (int k = pw - 1; k >= 0; k--, c++) {
					re[y * w + c] = pr[y * pw + k];
					im[y * w + c] = pi[y * pw + k];
				}
				int last = (w % 2 == 0) ? pw - 2 : pw - 1;
				for (int k = 1; k <= last && c < w; k++, c++) {
					re[y * w + c] = pr[y * pw + k];
					im[y * w + c] = -pi[y * pw + k];
				}
			}
			cShape = new int[] { h, w };
		}
		else {
			cShape = new int[nd];
			for (int i = 0; i < nd; i++) cShape[i] = (int) dims[nd - 1 - i];
			if (comps == 2) {
				re = new double[(int) n];
				im = new double[(int) n];
				RawDecoder.decode(raw, 0, et, order, (int) n, re, 0, 2);
				RawDecoder.decode(raw, et.bytes, et, order, (int) n, im, 0, 2);
			}
			else if (comps == 4) {
				re = RawDecoder.decode(raw, 0, et, order, (int) n * 4);
				cShape = Arrays.copyOf(cShape, nd + 1);
				cShape[nd] = 4;
			}
			else re = null; // decoded below, once the axis order is known: straight to the final layout
		}
		// calibrations, DM order (fastest first)
		double[] scale = new double[nd];
		double[] offset = new double[nd];
		String[] units = new String[nd];
		Group cal = data.group("Calibrations");
		Group calDims = cal == null ? null : cal.group("Dimension");
		for (int i = 0; i < nd; i++) {
			scale[i] = 1;
			offset[i] = 0;
			units[i] = "";
			if (calDims != null && i < calDims.entries.size() && calDims.entries.get(i).value instanceof Group) {
				Group c = (Group) calDims.entries.get(i).value;
				double s = num(c.get("Scale"), 1);
				double o = num(c.get("Origin"), 0);
				scale[i] = s;
				offset[i] = -o * s + 0.0; // + 0.0 turns -0.0 into 0.0
				String u = str(t, c.get("Units"));
				units[i] = u == null ? "" : DmMetadata.unit(u);
			}
		}
		String name = str(t, img.get("Name"));
		if (name == null) name = "image " + index;
		Group imageTags = img.group("ImageTags");
		String format = imageTags == null ? null : str(t, imageTags.path("Meta Data/Format"));
		boolean spectrumFormat = format != null && format.toLowerCase(Locale.ROOT).contains("spectrum");
		// which DM dimension is spectral?
		int spectral = -1;
		for (int i = 0; i < nd; i++)
			if (isEnergyUnit(units[i])) spectral = i;
		if (spectral < 0 && (spectrumFormat || nd == 1)) spectral = 0;
		if (isPacked(dt)) spectral = -1;
		// numpy order of axes: DM dimension order reversed; then move the spectral one last
		int[] perm = new int[nd]; // perm[k] = DM dimension shown as numpy axis k
		int k = 0;
		for (int i = nd - 1; i >= 0; i--)
			if (i != spectral) perm[k++] = i;
		if (spectral >= 0) perm[k] = spectral;
		String[] names = new String[nd];
		int spatial = spectral >= 0 ? nd - 1 : nd;
		String[] spatialNames = spatial == 1 ? new String[] { "x" } : spatial == 2 ? new String[] { "y", "x" }
			: spatial == 3 ? new String[] { "frame", "y", "x" } : null;
		for (int a = 0; a < spatial; a++) names[a] = spatialNames != null ? spatialNames[a] : "axis" + a;
		if (spectral >= 0) names[nd - 1] = isEnergyUnit(units[spectral]) ? "energy" : nd == 1 ? "x" : "signal";
		// rearrange data when the spectral axis was not already last in C order (DM dimension 0)
		int[] outShape = new int[nd];
		for (int a = 0; a < nd; a++) outShape[a] = isPacked(dt) ? cShape[a] : (int) dims[perm[a]];
		List<Axis> axes = new ArrayList<>();
		for (int a = 0; a < nd; a++) {
			int d = perm[a];
			int size = outShape[a];
			String u = units[d];
			axes.add(new Axis(names[a], size, scale[d], offset[d], u.isEmpty() ? "" : u));
		}
		if (rows != null) {
			rows[0] = streamed(t, arr, et, dims, spectral, file, name, axes);
			return null;
		}
		if (re == null) {
			// one pass from the mapped file: bulk typed reads, conversion and (for energy-slowest spectrum images)
			// the move of the energy axis last, in tiles over the cores
			re = RawDecoder.decodeMovingToFastest(raw, 0, et, order, dims, spectral, Runtime.getRuntime()
				.availableProcessors());
			if (dt == 14) for (int i = 0; i < re.length; i++) re[i] = re[i] != 0 ? 1 : 0;
		}
		else if (spectral > 0) {
			int inner = comps == 4 ? 4 : 1;
			re = transposeToLast(re, dims, spectral, inner);
			if (im != null) im = transposeToLast(im, dims, spectral, 1);
		}
		int[] shape = outShape;
		if (comps == 4) {
			shape = Arrays.copyOf(outShape, nd + 1);
			shape[nd] = 4;
			axes.add(new Axis("channel", 4, 1, 0, ""));
		}
		Map<String, Object> sm = new LinkedHashMap<>();
		if (imageTags != null) flatten(t, imageTags, "", sm, 0);
		if (isPacked(dt)) sm.put("dm_packed_complex", "unpacked from a " + dims[1] + "x" + (dims[0] / 2 + 1) +
			" half plane to the full " + dims[1] + "x" + dims[0] + " plane" + (dims[0] % 2 == 1 ? " (HyperSpy and " +
				"RosettaSciIO give " + dims[1] + "x" + (dims[0] - 1) + ": their unpacking assumes an even width)" : ""));
		return new Signal(name, dtype, shape, axes, re, im, sm);
	}

	/**
	 * A real (y, x, energy) spectrum image in tiles of rows, or a real (frame, y, x) series frame by frame, left in the
	 * file; null for anything else, or when a frame or the spectra's count would not fit in one array
	 * (IllegalArgumentException when they would not fit in the heap).
	 */
	private static Object streamed(DmTags t, ArrayRef arr, Type et, long[] dims, int spectral, Path file, String name,
		List<Axis> axes)
	{
		if (dims.length != 3) return null;
		// the streams hold a number per pixel (spectrum image) or two frames (series): refused when they do not fit
		if (spectral >= 0) {
			long pixels = dims[0] * dims[1] * dims[2] / dims[spectral];
			if (pixels > Integer.MAX_VALUE - 16) return null;
			RawDecoder.ensureHeap(pixels, "spectrum image of " + pixels + " spectra");
			return new DmSpectrumRows(file, name, t.data, arr.offset, et, dims, spectral, axes);
		}
		if (dims[0] * dims[1] > Integer.MAX_VALUE - 16) return null;
		RawDecoder.ensureHeap(2 * dims[0] * dims[1], "frames of " + dims[0] + "x" + dims[1]);
		return new MappedFrames(file, name, t.data, arr.offset, et, axes);
	}

	/**
	 * Moves DM dimension {@code spectral} (DM order: fastest first) to be the fastest in C order, keeping the
	 * others in their order. {@code inner} values per pixel (4 for RGBA) stay together. Used for complex and
	 * RGBA data; real data are reordered while decoding ({@link RawDecoder#decodeMovingToFastest}).
	 */
	static double[] transposeToLast(double[] src, long[] dims, int spectral, int inner) {
		int nd = dims.length;
		int below = 1; // product of DM dims faster than the spectral one
		for (int i = 0; i < spectral; i++) below *= (int) dims[i];
		int s = (int) dims[spectral];
		int above = 1;
		for (int i = spectral + 1; i < nd; i++) above *= (int) dims[i];
		double[] out = new double[src.length];
		// source [above][s][below][inner] -> target [above][below][s][inner], in cache-sized tiles
		final int tile = 64;
		for (int a = 0; a < above; a++) {
			int base = a * s * below;
			for (int e0 = 0; e0 < s; e0 += tile) {
				int e1 = Math.min(s, e0 + tile);
				for (int b0 = 0; b0 < below; b0 += tile) {
					int b1 = Math.min(below, b0 + tile);
					if (inner == 1) {
						for (int e = e0; e < e1; e++) {
							int srcRow = base + e * below;
							for (int b = b0; b < b1; b++) out[base + b * s + e] = src[srcRow + b];
						}
						continue;
					}
					for (int b = b0; b < b1; b++) {
						int dst = (base + b * s) * inner;
						for (int e = e0; e < e1; e++) {
							int srcAt = (base + e * below + b) * inner;
							int dstAt = dst + e * inner;
							for (int c = 0; c < inner; c++) out[dstAt + c] = src[srcAt + c];
						}
					}
				}
			}
		}
		return out;
	}

	/** Breadth-first search (bounded) for the group that holds a child group of that name. */
	private static Group findHolder(Group root, String child) {
		java.util.ArrayDeque<Group> queue = new java.util.ArrayDeque<>();
		queue.add(root);
		int visited = 0;
		while (!queue.isEmpty() && visited++ < 20_000) {
			Group g = queue.poll();
			if (g.group(child) != null) return g;
			for (Entry e : g.entries)
				if (e.value instanceof Group) queue.add((Group) e.value);
		}
		return null;
	}

	/** Breadth-first search (bounded) for a group holding an acquisition date. */
	private static Group findGroup(DmTags t, Group root, int depth, int[] visited) {
		java.util.ArrayDeque<Group> queue = new java.util.ArrayDeque<>();
		queue.add(root);
		while (!queue.isEmpty() && visited[0]++ < 20_000) {
			Group g = queue.poll();
			if (g.get("Acquisition Date") != null) return g;
			if (g.get("Date") != null && g.get("Start time") != null && str(t, g.get("Date")) != null) return g;
			for (Entry e : g.entries)
				if (e.value instanceof Group) queue.add((Group) e.value);
		}
		return null;
	}

	/** Flattens the image tags as "Group.Sub.Name" = value, bounded in count and depth. */
	private void flatten(DmTags t, Group g, String prefix, Map<String, Object> out, int depth) {
		if (depth > 12) return;
		int item = 0;
		for (Entry e : g.entries) {
			if (out.size() >= MAX_METADATA) return;
			String name = e.name.isEmpty() ? "[" + item++ + "]" : e.name;
			String key = prefix.isEmpty() ? name : prefix + "." + name;
			Object v = e.value;
			if (v instanceof Group) flatten(t, (Group) v, key, out, depth + 1);
			else if (v instanceof ArrayRef) {
				ArrayRef a = (ArrayRef) v;
				if (a.isSimple() && a.fieldTypes[0] == 4 && a.count <= 1024) out.put(key, t.text(a));
				else if (a.isSimple() && a.count <= 16) out.put(key, Arrays.toString(t.numbers(a, 16)));
			}
			else if (v instanceof double[]) out.put(key, Arrays.toString((double[]) v));
			else out.put(key, v);
		}
	}

	private Map<String, Object> contractMetadata(DmTags t, Group img, Signal s) {
		Map<String, Object> m = new LinkedHashMap<>();
		Group tags = img.group("ImageTags");
		if (tags == null) tags = new Group();
		if (tags.group("Microscope Info") == null) {
			// stacks built in DM keep the source image's tags one or more levels down
			Group holder = findHolder(tags, "Microscope Info");
			if (holder != null) tags = holder;
		}
		String mic = str(t, tags.path("Session Info/Microscope"));
		if (mic == null || mic.trim().isEmpty()) mic = str(t, tags.path("Microscope Info/Name"));
		if (mic == null || mic.trim().isEmpty()) mic = str(t, tags.path("Microscope Info/Microscope"));
		DmMetadata.put(m, MetadataKeys.INSTRUMENT, mic == null ? null : mic.trim());
		double v = num(tags.path("Microscope Info/Voltage"), Double.NaN);
		if (Double.isFinite(v) && v > 0) m.put(MetadataKeys.BEAM_ENERGY_KV, v / 1000.0);
		// As HyperSpy: in diffraction mode DM's indicated magnification is the camera length; the STEM camera
		// length counts only when the illumination mode is STEM.
		String opMode = str(t, tags.path("Microscope Info/Operation Mode"));
		String imMode = str(t, tags.path("Microscope Info/Imaging Mode"));
		String illum = str(t, tags.path("Microscope Info/Illumination Mode"));
		boolean diffraction = "DIFFRACTION".equalsIgnoreCase(opMode == null ? "" : opMode.trim()) ||
			(imMode != null && imMode.trim().equalsIgnoreCase("DIFFRACTION") && (illum == null || !illum.contains(
				"STEM")));
		boolean stem = illum != null && illum.toUpperCase(Locale.ROOT).contains("STEM");
		double mag = num(tags.path("Microscope Info/Indicated Magnification"), Double.NaN);
		if (!Double.isFinite(mag)) mag = num(tags.path("Microscope Info/Actual Magnification"), Double.NaN);
		double cl = Double.NaN;
		if (diffraction && !stem) cl = mag;
		else {
			if (Double.isFinite(mag) && mag > 0) m.put(MetadataKeys.MAGNIFICATION, mag);
			if (stem) cl = num(tags.path("Microscope Info/STEM Camera Length"), Double.NaN);
		}
		if (Double.isFinite(cl) && cl > 0) m.put(MetadataKeys.CAMERA_LENGTH, cl);
		if (illum != null || opMode != null) m.put("acquisition_mode", stem ? "STEM" : "TEM");
		double ex = num(tags.path("Acquisition/Parameters/High Level/Exposure (s)"), Double.NaN);
		if (!Double.isFinite(ex)) ex = num(tags.path("DataBar/Exposure Time (s)"), Double.NaN);
		if (Double.isFinite(ex)) m.put(MetadataKeys.EXPOSURE_S, ex);
		String date = str(t, tags.path("DataBar/Acquisition Date"));
		String time = str(t, tags.path("DataBar/Acquisition Time"));
		if (date == null) {
			// elsewhere: a DataBar in a sub-group (stacks), or an acquisition group with Date and Start time (EELS, SI)
			Group g = findGroup(t, tags, 0, new int[1]);
			if (g != null) {
				date = str(t, g.get("Acquisition Date"));
				time = str(t, g.get("Acquisition Time"));
				if (date == null) {
					date = str(t, g.get("Date"));
					time = str(t, g.get("Start time"));
				}
			}
		}
		DmMetadata.put(m, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(date, time));
		// pixel size of images (not of spectra or FFTs without units)
		List<Axis> axes = s.axes();
		int xi = -1;
		for (int i = axes.size() - 1; i >= 0; i--)
			if (axes.get(i).name.equals("x")) {
				xi = i;
				break;
			}
		if (xi >= 0 && s.ndim() >= 2 && axes.get(xi).isCalibrated() && !axes.get(xi).units.isEmpty()) {
			m.put(MetadataKeys.PIXEL_SIZE, axes.get(xi).scale);
			m.put(MetadataKeys.PIXEL_SIZE_UNIT, axes.get(xi).units);
		}
		return m;
	}
}
