// Batch_Reaction_Depth.ijm - reaction-layer depth for every SEM/BSE image of a folder (a series), one table.
//
// Interactive: run it from Fiji (Plugins > Macros > Run...) and choose the folder; the table is written as
// reaction_depth.csv into that folder.
// Scripted / headless: pass the folder, the output file and (optionally) the analysis options:
//   ImageJ-linux64 --headless -macro Batch_Reaction_Depth.ijm "input=/data/series output=/data/depth.csv options=[surface_side=auto averaging_width=9]"
// ("dir=" is accepted for "input=".) The options are the macro keys of Plugins > Interphase > SEM >
// Reaction Layer Depth... (record one run with the Macro Recorder to see them): surface_side, line, roi,
// pixel_size, unit, profiles, averaging_width, max_depth, smoothing, databar, min_contrast.
//
// Every row the analysis puts in the Results table is copied to the CSV, prefixed by the image's file name.
// Files that are not images (by extension) are skipped; the numbers are the same as `./interphase sem-depth`.

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

setBatchMode(true);
if (File.exists(output)) ok = File.delete(output);
files = getFileList(input);
Array.sort(files);
columns = newArray(0);
analysed = 0;
skipped = 0;
for (f = 0; f < files.length; f++) {
	name = files[f];
	if (!isImageFile(name)) {
		skipped++;
		continue;
	}
	open(input + name);
	id = getImageID();
	run("Clear Results");
	run("Reaction Layer Depth...", options);
	if (nResults > 0 && columns.length == 0) {
		columns = split(String.getResultsHeadings, "\t");
		// ImageJ lists a leading blank heading for the row-number column: drop it
		if (columns.length > 0 && (columns[0] == " " || columns[0] == "")) columns = Array.slice(columns, 1);
		header = "file";
		for (c = 0; c < columns.length; c++) header = header + "," + csv(columns[c]);
		File.append(header, output);
	}
	for (i = 0; i < nResults; i++) {
		line = csv(name);
		for (c = 0; c < columns.length; c++) line = line + "," + csv(cell(columns[c], i));
		File.append(line, output);
	}
	analysed++;
	if (isOpen(id)) {
		selectImage(id);
		close();
	}
}
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

// A Results-table cell as text: numbers with full precision, text as it is.
function cell(column, row) {
	v = getResult(column, row);
	if (isNaN(v)) return getResultString(column, row);
	if (v == round(v) && abs(v) < 1e15) return d2s(v, 0);
	if (abs(v) >= 1e-4 && abs(v) < 1e9) return d2s(v, 9);
	return d2s(v, -12);
}

// CSV quoting of a field that holds a comma or a quote.
function csv(s) {
	s = "" + s;
	if (indexOf(s, ",") >= 0 || indexOf(s, "\"") >= 0) return "\"" + replace(s, "\"", "\"\"") + "\"";
	return s;
}
