/// A load balancer's custom `config` text, split into sections and merged into the generated configuration as Rancher
/// merged it: a custom `global` or `defaults` line replaces the built-in line with the same key (`maxconn`,
/// `timeout client`, `option forwardfor`), else is added; `frontend <port>` lines go into that frontend;
/// `backend <name>` lines into that backend and a bare `backend` into every backend, where `server $IP <options>`
/// adds its options to every server line; any other section (a `userlist`, a `resolvers`) is appended as it is. Pure.
struct CustomConfig: Equatable, Sendable {
    /// One section: its header line and its lines, trimmed.
    struct Section: Equatable, Sendable {
        var header: String
        var lines: [String]
    }

    var sections: [Section] = []

    /// Splits `text`: an unindented line opens a section, indented lines belong to it; blank lines and comments go.
    init(_ text: String?) {
        for raw in (text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if raw.first == " " || raw.first == "\t", !sections.isEmpty {
                sections[sections.count - 1].lines.append(line)
            } else {
                sections.append(Section(header: line.split(separator: " ").joined(separator: " "), lines: []))
            }
        }
    }

    /// The lines of sections with header `header`.
    func lines(_ header: String) -> [String] {
        sections.filter { $0.header == header }.flatMap(\.lines)
    }

    /// The built-in `global` or `defaults` lines with the custom ones of that section merged in.
    func merged(_ builtIn: [String]) -> [String] {
        let header = builtIn[0]
        var body = Array(builtIn.dropFirst())
        for line in lines(header) {
            if let index = body.firstIndex(where: { Self.key($0) == Self.key(line) }) {
                body[index] = "    " + line
            } else {
                body.append("    " + line)
            }
        }
        return [header] + body
    }

    /// The frontend with its custom lines, after its bind and mode.
    func merged(frontend lines: [String], port: Int) -> [String] {
        let custom = self.lines("frontend \(port)").map { "    " + $0 }
        return Array(lines.prefix(3)) + custom + lines.dropFirst(3)
    }

    /// The backend with the custom lines of `backend <name>` and of a bare `backend`, after its mode; `server $IP …`
    /// lines add their options to every server line.
    func merged(backend lines: [String], name: String) -> [String] {
        let custom = self.lines("backend") + self.lines("backend \(name)")
        let serverOptions = custom.filter { $0.hasPrefix("server $IP ") }.map { String($0.dropFirst("server $IP ".count)) }
        let added = custom.filter { !$0.hasPrefix("server $IP ") }.map { "    " + $0 }
        let body = lines.dropFirst(2).map { line in
            line.hasPrefix("    server ") && !serverOptions.isEmpty ? line + " " + serverOptions.joined(separator: " ") : line
        }
        return Array(lines.prefix(2)) + added + body
    }

    /// Sections Drover does not generate, as written.
    var others: [[String]] {
        sections.filter { !["global", "defaults", "backend"].contains($0.header) && !$0.header.hasPrefix("frontend ") && !$0.header.hasPrefix("backend ") }
            .map { [$0.header] + $0.lines.map { "    " + $0 } }
    }

    /// The key a line sets: its first word, with the second for `timeout`, `option` and `no` (`timeout client`).
    static func key(_ line: String) -> String {
        let words = line.split(separator: " ")
        guard let first = words.first else { return "" }
        return ["timeout", "option", "no"].contains(String(first)) && words.count > 1 ? "\(first) \(words[1])" : String(first)
    }
}
