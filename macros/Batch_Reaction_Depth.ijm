// Batch_Reaction_Depth.ijm - reaction-layer depth for every SEM/BSE image of a folder (a series), one table.
//
// Interactive: run it from Fiji (Plugins > Macros > Run...) and choose the folder; the table is written as
// reaction_depth.csv into that folder.
// Scripted / headless: pass the folder, the output file and (optionally) the analysis options:
//   ImageJ-linux64 --headless -macro Batch_Reaction_Depth.ijm "input=/data/series output=/data/depth.csv options=[surface_side=auto averaging_width=9]"
// ("dir=" is accepted for "input=".) The options are the macro keys of Plugins > Interphase > SEM >
// Reaction Layer Depth... (record one run with the Macro Recorder to see them): surface_side, line, roi,
// pixel_size_um, unit (only with the former pixel_size), profiles, averaging_width, max_depth, smoothing, databar, min_contrast.
//
// The table has the columns of results.csv (sample_id, technique, analysis, source, region, quantity, value,
// uncertainty, unit, label, flags): every row the analysis puts in the Results table, for every image, with the
// same numbers as `./interphase sem-depth` gives on the same folder. Files that are not images are skipped.
// A per-image summary (mean depth and flags) is printed to the Log.
//
// test-with: sem-depth

args = getArgument();
input = argValue(args, "input");
if (input == "") input = argValue(args, "dir");
output = argValue(args, "output");
options = argValue(args, "options");
if (input == "") input = getDirectory("Choose a folder of SEM images");
if (input == "") exit("No input folder given");
input = replace(input, "\\\\", "/");
if (!endsWith(input, "/")) input = input + "/";
if (!File.isDirectory(input)) exit("Not a folder: " + input);
if (output == "") output = input + "reaction_depth.csv";
// an empty option string would open the dialog for every image (and fail headless): give one default explicitly
if (options == "") options = "surface_side=auto";

setBatchMode(true);
run("Clear Results");
files = getFileList(input);
Array.sort(files);
analysed = 0;
skipped = 0;
for (f = 0; f < files.length; f++) {
	name = files[f];
	if (!isImageFile(name)) {
		skipped++;
		continue;
	}
	showProgress(f, files.length);
	before = nResults;
	open(input + name);
	run("Reaction Layer Depth...", options);
	close("*");
	analysed++;
	for (i = before; i < nResults; i++) {
		if (getResultString("quantity", i) == "depth_mean" && getResultString("region", i) == "")
			print(name + ": depth_mean = " + getResultString("value", i) + " +- " + getResultString("uncertainty", i) +
				" " + getResultString("unit", i) + "  " + getResultString("flags", i));
	}
}
run("Input/Output...", "file=.csv save_column");
saveAs("Results", output);
setBatchMode(false);
print("Batch_Reaction_Depth: " + analysed + " images analysed, " + skipped + " files skipped; table: " + output);

// ---------------------------------------------------------------- helpers

// The value of key=value or key=[value with spaces] in a macro argument string.
function argValue(s, key) {
	s = " " + s;
	i = indexOf(s, " " + key + "=");
	if (i < 0) return "";
	v = substring(s, i + lengthOf(key) + 2);
	if (startsWith(v, "[")) {
		j = indexOf(v, "]");
		if (j < 0) return substring(v, 1);
		return substring(v, 1, j);
	}
	j = indexOf(v, " ");
	if (j < 0) return v;
	return substring(v, 0, j);
}

function isImageFile(name) {
	n = toLowerCase(name);
	return endsWith(n, ".tif") || endsWith(n, ".tiff") || endsWith(n, ".png") || endsWith(n, ".jpg") ||
		endsWith(n, ".jpeg") || endsWith(n, ".bmp") || endsWith(n, ".gif");
}
