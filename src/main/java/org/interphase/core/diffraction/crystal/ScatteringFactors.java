package org.interphase.core.diffraction.crystal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Elastic electron atomic scattering factors f(s) = sum_i a_i exp(-b_i s^2) (Å), s = sin(theta)/lambda = 1/(2d) in
 * 1/Å, with the five-Gaussian parameters for neutral atoms fitted over 0 &lt;= s &lt;= 2 1/Å by Peng, Ren, Dudarev
 * and Whelan, Acta Cryst. A52 (1996) 257-276 (also International Tables for Crystallography vol. C, table 4.3.2.2).
 * Beyond s = 2 the sum is still evaluated (it decays smoothly); SAED reflections rarely reach s = 2 (d = 0.25 Å).
 */
public final class ScatteringFactors {
	private ScatteringFactors() {}

	/** symbol -> {a1..a5, b1..b5} */
	private static final Map<String, double[]> PENG = new HashMap<>();
	private static final String[] TABLE = {
		"H 0.0349 0.1201 0.1970 0.0573 0.1195 0.5347 3.5867 12.3471 18.9525 38.6269",
		"He 0.0317 0.0838 0.1526 0.1334 0.0164 0.2507 1.4751 4.4938 12.6646 31.1653",
		"Li 0.0750 0.2249 0.5548 1.4954 0.9354 0.3864 2.9383 15.3829 53.5545 138.7337",
		"Be 0.0780 0.2210 0.6740 1.3867 0.6925 0.3131 2.2381 10.1517 30.9061 78.3273",
		"B 0.0909 0.2551 0.7738 1.2136 0.4606 0.2995 2.1155 8.3816 24.1292 63.1314",
		"C 0.0893 0.2563 0.7570 1.0487 0.3575 0.2465 1.7100 6.4094 18.6113 50.2523",
		"N 0.1022 0.3219 0.7982 0.8197 0.1715 0.2451 1.7481 6.1925 17.3894 48.1431",
		"O 0.0974 0.2921 0.6910 0.6990 0.2039 0.2067 1.3815 4.6943 12.7105 32.4726",
		"F 0.1083 0.3175 0.6487 0.5846 0.1421 0.2057 1.3439 4.2788 11.3932 28.7881",
		"Ne 0.1269 0.3535 0.5582 0.4674 0.1460 0.2200 1.3779 4.0203 9.4934 23.1278",
		"Na 0.2142 0.6853 0.7692 1.6589 1.4482 0.3334 2.3446 10.0830 48.3037 138.2700",
		"Mg 0.2314 0.6866 0.9677 2.1882 1.1339 0.3278 2.2720 10.9241 39.2898 101.9748",
		"Al 0.2390 0.6573 1.2011 2.5586 1.2312 0.3138 2.1063 10.4163 34.4552 98.5344",
		"Si 0.2519 0.6372 1.3795 2.5082 1.0500 0.3075 2.0174 9.6746 29.3744 80.4732",
		"P 0.2548 0.6106 1.4541 2.3204 0.8477 0.2908 1.8740 8.5176 24.3434 63.2996",
		"S 0.2497 0.5628 1.3899 2.1865 0.7715 0.2681 1.6711 7.0267 19.5377 50.3888",
		"Cl 0.2443 0.5397 1.3919 2.0197 0.6621 0.2468 1.5242 6.1537 16.6687 42.3086",
		"Ar 0.2385 0.5017 1.3428 1.8899 0.6079 0.2289 1.3694 5.2561 14.0928 35.5361",
		"K 0.4115 1.4031 2.2784 2.6742 2.2162 0.3703 3.3874 13.1029 68.9592 194.4329",
		"Ca 0.4054 1.3880 2.1602 3.7532 2.2063 0.3499 3.0991 11.9608 53.9353 142.3892",
		"Sc 0.3787 1.2181 2.0594 3.2618 2.3870 0.3133 2.5856 9.5813 41.7688 116.7282",
		"Ti 0.3825 1.2598 2.0008 3.0617 2.0694 0.3040 2.4863 9.2783 39.0751 109.4583",
		"V 0.3876 1.2750 1.9109 2.8314 1.8979 0.2967 2.3780 8.7981 35.9528 101.7201",
		"Cr 0.4046 1.3696 1.8941 2.0800 1.2196 0.2986 2.3958 9.1406 37.4701 113.7121",
		"Mn 0.3796 1.2094 1.7815 2.5420 1.5937 0.2699 2.0455 7.4726 31.0604 91.5622",
		"Fe 0.3946 1.2725 1.7031 2.3140 1.4795 0.2717 2.0443 7.6007 29.9714 86.2265",
		"Co 0.4118 1.3161 1.6493 2.1930 1.2830 0.2742 2.0372 7.7205 29.9680 84.9383",
		"Ni 0.3860 1.1765 1.5451 2.0730 1.3814 0.2478 1.7660 6.3107 25.2204 74.3146",
		"Cu 0.4314 1.3208 1.5236 1.4671 0.8562 0.2694 1.9223 7.3474 28.9892 90.6246",
		"Zn 0.4288 1.2646 1.4472 1.8294 1.0934 0.2593 1.7998 6.7500 25.5860 73.5284",
		"Ga 0.4818 1.4032 1.6561 2.4605 1.1054 0.2825 1.9785 8.7546 32.5238 98.5523",
		"Ge 0.4655 1.3014 1.6088 2.6998 1.3003 0.2647 1.7926 7.6071 26.5541 77.5238",
		"Zr 0.6719 1.4684 3.1668 3.9557 2.8920 0.3036 2.1249 8.9236 36.8458 108.2049",
		"Ag 0.6377 1.3790 2.8294 2.3631 1.4553 0.2466 1.6974 5.7656 20.0943 76.7372",
		"La 0.8405 2.3863 4.6139 5.1514 4.7949 0.2791 2.1410 10.3400 41.9148 132.0204",
		"Pt 0.9148 1.8096 3.2134 3.2953 1.5754 0.2263 1.3813 5.3243 17.5987 60.0171",
		"Au 0.9674 1.8916 3.3993 3.0524 1.2607 0.2358 1.4712 5.6758 18.7119 61.5286" };
	static {
		for (String line : TABLE) {
			String[] p = line.split(" ");
			double[] v = new double[10];
			for (int i = 0; i < 10; i++) v[i] = Double.parseDouble(p[i + 1]);
			PENG.put(p[0], v);
		}
	}

	/** The element symbol of a CIF type or label ("Ti4+", "O1", "Li2" -> "Ti", "O", "Li"), or null. */
	public static String element(String typeOrLabel) {
		if (typeOrLabel == null) return null;
		String s = typeOrLabel.trim();
		int n = 0;
		while (n < s.length() && Character.isLetter(s.charAt(n)) && n < 2) n++;
		if (n == 0) return null;
		String two = n >= 2 ? Character.toUpperCase(s.charAt(0)) + s.substring(1, 2).toLowerCase(Locale.ROOT) : null;
		if (two != null && PENG.containsKey(two)) return two;
		String one = s.substring(0, 1).toUpperCase(Locale.ROOT);
		return PENG.containsKey(one) ? one : null;
	}

	public static boolean known(String element) {
		return PENG.containsKey(element);
	}

	/** Atomic numbers of the tabulated elements. */
	private static final Map<String, Integer> Z = new HashMap<>();
	static {
		String[] order = { "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
			"Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge" };
		for (int i = 0; i < order.length; i++) Z.put(order[i], i + 1);
		Z.put("Zr", 40);
		Z.put("Ag", 47);
		Z.put("La", 57);
		Z.put("Pt", 78);
		Z.put("Au", 79);
	}

	/** Mott-Bethe constant m0 e^2 / (8 pi^2 eps0 h^2) in Å (International Tables vol. C, 4.3.1.1). */
	public static final double MOTT_BETHE = 0.023934;

	/** Atomic number of a tabulated element. */
	public static int atomicNumber(String element) {
		Integer z = Z.get(element);
		if (z == null) throw new IllegalArgumentException("no atomic number for element '" + element + "'");
		return z;
	}

	/**
	 * X-ray atomic form factor (electrons) of the neutral atom from the electron factor by the Mott-Bethe relation
	 * f_e(s) = 0.023934 (Z - f_x(s)) / s^2, i.e. f_x(s) = Z - s^2 f_e(s) / 0.023934, s = sin(theta)/lambda in 1/Å.
	 * Exact at s = 0 (f_x = Z); the error of the Peng et al. fit is multiplied by s^2/0.0239, so it grows with s:
	 * checked against International Tables vol. C table 6.1.1.1 for O (s = 0.2: 5.624 vs 5.634; s = 0.5: 2.336
	 * vs 2.338) and Li (s = 0.1: 2.216 vs 2.215).
	 */
	public static double fXray(String element, double s) {
		return atomicNumber(element) - s * s * f(element, s) / MOTT_BETHE;
	}

	/** f(s) in Å for s = 1/(2d) in 1/Å. */
	public static double f(String element, double s) {
		double[] p = PENG.get(element);
		if (p == null) throw new IllegalArgumentException("no electron scattering factor for element '" + element +
			"'");
		double s2 = s * s, f = 0;
		for (int i = 0; i < 5; i++) f += p[i] * Math.exp(-p[5 + i] * s2);
		return f;
	}
}
