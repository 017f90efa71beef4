package org.interphase.core.data;

/** The normalised metadata keys of the command-line contract ({@code info --json}). */
public final class MetadataKeys {
	private MetadataKeys() {}

	public static final String PIXEL_SIZE = "pixel_size";
	public static final String PIXEL_SIZE_UNIT = "pixel_size_unit";
	public static final String BEAM_ENERGY_KV = "beam_energy_kV";
	public static final String MAGNIFICATION = "magnification";
	public static final String CAMERA_LENGTH = "camera_length";
	public static final String EXPOSURE_S = "exposure_s";
	public static final String ACQUISITION_DATE = "acquisition_date";
	public static final String INSTRUMENT = "instrument";
	public static final String EXCITATION_ENERGY_EV = "excitation_energy_eV";
	public static final String LASER_WAVELENGTH_NM = "laser_wavelength_nm";
	/** X-ray K-alpha1 (or the only) wavelength, Å (XRD patterns). */
	public static final String XRAY_WAVELENGTH_A = "xray_wavelength_A";
	/** X-ray K-alpha2 wavelength, Å, when the file gives it. */
	public static final String XRAY_WAVELENGTH2_A = "xray_wavelength2_A";
	/** K-alpha2 / K-alpha1 intensity ratio, when the file gives it. */
	public static final String XRAY_KALPHA2_RATIO = "xray_kalpha2_ratio";
	/** X-ray tube anode ("Cu"), when the file gives it. */
	public static final String XRAY_ANODE = "xray_anode";
	/** Height in pixels of the SEM data bar at the bottom of the image, when the metadata gives it. */
	public static final String DATABAR_HEIGHT = "databar_height_px";
}
