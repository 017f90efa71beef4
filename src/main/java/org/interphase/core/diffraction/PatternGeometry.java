package org.interphase.core.diffraction;

/**
 * Where a pattern sits on the detector: centre (array-index coordinates, the centre of pixel (i, j) is (i, j);
 * add 0.5 for ImageJ's convention), elliptical distortion and calibration. The distortion model: a circle of
 * radius R is imaged as an ellipse with semi-axes a = R / sqrt(1 - e) along {@code angle} and b = R sqrt(1 - e)
 * across it (b/a = 1 - e = 1 - ellipticity, area kept), so the corrected radius of a pixel is
 * sqrt(u^2 (1 - e) + v^2 / (1 - e)) with (u, v) its offset in the ellipse frame.
 */
public final class PatternGeometry {
	public final double cx, cy;
	public final double ellipticity;
	/** Direction of the major axis, radians from +x towards +y. */
	public final double angle;
	/** Reciprocal-space size of a corrected pixel, 1/nm; NaN when uncalibrated. */
	public final double pixelPerNm;
	private final double cos, sin, su, sv;

	public PatternGeometry(double cx, double cy, double ellipticity, double angle, double pixelPerNm) {
		if (!(ellipticity >= 0 && ellipticity < 0.5)) throw new IllegalArgumentException("ellipticity " + ellipticity +
			" outside [0, 0.5)");
		this.cx = cx;
		this.cy = cy;
		this.ellipticity = ellipticity;
		this.angle = angle;
		this.pixelPerNm = pixelPerNm;
		cos = Math.cos(angle);
		sin = Math.sin(angle);
		su = Math.sqrt(1 - ellipticity);
		sv = 1 / su;
	}

	public PatternGeometry withCentre(double x, double y) {
		return new PatternGeometry(x, y, ellipticity, angle, pixelPerNm);
	}

	public PatternGeometry withEllipse(double e, double ang) {
		return new PatternGeometry(cx, cy, e, ang, pixelPerNm);
	}

	public PatternGeometry withCalibration(double perNm) {
		return new PatternGeometry(cx, cy, ellipticity, angle, perNm);
	}

	public boolean calibrated() {
		return pixelPerNm > 0;
	}

	/** Corrected radius (px) of the point at array-index coordinates (x, y). */
	public double radius(double x, double y) {
		double dx = x - cx, dy = y - cy;
		double u = (dx * cos + dy * sin) * su, v = (-dx * sin + dy * cos) * sv;
		return Math.sqrt(u * u + v * v);
	}

	/** Corrected offset vector (px, image axes) of the point (x, y) from the centre. */
	public double[] corrected(double x, double y) {
		double dx = x - cx, dy = y - cy;
		double u = (dx * cos + dy * sin) * su, v = (-dx * sin + dy * cos) * sv;
		return new double[] { u * cos - v * sin, u * sin + v * cos };
	}

	/** The image point (array-index coordinates) of a corrected offset vector (px). */
	public double[] toImage(double gx, double gy) {
		double u = (gx * cos + gy * sin) / su, v = (-gx * sin + gy * cos) / sv;
		return new double[] { cx + u * cos - v * sin, cy + u * sin + v * cos };
	}

	/** d-spacing in Å of a corrected radius in px (needs a calibration). */
	public double dSpacing(double radiusPx) {
		return 10 / (radiusPx * pixelPerNm);
	}
}
