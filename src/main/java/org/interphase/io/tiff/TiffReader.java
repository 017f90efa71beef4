package org.interphase.io.tiff;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.dm.DmReader;
import org.interphase.io.tiff.TiffFile.TiffFormatException;
import org.interphase.io.tiff.TiffMetadata.Calibration;

/**
 * Microscope TIFF files with our own TIFF decoder (little / big endian, BigTIFF, strips and tiles, none /
 * PackBits / LZW / Deflate, predictors; JPEG pages through javax.imageio) and the calibration of the vendor
 * dialects ({@link TiffMetadata}) and sidecar files ({@link Sidecars}).
 * <p>
 * Pages of equal size and type form a stack (frame, y, x); otherwise every page is its own signal, the first
 * one primary. Palette images keep their index values (uint8), as HyperSpy does. RGB(A) pages get a trailing
 * "channel" axis.
 */
public final class TiffReader implements DatasetReader {
	@Override
	public String format() {
		return "TIFF";
	}

	@Override
	public boolean canRead(Path file, byte[] h) {
		if (h.length < 8) return false;
		boolean le = h[0] == 'I' && h[1] == 'I' && (h[2] == 42 || h[2] == 43) && h[3] == 0;
		boolean be = h[0] == 'M' && h[1] == 'M' && h[2] == 0 && (h[3] == 42 || h[3] == 43);
		return le || be;
	}

	@Override
	public Dataset read(Path file) throws IOException {
		ByteBuffer buf = DmReader.map(file);
		TiffFile tf;
		List<TiffPage> pages = new ArrayList<>();
		try {
			tf = TiffFile.parse(buf);
			for (int i = 0; i < tf.pages.size(); i++) pages.add(new TiffPage(tf, i));
		}
		catch (TiffFormatException e) {
			throw new InputFormatException(file + ": TIFF: " + e.getMessage(), e);
		}
		List<String> notes = new ArrayList<>();
		List<TiffPage> main = new ArrayList<>();
		for (TiffPage p : pages)
			if (!p.isReducedResolution()) main.add(p);
		if (main.isEmpty()) main.addAll(pages);
		if (main.size() < pages.size()) notes.add((pages.size() - main.size()) +
			" reduced-resolution page(s) (thumbnails) skipped");
		TiffPage first = main.get(0);
		Calibration cal;
		try {
			cal = TiffMetadata.read(first.ifd, first.width, first.height);
		}
		catch (TiffFormatException | IllegalArgumentException e) {
			throw new InputFormatException(file + ": TIFF metadata: " + e.getMessage(), e);
		}
		cal = Sidecars.apply(file, cal, first.height);
		notes.addAll(cal.notes);
		boolean stack = main.size() > 1;
		for (TiffPage p : main)
			if (p.width != first.width || p.height != first.height || p.spp != first.spp || p.bits != first.bits ||
				p.sampleFormat != first.sampleFormat || p.ownDecoder() != first.ownDecoder()) stack = false;
		List<Signal> signals = new ArrayList<>();
		String name = file.getFileName().toString();
		if (stack) {
			int per = first.width * first.height * first.spp;
			long total = (long) per * main.size();
			if (total > TiffPage.MAX_SAMPLES) throw new InputFormatException(file + ": TIFF stack of " + main.size() +
				" pages is too large to hold in memory");
			try {
				org.interphase.io.dm.RawDecoder.ensureHeap(total + per, "stack of " + main.size() + " pages");
			}
			catch (IllegalArgumentException e) {
				throw new InputFormatException(file + ": TIFF " + e.getMessage(), e);
			}
			double[] all = new double[(int) total];
			for (int i = 0; i < main.size(); i++) {
				double[] d = decode(file, main.get(i));
				System.arraycopy(d, 0, all, i * per, per);
			}
			signals.add(signal(name, first, all, cal, main.size()));
		}
		else {
			if (main.size() > 1) notes.add(main.size() + " pages of different size or type: each is its own signal");
			for (TiffPage p : main) {
				try {
					double[] d = decode(file, p);
					TiffPage q = p;
					signals.add(signal(main.size() > 1 ? name + " page " + p.index : name, q, d, p == first ? cal
						: new Calibration(), 1));
				}
				catch (InputFormatException e) {
					// only an undecodable JPEG page is skipped with a note; damaged pages fail the file
					if (main.size() == 1 || p.ownDecoder() || e.getMessage().contains("outside") || e.getMessage().contains(
						"decoded to") || e.getMessage().contains("damaged")) throw e;
					notes.add("page " + p.index + " not read: " + e.getMessage().replace(file.toString() + ": ", ""));
				}
			}
			if (signals.isEmpty()) throw new InputFormatException(file + ": no TIFF page could be decoded (" + String
				.join("; ", notes) + ")");
		}
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("tiff.dialect", cal.dialect);
		meta.put("tiff.byte_order", tf.order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian");
		meta.put("tiff.pages", pages.size());
		StringBuilder comp = new StringBuilder();
		for (TiffPage p : pages) comp.append(comp.length() == 0 ? "" : ",").append(p.compression);
		meta.put("tiff.compression", comp.toString());
		if (first.photometric == 3) {
			int coloured = colouredPaletteEntries(first);
			meta.put("tiff.palette", coloured == 0 ? "gray ramp: index values kept as gray levels" : coloured < 0
				? "colour palette: index values kept (not mapped to colours)" : "gray ramp with " + coloured +
					" coloured entries (overlay colours): index values kept as gray levels");
		}
		for (Map.Entry<String, Object> e : cal.meta.entrySet()) meta.putIfAbsent(e.getKey(), e.getValue());
		if (cal.calibrated()) {
			meta.put(MetadataKeys.PIXEL_SIZE, cal.scaleX);
			meta.put(MetadataKeys.PIXEL_SIZE_UNIT, cal.unit);
		}
		if (!notes.isEmpty()) meta.put("notes", String.join("; ", notes));
		return new Dataset(file.toString(), "TIFF", signals, meta);
	}

	/** 0 for a gray ramp, the number of entries off the ramp when few (overlay colours), -1 otherwise. */
	private static int colouredPaletteEntries(TiffPage p) {
		long[] cm = p.ifd.longs(TiffPage.COLOR_MAP);
		if (cm == null || cm.length % 3 != 0 || cm.length == 0) return -1;
		int n = cm.length / 3;
		int off = 0;
		for (int i = 0; i < n; i++) {
			long ramp = Math.round(i * 65535.0 / Math.max(1, n - 1));
			if (cm[i] != cm[n + i] || cm[i] != cm[2 * n + i] || Math.abs(cm[i] - ramp) > 256) off++;
		}
		return off <= n / 8 ? off : -1;
	}

	private Signal signal(String name, TiffPage p, double[] data, Calibration cal, int frames) {
		List<Axis> axes = new ArrayList<>();
		List<Integer> shape = new ArrayList<>();
		if (frames > 1) {
			boolean timed = Double.isFinite(cal.frameInterval);
			axes.add(new Axis("frame", frames, timed ? cal.frameInterval : 1, 0, timed ? "s" : ""));
			shape.add(frames);
		}
		String u = cal.calibrated() ? cal.unit : "px";
		axes.add(new Axis("y", p.height, cal.scaleY, cal.offsetY, u));
		axes.add(new Axis("x", p.width, cal.scaleX, cal.offsetX, u));
		shape.add(p.height);
		shape.add(p.width);
		boolean viaImageIO = !p.ownDecoder();
		int spp = viaImageIO ? data.length / (p.width * p.height * Math.max(1, frames)) : p.spp;
		if (spp > 1) {
			axes.add(new Axis("channel", spp, 1, 0, ""));
			shape.add(spp);
		}
		String dtype;
		if (viaImageIO) dtype = spp == 3 ? "rgb8" : spp == 4 ? "rgba8" : p.bits <= 8 ? "uint8" : p.bits <= 16
			? "uint16" : "float32";
		else {
			dtype = p.dtype();
			if (spp > 1 && p.photometric != 2) dtype = p.sampleType().numpy;
		}
		Map<String, Object> sm = new LinkedHashMap<>();
		sm.put("tiff.page", p.index);
		sm.put("tiff.compression", p.compression);
		sm.put("tiff.photometric", p.photometric);
		return new Signal(name, dtype, shape.stream().mapToInt(Integer::intValue).toArray(), axes, data, null, sm);
	}

	private double[] decode(Path file, TiffPage p) throws IOException {
		if (!p.ownDecoder()) {
			try {
				p.checkLayout();
			}
			catch (TiffFormatException e) {
				throw new InputFormatException(file + ": TIFF page " + p.index + " is damaged: " + e.getMessage(), e);
			}
			return decodeWithImageIO(file, p);
		}
		try {
			return p.decode();
		}
		catch (TiffFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new InputFormatException(file + ": TIFF page " + p.index + ": " + e.getMessage(), e);
		}
	}

	/** JPEG-compressed pages through the JDK's TIFF plugin; a clear error when it cannot. */
	private static double[] decodeWithImageIO(Path file, TiffPage p) throws IOException {
		if ((long) p.width * p.height * 4 > TiffPage.MAX_SAMPLES) throw new InputFormatException(file + ": TIFF page " +
			p.index + " is too large");
		Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("tiff");
		if (!it.hasNext()) throw new InputFormatException(file + ": TIFF page " + p.index +
			" is JPEG-compressed and no javax.imageio TIFF reader is available");
		ImageReader r = it.next();
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			r.setInput(in);
			BufferedImage img = r.read(p.index);
			Raster ras = img.getRaster();
			int w = ras.getWidth(), h = ras.getHeight(), bands = ras.getNumBands();
			if (w != p.width || h != p.height) throw new InputFormatException(file + ": TIFF page " + p.index +
				" decoded to " + w + "x" + h + " instead of " + p.width + "x" + p.height);
			double[] out = new double[w * h * bands];
			double[] px = new double[bands];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					ras.getPixel(x, y, px);
					System.arraycopy(px, 0, out, (y * w + x) * bands, bands);
				}
			return out;
		}
		catch (IOException | RuntimeException e) {
			if (e instanceof InputFormatException) throw (InputFormatException) e;
			throw new InputFormatException(file + ": TIFF page " + p.index + " (compression " + p.compression + ", " +
				p.bits + "-bit) could not be decoded: its image data is damaged, or uses a compression this reader does " +
				"not support; convert it to an uncompressed TIFF", e);
		}
		finally {
			r.dispose();
		}
	}
}
