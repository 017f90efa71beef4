#@ File (label = "Input file", style = "file") input
#@ String (label = "Analysis", choices = {"sem-depth", "hrtem-thickness", "hrtem-crystallinity", "xps-fit", "eels-valence", "raman-bn", "saed"}) command
#@ String (label = "Parameters (command-line names)", value = "") parameters
#@ LogService log

// Interphase from a script, without dialogs: the same core call as the menu and the command line.
// Parameters are "key=value" pairs with the command-line names, e.g. "preset=ti2p background=shirley".
import org.interphase.fiji.Interphase

def result = Interphase.analyze(command, input.path, parameters)
result.rows().each { r ->
	log.info("${r.quantity}${r.region ? ' [' + r.region + ']' : ''} = ${r.value} ± ${r.uncertainty} ${r.unit} ${r.flags}")
}
