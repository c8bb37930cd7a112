import DroverModel
import DroverHTTP

/// An API failure, answered as Rancher's error resource: `{type: "error", status, code, message, detail}`.
/// `detail` carries the precise diagnostics (`file:line:column: path: message`) when there are any.
public struct APIError: Error, Equatable, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var detail: [String]

    public init(status: Int, code: String, message: String, detail: [String] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
    }

    public var description: String { ([message] + detail).joined(separator: "\n") }

    static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "NotFound", message: message) }
    static func invalid(_ message: String, detail: [String] = []) -> APIError {
        APIError(status: 422, code: "InvalidBodyContent", message: message, detail: detail)
    }
    static func badRequest(_ message: String) -> APIError { APIError(status: 400, code: "BadRequest", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: 409, code: "NotUnique", message: message) }
    static func refused(_ message: String) -> APIError { APIError(status: 409, code: "InvalidState", message: message) }
    static let unauthorized = APIError(status: 401, code: "Unauthorized", message: "an access key and secret key are required (HTTP basic)")
    static let forbidden = APIError(status: 403, code: "PermissionDenied", message: "this key may only read")

    /// The error resource.
    var resource: JSONValue {
        var fields: [String: JSONValue] = ["type": "error", "status": .int(status), "code": .string(code), "message": .string(message)]
        if !detail.isEmpty { fields["detail"] = .array(detail.map { .string($0) }) }
        return .object(fields)
    }

    var response: HTTPResponse {
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if status == 401 { headers.append(HTTPHeader("WWW-Authenticate", "Basic realm=\"drover\"")) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes(resource))
    }
}
