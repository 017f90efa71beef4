#@ File (label = "Folder of SEM images", style = "directory") folder
#@ String (label = "Parameters (command-line names)", value = "surface-side=auto") parameters
#@ LogService log

// Reaction-layer depth over SEM series, summarised per sample, without dialogs: every image of the folder
// is measured as `./interphase sem-depth` does, the sample ID is the file name up to the first '_'
// (LATP-bare-100c_sem_01.tif -> LATP-bare-100c), and each sample's images are pooled.
// Parameters are "key=value" pairs with the command-line names, e.g. "surface-side=top averaging-width=15".
import org.interphase.analysis.Analyses
import org.interphase.fiji.Interphase

def analysis = Analyses.byCommand("sem-depth")
def images = folder.listFiles().findAll { f ->
	f.isFile() && f.name.toLowerCase() ==~ /.*\.(tif|tiff|png|jpg|jpeg|bmp|gif)/
}.sort { it.name }
def perSample = new LinkedHashMap()
images.each { f ->
	try {
		def result = Interphase.analyze("sem-depth", f.path, parameters)
		def mean = result.find("depth_mean")
		log.info("${f.name}: depth_mean = ${mean.value} ± ${mean.uncertainty} ${mean.unit} ${mean.flags}")
		def sample = f.name.contains("_") ? f.name.substring(0, f.name.indexOf("_")) : f.name.replaceAll(/\.[^.]*$/, "")
		perSample.computeIfAbsent(sample) { [] } << result
	}
	catch (Exception e) {
		log.warn("${f.name}: ${e.message}")
	}
}
perSample.each { sample, results ->
	def rows = analysis.summarize(sample, results)
	def q = rows.collectEntries { [(it.quantity): it] }
	log.info("${sample} (${results.size()} images): depth_mean = ${q.depth_mean.value} ± ${q.depth_mean.uncertainty} " +
		"${q.depth_mean.unit}, median ${q.depth_median.value}, p95 ${q.depth_p95.value}, max ${q.depth_max.value} " +
		"${q.depth_mean.flags}")
}
