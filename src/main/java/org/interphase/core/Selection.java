package org.interphase.core;

/** Order statistics without sorting: medians of rings and masks in the hot loops. */
public final class Selection {
	private Selection() {}

	/** The k-th smallest (0-based) of a[0..n), by Hoare's selection; reorders a[0..n). */
	public static double kth(double[] a, int n, int k) {
		int lo = 0, hi = n - 1;
		while (lo < hi) {
			double pivot = a[(lo + hi) >>> 1];
			int i = lo, j = hi;
			while (i <= j) {
				while (a[i] < pivot) i++;
				while (a[j] > pivot) j--;
				if (i <= j) {
					double t = a[i];
					a[i++] = a[j];
					a[j--] = t;
				}
			}
			if (k <= j) hi = j;
			else if (k >= i) lo = i;
			else break;
		}
		return a[k];
	}
}
