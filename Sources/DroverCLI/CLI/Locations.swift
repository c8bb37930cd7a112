import Foundation

/// Finds Drover's data folders (`catalog/`, `templates/`) the way DESIGN.md describes:
/// `$DROVER_HOME`, then `../share/drover/` next to the executable, then the source checkout it was built from.
enum Locations {
    static func dataFolder(_ name: String) -> String? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let home = ProcessInfo.processInfo.environment["DROVER_HOME"] {
            candidates.append((home as NSString).appendingPathComponent(name))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/drover/\(name)").standardized.path)
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../\(name)").standardized
        candidates.append(checkout.path)
        return candidates.first { fm.fileExists(atPath: $0) }
    }

    /// Reads a file given on the command line, as a failure that names it when unreadable.
    static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CommandFailure(message: "\(path): cannot read: \((error as NSError).localizedDescription)")
        }
    }
}
