import DroverModel

/// The OpenAPI 3 description of the API, served at `/v2-beta/openapi.json`. A test checks that it lists exactly the
/// server's routes.
enum OpenAPIDocument {
    /// (method, path, summary, request body schema name or nil, success status).
    static let operations: [(String, String, String, String?, Int)] = [
        ("GET", "/ping", "Liveness: answers pong without a key.", nil, 200),
        ("GET", "/metrics", "Prometheus metrics for the environments the key sees.", nil, 200),
        ("GET", "/v2-beta/openapi.json", "This document.", nil, 200),
        ("GET", "/v2-beta", "API root with links.", nil, 200),
        ("POST", "/v2-beta/agent/register", "Register a host with a registration token; returns the host's credential.", "AgentRegistrationRequest", 200),
        ("GET", "/v2-beta/agent/instructions", "Long-poll for the host's instructions (agent credential).", nil, 200),
        ("POST", "/v2-beta/agent/results", "Report instruction results (agent credential).", "AgentReport", 204),
        ("POST", "/v2-beta/agent/heartbeat", "Heartbeat with every container of the host (agent credential).", "AgentReport", 204),
        ("GET", "/v2-beta/templates", "Catalog templates.", nil, 200),
        ("GET", "/v2-beta/templates/{template}", "One template with its versions and questions.", nil, 200),
        ("GET", "/v2-beta/projects", "Environments the key sees.", nil, 200),
        ("POST", "/v2-beta/projects", "Create an environment (admin keys).", "ProjectCreate", 201),
        ("GET", "/v2-beta/projects/{env}", "One environment.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/stacks", "Stacks; filter with field=value, page with limit and marker.", nil, 200),
        ("POST", "/v2-beta/projects/{env}/stacks", "Create a stack from compose texts or a catalog externalId; ?action=plan to plan only.", "StackCreate", 201),
        ("GET", "/v2-beta/projects/{env}/stacks/{stack}", "One stack with its compose texts and answers.", nil, 200),
        ("POST", "/v2-beta/projects/{env}/stacks/{stack}",
         "Stack actions: ?action=upgrade|plan|finishupgrade|rollback|cancelupgrade|continueupgrade|exportconfig.", "StackAction", 202),
        ("DELETE", "/v2-beta/projects/{env}/stacks/{stack}", "Remove a stack and its containers.", nil, 202),
        ("GET", "/v2-beta/projects/{env}/stacks/{stack}/revisions", "The stack's immutable revisions.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/services", "Services.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/services/{service}", "One service (<stack>.<service>).", nil, 200),
        ("GET", "/v2-beta/projects/{env}/loadbalancerservices", "Services of kind loadBalancer.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/loadbalancerservices/{service}", "One load balancer service (<stack>.<service>).", nil, 200),
        ("PUT", "/v2-beta/projects/{env}/services/{service}", "Change a service's scale.", "ServiceUpdate", 202),
        ("POST", "/v2-beta/projects/{env}/services/{service}", "Service actions: ?action=restart (rolling; batchSize, intervalMillis)|activate|deactivate.",
         "ServiceAction", 202),
        ("GET", "/v2-beta/projects/{env}/containers", "Containers.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/containers/{container}", "One container.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/containers/{container}/logs", "The last lines of a container's output (?tail=N), read by its host's agent.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/hosts", "Hosts.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/events", "The event log after ?after=ID, waiting up to ?wait=S seconds for new events.", nil, 200),
        ("GET", "/v2-beta/projects/{env}/registrationtokens", "Registration tokens for agents.", nil, 200),
        ("POST", "/v2-beta/projects/{env}/registrationtokens", "Make a registration token.", nil, 201),
        ("GET", "/v2-beta/projects/{env}/apikeys", "API keys of the environment (secrets never shown).", nil, 200),
        ("POST", "/v2-beta/projects/{env}/apikeys", "Make a key with a role (owner, member, readonly); the secret is shown once.", "ApiKeyCreate", 201),
    ]

    static let schemas: JSONValue = [
        "Error": ["type": "object", "required": ["type", "status", "code", "message"],
                  "properties": ["type": ["type": "string"], "status": ["type": "integer"], "code": ["type": "string"], "message": ["type": "string"],
                                 "detail": ["type": "array", "items": ["type": "string"]]]],
        "StackCreate": ["type": "object", "required": ["name"],
                        "properties": ["name": ["type": "string"], "description": ["type": "string"], "dockerCompose": ["type": "string"],
                                       "rancherCompose": ["type": "string"], "externalId": ["type": "string"],
                                       "environment": ["type": "object", "additionalProperties": true], "dryRun": ["type": "boolean"]]],
        "StackAction": ["type": "object",
                        "properties": ["dockerCompose": ["type": "string"], "rancherCompose": ["type": "string"], "externalId": ["type": "string"],
                                       "environment": ["type": "object", "additionalProperties": true], "forceUpgrade": ["type": "boolean"],
                                       "prune": ["type": "boolean"], "batchSize": ["type": "integer"], "intervalMillis": ["type": "integer"],
                                       "finishUpgrade": ["type": "boolean"], "rollbackOnFailure": ["type": "boolean"], "revision": ["type": "integer"],
                                       "dryRun": ["type": "boolean"]]],
        "ServiceAction": ["type": "object", "properties": ["batchSize": ["type": "integer", "minimum": 1], "intervalMillis": ["type": "integer", "minimum": 0]]],
        "ServiceUpdate": ["type": "object", "required": ["scale"], "properties": ["scale": ["type": "integer", "minimum": 0], "dryRun": ["type": "boolean"]]],
        "ProjectCreate": ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]]],
        "ApiKeyCreate": ["type": "object", "properties": ["name": ["type": "string"], "role": ["type": "string", "enum": ["owner", "member", "readonly"]]]],
        "AgentRegistrationRequest": ["type": "object", "required": ["token", "host"],
                                     "properties": ["token": ["type": "string"], "host": ["type": "object", "required": ["name"],
                                                                                           "properties": ["name": ["type": "string"], "address": ["type": "string"],
                                                                                                          "labels": ["type": "object", "additionalProperties": ["type": "string"]]]]]],
        "AgentReport": ["type": "object", "properties": ["results": ["type": "array", "items": ["type": "object"]],
                                                          "containers": ["type": "array", "items": ["type": "object"]]]],
    ]

    static let document: JSONValue = {
        var paths: [String: JSONValue] = [:]
        for (method, path, summary, body, status) in operations {
            var operation: [String: JSONValue] = [
                "summary": .string(summary),
                "operationId": .string(method.lowercased() + path.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "").capitalized }
                    .joined().replacingOccurrences(of: ".", with: "")),
                "responses": .object([String(status): ["description": "success"],
                                      "default": ["description": "error", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]]),
            ]
            let parameters = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment -> JSONValue in
                ["name": .string(String(segment.dropFirst().dropLast())), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
            if let body {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(body)")]]]]
            }
            if !["/ping", "/v2-beta/openapi.json", "/v2-beta/agent/register"].contains(path) { operation["security"] = [["basic": []]] }
            var item = paths[path]?.object ?? [:]
            item[method.lowercased()] = .object(operation)
            paths[path] = .object(item)
        }
        return ["openapi": "3.0.3", "info": ["title": "Drover API", "version": "v2-beta"], "paths": .object(paths),
                "components": ["schemas": schemas, "securitySchemes": ["basic": ["type": "http", "scheme": "basic"]]]]
    }()
}
