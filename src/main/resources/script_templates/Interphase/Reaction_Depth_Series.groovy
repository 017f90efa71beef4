#@ File (label = "Folder of SEM images", style = "directory") folder
#@ String (label = "Where the outside is", choices = {"auto", "top", "bottom", "left", "right"}) surface_side
#@ File (label = "Results database (optional)", required = false) database
#@ CommandService commands
#@ ModuleService modules
#@ LogService log
#@output ij.measure.ResultsTable results

// Reaction-layer depth over SEM series, summarised per sample: every image of the folder is measured as
// `./interphase sem-depth FOLDER` measures it, the sample ID comes from samples.csv in the folder or from the
// file name up to the first '_' (LATP-bare-100c_sem_01.tif -> LATP-bare-100c), and each sample's images are
// pooled into the summary rows (source empty). See docs/sem.md.

def info = commands.getCommand(org.interphase.scijava.SemDepth)
def module = modules.run(info, true, ["input": folder, "surface_side": surface_side, "database": database]).get()
results = module.getOutput("results")
module.getOutput("errors")?.readLines()?.each { log.warn(it) }
for (int i = 0; i < results.size(); i++) {
	if (!results.getStringValue("source", i).isEmpty() || results.getStringValue("quantity", i) != "depth_mean") continue
	log.info("${results.getStringValue('sample_id', i)}: depth_mean = ${results.getValue('value', i)} ± " +
		"${results.getValue('uncertainty', i)} ${results.getStringValue('unit', i)} ${results.getStringValue('flags', i)}")
}
