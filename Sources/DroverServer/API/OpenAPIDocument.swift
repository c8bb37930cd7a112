import DroverModel

/// The OpenAPI 3 description of the API, served at `/v2-beta/openapi.json`, made from the server's route table (so
/// it lists exactly the routes served) and the request schemas below.
enum OpenAPIDocument {
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
        "CertificateCreate": ["type": "object", "required": ["name", "cert", "key"],
                              "properties": ["name": ["type": "string"], "cert": ["type": "string"], "key": ["type": "string"]]],
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
        for (method, pattern, route) in APIServer.routeTable.entries {
            let path = pattern.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            let (summary, body, status) = (route.summary, route.body, route.status)
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
            if route.access != .open { operation["security"] = [["basic": []]] }
            var item = paths[path]?.object ?? [:]
            item[method.lowercased()] = .object(operation)
            paths[path] = .object(item)
        }
        return ["openapi": "3.0.3", "info": ["title": "Drover API", "version": "v2-beta"], "paths": .object(paths),
                "components": ["schemas": schemas, "securitySchemes": ["basic": ["type": "http", "scheme": "basic"]]]]
    }()
}
