package org.interphase.fiji;

import java.awt.AWTEvent;
import java.awt.Toolkit;
import java.awt.event.WindowEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.ImageWindow;


/**
 * Which open image an image analysis may take. Plots (in ImageJ 1.x a plot window is an ImagePlus), the suite's
 * own result images (maps, marked when shown) and FFT windows are never candidates, so running Crystallinity Map
 * after Coating Thickness analyses the micrograph, not the profile plot Coating Thickness left in front.
 * <p>
 * The default among several candidates is the most recently activated real image: ImageJ only remembers the
 * current window, so activations are followed here (window focus events, plus every image an analysis ran on);
 * without any (headless, batch mode) the current image if it is real, else the most recently opened one.
 */
final class InputImages {
	private InputImages() {}

	/** Property that marks an image the suite made (a map): {@code imp.getProp(RESULT)} is the analysis title. */
	static final String RESULT = "Interphase_result";

	private static final Deque<Integer> RECENT = new ArrayDeque<>();
	private static boolean listening;

	/** Whether an analysis may take this image as its input. */
	static boolean isCandidate(ImagePlus imp) {
		if (imp == null || imp.getWidth() == 0) return false;
		if (imp.getPlot() != null || imp.getProperty(ij.gui.Plot.PROPERTY_KEY) != null) return false;
		if (imp.getProp(RESULT) != null) return false;
		if (imp.getProperty("FHT") != null) return false;
		String t = imp.getTitle() == null ? "" : imp.getTitle();
		// ImageJ's FFT windows (their FHT property is gone once saved and reopened); result maps are known by
		// their mark, not their title, so that a user's own image called "Coating Thickness - ..." stays an input
		return !(t.startsWith("FFT of ") || t.startsWith("PS of "));
	}

	/** Marks an image the suite shows as a result, so that no analysis takes it as input. */
	static void markResult(ImagePlus imp, String analysisTitle) {
		imp.setProp(RESULT, analysisTitle);
	}

	/** The real images open now, the default (most recently active) first. */
	static List<ImagePlus> candidates() {
		return candidates(x -> true);
	}

	/** As {@link #candidates()}, of those the filter keeps (e.g. stacks for a series). */
	static synchronized List<ImagePlus> candidates(Predicate<ImagePlus> keep) {
		listen();
		List<ImagePlus> open = new ArrayList<>();
		for (ImagePlus imp : openImages()) if (isCandidate(imp) && keep.test(imp)) open.add(imp);
		List<ImagePlus> out = new ArrayList<>();
		ImagePlus current = WindowManager.getCurrentImage();
		if (open.contains(current)) out.add(current);
		for (int id : RECENT) for (ImagePlus imp : open) if (imp.getID() == id && !out.contains(imp)) out.add(imp);
		// the rest newest first (ImageJ lists windows in the order they opened)
		for (int i = open.size() - 1; i >= 0; i--) if (!out.contains(open.get(i))) out.add(open.get(i));
		return out;
	}

	/** Remembers that this image was used (activated, or analysed). */
	static synchronized void used(ImagePlus imp) {
		if (!isCandidate(imp)) return;
		RECENT.remove(imp.getID());
		RECENT.addFirst(imp.getID());
		while (RECENT.size() > 64) RECENT.removeLast();
	}

	/** Follows image window activations under a display (none when headless). */
	private static void listen() {
		if (listening || GraphicsHeadless.is()) return;
		listening = true;
		try {
			Toolkit.getDefaultToolkit().addAWTEventListener(e -> {
				if (e.getID() == WindowEvent.WINDOW_ACTIVATED && e.getSource() instanceof ImageWindow) used(
					((ImageWindow) e.getSource()).getImagePlus());
			}, AWTEvent.WINDOW_EVENT_MASK);
		}
		catch (SecurityException e) {
			// no activation history: the current image and the opening order decide
		}
	}

	/** The macro's {@code image=[title]}, or null when the macro names none (or no macro runs). */
	static String macroImage() {
		String o = Macro.getOptions();
		return o == null ? null : Macro.getValue(o, "image", null);
	}

	/** The macro's {@code file=[path]}, or null. */
	static String macroFile() {
		String o = Macro.getOptions();
		return o == null ? null : Macro.getValue(o, "file", null);
	}

	/** The candidate of this title (a macro's image=), or an exception that says why not. */
	static ImagePlus byTitle(String title, Predicate<ImagePlus> keep, String what) {
		ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) {
			for (ImagePlus c : candidates(keep)) if (c.getTitle().equals(title)) imp = c;
		}
		if (imp == null) throw new IllegalArgumentException("no open image is called '" + title + "'" + listing(keep));
		if (!isCandidate(imp)) throw new IllegalArgumentException("'" + title +
			"' is a plot or a result of Interphase, not an image to analyse" + listing(keep));
		if (!keep.test(imp)) throw new IllegalArgumentException("'" + title + "' is not " + what);
		return imp;
	}

	/** ": the open images are ..." for error messages. */
	static String listing(Predicate<ImagePlus> keep) {
		List<ImagePlus> c = candidates(keep);
		if (c.isEmpty()) return "";
		StringBuilder sb = new StringBuilder("; images open: ");
		for (int i = 0; i < c.size(); i++) sb.append(i == 0 ? "" : ", ").append('\'').append(c.get(i).getTitle()).append(
			'\'');
		return sb.toString();
	}

	/** Titles of the open images that are not candidates (plots, results, or not what the filter keeps). */
	static List<String> othersOpen(Predicate<ImagePlus> keep) {
		List<String> out = new ArrayList<>();
		for (ImagePlus imp : openImages()) if (!(isCandidate(imp) && keep.test(imp))) out.add(imp.getTitle());
		return out;
	}

	/**
	 * The open images in opening order, and the current one. Headless ImageJ (ij1-patcher) lists no batch-mode
	 * image; there the current image is all that is known.
	 */
	private static List<ImagePlus> openImages() {
		List<ImagePlus> out = new ArrayList<>();
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null && !out.contains(imp)) out.add(imp);
		}
		ImagePlus current = WindowManager.getCurrentImage();
		if (current != null && !out.contains(current)) out.add(current);
		return out;
	}

	/**
	 * The input of an image analysis before its dialog: a macro's {@code image=[title]}; a macro's {@code file=}
	 * (no image); the only candidate; or, among several, the dialog's choice (a macro without image= takes the
	 * default, the current real image). With no candidate the dialog asks for a file; a macro without file= then
	 * fails with a message naming the plots or results that are open, instead of analysing one of them.
	 */
	static Input resolve(Predicate<ImagePlus> keep, String what) {
		return resolve(keep, what, "plots or Interphase results");
	}

	/** As {@link #resolve(Predicate, String)}; {@code others} names what the open windows then are. */
	static Input resolve(Predicate<ImagePlus> keep, String what, String others) {
		Input in = new Input();
		boolean macro = Macro.getOptions() != null;
		String named = macroImage();
		if (named != null) {
			in.image = byTitle(named, keep, what);
			return in;
		}
		if (macroFile() != null) return in;
		List<ImagePlus> c = candidates(keep);
		if (c.size() == 1 || c.size() > 1 && macro) in.image = c.get(0);
		else if (c.size() > 1) in.choices = c;
		else {
			List<String> open = othersOpen(keep);
			if (!open.isEmpty()) {
				in.note = "No " + what + " is open (" + String.join(", ", open) + " cannot be analysed): choose a file.";
				if (macro) throw new IllegalArgumentException("no " + what + " to analyse: the open windows " + open +
					" are " + others + "; open one, name it with image=[title] or give file=[path]");
			}
		}
		return in;
	}

	/** The resolved input: one image, a choice among several, or neither (a file). */
	static final class Input {
		ImagePlus image;
		List<ImagePlus> choices = List.of();
		/** Why a file is asked for although windows are open, or null. */
		String note;

		boolean isFile() {
			return image == null && choices.isEmpty();
		}

		/** The default image (the chosen one before the dialog), or null for a file. */
		ImagePlus preferred() {
			return image != null ? image : choices.isEmpty() ? null : choices.get(0);
		}

		/** Adds the Image choice when there are several candidates (macro key image=). */
		void addTo(ij.gui.GenericDialog gd) {
			if (choices.isEmpty()) return;
			String[] titles = new String[choices.size()];
			for (int i = 0; i < titles.length; i++) titles[i] = choices.get(i).getTitle();
			gd.addChoice("Image", titles, titles[0]);
		}

		/** Reads the Image choice back (first field of the dialog); the image to analyse, or null for a file. */
		ImagePlus read(ij.gui.GenericDialog gd) {
			if (choices.isEmpty()) return image;
			return choices.get(gd.getNextChoiceIndex());
		}
	}
}
