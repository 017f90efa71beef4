/**
 * The spectrum fitting engine shared by XPS and Raman (no technique-specific code here), lmfit-like:
 * pure line shapes ({@link org.interphase.core.fit.LineShapes}, {@link org.interphase.core.fit.Faddeeva});
 * {@link org.interphase.core.fit.Component}s with a prefix ({@link org.interphase.core.fit.Peak},
 * {@link org.interphase.core.fit.Doublet}, {@link org.interphase.core.fit.Polynomial},
 * {@link org.interphase.core.fit.ShirleyActive}, {@link org.interphase.core.fit.TougaardActive},
 * {@link org.interphase.core.fit.Expression}) summed into a {@link org.interphase.core.fit.Model};
 * {@link org.interphase.core.fit.Parameters} with bounds, fixed values and {@link org.interphase.core.fit.Link}s
 * as data; {@link org.interphase.core.fit.Fitter} (Levenberg–Marquardt) returning a
 * {@link org.interphase.core.fit.FitResult}; passive {@link org.interphase.core.fit.Backgrounds};
 * {@link org.interphase.core.fit.MonteCarlo} error bars. See docs/fitting-engine.md.
 */
package org.interphase.core.fit;
