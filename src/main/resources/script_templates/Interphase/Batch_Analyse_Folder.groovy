#@ File (label = "Input file or folder", style = "both") input
#@ String (label = "Analysis", choices = {"sem-depth", "hrtem-thickness", "hrtem-crystallinity", "hrtem-fringes", "xps-fit", "eels-valence", "raman-bn", "saed", "xrd"}) command
#@ String (label = "Parameters (macro keys)", value = "") parameters
#@ File (label = "Output folder (results.csv, tables, figures)", style = "directory", required = false) output
#@ CommandService commands
#@ ModuleService modules
#@ LogService log
#@output ij.measure.ResultsTable results

// Analyses a file, or every file of a folder, exactly as `./interphase <command> --out OUTPUT INPUT` does,
// through the analysis' SciJava command (org.interphase.scijava.*): one row per number, with the columns of
// results.csv (docs/results.md). Parameters are "key=value" pairs with the macro keys, e.g. "preset=ti2p shift=0";
// a repeated parameter is written once with its values separated by ';' ("phase=[LATP;Li3Ti2(PO4)3]").

def info = commands.getCommands().find { it.className.startsWith("org.interphase.scijava.") && it.description == command }
if (info == null) throw new IllegalArgumentException("no Interphase command '" + command + "'")
def module = modules.createModule(info)
def inputs = ["input": input, "output": output]
// values as text: SciJava converts each to its input's type (number, flag, file, choice)
(parameters =~ /([a-z][a-z0-9_]*)=(\[[^\]]*\]|\S*)/).each { all, key, value ->
	if (module.info.getInput(key) == null) throw new IllegalArgumentException(command + " has no parameter '" + key + "'")
	inputs[key] = value.startsWith("[") ? value[1..-2] : value
}
modules.run(module, true, inputs).get()
results = module.getOutput("results")
if (module.isCanceled()) log.error(module.getCancelReason())
module.getOutput("errors")?.readLines()?.each { log.warn(it) }
log.info("${command}: ${results.size()} rows" + (output ? ", written to ${output}" : ""))
