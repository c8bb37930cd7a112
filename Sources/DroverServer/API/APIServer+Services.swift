import DroverDocker
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// Services (list, show, `PUT {scale}`), containers (list, show, logs), hosts and the event log of an environment.
extension APIServer {
    func listServices(_ request: APIRequest) throws -> HTTPResponse {
        try serviceCollection(request, loadBalancersOnly: false)
    }

    /// `loadbalancerservices`: the services of kind loadBalancer, as Rancher lists them apart.
    func listLoadBalancers(_ request: APIRequest) throws -> HTTPResponse {
        try serviceCollection(request, loadBalancersOnly: true)
    }

    func showLoadBalancer(_ request: APIRequest) throws -> HTTPResponse {
        guard try service(request).kind == .loadBalancer else {
            throw APIError.notFound("no load balancer \"\(request.parameters["service"] ?? "")\" (it is a service: see /services)")
        }
        return try showService(request)
    }

    private func serviceCollection(_ request: APIRequest, loadBalancersOnly: Bool) throws -> HTTPResponse {
        try cached(request) {
            let store = controller.store
            let environmentId = request.environment!.id
            // Each service is given its own instances (filtering all of them for each was services × instances), and
            // `stackId=` (what `drover up` polls while it waits) reads one stack's rows instead of the environment's.
            let stackId = request.query["stackId"].map { Controller.stackId(environmentId, $0) }
            let instances = Dictionary(grouping: try store.instances(environmentId: environmentId, stackId: stackId), by: \.serviceId)
            let services = try stackId.map { try store.services(stackId: $0) } ?? store.services(environmentId: environmentId)
            let items = services.filter { !loadBalancersOnly || $0.kind == .loadBalancer }
                .map { Resources.service($0, instances: instances[$0.id] ?? [], base: request.base) }
            return .json(try Resources.collection(items, type: loadBalancersOnly ? "loadBalancerService" : "service", query: request.query,
                                              url: "\(request.base)/\(loadBalancersOnly ? "loadbalancerservices" : "services")"))
        }
    }

    func showService(_ request: APIRequest) throws -> HTTPResponse {
        let service = try service(request)
        return try .resource(Resources.service(service, instances: try controller.store.instances(environmentId: service.environmentId, serviceId: service.id),
                                       base: request.base))
    }

    func updateService(_ request: APIRequest) throws -> HTTPResponse {
        let service = try service(request)
        let body = try request.decode(ServiceUpdateRequest.self)
        if body.dryRun == true { return try .resource(try scalePlan(service, to: body.scale)) }
        try controller.scale(service.id, to: body.scale, actor: request.actor)
        let updated = try controller.store.service(service.id) ?? service
        return try .resource(Resources.service(updated, instances: try controller.store.instances(environmentId: service.environmentId, serviceId: service.id),
                                       base: request.base), status: 202)
    }

    /// Removes one service with its containers.
    func removeService(_ request: APIRequest) throws -> HTTPResponse {
        let service = try service(request)
        try controller.removeService(service.id, actor: request.actor)
        return try .resource(Resources.service(service, instances: [], base: request.base), status: 202)
    }

    /// `?action=restart` (rolling, `batchSize`, `intervalMillis`), `activate`, `deactivate`.
    func serviceAction(_ request: APIRequest) throws -> HTTPResponse {
        let service = try service(request)
        let body = try request.decode(ServiceActionRequest.self)
        switch try request.action(ServiceActionName.self, of: "service") {
        case .restart:
            try controller.restart(service.id, batchSize: body.batchSize ?? 1, intervalMillis: body.intervalMillis ?? 0, actor: request.actor)
        case .activate:
            try controller.activate(service.id, actor: request.actor)
        case .deactivate:
            try controller.deactivate(service.id, actor: request.actor)
        }
        let updated = try controller.store.service(service.id) ?? service
        return try .resource(Resources.service(updated, instances: try controller.store.instances(environmentId: service.environmentId, serviceId: service.id),
                                       base: request.base), status: 202)
    }

    func listContainers(_ request: APIRequest) throws -> HTTPResponse {
        try cached(request) {
            let hosts = try hostsById(request)
            let items = try controller.store.instances(environmentId: request.environment!.id).map { Resources.container($0, hosts: hosts, base: request.base) }
            return .json(try Resources.collection(items, type: "container", query: request.query, url: "\(request.base)/containers"))
        }
    }

    func showContainer(_ request: APIRequest) throws -> HTTPResponse {
        try .resource(Resources.container(try container(request), hosts: try hostsById(request), base: request.base))
    }

    /// The last lines of a container's output, read by its host's agent (in-process or remote) with a `logs`
    /// instruction.
    func containerLogs(_ request: APIRequest) throws -> HTTPResponse {
        let instance = try container(request)
        guard let agent = controller.agents.agent(instance.hostId) else {
            throw APIError(status: 503, code: "HostUnavailable", message: "the agent of host \(instance.hostId) is not connected")
        }
        let (stack, service) = (instance.stackName, instance.serviceName)
        var spec = InstanceSpec(id: instance.id, environment: request.environment!.id, host: instance.hostId, stack: stack, service: service,
                                sidekick: instance.launchConfig == service ? nil : instance.launchConfig, unitIndex: instance.unitIndex,
                                deploymentUnit: instance.deploymentUnit, version: instance.version,
                                tail: max(1, min(Int(request.query["tail"] ?? "") ?? 100, 100_000)))
        spec.since = request.query["since"]
        switch agent.execute([Instruction(kind: .logs, instance: spec)]).first {
        case let .success(report)?:
            let lines = (report.output ?? []).map(LogTimestamp.split)
            return try .resource(LogsResource(container: instance.name, lines: lines.map(\.text), times: lines.map { $0.time.map { "\($0)" } ?? "" }))
        case let .failure(failure)?:
            throw APIError(status: 502, code: "AgentError", message: failure.message)
        case nil:
            throw APIError(status: 502, code: "AgentError", message: "the agent of host \(instance.hostId) answered nothing")
        }
    }

    func listHosts(_ request: APIRequest) throws -> HTTPResponse {
        let items = try controller.store.hosts(environmentId: request.environment!.id).map { Resources.host($0, base: request.base) }
        return .json(try Resources.collection(items, type: "host", query: request.query, url: "\(request.base)/hosts"))
    }

    /// Events of the environment after `after` (an event id); with `wait=S` it waits up to S seconds for new ones
    /// (the long poll behind `drover events -f` and the CLI's progress); `tail=N` gives the newest N instead;
    /// `stack=NAME` keeps those of one stack (what `drover up` and `wait` show).
    func listEvents(_ request: APIRequest) throws -> HTTPResponse {
        let after = Int(request.query["after"] ?? "") ?? 0
        let wait = min(Double(request.query["wait"] ?? "") ?? 0, 30)
        let deadline = Date().addingTimeInterval(wait)
        let environmentId = request.environment!.id
        var events: [StoredEvent] = []
        if let tail = Int(request.query["tail"] ?? "") {
            events = try controller.store.latestEvents(environmentId: environmentId, count: max(0, min(tail, 10_000)))
        } else {
            repeat {
                let seen = controller.store.eventSignal.generation
                events = try controller.store.events(environmentId: environmentId, afterId: after, limit: 1000,
                                                     stackId: request.query["stack"].map { Controller.stackId(environmentId, $0) })
                if !events.isEmpty || Date() >= deadline { break }
                controller.store.eventSignal.wait(after: seen, until: deadline)
            } while true
        }
        var query = request.query
        query["stack"] = nil
        query["limit"] = query["limit"] ?? "1000"
        return .json(try Resources.collection(events.map(Resources.event), type: "event", query: query, url: "\(request.base)/events"))
    }

    private func hostsById(_ request: APIRequest) throws -> [String: StoredHost] {
        Dictionary(uniqueKeysWithValues: try controller.store.hosts(environmentId: request.environment!.id).map { ($0.id, $0) })
    }

    /// The service named in the path (`<stack>.<service>`), in the request's environment.
    private func service(_ request: APIRequest) throws -> StoredService {
        let id = request.parameters["service"] ?? ""
        guard let dot = id.firstIndex(of: "."),
              let service = try controller.store.service("\(request.environment!.id)/\(id[..<dot])/\(id[id.index(after: dot)...])") else {
            throw APIError.notFound("no service \"\(id)\" in environment \(request.environment!.name) (service ids are <stack>.<service>)")
        }
        return service
    }

    private func container(_ request: APIRequest) throws -> StoredInstance {
        let name = request.parameters["container"] ?? ""
        guard let instance = try controller.store.instances(environmentId: request.environment!.id).first(where: { $0.name == name || $0.dockerId == name }) else {
            throw APIError.notFound("no container \"\(name)\" in environment \(request.environment!.name)")
        }
        return instance
    }
}
