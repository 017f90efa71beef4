package org.interphase.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.interphase.core.diffraction.SaedPipeline;
import org.interphase.core.diffraction.xrd.XrdAnalyzer;
import org.interphase.core.eels.ValenceMapper;
import org.interphase.core.hrtem.CrystallinityMap;
import org.interphase.core.param.Setting;
import org.interphase.core.raman.BnFitSettings;
import org.interphase.core.sem.ReactionDepth;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsTemplate;

/**
 * Issue 21: no analysis repeats a default. The core options each analysis builds from its parameters left at their
 * defaults equal the core Options' own defaults (which come from the declarations); a range declared once is
 * enforced on the way into the options, whichever path the Params took.
 */
class OptionDefaultsTest {
	private static Params defaults(String command) {
		return Analyses.byCommand(command).parameters(Map.of());
	}

	private static Object call(Class<?> owner, Object target, String name, Object... args) throws Exception {
		for (Method m : owner.getDeclaredMethods()) {
			if (!m.getName().equals(name) || m.getParameterCount() != args.length) continue;
			m.setAccessible(true);
			try {
				return m.invoke(target, args);
			}
			catch (InvocationTargetException e) {
				throw (Exception) e.getCause();
			}
		}
		throw new AssertionError(owner.getSimpleName() + "." + name + " not found");
	}

	/** Every value field (numbers, flags, text, enums, primitive arrays) of the two objects is the same. */
	static void assertSameValues(Object want, Object got) throws IllegalAccessException {
		List<String> compared = new ArrayList<>();
		for (Field f : want.getClass().getDeclaredFields()) {
			if (Modifier.isStatic(f.getModifiers())) continue;
			Class<?> t = f.getType();
			boolean value = t.isPrimitive() || t == String.class || t.isEnum() || Number.class.isAssignableFrom(t) || t ==
				Boolean.class || t.isArray() && t.getComponentType().isPrimitive();
			if (!value) continue;
			f.setAccessible(true);
			Object a = f.get(want), b = f.get(got);
			boolean same = t.isArray() ? Arrays.deepEquals(new Object[] { a }, new Object[] { b }) : a == null ? b == null
				: a.equals(b);
			assertTrue(same, want.getClass().getName() + "." + f.getName() + ": the core default " + a +
				", but the analysis builds " + b + " from its default parameters");
			compared.add(f.getName());
		}
		assertTrue(compared.size() >= 3, "compared " + compared);
	}

	@Test
	void semBuildsTheCoreDefaults() throws Exception {
		Object o = call(org.interphase.analysis.sem.ReactionDepthAnalysis.class, null, "options", defaults("sem-depth"));
		assertSameValues(new ReactionDepth.Options(), o);
	}

	@Test
	void hrtemCrystallinityBuildsTheCoreDefaults() throws Exception {
		Object o = call(org.interphase.analysis.hrtem.CrystallinityAnalysis.class, null, "options", defaults(
			"hrtem-crystallinity"));
		assertSameValues(new CrystallinityMap(), o);
	}

	@Test
	void saedBuildsTheCoreDefaults() throws Exception {
		SaedPipeline.Options o = ((SaedPipeline.Options.Builder) call(org.interphase.analysis.diffraction.SaedAnalysis.class,
			null, "settings", SaedPipeline.Options.builder(), defaults("saed"))).build();
		assertSameValues(new SaedPipeline.Options(), o);
	}

	@Test
	void xrdBuildsTheCoreDefaults() throws Exception {
		Object o = call(org.interphase.analysis.diffraction.XrdAnalysis.class, null, "options", defaults("xrd"));
		assertSameValues(new XrdAnalyzer.Options(), o);
	}

	@Test
	void eelsBuildsTheCoreDefaults() throws Exception {
		ValenceMapper.Options o = (ValenceMapper.Options) call(org.interphase.analysis.eels.EelsValenceAnalysis.class,
			null, "options", defaults("eels-valence"), 1);
		assertSameValues(new ValenceMapper.Options(), o);
	}

	@Test
	void xpsBuildsTheCoreDefaults() throws Exception {
		Analysis a = Analyses.byCommand("xps-fit");
		XpsTemplate t = XpsTemplate.preset("ti2p");
		Object o = call(a.getClass(), a, "options", defaults("xps-fit"), t, new AnalysisContext(null, 1));
		XpsFit.Options want = new XpsFit.Options().robust(true).monteCarlo(100, 1);
		assertSameValues(want, o);
	}

	@Test
	void ramanBuildsTheCoreDefaults() throws Exception {
		BnFitSettings s = org.interphase.analysis.raman.RamanBnAnalysis.settings(defaults("raman-bn"));
		BnFitSettings core = BnFitSettings.defaults();
		// defaults() keeps Lorentzian bands for the older callers; every other setting is the declared default
		assertEquals(Setting.constant(org.interphase.core.raman.BnModel.LineShape.class, BnFitSettings.LINESHAPE
			.defaultText), s.model.lineShape());
		assertEquals(core.baseline, s.baseline);
		assertEquals(core.lambda, s.lambda);
		assertEquals(core.polyOrder, s.polyOrder);
		assertEquals(core.despike, s.despike);
		assertEquals(core.crossSectionRatio, s.crossSectionRatio);
		assertEquals(core.significance, s.significance);
	}

	/** Each declared setting of these Options is a parameter of its analysis, with the declared default. */
	@Test
	void everyDeclaredSettingIsAParameter() throws Exception {
		Object[][] owners = { { ReactionDepth.Options.class, "sem-depth" }, { CrystallinityMap.class,
			"hrtem-crystallinity" }, { SaedPipeline.Options.class, "saed" }, { XrdAnalyzer.Options.class, "xrd" }, {
				ValenceMapper.Options.class, "eels-valence" }, { XpsFit.Options.class, "xps-fit" }, { BnFitSettings.class,
					"raman-bn" } };
		for (Object[] o : owners) {
			Analysis a = Analyses.byCommand((String) o[1]);
			for (Field f : ((Class<?>) o[0]).getDeclaredFields()) {
				if (f.getType() != Setting.class) continue;
				Setting s = (Setting) f.get(null);
				Param p = a.params().stream().filter(x -> x.key.equals(s.key)).findFirst().orElse(null);
				assertNotNull(p, a.command() + " has no parameter for " + s);
				assertEquals(s.defaultText, p.defaultValue, s.key);
				assertEquals(s.choices, p.choices, s.key);
			}
		}
	}

	/** A declared range holds on every path into the options, not only where checkDeclared was called. */
	@Test
	void declaredRangesAreEnforcedWhenTheOptionsAreBuilt() {
		Params p = Analyses.byCommand("sem-depth").parameters(Map.of("averaging-width", "0"));
		Exception e = assertThrows(Exception.class, () -> call(org.interphase.analysis.sem.ReactionDepthAnalysis.class,
			null, "options", p));
		assertTrue(e.getMessage().contains("[1, 1000]"), e.getMessage());
	}
}
