/// The API's resources in Rancher's v2-beta shape, as one set of types the server encodes and the CLI decodes: `id`,
/// `type`, `state`, `transitioning` (`yes`, `no` or `error`), `links`, and `actions` listing only what is valid now.

/// An environment (Rancher's project).
package struct ProjectResource: Codable, Equatable, Sendable {
    package var id: String
    package var type = "project"
    package var name: String
    package var state = "active"
    package var links: [String: String]

    package init(id: String, name: String, links: [String: String]) {
        self.id = id
        self.name = name
        self.links = links
    }
}

/// A stack; `dockerCompose`, `rancherCompose` and `environment` are filled when one stack is shown, `change` in the
/// answer to an upgrade or a rollback to a revision.
package struct StackResource: Codable, Equatable, Sendable {
    package var id: String
    package var type = "stack"
    package var name: String
    package var state: ResourceState
    package var transitioning: String
    package var transitioningMessage: String?
    package var description: String?
    package var externalId: String?
    package var revision: Int
    package var previousRevision: Int?
    package var serviceIds: [String]
    package var created: Double
    package var links: [String: String]
    package var actions: [String: String]
    package var dockerCompose: String?
    package var rancherCompose: String?
    package var environment: [String: String]?
    package var change: StackChangeResource?
    /// In the answer to a create or an upgrade: what loading its files warned about.
    package var warnings: [String]?
    /// In the answer to a removal: the stack's named Docker volumes, and whether they go too.
    package var volumes: [String]?
    package var volumesRemoved: Bool?

    package init(id: String, name: String, state: ResourceState, transitioning: String, transitioningMessage: String?, description: String?,
                 externalId: String?, revision: Int, previousRevision: Int?, serviceIds: [String], created: Double, links: [String: String],
                 actions: [String: String]) {
        self.id = id
        self.name = name
        self.state = state
        self.transitioning = transitioning
        self.transitioningMessage = transitioningMessage
        self.description = description
        self.externalId = externalId
        self.revision = revision
        self.previousRevision = previousRevision
        self.serviceIds = serviceIds
        self.created = created
        self.links = links
        self.actions = actions
    }
}

/// What an upgrade changes: services upgraded (launch config → new version), updated in place, added, removed.
package struct StackChangeResource: Codable, Equatable, Sendable {
    package var upgraded: [String: [String: Int]]
    package var updated: [String]
    package var added: [String]
    package var removed: [String]
    package var noChange: Bool

    package init(upgraded: [String: [String: Int]], updated: [String], added: [String], removed: [String], noChange: Bool) {
        self.upgraded = upgraded
        self.updated = updated
        self.added = added
        self.removed = removed
        self.noChange = noChange
    }
}

/// A service (`<stack>.<service>`); `type` is `service`, `loadBalancerService`, `externalService` or `aliasService`.
package struct ServiceResource: Codable, Equatable, Sendable {
    /// The image and version of the primary launch config.
    package struct LaunchConfigSummary: Codable, Equatable, Sendable {
        package var image: String?
        package var version: Int

        package init(image: String?, version: Int) {
            self.image = image
            self.version = version
        }
    }

    /// The name, image and version of a sidekick's launch config.
    package struct SecondaryLaunchConfigSummary: Codable, Equatable, Sendable {
        package var name: String
        package var image: String?
        package var version: Int

        package init(name: String, image: String?, version: Int) {
            self.name = name
            self.image = image
            self.version = version
        }
    }

    /// The launch-config versions an unfinished upgrade came from.
    package struct Upgrade: Codable, Equatable, Sendable {
        package var previousVersions: [String: Int]

        package init(previousVersions: [String: Int]) {
            self.previousVersions = previousVersions
        }
    }

    package var id: String
    package var type: String
    package var kind: ServiceKind
    package var name: String
    package var stackId: String
    package var state: ResourceState
    package var transitioning: String
    package var transitioningMessage: String?
    /// Nil for a global service.
    package var scale: Int?
    package var global: Bool
    /// Running containers of the primary launch config.
    package var currentScale: Int
    /// From its running containers' health (nil while none runs).
    package var healthState: ServiceHealth?
    package var launchConfig: LaunchConfigSummary
    package var secondaryLaunchConfigs: [SecondaryLaunchConfigSummary]
    package var upgrade: Upgrade?
    package var instanceIds: [String]
    package var links: [String: String]
    package var actions: [String: String]

    package init(id: String, type: String, kind: ServiceKind, name: String, stackId: String, state: ResourceState, transitioning: String,
                 transitioningMessage: String?, scale: Int?, global: Bool, currentScale: Int, healthState: ServiceHealth?,
                 launchConfig: LaunchConfigSummary,
                 secondaryLaunchConfigs: [SecondaryLaunchConfigSummary], upgrade: Upgrade?, instanceIds: [String], links: [String: String],
                 actions: [String: String]) {
        self.id = id
        self.type = type
        self.kind = kind
        self.name = name
        self.stackId = stackId
        self.state = state
        self.transitioning = transitioning
        self.transitioningMessage = transitioningMessage
        self.scale = scale
        self.global = global
        self.currentScale = currentScale
        self.healthState = healthState
        self.launchConfig = launchConfig
        self.secondaryLaunchConfigs = secondaryLaunchConfigs
        self.upgrade = upgrade
        self.instanceIds = instanceIds
        self.links = links
        self.actions = actions
    }
}

/// A container (one instance of a launch config).
package struct ContainerResource: Codable, Equatable, Sendable {
    package var id: String
    package var type = "container"
    package var name: String
    package var state: InstanceReport.State
    package var transitioning = "no"
    package var hostId: String
    package var hostName: String?
    package var stackId: String
    package var serviceId: String
    package var launchConfig: String
    package var unit: Int
    package var version: Int
    /// The Docker container id.
    package var externalId: String?
    package var exitCode: Int?
    /// Its health while its agent checks it (the service has a `health_check`).
    package var healthState: HealthState?
    /// Its address on the environment's network.
    package var primaryIpAddress: String?
    package var instanceId: String
    package var links: [String: String]
    package var actions: [String: String] = [:]

    package init(id: String, name: String, state: InstanceReport.State, hostId: String, hostName: String?, stackId: String, serviceId: String,
                 launchConfig: String, unit: Int, version: Int, externalId: String?, exitCode: Int?, healthState: HealthState?,
                 primaryIpAddress: String?, instanceId: String, links: [String: String]) {
        self.healthState = healthState
        self.primaryIpAddress = primaryIpAddress
        self.id = id
        self.name = name
        self.state = state
        self.hostId = hostId
        self.hostName = hostName
        self.stackId = stackId
        self.serviceId = serviceId
        self.launchConfig = launchConfig
        self.unit = unit
        self.version = version
        self.externalId = externalId
        self.exitCode = exitCode
        self.instanceId = instanceId
        self.links = links
    }
}

/// A host and what its agent registered.
package struct HostResource: Codable, Equatable, Sendable {
    package var id: String
    package var type = "host"
    package var name: String
    package var hostname: String
    package var state: HostState
    package var transitioning = "no"
    package var agentIpAddress: String?
    package var labels: [String: String]
    package var dockerVersion: String?
    package var memory: Int?
    package var milliCpuReservation: Int?
    package var lastHeartbeat: Double?
    package var links: [String: String]
    package var actions: [String: String] = [:]

    package init(id: String, name: String, state: HostState, agentIpAddress: String?, labels: [String: String], dockerVersion: String?,
                 memory: Int?, milliCpuReservation: Int?, lastHeartbeat: Double?, links: [String: String]) {
        self.id = id
        self.name = name
        self.hostname = name
        self.state = state
        self.agentIpAddress = agentIpAddress
        self.labels = labels
        self.dockerVersion = dockerVersion
        self.memory = memory
        self.milliCpuReservation = milliCpuReservation
        self.lastHeartbeat = lastHeartbeat
        self.links = links
    }
}

/// One entry of the event log.
package struct EventResource: Codable, Equatable, Sendable {
    package var id: Int
    package var type = "event"
    package var resourceType: String
    package var resourceId: String
    package var actor: String
    package var action: String
    package var message: String
    /// When it happened, in seconds since 1970.
    package var created: Double

    package init(id: Int, resourceType: String, resourceId: String, actor: String, action: String, message: String, created: Double) {
        self.id = id
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.actor = actor
        self.action = action
        self.message = message
        self.created = created
    }
}

/// A stored revision of a stack.
package struct RevisionResource: Codable, Equatable, Sendable {
    package var id: Int
    package var type = "revision"
    package var number: Int
    package var dockerCompose: String
    package var rancherCompose: String?
    package var externalId: String?
    package var environment: [String: String]
    package var services: [String]

    package init(number: Int, dockerCompose: String, rancherCompose: String?, externalId: String?, environment: [String: String],
                 services: [String]) {
        self.id = number
        self.number = number
        self.dockerCompose = dockerCompose
        self.rancherCompose = rancherCompose
        self.externalId = externalId
        self.environment = environment
        self.services = services
    }
}

/// What a change would do, per host, with the `docker run` line of each container created (`?action=plan`, `dryRun`).
package struct PlanResource: Codable, Equatable, Sendable {
    /// One container action.
    package struct Step: Codable, Equatable, Sendable {
        package var action: String
        package var container: String
        package var version: Int
        package var reason: String
        package var dockerRun: String?

        package init(action: String, container: String, version: Int, reason: String, dockerRun: String?) {
            self.action = action
            self.container = container
            self.version = version
            self.reason = reason
            self.dockerRun = dockerRun
        }
    }

    /// The services an upgrade touches, by how.
    package struct Change: Codable, Equatable, Sendable {
        package var upgraded: [String]
        package var updated: [String]
        package var added: [String]
        package var removed: [String]

        package init(upgraded: [String], updated: [String], added: [String], removed: [String]) {
            self.upgraded = upgraded
            self.updated = updated
            self.added = added
            self.removed = removed
        }
    }

    package var type = "plan"
    package var stack: String
    /// Host name → its steps in order.
    package var hosts: [String: [Step]]
    /// `stack/service` → why units cannot be placed.
    package var unschedulable: [String: String]
    package var change: Change?
    /// `stack/service` → how the change alters that load balancer's HAProxy configuration (a unified diff; new
    /// containers appear as `<name>` where their address will be).
    package var loadBalancers: [String: String]?

    package init(stack: String, hosts: [String: [Step]], unschedulable: [String: String], change: Change?,
                 loadBalancers: [String: String]? = nil) {
        self.stack = stack
        self.hosts = hosts
        self.unschedulable = unschedulable
        self.change = change
        self.loadBalancers = loadBalancers
    }
}

/// A page of a collection: `data`, and the link to the next page while there is one.
package struct CollectionResource<Item: Codable & Sendable>: Codable, Sendable {
    /// How the page was cut.
    package struct Pagination: Codable, Equatable, Sendable {
        package var limit: Int
        package var total: Int
        package var next: String?
    }

    package var type = "collection"
    package var resourceType: String
    package var data: [Item]
    package var pagination: Pagination?
}

/// The compose texts and answers that recreate a stack (`?action=exportconfig`).
package struct ComposeConfigResource: Codable, Equatable, Sendable {
    package var type = "composeConfig"
    package var dockerComposeConfig: String
    package var rancherComposeConfig: String
    package var environment: [String: String]
    package var externalId: String?

    package init(dockerComposeConfig: String, rancherComposeConfig: String, environment: [String: String], externalId: String?) {
        self.dockerComposeConfig = dockerComposeConfig
        self.rancherComposeConfig = rancherComposeConfig
        self.environment = environment
        self.externalId = externalId
    }
}

/// A registration token agents join an environment with, and the command that does it.
package struct RegistrationTokenResource: Codable, Equatable, Sendable {
    package var type = "registrationToken"
    package var token: String
    package var environmentId: String
    package var state = "active"
    package var command: String

    package init(token: String, environmentId: String, command: String) {
        self.token = token
        self.environmentId = environmentId
        self.command = command
    }
}

/// An API key; the secret only in the answer that created it.
package struct APIKeyResource: Codable, Equatable, Sendable {
    package var type = "apiKey"
    package var publicValue: String
    package var secretValue: String?
    package var role: KeyRole
    package var name: String?
    package var environmentId: String?

    package init(publicValue: String, secretValue: String? = nil, role: KeyRole, name: String? = nil, environmentId: String? = nil) {
        self.publicValue = publicValue
        self.secretValue = secretValue
        self.role = role
        self.name = name
        self.environmentId = environmentId
    }
}

/// A catalog template (`<catalog>:<template>`); one template shown alone also lists its versions with their
/// questions, and `?version=N` adds that version's files.
package struct TemplateResource: Codable, Equatable, Sendable {
    /// One version of the template.
    package struct Version: Codable, Equatable, Sendable {
        package var externalId: String
        package var revision: Int
        package var version: String?
        package var upgradeFrom: String?
        package var upgradeVersionLinks: [String]
        package var questions: [QuestionResource]

        package init(externalId: String, revision: Int, version: String?, upgradeFrom: String?, upgradeVersionLinks: [String],
                     questions: [QuestionResource]) {
            self.externalId = externalId
            self.revision = revision
            self.version = version
            self.upgradeFrom = upgradeFrom
            self.upgradeVersionLinks = upgradeVersionLinks
            self.questions = questions
        }
    }

    package var id: String
    package var type = "template"
    package var name: String
    package var catalogId: String
    package var category: String?
    package var description: String?
    /// The folder number of the version installed by default.
    package var defaultVersion: String?
    package var versionLinks: [String: String]
    package var links: [String: String]
    package var versions: [Version]?
    /// With `?version=N`: that version's folder number and its files by name.
    package var revision: Int?
    package var files: [String: String]?

    package init(id: String, name: String, catalogId: String, category: String?, description: String?, defaultVersion: String?,
                 versionLinks: [String: String], links: [String: String]) {
        self.id = id
        self.name = name
        self.catalogId = catalogId
        self.category = category
        self.description = description
        self.defaultVersion = defaultVersion
        self.versionLinks = versionLinks
        self.links = links
    }
}

/// A question of a template version; a password's default is never shown.
package struct QuestionResource: Codable, Equatable, Sendable {
    package var variable: String
    package var label: String?
    package var type: String
    package var required: Bool
    package var `default`: String?
    package var description: String?
    package var options: [String]

    package init(variable: String, label: String?, type: String, required: Bool, default: String?, description: String?, options: [String]) {
        self.variable = variable
        self.label = label
        self.type = type
        self.required = required
        self.default = `default`
        self.description = description
        self.options = options
    }
}

/// A certificate of the environment: what it certifies and until when; never its key.
package struct CertificateResource: Codable, Equatable, Sendable {
    package var id: String
    package var type = "certificate"
    package var name: String
    package var commonName: String?
    package var subjectAlternativeNames: [String]
    /// Seconds since 1970.
    package var notBefore: Double
    package var notAfter: Double
    package var links: [String: String]

    package init(name: String, commonName: String?, subjectAlternativeNames: [String], notBefore: Double, notAfter: Double, links: [String: String]) {
        self.id = name
        self.name = name
        self.commonName = commonName
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.links = links
    }
}

/// The last lines of a container's output, and when each was written (`<seconds>.<nanoseconds>`, the form `since` takes).
package struct LogsResource: Codable, Equatable, Sendable {
    package var type = "logs"
    package var container: String
    package var lines: [String]
    package var times: [String]

    package init(container: String, lines: [String], times: [String]) {
        self.container = container
        self.lines = lines
        self.times = times
    }
}

/// Rancher's error resource: the status, a code, a message a person can act on, and the precise diagnostics
/// (`file:line:column: path: message`) when there are any.
package struct ErrorResource: Codable, Equatable, Sendable {
    package var type = "error"
    package var status: Int
    package var code: String
    package var message: String
    package var detail: [String]?

    package init(status: Int, code: String, message: String, detail: [String]?) {
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
    }
}
