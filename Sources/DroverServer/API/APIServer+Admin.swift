import DroverHTTP
import DroverModel
import DroverStore

/// Environments (projects), registration tokens and API keys.
extension APIServer {
    func listProjects(_ request: APIRequest) throws -> HTTPResponse {
        let items = try controller.store.environments().filter { request.principal!.sees($0.id) }.map { Resources.project($0, root: request.root) }
        return .json(try Resources.collection(items, type: "project", query: request.query, url: "\(request.root)/projects"))
    }

    /// Creates an environment (admin keys only); its id is its name in lower case, letters and digits with single
    /// hyphens between runs of them (`Bad Name!` → `bad-name`), numbered when another environment has that id.
    func createProject(_ request: APIRequest) throws -> HTTPResponse {
        let name = try request.decode(ProjectCreateRequest.self).name
        guard !name.isEmpty else { throw APIError.invalid("name is required") }
        guard try controller.store.environments().allSatisfy({ $0.name != name }) else {
            throw APIError.conflict("environment \"\(name)\" already exists")
        }
        let words = name.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard !words.isEmpty else { throw APIError.invalid("environment name \"\(name)\" has no letter or digit to make its id from") }
        let base = words.joined(separator: "-")
        var id = base
        var number = 1
        while try controller.store.environment(id) != nil {
            number += 1
            id = "\(base)-\(number)"
        }
        try controller.store.createEnvironment(id: id, name: name, actor: request.actor)
        try controller.store.addRegistrationToken(SecretHash.token(32), environmentId: id)
        return try .resource(Resources.project(StoredEnvironment(id: id, name: name), root: request.root), status: 201)
    }

    func listTokens(_ request: APIRequest) throws -> HTTPResponse {
        let items = try controller.store.registrationTokens(environmentId: request.environment!.id).map { tokenResource($0, request) }
        return .json(try Resources.collection(items, type: "registrationToken", query: request.query, url: "\(request.base)/registrationtokens"))
    }

    func createToken(_ request: APIRequest) throws -> HTTPResponse {
        let token = SecretHash.token(32)
        try controller.store.addRegistrationToken(token, environmentId: request.environment!.id)
        return try .resource(tokenResource((token, request.environment!.id), request), status: 201)
    }

    /// A token with the command that joins a host, naming this server as the request reached it.
    private func tokenResource(_ token: (token: String, environmentId: String), _ request: APIRequest) -> RegistrationTokenResource {
        let url = String(request.root.dropLast("/v2-beta".count))
        return RegistrationTokenResource(token: token.token, environmentId: token.environmentId, command: "drover agent --url \(url) --token \(token.token)")
    }

    func listKeys(_ request: APIRequest) throws -> HTTPResponse {
        let items = try controller.store.keys(environmentId: request.environment!.id).map {
            APIKeyResource(publicValue: $0.accessKey, role: $0.role, name: $0.name)
        }
        return .json(try Resources.collection(items, type: "apiKey", query: request.query, url: "\(request.base)/apikeys"))
    }

    /// Creates a key of the environment with a role (owner, member, readonly); the secret is shown only here.
    /// Only admins and owners may create keys; a member cannot make an owner.
    func createKey(_ request: APIRequest) throws -> HTTPResponse {
        let body = try request.decode(APIKeyCreateRequest.self)
        let role = body.role ?? .member
        guard [.owner, .member, .readonly].contains(role) else {
            throw APIError.invalid("role \"\(role.rawValue)\" is not valid (allowed: owner, member, readonly)")
        }
        guard [.admin, .owner].contains(request.principal!.role) else { throw APIError(status: 403, code: "PermissionDenied", message: "only owners and admins may create keys") }
        let (access, secret) = try authenticator.createKey(role: role, environmentId: request.environment!.id, name: body.name)
        return try .resource(APIKeyResource(publicValue: access, secretValue: secret, role: role, name: body.name,
                                            environmentId: request.environment!.id), status: 201)
    }
}
