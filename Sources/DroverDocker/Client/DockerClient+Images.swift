import DroverModel
import Foundation

extension DockerClient {
    /// `GET /images/{name}/json`; nil when the image is not on the engine.
    package func inspectImage(_ name: String) throws(DockerError) -> ImageInfo? {
        let operation = "inspect image \"\(name)\""
        let response = try request("GET", "/images/\(Self.pathEscape(name))/json", accept: [404], operation: operation)
        if response.status == 404 { return nil }
        return try decode(ImageInfo.self, response, operation: operation)
    }

    /// `POST /images/create`: pulls `image`, reporting each progress line (`status`, `progress`, `id`).
    package func pullImage(_ image: String, progress: (JSONValue) -> Void = { _ in }) throws(DockerError) {
        let (name, tag) = Self.splitReference(image)
        let operation = "pull image \"\(image)\""
        var failure: String?
        var pending: [UInt8] = []
        try stream("POST", "/images/create", query: [("fromImage", name), ("tag", tag)], operation: operation) { bytes in
            pending.append(contentsOf: bytes)
            while let newline = pending.firstIndex(of: 10) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                guard let event = try? JSONDecoder().decode(JSONValue.self, from: Data(line)) else { continue }
                if case let .object(fields) = event, case let .string(message)? = fields["error"] { failure = message }
                progress(event)
            }
            return true
        }
        if let failure { throw .api(operation: operation, status: 500, message: failure) }
    }

    /// Makes sure `image` is present: pulls it when missing (or always, when `alwaysPull`), with Docker's
    /// messages when that fails: `image "x" not found and pull failed: …`.
    package func ensureImage(_ image: String, alwaysPull: Bool = false) throws(DockerError) {
        let present = try inspectImage(image) != nil
        if present && !alwaysPull { return }
        do {
            try pullImage(image)
        } catch {
            if present { return }
            let reason: String
            if case let .api(_, _, message) = error { reason = message } else { reason = error.description }
            throw .api(operation: "ensure image", status: 404, message: "image \"\(image)\" not found and pull failed: \(reason)")
        }
    }

    /// `name[:tag]` (a registry port's colon is not a tag); the tag defaults to `latest`.
    static func splitReference(_ image: String) -> (String, String) {
        if image.contains("@") { return (image, "") }
        if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
            return (String(image[..<colon]), String(image[image.index(after: colon)...]))
        }
        return (image, "latest")
    }

    static func pathEscape(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The parts of `GET /images/{name}/json` Drover uses.
package struct ImageInfo: Decodable, Sendable {
    package var id: String
    package var repoTags: [String]?
    package var repoDigests: [String]?

    enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests"
    }
}
