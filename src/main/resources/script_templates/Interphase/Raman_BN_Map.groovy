#@ File (label = "Raman map or spectrum (LabSpec text, .wdf, .xml ...)", style = "file") input
#@ String (label = "Line shape", choices = {"instrument-voigt", "lorentzian", "voigt", "pseudo-voigt"}) lineshape
#@ String (label = "Fit window (cm-1)", value = "900,1600") window
#@ Boolean (label = "Show the maps", value = true) show_maps
#@ LogService log
#@output ij.measure.ResultsTable results

// h-BN / c-BN phase fit of a Raman spectrum or map (docs/raman.md), without dialogs, through the public facade
// org.interphase.fiji.Interphase: the same core call as Plugins > Interphase > Raman > Raman BN Phase Fit and
// `./interphase raman-bn`. Parameters use the command-line names.
import org.interphase.fiji.Interphase
import org.interphase.fiji.ResultsTables
import org.interphase.ij.ImagePlusData

def result = Interphase.analyze("raman-bn", input.path, "lineshape=${lineshape} window=${window}")
// whole-input rows: for a map, the pixel mean with the spread over pixels; region "mean-spectrum": the mean spectrum's fit
def rows = result.rows().findAll { it.region.isEmpty() || it.region == "mean-spectrum" }
rows.each { r ->
	log.info("${r.quantity}${r.region ? ' [' + r.region + ']' : ''} = ${r.value} ± ${r.uncertainty} ${r.unit} ${r.label} ${r.flags}")
}
results = ResultsTables.of(rows)
result.warnings().each { log.warn(it) }
if (show_maps && !java.awt.GraphicsEnvironment.isHeadless()) result.maps().each { m -> ImagePlusData.toImagePlus(m).show() }
