/// Renders usage lines and `--help` text from command specs.
enum Help {
    /// The full command path for messages (`drover catalog render`).
    static func path(_ command: CommandSpec) -> String {
        command.name == "drover" ? "drover" : "drover \(command.name)"
    }

    static func usageLine(_ command: CommandSpec) -> String {
        if !command.subcommands.isEmpty { return "Usage: \(path(command)) <subcommand> [options]" }
        var parts = ["Usage: \(path(command))"]
        if !command.options.isEmpty { parts.append("[options]") }
        for argument in command.arguments {
            let shown = "<\(argument.name)>" + (argument.variadic ? "…" : "")
            parts.append(argument.optional ? "[\(shown)]" : shown)
        }
        return parts.joined(separator: " ")
    }

    static func text(_ command: CommandSpec) -> String {
        var lines = [command.abstract, "", usageLine(command)]
        if !command.subcommands.isEmpty {
            lines += ["", "Subcommands:"]
            let width = command.subcommands.map(\.name.count).max() ?? 0
            for sub in command.subcommands {
                let name = String(sub.name.split(separator: " ").last ?? "")
                lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + sub.abstract)
            }
        }
        if !command.arguments.isEmpty {
            lines += ["", "Arguments:"]
            for argument in command.arguments { lines.append("  <\(argument.name)>  \(argument.help)") }
        }
        let options = command.options + [OptionSpec.flag("-h", "--help", help: "Show this help.")]
        lines += ["", "Options:"]
        let labels = options.map { spec in
            spec.names.joined(separator: ", ") + (spec.valueName.map { " \($0)" } ?? "")
        }
        let width = labels.map(\.count).max() ?? 0
        for (label, spec) in zip(labels, options) {
            var help = spec.help
            if !spec.allowed.isEmpty { help += " (\(spec.allowed.joined(separator: "|")))" }
            if spec.repeatable { help += " Repeatable." }
            lines.append("  " + label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + help)
        }
        if !command.discussion.isEmpty { lines += ["", command.discussion] }
        return lines.joined(separator: "\n")
    }
}
