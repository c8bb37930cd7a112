import DroverModel
import DroverOrchestrator
import DroverStore

/// The API's resources in Rancher's v2-beta shape: `id`, `type`, `state`, `transitioning`, `links`, and `actions`
/// listing only what is valid in the current state. `base` is the environment's URL
/// (`http://host:port/v2-beta/projects/<env>`).
enum Resources {
    static func project(_ environment: StoredEnvironment, root: String) -> ProjectResource {
        let base = "\(root)/projects/\(environment.id)"
        return ProjectResource(id: environment.id, name: environment.name, links: [
            "self": base, "stacks": "\(base)/stacks", "services": "\(base)/services", "containers": "\(base)/containers",
            "hosts": "\(base)/hosts", "events": "\(base)/events", "registrationTokens": "\(base)/registrationtokens", "apiKeys": "\(base)/apikeys",
        ])
    }

    static func stack(_ stack: StoredStack, services: [StoredService], base: String) -> StackResource {
        let url = "\(base)/stacks/\(stack.name)"
        return StackResource(id: stack.name, name: stack.name, state: stack.state, transitioning: transitioning(stack.state),
                             transitioningMessage: stack.transitioningMessage, description: stack.description, externalId: stack.externalId,
                             revision: stack.currentRevision, previousRevision: stack.previousRevision, serviceIds: services.map(serviceId),
                             created: stack.created,
                             links: ["self": url, "services": "\(base)/services?stackId=\(stack.name)", "revisions": "\(url)/revisions"],
                             actions: Dictionary(uniqueKeysWithValues: stackActions(stack).map { ($0.rawValue, "\(url)?action=\($0.rawValue)") }))
    }

    static func service(_ service: StoredService, instances: [StoredInstance], base: String) -> ServiceResource {
        let url = "\(base)/services/\(serviceId(service))"
        let definition = service.definition
        let mine = instances.filter { $0.serviceId == service.id && $0.launchConfig == service.name }
        return ServiceResource(
            id: serviceId(service), type: service.kind == .service ? "service" : "\(service.kind.rawValue)Service", kind: service.kind,
            name: service.name, stackId: service.stackName, state: service.state, transitioning: transitioning(service.state),
            transitioningMessage: service.transitioningMessage, scale: definition.global ? definition.scale : definition.scale ?? 1,
            global: definition.global, currentScale: mine.filter { $0.state == .running }.count,
            healthState: ServiceHealth.of(mine.filter { $0.state == .running && $0.version == service.versions[service.name] ?? 1 }.map(\.health),
                                          startedOnce: startedOnce(service, mine)),
            launchConfig: .init(image: definition.launchConfig.image, version: service.versions[service.name] ?? 1),
            secondaryLaunchConfigs: definition.sidekicks.map { .init(name: $0.name, image: $0.image, version: service.versions[$0.name] ?? 1) },
            upgrade: service.previousVersions.map(ServiceResource.Upgrade.init),
            instanceIds: instances.filter { $0.serviceId == service.id }.map(\.name),
            links: ["self": url, "stack": "\(base)/stacks/\(service.stackName)", "instances": "\(base)/containers?serviceId=\(serviceId(service))"],
            actions: Dictionary(uniqueKeysWithValues: serviceActions(service.state).map { ($0.rawValue, "\(url)?action=\($0.rawValue)") }))
    }

    static func container(_ instance: StoredInstance, hosts: [String: StoredHost], base: String) -> ContainerResource {
        let (stack, service) = (instance.stackName, instance.serviceName)
        return ContainerResource(id: instance.name, name: instance.name, state: instance.state, hostId: instance.hostId,
                                 hostName: hosts[instance.hostId]?.name, stackId: stack, serviceId: "\(stack).\(service)",
                                 launchConfig: instance.launchConfig, unit: instance.unitIndex, version: instance.version,
                                 externalId: instance.dockerId, exitCode: instance.exitCode, healthState: instance.health,
                                 primaryIpAddress: instance.address, instanceId: instance.id,
                                 links: ["self": "\(base)/containers/\(instance.name)", "logs": "\(base)/containers/\(instance.name)/logs"])
    }

    /// A start-once service whose containers all ran and exited (Rancher's `started-once` health).
    private static func startedOnce(_ service: StoredService, _ primaries: [StoredInstance]) -> Bool {
        service.definition.launchConfig.labels["io.rancher.container.start_once"]?.lowercased() == "true"
            && !primaries.isEmpty && primaries.allSatisfy { $0.state == .exited }
    }

    static func host(_ host: StoredHost, base: String) -> HostResource {
        HostResource(id: host.id, name: host.name, state: host.state, agentIpAddress: host.address, labels: host.labels,
                     dockerVersion: host.dockerVersion, memory: host.memory.map { Int($0) }, milliCpuReservation: host.cpu,
                     lastHeartbeat: host.lastHeartbeat, links: ["self": "\(base)/hosts/\(host.id)"])
    }

    static func event(_ event: StoredEvent) -> EventResource {
        EventResource(id: event.id, resourceType: event.resourceType, resourceId: event.resourceId, actor: event.actor, action: event.action,
                      message: event.message, created: event.created)
    }

    static func revision(_ revision: StoredRevision) -> RevisionResource {
        RevisionResource(number: revision.number, dockerCompose: revision.dockerCompose, rancherCompose: revision.rancherCompose,
                         externalId: revision.externalId, environment: revision.answers, services: revision.definition.services.map(\.name))
    }

    /// The service actions valid in `state` (stack-level upgrade actions live on the stack).
    static func serviceActions(_ state: ResourceState) -> [ServiceActionName] {
        ServiceStateMachine.validActions(in: state).compactMap(\.serviceAction)
    }

    /// The stack actions valid for `stack` now: the upgrade actions its state allows (`rollback` only when there is
    /// a previous revision), `plan` whenever `upgrade` is, and `exportconfig` always.
    static func stackActions(_ stack: StoredStack) -> [StackActionName] {
        var actions = ServiceStateMachine.validActions(in: stack.state).compactMap(\.stackAction)
        if stack.previousRevision == nil { actions.removeAll { $0 == .rollback } }
        if actions.contains(.upgrade) { actions.append(.plan) }
        return actions + [.exportconfig]
    }

    /// A service's API id: `<stack>.<service>` (stack names hold no dots).
    static func serviceId(_ service: StoredService) -> String { "\(service.stackName).\(service.name)" }

    /// Rancher's `transitioning` field: `yes` while working, `error` for a failure, `no` otherwise.
    static func transitioning(_ state: ResourceState) -> String {
        if state == .error { return "error" }
        return state.isTransitioning ? "yes" : "no"
    }

    /// A collection of resources as JSON: `data` filtered by `field=value` query parameters (top-level scalar
    /// fields), paged with `limit` (default 1000) and `marker` (the offset to start from), with the link to the next page.
    static func collection<Item: Encodable>(_ resources: [Item], type: String, query: [String: String], url: String) throws -> JSONValue {
        let encoder = JSONValueEncoder()
        return collection(try resources.map { try encoder.encode($0) }, type: type, query: query, url: url)
    }

    /// A collection of resources already in their JSON form.
    static func collection(_ items: [JSONValue], type: String, query: [String: String], url: String) -> JSONValue {
        let reserved: Set<String> = ["limit", "marker", "action", "after", "wait", "tail"]
        let filters = query.filter { !reserved.contains($0.key) }
        let matching = items.filter { item in filters.allSatisfy { item[$0.key]?.scalarText == $0.value } }
        let limit = max(1, min(Int(query["limit"] ?? "") ?? 1000, 10_000))
        let start = min(max(Int(query["marker"] ?? "") ?? 0, 0), matching.count)
        let end = min(start + limit, matching.count)
        var pagination: [String: JSONValue] = ["limit": .int(limit), "total": .int(matching.count)]
        if end < matching.count {
            var next = query
            next["marker"] = String(end)
            pagination["next"] = .string(url + "?" + next.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
        }
        return ["type": "collection", "resourceType": .string(type), "data": .array(Array(matching[start..<end])), "pagination": .object(pagination)]
    }
}
