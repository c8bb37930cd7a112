/// A command line that broke a command's rules; printed with the command's usage, exit code 64.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var command: CommandSpec

    var description: String { "error: \(message)\n\n" + Help.usageLine(command) + "\n  See '\(Help.path(command)) --help'." }
}

/// The options and positional arguments of one parsed command line.
struct ParsedArguments {
    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ key: String) -> String? { values[key]?.last }
    /// The value of a whole-number option (the parser checked it).
    func number(_ key: String) -> Int? { value(key).flatMap { Int($0) } }
    func all(_ key: String) -> [String] { values[key] ?? [] }
    func flag(_ key: String) -> Bool { flags.contains(key) }

    mutating func add(_ key: String, _ value: String) { values[key, default: []].append(value) }
    mutating func set(_ key: String) { flags.insert(key) }
}

/// Parses arguments against a `CommandSpec`: `--name value`, `--name=value`, `-f value`, flags, `--` to end options.
enum ArgumentParser {
    static func parse(_ arguments: [String], for command: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let spec = command.options.first(where: { $0.names.contains(name) }) else {
                throw UsageError(message: "unknown option '\(name)'", command: command)
            }
            if spec.isFlag {
                if inline != nil { throw UsageError(message: "option '\(name)' takes no value", command: command) }
                parsed.set(spec.key)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard index < arguments.count else { throw UsageError(message: "option '\(name)' needs a value (\(spec.valueName!))", command: command) }
                value = arguments[index]
                index += 1
            }
            if !spec.allowed.isEmpty && !spec.allowed.contains(value) {
                throw UsageError(message: "'\(value)' is not a valid value for '\(name)' (allowed: \(spec.allowed.joined(separator: ", ")))", command: command)
            }
            if let minimum = spec.minimum, (Int(value) ?? Int.min) < minimum {
                throw UsageError(message: "'\(value)' is not a valid value for '\(name)' (a whole number of at least \(minimum))", command: command)
            }
            if !spec.repeatable && parsed.value(spec.key) != nil {
                throw UsageError(message: "option '\(name)' was given more than once", command: command)
            }
            parsed.add(spec.key, value)
        }
        let required = command.arguments.filter { !$0.optional }.count
        if parsed.positionals.count < required {
            let missing = command.arguments[parsed.positionals.count]
            throw UsageError(message: "missing argument <\(missing.name)>", command: command)
        }
        if parsed.positionals.count > command.arguments.count && command.arguments.last?.variadic != true {
            throw UsageError(message: "unexpected argument '\(parsed.positionals[command.arguments.count])'", command: command)
        }
        return parsed
    }

    /// Parses repeated `K=V` options into a map, naming the option in the error.
    static func keyValues(_ items: [String], option: String, command: CommandSpec) throws(UsageError) -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw UsageError(message: "'\(item)' for '\(option)' is not KEY=VALUE", command: command)
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
