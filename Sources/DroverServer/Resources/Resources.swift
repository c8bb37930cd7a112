import DroverModel
import DroverOrchestrator
import DroverStore

/// The API's resources in Rancher's v2-beta shape: `id`, `type`, `state`, `transitioning`, `links`, and `actions`
/// listing only what is valid in the current state. `base` is the environment's URL
/// (`http://host:port/v2-beta/projects/<env>`).
enum Resources {
    static func project(_ environment: StoredEnvironment, root: String) -> JSONValue {
        let base = "\(root)/projects/\(environment.id)"
        return ["id": .string(environment.id), "type": "project", "name": .string(environment.name), "state": "active",
                "links": .object(["self": .string(base), "stacks": .string("\(base)/stacks"), "services": .string("\(base)/services"),
                                  "containers": .string("\(base)/containers"), "hosts": .string("\(base)/hosts"),
                                  "events": .string("\(base)/events"), "registrationTokens": .string("\(base)/registrationtokens"),
                                  "apiKeys": .string("\(base)/apikeys")])]
    }

    static func stack(_ stack: StoredStack, services: [StoredService], base: String) -> JSONValue {
        let url = "\(base)/stacks/\(stack.name)"
        let actions = stackActions(stack).map(\.rawValue)
        return ["id": .string(stack.name), "type": "stack", "name": .string(stack.name), "state": .string(stack.state.rawValue),
                "transitioning": .string(transitioning(stack.state)), "transitioningMessage": stack.transitioningMessage.map { .string($0) } ?? .null,
                "description": stack.description.map { .string($0) } ?? .null, "externalId": stack.externalId.map { .string($0) } ?? .null,
                "revision": .int(stack.currentRevision), "previousRevision": stack.previousRevision.map { .int($0) } ?? .null,
                "serviceIds": .array(services.map { .string(serviceId($0)) }), "created": .double(stack.created),
                "links": ["self": .string(url), "services": .string("\(base)/services?stackId=\(stack.name)"), "revisions": .string("\(url)/revisions")],
                "actions": .object(Dictionary(uniqueKeysWithValues: actions.map { ($0, JSONValue.string("\(url)?action=\($0)")) }))]
    }

    static func service(_ service: StoredService, instances: [StoredInstance], base: String) -> JSONValue {
        let url = "\(base)/services/\(serviceId(service))"
        let config = service.definition.launchConfig
        let mine = instances.filter { $0.serviceId == service.id && $0.launchConfig == service.name }
        let type = service.kind == .service ? "service" : "\(service.kind.rawValue)Service"
        let state = service.state
        return ["id": .string(serviceId(service)), "type": .string(type), "kind": .string(service.kind.rawValue), "name": .string(service.name),
                "stackId": .string(service.stackName), "state": .string(state.rawValue), "transitioning": .string(transitioning(state)),
                "transitioningMessage": service.transitioningMessage.map { .string($0) } ?? .null,
                "scale": service.definition.scale.map { .int($0) } ?? (service.definition.global ? .null : 1), "global": .bool(service.definition.global),
                "currentScale": .int(mine.filter { $0.state == .running }.count),
                "launchConfig": ["image": config.image.map { .string($0) } ?? .null, "version": .int(service.versions[service.name] ?? 1)],
                "secondaryLaunchConfigs": .array(service.definition.sidekicks.map { ["name": .string($0.name), "image": $0.image.map { .string($0) } ?? .null,
                                                                                   "version": .int(service.versions[$0.name] ?? 1)] }),
                "upgrade": service.previousVersions.map { previous in ["previousVersions": .object(previous.mapValues { .int($0) })] } ?? .null,
                "instanceIds": .array(instances.filter { $0.serviceId == service.id }.map { .string($0.name) }),
                "links": ["self": .string(url), "stack": .string("\(base)/stacks/\(service.stackName)"),
                          "instances": .string("\(base)/containers?serviceId=\(serviceId(service))")],
                "actions": .object(Dictionary(uniqueKeysWithValues: serviceActions(state).map { ($0.rawValue, JSONValue.string("\(url)?action=\($0.rawValue)")) }))]
    }

    static func container(_ instance: StoredInstance, hosts: [String: StoredHost], base: String) -> JSONValue {
        let (stack, service) = (instance.stackName, instance.serviceName)
        return ["id": .string(instance.name), "type": "container", "name": .string(instance.name), "state": .string(instance.state.rawValue),
                "transitioning": "no", "hostId": .string(instance.hostId), "hostName": hosts[instance.hostId].map { .string($0.name) } ?? .null,
                "stackId": .string(stack), "serviceId": .string("\(stack).\(service)"), "launchConfig": .string(instance.launchConfig),
                "unit": .int(instance.unitIndex), "version": .int(instance.version), "externalId": instance.dockerId.map { .string($0) } ?? .null,
                "exitCode": instance.exitCode.map { .int($0) } ?? .null, "instanceId": .string(instance.id),
                "links": ["self": .string("\(base)/containers/\(instance.name)"), "logs": .string("\(base)/containers/\(instance.name)/logs")],
                "actions": [:]]
    }

    static func host(_ host: StoredHost, base: String) -> JSONValue {
        ["id": .string(host.id), "type": "host", "name": .string(host.name), "hostname": .string(host.name), "state": .string(host.state.rawValue),
         "transitioning": "no", "agentIpAddress": host.address.map { .string($0) } ?? .null, "labels": .object(host.labels.mapValues { .string($0) }),
         "dockerVersion": host.dockerVersion.map { .string($0) } ?? .null, "memory": host.memory.map { .int(Int($0)) } ?? .null,
         "milliCpuReservation": host.cpu.map { .int($0) } ?? .null, "lastHeartbeat": host.lastHeartbeat.map { .double($0) } ?? .null,
         "links": ["self": .string("\(base)/hosts/\(host.id)")], "actions": [:]]
    }

    static func event(_ event: StoredEvent) -> JSONValue {
        ["id": .int(event.id), "type": "event", "resourceType": .string(event.resourceType), "resourceId": .string(event.resourceId),
         "actor": .string(event.actor), "action": .string(event.action), "message": .string(event.message)]
    }

    static func revision(_ revision: StoredRevision) -> JSONValue {
        ["id": .int(revision.number), "type": "revision", "number": .int(revision.number), "dockerCompose": .string(revision.dockerCompose),
         "rancherCompose": revision.rancherCompose.map { .string($0) } ?? .null, "externalId": revision.externalId.map { .string($0) } ?? .null,
         "environment": .object(revision.answers.mapValues { .string($0) }),
         "services": .array(revision.definition.services.map { .string($0.name) })]
    }

    /// The service actions valid in `state` (stack-level upgrade actions live on the stack).
    static func serviceActions(_ state: ResourceState) -> [ServiceActionName] {
        ServiceStateMachine.validActions(in: state).compactMap { ServiceActionName(rawValue: $0.rawValue) }
    }

    /// The stack actions valid for `stack` now: the upgrade actions its state allows (`rollback` only when there is
    /// a previous revision), `plan` whenever `upgrade` is, and `exportconfig` always.
    static func stackActions(_ stack: StoredStack) -> [StackActionName] {
        var actions = ServiceStateMachine.validActions(in: stack.state).compactMap { StackActionName(rawValue: $0.rawValue) }
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

    /// A collection: `data` filtered by `field=value` query parameters (top-level scalar fields), paged with
    /// `limit` (default 1000) and `marker` (the offset to start from), with the link to the next page.
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
