#!/usr/bin/python3
"""Independent check of the Interphase fit engine against lmfit (Debian python3-lmfit 1.1.0).

Generates three seeded synthetic spectra, fits each with lmfit, and writes the data and lmfit's best values
and standard errors to src/test/resources/org/interphase/core/fit/lmfit/. LmfitComparisonTest (Java) fits the
same data with the same model and start values and compares. Documentation only: the Java test reads the
recorded numbers, it does not run Python.

Run from the repository root:  /usr/bin/python3 src/test/python/lmfit_compare.py
"""
import os
import numpy as np
import lmfit
from lmfit.models import VoigtModel, PseudoVoigtModel, GaussianModel, LorentzianModel, LinearModel, ConstantModel

OUT = "src/test/resources/org/interphase/core/fit/lmfit"


def write(name, x, y, result, extra=""):
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write("# lmfit %s, %s; chisqr %.12g redchi %.12g nfev %d\n" % (lmfit.__version__, extra, result.chisqr,
                                                                         result.redchi, result.nfev))
        for k, p in result.params.items():
            f.write("# param %s %.12g %s\n" % (k, p.value, "nan" if p.stderr is None else "%.12g" % p.stderr))
        for xi, yi in zip(x, y):
            f.write("%.6f %.6f\n" % (xi, yi))


def spectrum_a():
    """Two Voigt peaks (sigma and gamma free) on a sloped line, unweighted."""
    rng = np.random.RandomState(11)
    x = np.linspace(0, 20, 401)
    m = VoigtModel(prefix="p1_") + VoigtModel(prefix="p2_") + LinearModel(prefix="bg_")
    truth = m.make_params(p1_amplitude=300, p1_center=8.0, p1_sigma=0.6, p1_gamma=0.3,
                          p2_amplitude=150, p2_center=11.0, p2_sigma=0.8, p2_gamma=0.5, bg_slope=-1.5, bg_intercept=60)
    truth["p1_gamma"].set(expr="", value=0.3)
    truth["p2_gamma"].set(expr="", value=0.5)
    y = m.eval(truth, x=x) + rng.normal(0, 2.0, x.size)
    p = m.make_params(p1_amplitude=250, p1_center=7.8, p1_sigma=0.5, p1_gamma=0.4,
                      p2_amplitude=120, p2_center=11.2, p2_sigma=0.6, p2_gamma=0.4, bg_slope=-1.0, bg_intercept=50)
    for g in ("p1_gamma", "p2_gamma"):
        p[g].set(expr="", vary=True, value=0.4)
    r = m.fit(y, p, x=x)
    write("voigt2_linear", x, y, r, "two VoigtModel + LinearModel, no weights")
    return r


def spectrum_b():
    """Ti 2p-like: two pseudo-Voigt doublets, split 5.7 fixed, ratio 0.5, own 2p1/2 width, Ti3+ = Ti4+ - shift
    (bounded), shared widths and Lorentzian fraction, constant background, Poisson weights 1/sqrt(max(y,1))."""
    rng = np.random.RandomState(7)
    x = np.arange(452.0, 471.0001, 0.1)
    m = (PseudoVoigtModel(prefix="a_") + PseudoVoigtModel(prefix="a2_") + PseudoVoigtModel(prefix="b_")
         + PseudoVoigtModel(prefix="b2_") + ConstantModel(prefix="bg_"))
    p = m.make_params()
    p.add("shift", value=1.25, min=0.8, max=1.6)
    vals = dict(a_amplitude=6000, a_center=459.3, a_sigma=0.62, a_fraction=0.3, a2_sigma=1.05, b_amplitude=3000,
                bg_c=2000)
    for k, v in vals.items():
        p[k].set(value=v)
    p["a2_center"].set(expr="a_center + 5.7")
    p["a2_amplitude"].set(expr="0.5 * a_amplitude")
    p["a2_fraction"].set(expr="a_fraction")
    p["b_center"].set(expr="a_center - shift")
    p["b_sigma"].set(expr="a_sigma")
    p["b_fraction"].set(expr="a_fraction")
    p["b2_center"].set(expr="b_center + 5.7")
    p["b2_amplitude"].set(expr="0.5 * b_amplitude")
    p["b2_sigma"].set(expr="a2_sigma")
    p["b2_fraction"].set(expr="a_fraction")
    y = rng.poisson(m.eval(p, x=x)).astype(float)
    start = dict(a_amplitude=5000, a_center=459.1, a_sigma=0.7, a_fraction=0.4, a2_sigma=0.9, b_amplitude=2000,
                 bg_c=1800)
    for k, v in start.items():
        p[k].set(value=v)
    p["a_fraction"].set(min=0, max=1)
    p["shift"].set(value=1.1)
    r = m.fit(y, p, x=x, weights=1 / np.sqrt(np.maximum(y, 1)))
    write("ti2p_pvoigt_doublets", x, y, r, "pseudo-Voigt doublets with expr links, Poisson weights")
    return r


def spectrum_c():
    """Gaussian + Lorentzian with bounded centres on a constant, Poisson weights."""
    rng = np.random.RandomState(3)
    x = np.arange(180.0, 200.0001, 0.05)
    m = GaussianModel(prefix="g_") + LorentzianModel(prefix="l_") + ConstantModel(prefix="bg_")
    truth = m.make_params(g_amplitude=2000, g_center=189.0, g_sigma=0.7, l_amplitude=1500, l_center=191.2,
                          l_sigma=0.5, bg_c=300)
    y = rng.poisson(m.eval(truth, x=x)).astype(float)
    p = m.make_params(g_amplitude=1500, g_center=189.3, g_sigma=0.5, l_amplitude=1000, l_center=191.0, l_sigma=0.6,
                      bg_c=250)
    p["g_center"].set(min=188.0, max=190.0)
    p["l_center"].set(min=190.5, max=192.5)
    p["g_sigma"].set(min=0.1, max=3)
    p["l_sigma"].set(min=0.1, max=3)
    r = m.fit(y, p, x=x, weights=1 / np.sqrt(np.maximum(y, 1)))
    write("gauss_lorentz_bounds", x, y, r, "GaussianModel + LorentzianModel + ConstantModel, bounds, Poisson weights")
    return r


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for f in (spectrum_a, spectrum_b, spectrum_c):
        r = f()
        print(f.__name__, "redchi", r.redchi, "nfev", r.nfev)
        for k, p in r.params.items():
            print("  ", k, p.value, p.stderr)
