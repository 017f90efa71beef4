package org.interphase.io.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.interphase.io.dm.RawDecoder;
import org.interphase.io.dm.RawDecoder.Type;
import org.interphase.io.tiff.TiffFile.Ifd;
import org.interphase.io.tiff.TiffFile.TiffFormatException;

/**
 * Geometry and pixel decoding of one TIFF page: strips or tiles, chunky or planar, uncompressed, PackBits, LZW
 * or Deflate, with the horizontal and floating-point predictors. JPEG pages are left to the caller
 * ({@link #isJpeg()}).
 */
public final class TiffPage {
	public static final int IMAGE_WIDTH = 256, IMAGE_LENGTH = 257, BITS_PER_SAMPLE = 258, COMPRESSION = 259,
		PHOTOMETRIC = 262, IMAGE_DESCRIPTION = 270, STRIP_OFFSETS = 273, SAMPLES_PER_PIXEL = 277,
		ROWS_PER_STRIP = 278, STRIP_BYTE_COUNTS = 279, X_RESOLUTION = 282, Y_RESOLUTION = 283, PLANAR = 284,
		RESOLUTION_UNIT = 296, PREDICTOR = 317, COLOR_MAP = 320, TILE_WIDTH = 322, TILE_LENGTH = 323,
		TILE_OFFSETS = 324, TILE_BYTE_COUNTS = 325, SAMPLE_FORMAT = 339, NEW_SUBFILE_TYPE = 254;

	/** Largest page accepted, in samples. */
	public static final long MAX_SAMPLES = Integer.MAX_VALUE - 16;

	public final Ifd ifd;
	public final int index;
	public final int width, height, spp, bits, compression, photometric, planar, predictor, sampleFormat;
	private final TiffFile file;

	TiffPage(TiffFile file, int index) {
		this.file = file;
		this.index = index;
		this.ifd = file.pages.get(index);
		long w = ifd.longValue(IMAGE_WIDTH, -1);
		long h = ifd.longValue(IMAGE_LENGTH, -1);
		if (w < 1 || h < 1 || w > 1 << 30 || h > 1 << 30) throw new TiffFormatException("page " + index +
			" has size " + w + "x" + h, ifd.offset);
		width = (int) w;
		height = (int) h;
		spp = (int) ifd.longValue(SAMPLES_PER_PIXEL, 1);
		if (spp < 1 || spp > 16) throw new TiffFormatException("page " + index + " has " + spp +
			" samples per pixel", ifd.offset);
		long[] bps = ifd.longs(BITS_PER_SAMPLE);
		bits = bps == null || bps.length == 0 ? 1 : (int) bps[0];
		if (bps != null) for (long b : bps)
			if (b != bits) throw new TiffFormatException("page " + index + " mixes bit depths", ifd.offset);
		compression = (int) ifd.longValue(COMPRESSION, 1);
		photometric = (int) ifd.longValue(PHOTOMETRIC, spp >= 3 ? 2 : 1);
		planar = (int) ifd.longValue(PLANAR, 1);
		predictor = (int) ifd.longValue(PREDICTOR, 1);
		sampleFormat = (int) ifd.longValue(SAMPLE_FORMAT, 1);
	}

	public boolean isJpeg() {
		return compression == 6 || compression == 7 || compression == 34892;
	}

	/** Whether our decoder handles this page; the others go to javax.imageio (JPEG, CCITT, 1-4 bit ...). */
	public boolean ownDecoder() {
		boolean depth = bits == 8 || bits == 16 || bits == 32 || bits == 64;
		boolean comp = compression == 1 || compression == 5 || compression == 8 || compression == 32946 ||
			compression == 32773;
		boolean colour = photometric != 6; // YCbCr (often subsampled): converted to RGB by javax.imageio
		return depth && comp && colour && !isJpeg();
	}

	/**
	 * Checks the strip / tile layout against the page geometry and the file length (used before handing a page
	 * to javax.imageio, so that a damaged page fails instead of being skipped).
	 */
	public void checkLayout() {
		boolean tiled = ifd.has(TILE_OFFSETS);
		long[] offsets = ifd.longs(tiled ? TILE_OFFSETS : STRIP_OFFSETS);
		long[] counts = ifd.longs(tiled ? TILE_BYTE_COUNTS : STRIP_BYTE_COUNTS);
		if (offsets == null) throw new TiffFormatException("page " + index + " has no strip/tile offsets", ifd.offset);
		long cw = tiled ? ifd.longValue(TILE_WIDTH, 0) : width;
		long ch = tiled ? ifd.longValue(TILE_LENGTH, 0) : Math.max(1, Math.min(ifd.longValue(ROWS_PER_STRIP, height),
			height));
		if (cw < 1 || ch < 1) throw new TiffFormatException("page " + index + " has chunks of " + cw + "x" + ch,
			ifd.offset);
		long chunks = ((width + cw - 1) / cw) * ((height + ch - 1) / ch) * (planar == 2 ? spp : 1);
		if (offsets.length < chunks) throw new TiffFormatException("page " + index + " lists " + offsets.length +
			" strips/tiles but needs " + chunks, ifd.offset);
		long len = file.buf.limit();
		for (int i = 0; i < offsets.length; i++) {
			long c = counts != null && i < counts.length ? counts[i] : 0;
			if (offsets[i] < 0 || offsets[i] + c > len) throw new TiffFormatException("page " + index + " strip/tile " +
				i + " lies outside the file", ifd.offset);
		}
		if (compression == 7) checkJpegSize(offsets[0], counts != null && counts.length > 0 ? counts[0] : 0, cw, tiled);
	}

	/**
	 * A JPEG strip or tile carries its own size (the SOF marker): it must match the page's width (or tile width).
	 * A damaged or edited ImageWidth tag is otherwise "decoded" by javax.imageio as the JPEG's pixels padded with
	 * zeros to the tag's width (101 x 65535 of fabricated zeros, exit 0).
	 */
	private void checkJpegSize(long offset, long count, long expectWidth, boolean tiled) {
		java.nio.ByteBuffer b = file.buf;
		long end = Math.min(b.limit(), count > 0 ? offset + count : b.limit());
		int p = (int) offset;
		if (p + 2 > end || (b.get(p) & 0xff) != 0xFF || (b.get(p + 1) & 0xff) != 0xD8) return; // not a JPEG stream: the decoder judges
		p += 2;
		while (p + 4 <= end) {
			if ((b.get(p) & 0xff) != 0xFF) return;
			int marker = b.get(p + 1) & 0xff;
			if (marker == 0xFF) {
				p++;
				continue;
			}
			int segLen = ((b.get(p + 2) & 0xff) << 8) | (b.get(p + 3) & 0xff);
			boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
			if (sof && p + 9 <= end) {
				int h = ((b.get(p + 5) & 0xff) << 8) | (b.get(p + 6) & 0xff);
				int w = ((b.get(p + 7) & 0xff) << 8) | (b.get(p + 8) & 0xff);
				if (w != expectWidth) throw new TiffFormatException("page " + index + " says it is " + width + " pixels " +
					"wide but its JPEG " + (tiled ? "tile" : "strip") + " data is " + w + " x " + h + " (the width tag is " +
					"damaged or edited)", ifd.offset);
				return;
			}
			if (marker == 0xDA || segLen < 2) return; // start of scan: no SOF seen
			p += 2 + segLen;
		}
	}

	public boolean isReducedResolution() {
		return (ifd.longValue(NEW_SUBFILE_TYPE, 0) & 1) != 0;
	}

	/** Element type of a sample; throws for depths this reader does not decode. */
	public Type sampleType() {
		switch (sampleFormat) {
			case 3:
				if (bits == 32) return Type.FLOAT32;
				if (bits == 64) return Type.FLOAT64;
				break;
			case 2:
				if (bits == 8) return Type.INT8;
				if (bits == 16) return Type.INT16;
				if (bits == 32) return Type.INT32;
				if (bits == 64) return Type.INT64;
				break;
			default:
				if (bits == 8) return Type.UINT8;
				if (bits == 16) return Type.UINT16;
				if (bits == 32) return Type.UINT32;
				if (bits == 64) return Type.UINT64;
		}
		throw new TiffFormatException("page " + index + ": " + bits + "-bit samples (format " + sampleFormat +
			") are not supported", ifd.offset);
	}

	/** numpy-style dtype of the page as the reader returns it. */
	public String dtype() {
		Type t = sampleType();
		if (photometric == 2 && spp >= 3 && t == Type.UINT8) return spp == 3 ? "rgb8" : "rgba8";
		return t.numpy;
	}

	/** Decodes all samples in C order (y, x, sample). */
	public double[] decode() {
		Type t = sampleType();
		int bps = t.bytes;
		long samples = (long) width * height * spp;
		if (samples > MAX_SAMPLES) throw new TiffFormatException("page " + index + " holds " + samples +
			" samples, too many", ifd.offset);
		org.interphase.io.dm.RawDecoder.ensureHeap(samples + samples * bps / 8 + 1, "page " + index + " (" + width +
			"x" + height + "x" + spp + ")");
		if (compression != 1 && compression != 5 && compression != 8 && compression != 32946 &&
			compression != 32773) throw new TiffFormatException("page " + index + ": compression " + compression +
				" is not supported", ifd.offset);
		long len = file.buf.limit();
		if (compression == 1 && samples * bps > len) throw new TiffFormatException("page " + index + " needs " +
			samples * bps + " bytes of pixels but the file has " + len, ifd.offset);
		boolean tiled = ifd.has(TILE_OFFSETS);
		int planes = planar == 2 ? spp : 1;
		int chunkSpp = planar == 2 ? 1 : spp;
		int cw, ch; // chunk width / height
		long[] offsets, counts;
		if (tiled) {
			cw = (int) ifd.longValue(TILE_WIDTH, 0);
			ch = (int) ifd.longValue(TILE_LENGTH, 0);
			if (cw < 1 || ch < 1 || cw > 1 << 16 || ch > 1 << 16) throw new TiffFormatException("page " + index +
				" has tiles of " + cw + "x" + ch, ifd.offset);
			offsets = ifd.longs(TILE_OFFSETS);
			counts = ifd.longs(TILE_BYTE_COUNTS);
		}
		else {
			cw = width;
			long rps = ifd.longValue(ROWS_PER_STRIP, height);
			ch = (int) Math.max(1, Math.min(rps, height));
			offsets = ifd.longs(STRIP_OFFSETS);
			counts = ifd.longs(STRIP_BYTE_COUNTS);
		}
		if (offsets == null) throw new TiffFormatException("page " + index + " has no strip/tile offsets",
			ifd.offset);
		int across = (width + cw - 1) / cw;
		int down = (height + ch - 1) / ch;
		long chunks = (long) across * down * planes;
		if (offsets.length < chunks) throw new TiffFormatException("page " + index + " lists " + offsets.length +
			" strips/tiles but needs " + chunks, ifd.offset);
		if (counts == null) {
			if (compression != 1) throw new TiffFormatException("page " + index + " has no byte counts",
				ifd.offset);
			counts = new long[offsets.length];
			for (int i = 0; i < counts.length; i++) counts[i] = (long) cw * ch * chunkSpp * bps;
		}
		ByteOrder order = file.order;
		byte[] plane = new byte[(int) (samples * bps)];
		int rowBytes = cw * chunkSpp * bps;
		byte[] chunk = new byte[rowBytes * ch];
		for (int p = 0; p < planes; p++)
			for (int ty = 0; ty < down; ty++)
				for (int tx = 0; tx < across; tx++) {
					int ci = (p * down + ty) * across + tx;
					long off = offsets[ci];
					long cnt = counts[ci];
					int rows = tiled ? ch : Math.min(ch, height - ty * ch);
					int need = rowBytes * rows;
					if (off < 0 || cnt < 0 || off + cnt > len) {
						if (compression == 1 && off >= 0 && off + need <= len) cnt = need; // wrong count, data present
						else throw new TiffFormatException("page " + index + " strip/tile " + ci + " (" + cnt +
							" bytes at " + off + ") lies outside the file", ifd.offset);
					}
					java.util.Arrays.fill(chunk, 0, need, (byte) 0);
					if (compression == 1) {
						int n = (int) Math.min(cnt, need);
						ByteBuffer d = file.buf.duplicate();
						d.position((int) off);
						d.get(chunk, 0, n);
						if (n < need) throw new TiffFormatException("page " + index + " strip/tile " + ci + " holds " + n +
							" bytes, " + need + " needed", off);
					}
					else {
						byte[] src = Decompress.slice(file.buf, off, (int) cnt);
						byte[] dst = new byte[need];
						int got;
						if (compression == 5) got = Decompress.lzw(src, dst);
						else if (compression == 32773) got = Decompress.packBits(src, dst);
						else got = Decompress.inflate(src, dst);
						if (got < need && !(tiled && got > 0)) throw new TiffFormatException("page " + index + " strip/tile " +
							ci + " decompresses to " + got + " bytes, " + need + " needed", off);
						System.arraycopy(dst, 0, chunk, 0, need);
					}
					if (predictor == 2) undoHorizontal(chunk, rows, cw, chunkSpp, bps, order);
					else if (predictor == 3) undoFloat(chunk, rows, cw, chunkSpp, bps, order);
					// copy the valid region into the plane (C order y, x, s)
					int x0 = tx * cw;
					int y0 = ty * ch;
					int validW = Math.min(cw, width - x0);
					int validH = Math.min(rows, height - y0);
					for (int r = 0; r < validH; r++) {
						if (planar == 2) {
							for (int x = 0; x < validW; x++) {
								int src = (r * cw + x) * bps;
								int dst = (((y0 + r) * width + x0 + x) * spp + p) * bps;
								System.arraycopy(chunk, src, plane, dst, bps);
							}
						}
						else {
							int src = r * rowBytes;
							int dst = ((y0 + r) * width + x0) * spp * bps;
							System.arraycopy(chunk, src, plane, dst, validW * spp * bps);
						}
					}
				}
		double[] out = RawDecoder.decode(ByteBuffer.wrap(plane), 0, t, order, (int) samples);
		return out;
	}

	private static void undoHorizontal(byte[] b, int rows, int w, int spp, int bps, ByteOrder order) {
		ByteBuffer bb = ByteBuffer.wrap(b).order(order);
		for (int r = 0; r < rows; r++) {
			int row = r * w * spp;
			for (int i = spp; i < w * spp; i++) {
				int at = row + i;
				if (bps == 1) b[at] = (byte) (b[at] + b[at - spp]);
				else if (bps == 2) bb.putShort(at * 2, (short) (bb.getShort(at * 2) + bb.getShort((at - spp) * 2)));
				else if (bps == 4) bb.putInt(at * 4, bb.getInt(at * 4) + bb.getInt((at - spp) * 4));
				else if (bps == 8) bb.putLong(at * 8, bb.getLong(at * 8) + bb.getLong((at - spp) * 8));
			}
		}
	}

	/** Floating-point predictor: byte-wise differencing, then bytes regrouped most significant first. */
	private static void undoFloat(byte[] b, int rows, int w, int spp, int bps, ByteOrder order) {
		int n = w * spp;
		int rowBytes = n * bps;
		byte[] tmp = new byte[rowBytes];
		for (int r = 0; r < rows; r++) {
			int base = r * rowBytes;
			for (int i = 1; i < rowBytes; i++) {
				int k = i >= spp ? i - spp : -1;
				if (k >= 0) b[base + i] = (byte) (b[base + i] + b[base + k]);
			}
			for (int i = 0; i < n; i++)
				for (int k = 0; k < bps; k++) {
					byte v = b[base + k * n + i]; // k-th most significant byte of value i
					int pos = order == ByteOrder.BIG_ENDIAN ? k : bps - 1 - k;
					tmp[i * bps + pos] = v;
				}
			System.arraycopy(tmp, 0, b, base, rowBytes);
		}
	}
}
