package org.interphase.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.GenericImageReader;
import org.interphase.io.Readers;

/** The reader registry of io finds ImageJ's opener through ServiceLoader, without a compile-time dependency. */
class ImageJImageReaderTest {
	@Test
	void theRegistryFindsTheImageJReaderAsTheGenericImageReader() {
		assertEquals(1, GenericImageReader.installed().size(), "one generic image reader on the class path");
		assertTrue(GenericImageReader.installed().get(0) instanceof ImageJImageReader);
		assertTrue(Readers.all().stream().anyMatch(r -> r instanceof ImageJImageReader), "registered in Readers");
	}

	@Test
	void aPngIsReadThroughItWithItsPixels(@TempDir Path tmp) throws Exception {
		BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
		img.getRaster().setSample(2, 1, 0, 200);
		Path f = tmp.resolve("x.png");
		ImageIO.write(img, "png", f.toFile());
		DatasetReader r = Readers.find(f);
		assertTrue(r instanceof ImageJImageReader, "PNG goes to the ImageJ reader, not " + r);
		Signal s = Readers.read(f).primary();
		assertEquals(5, s.width());
		assertEquals(3, s.height());
		assertEquals(200, s.data()[1 * 5 + 2], 1e-9);
		assertEquals(0, s.data()[0], 1e-9);
	}
}
