/// One option a command accepts: its names, whether it takes a value, and its help line.
struct OptionSpec {
    /// Names as typed, e.g. `["-f", "--file"]`; the last one is the canonical key.
    var names: [String]
    /// Placeholder shown in help (`FILE`); nil for a flag.
    var valueName: String?
    var help: String
    /// May be given more than once (values accumulate).
    var repeatable: Bool = false
    /// Allowed values, checked while parsing and listed in help.
    var allowed: [String] = []
    /// For a whole-number option: the smallest value allowed (checked while parsing); nil for other options.
    var minimum: Int?

    var key: String { names.last! }
    var isFlag: Bool { valueName == nil }

    static func flag(_ names: String..., help: String) -> OptionSpec {
        OptionSpec(names: names, valueName: nil, help: help)
    }

    static func value(_ names: String..., valueName: String, help: String, repeatable: Bool = false, allowed: [String] = []) -> OptionSpec {
        OptionSpec(names: names, valueName: valueName, help: help, repeatable: repeatable, allowed: allowed)
    }

    /// An option whose value is a whole number of at least `minimum`, checked while parsing.
    static func number(_ names: String..., valueName: String, minimum: Int, help: String) -> OptionSpec {
        OptionSpec(names: names, valueName: valueName, help: help, minimum: minimum)
    }

    /// `--wait-timeout SECONDS`, shared by every command that waits.
    static let waitTimeout = OptionSpec.number("--wait-timeout", valueName: "SECONDS", minimum: 1,
                                               help: "Give up waiting after this long (default 600); exit 3.")

    /// `--format` with `text` and `json`, shared by every command that prints results.
    static let format = OptionSpec.value("--format", valueName: "FORMAT", help: "Output format.", allowed: ["text", "json"])
}

/// A positional argument of a command.
struct ArgumentSpec {
    var name: String
    var help: String
    var optional: Bool = false
    /// Takes every remaining positional argument (`STACK…`).
    var variadic: Bool = false
}

/// What a command accepts and how it is described in `--help`.
struct CommandSpec {
    var name: String
    var abstract: String
    var options: [OptionSpec] = []
    var arguments: [ArgumentSpec] = []
    var subcommands: [CommandSpec] = []
    /// Extra text after the option list (examples, exit codes).
    var discussion: String = ""
}
