package org.interphase.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.data.Dataset;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;

/** Issue 20, defect 8: a JPEG TIFF whose width tag was raised is refused, not read as zero padding. */
class TiffJpegSizeTest {
	@TempDir
	Path dir;

	private Path jpegTiff(int w, int h) throws IOException {
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, (x * 7 + y * 3) % 256);
		Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
		ImageWriter wr = it.next();
		ImageWriteParam p = wr.getDefaultWriteParam();
		p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		p.setCompressionType("JPEG");
		Path f = dir.resolve("j.tif");
		Files.deleteIfExists(f);
		try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
			wr.setOutput(out);
			wr.write(null, new IIOImage(img, null, null), p);
		}
		wr.dispose();
		return f;
	}

	/** Sets the first IFD's ImageWidth tag. */
	private static void setWidth(Path f, int width) throws IOException {
		byte[] b = Files.readAllBytes(f);
		ByteBuffer bb = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		int ifd = bb.getInt(4), n = bb.getShort(ifd) & 0xffff;
		for (int i = 0; i < n; i++) {
			int e = ifd + 2 + 12 * i;
			if ((bb.getShort(e) & 0xffff) == 256) {
				if ((bb.getShort(e + 2) & 0xffff) == 3) bb.putShort(e + 8, (short) width);
				else bb.putInt(e + 8, width);
			}
		}
		Files.write(f, b);
	}

	@Test
	void aRaisedWidthTagIsRefused() throws Exception {
		Path f = jpegTiff(160, 101);
		Dataset ok = Readers.read(f);
		assertEquals(160, ok.primary().width(), "the intact JPEG TIFF reads");
		setWidth(f, 65535);
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
		assertTrue(e.getMessage().contains("65535") && e.getMessage().contains("160"), e.getMessage());
		assertTrue(!e.getMessage().contains("Exception"), e.getMessage());
	}
}
