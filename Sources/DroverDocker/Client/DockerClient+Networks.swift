import DroverBasics
import DroverModel
import Foundation

extension DockerClient {
    /// `POST /networks/create`; returns the id. With `ifMissing`, an existing network of that name is returned instead.
    /// Creations are serialised (`networkCreation`): Docker's duplicate check races, and two concurrent creates of one
    /// name would leave two networks that name then cannot resolve.
    package func createNetwork(_ name: String, driver: String = "bridge", labels: [String: String] = [:],
                              ifMissing: Bool = true) throws(DockerError) -> String {
        try networkCreation.withLock { _ throws(DockerError) in try createNetworkNow(name, driver: driver, labels: labels, ifMissing: ifMissing) }
    }

    private func createNetworkNow(_ name: String, driver: String, labels: [String: String], ifMissing: Bool) throws(DockerError) -> String {
        if ifMissing, let existing = try inspectNetwork(name) { return existing.id }
        let body = NetworkCreate(name: name, driver: driver, labels: labels, checkDuplicate: true)
        do {
            return try json("POST", "/networks/create", body: body, as: CreatedNetwork.self, operation: "create network \(name)").id
        } catch {
            if error.isConflict, ifMissing, let existing = try inspectNetwork(name) { return existing.id }
            throw error
        }
    }

    /// `GET /networks/{name}`; nil when missing.
    package func inspectNetwork(_ name: String) throws(DockerError) -> NetworkInfo? {
        let operation = "inspect network \(name)"
        let response = try request("GET", "/networks/\(Self.pathEscape(name))", accept: [404], operation: operation)
        if response.status == 404 { return nil }
        return try decode(NetworkInfo.self, response, operation: operation)
    }

    /// `POST /networks/{name}/connect` with aliases.
    package func connectNetwork(_ name: String, container: String, aliases: [String] = []) throws(DockerError) {
        let body = NetworkConnect(container: container, endpointConfig: EndpointSettings(aliases: aliases.isEmpty ? nil : aliases, links: nil))
        let encoded = Array((try? JSONEncoder().encode(body)) ?? Data())
        _ = try request("POST", "/networks/\(Self.pathEscape(name))/connect", body: encoded,
                        operation: "connect container \(container) to network \(name)")
    }

    /// `POST /networks/{name}/disconnect`.
    package func disconnectNetwork(_ name: String, container: String, force: Bool = false) throws(DockerError) {
        let body = "{\"Container\":\"\(container)\",\"Force\":\(force)}"
        _ = try request("POST", "/networks/\(Self.pathEscape(name))/disconnect", body: Array(body.utf8),
                        operation: "disconnect container \(container) from network \(name)")
    }

    /// `GET /networks?filters={"label":[…]}`: networks carrying every one of `labels` (`k` or `k=v`).
    package func listNetworks(labels: [String]) throws(DockerError) -> [NetworkInfo] {
        let operation = "list networks with labels \(labels.joined(separator: ","))"
        let response = try request("GET", "/networks", query: [("filters", Self.filters(["label": labels]))], operation: operation)
        return try decode([NetworkInfo].self, response, operation: operation)
    }

    /// Removes the network when no container is attached to it; one that is missing, in use, or joined meanwhile
    /// (the engine then refuses with 403) is left.
    package func removeNetworkIfUnused(_ name: String) throws(DockerError) {
        guard let network = try inspectNetwork(name), network.containers?.isEmpty ?? true else { return }
        _ = try request("DELETE", "/networks/\(Self.pathEscape(name))", accept: [403, 404, 409], operation: "remove network \(name)")
    }

    /// `DELETE /networks/{name}`; removing a missing network is not an error.
    package func removeNetwork(_ name: String) throws(DockerError) {
        _ = try request("DELETE", "/networks/\(Self.pathEscape(name))", accept: [404], operation: "remove network \(name)")
    }

    /// `POST /volumes/create` (idempotent in Docker: an existing volume is returned).
    package func createVolume(_ name: String, driver: String = "local", options: [String: String] = [:],
                             labels: [String: String] = [:]) throws(DockerError) -> VolumeInfo {
        try json("POST", "/volumes/create", body: VolumeCreate(name: name, driver: driver, driverOpts: options, labels: labels),
                 as: VolumeInfo.self, operation: "create volume \(name)")
    }

    /// `GET /volumes/{name}`; nil when missing.
    package func inspectVolume(_ name: String) throws(DockerError) -> VolumeInfo? {
        let operation = "inspect volume \(name)"
        let response = try request("GET", "/volumes/\(Self.pathEscape(name))", accept: [404], operation: operation)
        if response.status == 404 { return nil }
        return try decode(VolumeInfo.self, response, operation: operation)
    }

    /// `DELETE /volumes/{name}`; removing a missing volume is not an error.
    package func removeVolume(_ name: String, force: Bool = false) throws(DockerError) {
        _ = try request("DELETE", "/volumes/\(Self.pathEscape(name))", query: [("force", String(force))], accept: [404],
                        operation: "remove volume \(name)")
    }
}

/// The parts of a network Drover uses.
package struct NetworkInfo: Decodable, Sendable {
    package var id: String
    package var name: String
    package var driver: String
    package var labels: [String: String]?
    /// Container id → endpoint, of the containers attached now.
    package var containers: [String: Endpoint]?

    /// A container's attachment to the network.
    package struct Endpoint: Decodable, Sendable {
        package var name: String

        enum CodingKeys: String, CodingKey { case name = "Name" }
    }

    enum CodingKeys: String, CodingKey { case id = "Id", name = "Name", driver = "Driver", labels = "Labels", containers = "Containers" }
}

/// The parts of a volume Drover uses.
package struct VolumeInfo: Decodable, Sendable {
    package var name: String
    package var driver: String
    package var mountpoint: String?
    package var labels: [String: String]?

    enum CodingKeys: String, CodingKey { case name = "Name", driver = "Driver", mountpoint = "Mountpoint", labels = "Labels" }
}

struct NetworkCreate: Encodable {
    var name: String
    var driver: String
    var labels: [String: String]
    var checkDuplicate: Bool

    enum CodingKeys: String, CodingKey { case name = "Name", driver = "Driver", labels = "Labels", checkDuplicate = "CheckDuplicate" }
}

struct CreatedNetwork: Decodable {
    var id: String

    enum CodingKeys: String, CodingKey { case id = "Id" }
}

struct NetworkConnect: Encodable {
    var container: String
    var endpointConfig: EndpointSettings

    enum CodingKeys: String, CodingKey { case container = "Container", endpointConfig = "EndpointConfig" }
}

struct VolumeCreate: Encodable {
    var name: String
    var driver: String
    var driverOpts: [String: String]
    var labels: [String: String]

    enum CodingKeys: String, CodingKey { case name = "Name", driver = "Driver", driverOpts = "DriverOpts", labels = "Labels" }
}
