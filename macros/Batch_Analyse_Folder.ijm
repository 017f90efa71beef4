// Interphase - run one analysis on every file of a folder and save one table with the columns of
// results.csv (sample_id, technique, analysis, source, region, quantity, value, uncertainty, unit, label, flags).
//
// Interactive: Plugins > Macros > Run... asks for the folder, the analysis, its options and the output file.
// From another macro, a script or headless Fiji:
//   runMacro("/path/to/Batch_Analyse_Folder.ijm",
//     "input=[/data/sem] output=[/data/sem-depth.csv] command=[Reaction Layer Depth...] options=[surface_side=top] extensions=[tif,tiff]");
// The options are the analysis' macro keys, as Plugins > Macros > Record... writes them.
//
// test-with: sem-depth command=[Reaction Layer Depth...] extensions=[tif,tiff]

spectra = newArray("XPS Peak Fit...", "EELS Ti Valence...", "Raman BN Phase Fit...");
analyses = newArray("Reaction Layer Depth...", "Coating Thickness...", "Crystallinity Map...", "Fringe Spacing...",
	"Analyze Pattern...", "XPS Peak Fit...", "EELS Ti Valence...", "Raman BN Phase Fit...");

arg = getArgument();
if (arg == "") {
	Dialog.create("Interphase: analyse a folder");
	Dialog.addDirectory("Input folder", getDirectory("home"));
	Dialog.addChoice("Analysis", analyses);
	Dialog.addString("Options", "", 40);
	Dialog.addString("Extensions", "tif,tiff,dm3,dm4", 20);
	Dialog.addFile("Output table (.csv)", getDirectory("home") + "interphase-results.csv");
	Dialog.show();
	input = Dialog.getString();
	command = Dialog.getChoice();
	options = Dialog.getString();
	extensions = Dialog.getString();
	output = Dialog.getString();
} else {
	input = argument(arg, "input", "");
	output = argument(arg, "output", "");
	command = argument(arg, "command", "Reaction Layer Depth...");
	options = argument(arg, "options", "");
	extensions = argument(arg, "extensions", "tif,tiff,dm3,dm4");
}
if (input == "" || output == "") exit("Interphase batch: input folder and output table are required.");

// empty options would make every run() open its dialog; a blank string runs it with its defaults
if (options == "") options = " ";
isSpectrum = false;
for (i = 0; i < spectra.length; i++) if (spectra[i] == command) isSpectrum = true;
exts = split(toLowerCase(extensions), ",");

setBatchMode(true);
run("Clear Results");
if (!endsWith(input, File.separator)) input = input + File.separator;
list = getFileList(input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!wanted(name, exts)) continue;
	path = input + name;
	showProgress(i, list.length);
	if (isSpectrum) {
		run(command, "file=[" + path + "] " + options);
	} else {
		open(path);
		run(command, options);
		close("*");
	}
	done++;
}
run("Input/Output...", "file=.csv save_column");
saveAs("Results", output);
setBatchMode(false);
print("Interphase batch: " + done + " file(s) analysed with " + command + "; table: " + output);

function wanted(name, exts) {
	lower = toLowerCase(name);
	if (endsWith(lower, "/")) return false;
	for (k = 0; k < exts.length; k++) if (endsWith(lower, "." + String.trim(exts[k]))) return true;
	return false;
}

// value of key=[value] or key=value in an argument string
function argument(s, key, def) {
	// a leading space so that every key, the first one too, is found as " key=" (the macro language does
	// not short-circuit &&, so no look-behind at position 0)
	s = " " + s;
	i = indexOf(s, " " + key + "=");
	if (i < 0) return def;
	start = i + lengthOf(key) + 2;
	if (substring(s, start, start + 1) == "[") {
		end = indexOf(s, "]", start);
		return substring(s, start + 1, end);
	}
	end = indexOf(s, " ", start);
	if (end < 0) end = lengthOf(s);
	return substring(s, start, end);
}
