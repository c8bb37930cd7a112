import DroverHTTP
import DroverModel
import DroverOrchestrator

/// An API failure, answered as Rancher's error resource: `{type: "error", status, code, message, detail}`.
/// `detail` carries the precise diagnostics (`file:line:column: path: message`) when there are any.
package struct APIError: Error, Equatable, Sendable, CustomStringConvertible {
    package var status: Int
    package var code: String
    package var message: String
    package var detail: [String]
    /// The methods a path allows, for a 405's `Allow` header.
    var allowed: [String] = []

    package init(status: Int, code: String, message: String, detail: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
    }

    package var description: String { ([message] + detail).joined(separator: "\n") }

    /// The answer to any error a request ran into: the one place where each module's errors become HTTP statuses.
    init(_ error: any Error, method: String, path: String) {
        switch error {
        case let error as APIError:
            self = error
        case let miss as Router<APIServer.Route>.Miss:
            switch miss {
            case .notFound: self = .notFound("no such resource: \(path)")
            case let .methodNotAllowed(allowed):
                self = APIError(status: 405, code: "MethodNotAllowed", message: "\(method) is not allowed on \(path)")
                self.allowed = allowed
            }
        case let error as ControlError:
            switch error {
            case let .notFound(message): self = .notFound(message)
            case let .conflict(message): self = .conflict(message)
            case let .invalid(message): self = .invalid(message)
            case let .refused(message): self = .refused(message)
            }
        default:
            self = APIError(status: 500, code: "ServerError", message: "\(error)")
        }
    }

    static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "NotFound", message: message) }
    static func invalid(_ message: String, detail: [String] = []) -> APIError {
        APIError(status: 422, code: "InvalidBodyContent", message: message, detail: detail)
    }
    static func badRequest(_ message: String) -> APIError { APIError(status: 400, code: "BadRequest", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: 409, code: "NotUnique", message: message) }
    static func refused(_ message: String) -> APIError { APIError(status: 409, code: "InvalidState", message: message) }
    static let unauthorized = APIError(status: 401, code: "Unauthorized", message: "an access key and secret key are required (HTTP basic)")
    static let wrongKey = APIError(status: 401, code: "Unauthorized",
                                   message: "the access key and secret key do not match a key of this server (a wrong secret, or a removed key)")
    static let forbidden = APIError(status: 403, code: "PermissionDenied", message: "this key may only read")

    /// The error resource.
    var resource: ErrorResource {
        ErrorResource(status: status, code: code, message: message, detail: detail.isEmpty ? nil : detail)
    }

    var response: HTTPResponse {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if status == 401 { headers.append(HTTPHeader("WWW-Authenticate", "Basic realm=\"drover\"")) }
        if !allowed.isEmpty { headers.append(HTTPHeader("Allow", allowed.joined(separator: ", "))) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes((try? JSONValueEncoder().encode(resource)) ?? .null))
    }
}
