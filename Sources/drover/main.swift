import DroverCLI
import Foundation

/// The `drover` executable: everything lives in DroverCLI.
exit(DroverCLI.run(Array(CommandLine.arguments.dropFirst()), Output.standard))
