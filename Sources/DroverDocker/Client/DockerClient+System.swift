import DroverModel
import Foundation

extension DockerClient {
    /// `GET /_ping`: true when the engine answers.
    package func ping() throws(DockerError) -> Bool {
        try request("GET", "/_ping", operation: "ping").text == "OK"
    }

    /// `GET /version`.
    package func version() throws(DockerError) -> VersionInfo {
        try decode(VersionInfo.self, try request("GET", "/version", operation: "read engine version"), operation: "read engine version")
    }

    /// `GET /info`: the engine's capacity and identity.
    package func info() throws(DockerError) -> EngineInfo {
        try decode(EngineInfo.self, try request("GET", "/info", operation: "read engine info"), operation: "read engine info")
    }

    /// `GET /events` with label filters, from `since` (Unix seconds, fractions allowed), passing each event until
    /// `onEvent` returns false.
    package func events(labels: [String] = [], since: Double? = nil, until: Double? = nil, onEvent: (JSONValue) -> Bool) throws(DockerError) {
        var query: [(String, String)] = []
        if !labels.isEmpty { query.append(("filters", Self.filters(["label": labels]))) }
        if let since { query.append(("since", String(format: "%.9f", since))) }
        if let until { query.append(("until", String(format: "%.9f", until))) }
        var pending: [UInt8] = []
        try stream("GET", "/events", query: query, operation: "follow events") { bytes in
            pending.append(contentsOf: bytes)
            while let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                if let event = try? JSONDecoder().decode(JSONValue.self, from: Data(line)), !onEvent(event) { return false }
            }
            return true
        }
    }

    /// Encodes Docker's `filters` query parameter.
    static func filters(_ values: [String: [String]]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The parts of `GET /info` Drover uses.
package struct EngineInfo: Decodable, Sendable {
    package var id: String
    package var name: String
    package var serverVersion: String
    package var cpus: Int
    package var memTotal: Int64
    package var kernelVersion: String?
    package var operatingSystem: String?
    package var driver: String?

    enum CodingKeys: String, CodingKey {
        case id = "ID", name = "Name", serverVersion = "ServerVersion", cpus = "NCPU", memTotal = "MemTotal"
        case kernelVersion = "KernelVersion", operatingSystem = "OperatingSystem", driver = "Driver"
    }
}
