package org.interphase.fiji;

import java.awt.GraphicsEnvironment;

/** Whether there is no display (headless Fiji, tests): windows are then not shown. */
final class GraphicsHeadless {
	private GraphicsHeadless() {}

	static boolean is() {
		return GraphicsEnvironment.isHeadless();
	}
}
