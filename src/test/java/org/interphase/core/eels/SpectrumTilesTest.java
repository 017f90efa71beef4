package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.interphase.core.data.Axis;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.interphase.testing.StreamedTiles;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: a spectrum image mapped tile by tile (a few rows of pixels x all channels at a time) gives the same
 * maps to the bit as the spectra in one array, along every route of the chain (O K alignment, no alignment source
 * with the drift line, references from the scan, the L3 method). This is a refactoring check, so the demo
 * generator is fine here; the accuracy of the chain is measured elsewhere.
 */
class SpectrumTilesTest {
	private static void assertSame(ValenceMapper.Result a, ValenceMapper.Result b, String what) {
		assertArrayEquals(a.fraction, b.fraction, 0, what + ": fraction");
		assertArrayEquals(a.fractionSd, b.fractionSd, 0, what + ": fraction sd");
		assertArrayEquals(a.chi2r, b.chi2r, 0, what + ": chi2r");
		assertArrayEquals(a.shift, b.shift, 0, what + ": shift");
		assertArrayEquals(a.alignShift, b.alignShift, 0, what + ": alignment");
		assertArrayEquals(a.tiIntensity, b.tiIntensity, 0, what + ": Ti L");
		assertArrayEquals(a.tiSd, b.tiSd, 0, what + ": Ti L sd");
		assertArrayEquals(a.oIntensity, b.oIntensity, 0, what + ": O K");
		assertArrayEquals(a.exponent, b.exponent, 0, what + ": exponent");
		assertArrayEquals(a.flags, b.flags, what + ": flags");
		assertEquals(a.commonShift, b.commonShift, 0, what + ": common shift");
		assertEquals(a.commonShiftSd, b.commonShiftSd, 0, what + ": common shift sd");
		assertEquals(a.referenceBroadening, b.referenceBroadening, 0, what + ": broadening");
		assertEquals(a.alignedBy, b.alignedBy, what);
		assertEquals(Arrays.toString(a.systematic), Arrays.toString(b.systematic), what + ": reference mismatch");
		assertEquals(a.warnings, b.warnings, what + ": warnings");
	}

	private static ValenceMapper.Result compare(EelsLineScanGenerator.Config c, ValenceMapper.Spectra s, ValenceMapper.Options o,
		int rowLength, String what)
	{
		double[][][] refs = o.referencePositions != null ? null : ValenceMapperTest.refs(c);
		ValenceMapper.Result whole = ValenceMapper.run(s, null, refs, o, null);
		int fitted = 0;
		for (double f : whole.fraction) if (!Double.isNaN(f)) fitted++;
		assertTrue(fitted > s.n / 4, what + ": " + fitted + " spectra fitted");
		StreamedTiles tiles = new StreamedTiles(s.data, s.n / rowLength, rowLength, new Axis("energy", s.energy, "eV"));
		try {
			for (int rows : new int[] { 1, 3, 7 }) {
				System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, String.valueOf(rows));
				ValenceMapper.Result tiled = ValenceMapper.run(tiles, null, refs, o, null);
				assertSame(whole, tiled, what + ", tiles of " + rows + " rows");
				assertEquals(Math.min(rows, s.n / rowLength), tiles.largestRead, what + ": rows per read");
				tiles.largestRead = 0;
			}
		}
		finally {
			System.clearProperty(SpectrumTiles.TILE_ROWS_PROPERTY);
		}
		return whole;
	}

	@Test
	void spectrumImageInTilesOfRowsEqualsTheWholeArray() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 31;
		c.stepNm = 2;
		c.depthNm = 16;
		EelsLineScanGenerator.SpectrumImage si = EelsLineScanGenerator.spectrumImage(c, 5, 20);
		ValenceMapper.Spectra s = ValenceMapperTest.spectra(si.coreLoss);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(2).rowLength(si.coreLoss.size(1)).build();
		assertEquals("O K edge", compare(c, s, o, o.rowLength, "O K aligned").alignedBy);
		ValenceMapper.Options l3 = o.toBuilder().method(ValenceMapper.Method.L3_SHIFT).build();
		compare(c, s, l3, o.rowLength, "L3 method");
	}

	@Test
	void unalignedScanWithTheDriftLineAndReferencesFromTheScan() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 5;
		c.oxygen = false;
		c.positions = 48;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		ValenceMapper.Spectra s = ValenceMapperTest.spectra(ls.coreLoss);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(2).build();
		assertEquals("Ti L drift line", compare(c, s, o, 1, "no alignment source").alignedBy);
		ValenceMapper.Options fromScan = ValenceMapper.Options.builder().threads(2).referencePositions(new int[][] { {
			12, 20 }, { 38, 46 } }).build();
		compare(c, s, fromScan, 1, "references from the scan");
	}
}
