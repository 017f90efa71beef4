package org.interphase.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether --out can take the results: a folder that exists or can be created, and that we may write in. */
final class OutputFolder {
	private OutputFolder() {}

	/** Null when usable (the folder is created), else the reason in the user's words. */
	static String problem(Path out) {
		if (Files.exists(out) && !Files.isDirectory(out)) return "not a folder (a file of that name exists); give a " +
			"folder for the results";
		try {
			Files.createDirectories(out);
		}
		catch (FileAlreadyExistsException e) {
			return "cannot be created: " + e.getFile() + " is a file, not a folder";
		}
		catch (AccessDeniedException e) {
			return "cannot be created: no permission to write in " + e.getFile();
		}
		catch (IOException | SecurityException e) {
			return "cannot be created (" + (e.getMessage() == null ? "the file system refused" : e.getMessage()) + ")";
		}
		if (!Files.isWritable(out)) return "the folder is not writable; give a folder you may write in";
		return null;
	}
}
