import DroverCatalog
import Foundation

/// `drover catalog check`: renders and builds every version of the catalogs with default answers.
enum CatalogCheck: Command {
    static let spec = CommandSpec(
        name: "catalog check",
        abstract: "Render and build every template version with its default answers; report what fails and where.",
        options: [CatalogCommand.catalogOption, .format],
        discussion: "Required questions without a default get a placeholder answer that satisfies them.\nExit status: 0 when every version builds, 1 when any fails.")

    /// The JSON shape of the report.
    struct Report: Encodable {
        var versions: Int
        var ok: Int
        var failed: Int
        var outcomes: [CatalogChecker.Outcome]
    }

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let outcomes = try CatalogCommand.repositories(arguments).flatMap(CatalogChecker.check)
        let failed = outcomes.filter { $0.error != nil }
        if arguments.value("--format") == "json" {
            try output.json(Report(versions: outcomes.count, ok: outcomes.count - failed.count, failed: failed.count, outcomes: outcomes))
        } else {
            for outcome in failed { output.out("\(outcome.id): \(outcome.error!)") }
            output.out("catalog: \(outcomes.count) versions, \(outcomes.count - failed.count) ok, \(failed.count) failed")
        }
        return failed.isEmpty ? ExitCode.success : ExitCode.failure
    }
}
