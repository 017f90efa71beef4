package org.interphase.analysis.raman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.raman.BnMapTilesTest;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Renishaw WDF map streamed from the file in tiles of rows (issue 23) gives the rows and maps of the map read whole,
 * to the bit; a truncated file names the file and the rows.
 */
public class RamanMapStreamTest {
	@TempDir
	Path tmp;

	@AfterEach
	void clear() {
		System.clearProperty("interphase.stream");
		System.clearProperty(SpectrumTiles.TILE_ROWS_PROPERTY);
	}

	/** A WDF map file (descending shift axis in the file, as WiRE writes it) of the physics map of BnMapTilesTest. */
	public static Path wdf(Path f) throws IOException {
		int nx = BnMapTilesTest.NX, ny = BnMapTilesTest.NY, np = BnMapTilesTest.N, ns = nx * ny;
		double[] x = BnMapTilesTest.axis(), d = BnMapTilesTest.map(x);
		int size = 512 + (16 + 4 * np * ns) + (16 + 8 + 4 * np) + (16 + 48);
		ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		block(b, "WDF1", 496);
		b.putInt(60, np).putLong(64, ns).putLong(72, ns).putInt(80, 1).putInt(88, np).putInt(92, 0);
		b.putInt(128, 6).putInt(132, 3).putFloat(156, 1e7f / 532f);
		b.position(512);
		block(b, "DATA", 4 * np * ns);
		for (int s = 0; s < ns; s++) for (int i = np - 1; i >= 0; i--) b.putFloat((float) d[s * np + i]);
		block(b, "XLST", 8 + 4 * np);
		b.putInt(1).putInt(1);
		for (int i = np - 1; i >= 0; i--) b.putFloat((float) x[i]);
		block(b, "WMAP", 48);
		b.putInt(0).putInt(0).putFloat(-5f).putFloat(7f).putFloat(0f).putFloat(2f).putFloat(1.5f).putFloat(1f).putInt(nx)
			.putInt(ny).putInt(1).putInt(0);
		Files.write(f, b.array());
		return f;
	}

	static void block(ByteBuffer b, String name, int payload) {
		b.put(name.getBytes(StandardCharsets.US_ASCII)).putInt(0).putLong(16 + payload);
	}

	@Test
	void streamedMapGivesTheWholeMapsRowsToTheBit() throws Exception {
		Path f = wdf(tmp.resolve("map.wdf"));
		RamanBnAnalysis a = new RamanBnAnalysis();
		Params p = Params.defaults(a.params());
		AnalysisContext ctx = new AnalysisContext(null, 2);
		Dataset whole = Readers.read(f);
		assertNull(SpectrumTiles.in(whole), "a small map is read whole");
		AnalysisResult expected = a.analyze(whole, p, ctx);
		System.setProperty("interphase.stream", "always");
		Dataset streamed = Readers.read(f);
		SpectrumTiles tiles = SpectrumTiles.in(streamed);
		assertNotNull(tiles, "streaming forced");
		assertEquals(BnMapTilesTest.NY, tiles.rows());
		assertEquals(1, streamed.primary().size(0), "the dataset holds the first row only");
		assertArrayEquals(whole.primary().row(0), streamed.primary().row(0), 0);
		for (int rows : new int[] {2, 3, 100}) {
			System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, String.valueOf(rows));
			AnalysisResult got = a.analyze(streamed, p, ctx);
			same(expected, got, "tiles of " + rows + " rows");
		}
	}

	static void same(AnalysisResult a, AnalysisResult b, String what) {
		List<ResultRow> ra = a.rows(), rb = b.rows();
		assertEquals(ra.size(), rb.size(), what);
		for (int i = 0; i < ra.size(); i++) {
			ResultRow x = ra.get(i), y = rb.get(i);
			String w = what + ": " + x.quantity + " " + x.region;
			assertEquals(x.quantity + x.region + x.label + x.flags, y.quantity + y.region + y.label + y.flags, w);
			assertEquals(Double.doubleToLongBits(x.value), Double.doubleToLongBits(y.value), w);
			assertEquals(Double.doubleToLongBits(x.uncertainty), Double.doubleToLongBits(y.uncertainty), w);
		}
		assertEquals(a.maps().size(), b.maps().size(), what);
		assertTrue(a.maps().size() >= 4, "maps: " + a.maps().size());
		for (int i = 0; i < a.maps().size(); i++) {
			Signal x = a.maps().get(i), y = b.maps().get(i);
			assertArrayEquals(x.shape(), y.shape(), what + " " + x.name);
			assertArrayEquals(x.data(), y.data(), 0, what + " " + x.name);
			assertEquals(x.axis(0).offset, y.axis(0).offset, 0, what + " " + x.name + " y origin");
			assertEquals(x.axis(0).scale, y.axis(0).scale, 0, what + " " + x.name + " y step");
		}
		assertEquals(a.warnings(), b.warnings(), what);
	}

	@Test
	void truncatedStreamedMapNamesTheFileAndTheRows() throws Exception {
		Path f = wdf(tmp.resolve("cut.wdf"));
		System.setProperty("interphase.stream", "always");
		SpectrumTiles tiles = SpectrumTiles.in(Readers.read(f));
		assertNotNull(tiles);
		// the file loses its end after it was opened (a network share, a copy still running)
		try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
			ch.truncate(512 + 16 + 4L * BnMapTilesTest.N * BnMapTilesTest.NX * 4);
		}
		UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> tiles.read(3, 2, null));
		assertTrue(e.getMessage().contains("cut.wdf") && e.getMessage().contains("rows 3..4"), e.getMessage());
	}
}
