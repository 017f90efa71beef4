package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of the HRTEM settings and results keep every field, including one added later (issue 21 item 7). */
class HrtemOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == double[][].class) return new double[][] { { 5.5, 0.1, 30 } };
		if (t == byte[].class) return new byte[] { 2 };
		if (t == List.class) return new ArrayList<>(List.of(new LatticeSpot(0.1, 0.05, 0.01, 1, 40)));
		if (t == StepFit.class) {
			double[] x = new double[40], y = new double[40];
			for (int i = 0; i < 40; i++) {
				x[i] = i;
				y[i] = i < 20 ? 1 : 5;
			}
			return StepFit.fit(x, y, 0, 40, 20, 2, 1);
		}
		return null;
	};

	@Test
	void settingsToBuilderKeepEveryField() throws Exception {
		for (Object o : new Object[] { new LatticeFft(), new FringeProfile(), new PhaseSpacings(), new CrystallinityMap(),
			new CoatingThickness() })
		{
			Object changed = EveryField.changeAll(o, OTHERS);
			EveryField.assertSame(changed, copy(changed));
		}
	}

	private static Object copy(Object o) {
		if (o instanceof LatticeFft) return ((LatticeFft) o).toBuilder().build();
		if (o instanceof FringeProfile) return ((FringeProfile) o).toBuilder().build();
		if (o instanceof PhaseSpacings) return ((PhaseSpacings) o).toBuilder().build();
		if (o instanceof CrystallinityMap) return ((CrystallinityMap) o).toBuilder().build();
		return ((CoatingThickness) o).toBuilder().build();
	}

	@Test
	void resultsToBuilderKeepEveryField() throws Exception {
		FringeProfile.Result f = EveryField.changeAll(new FringeProfile.Result.Builder().build(), OTHERS);
		EveryField.assertSame(f, f.toBuilder().build());
		CrystallinityMap.Result c = EveryField.changeAll(new CrystallinityMap.Result.Builder().build(), OTHERS);
		EveryField.assertSame(c, c.toBuilder().build());
	}

	@Test
	void thicknessResultCopyKeepsEveryFieldAndItsSpotListsCannotChange() throws Exception {
		CoatingThickness.Result r = EveryField.changeAll(new CoatingThickness.Result.Builder().build(), OTHERS);
		CoatingThickness.Result c = r.toBuilder().build();
		// the spot lists are the copy's own unmodifiable lists: compared by content
		EveryField.assertSame(r, c, "spots", "otherSpots");
		assertEquals(r.spots, c.spots);
		assertEquals(r.otherSpots, c.otherSpots);
		assertThrows(UnsupportedOperationException.class, () -> c.spots.add(c.spots.get(0)));
		assertThrows(UnsupportedOperationException.class, () -> c.otherSpots.clear());
	}
}
