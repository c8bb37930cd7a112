import Foundation

extension DockerClient {
    /// Runs `command` in a running container and returns its exit code and output (exec create, start, inspect).
    package func exec(_ id: String, command: [String]) throws(DockerError) -> (exitCode: Int, output: [LogLine]) {
        let operation = "exec \(command.joined(separator: " ")) in container \(id)"
        let created = try json("POST", "/containers/\(id)/exec", body: ExecCreate(cmd: command), as: CreatedContainer.self,
                               operation: operation)
        var demultiplexer = LogDemultiplexer(tty: false)
        var lines: [LogLine] = []
        try stream("POST", "/exec/\(created.id)/start", body: Array(#"{"Detach":false,"Tty":false}"#.utf8), operation: operation) { bytes in
            lines += demultiplexer.feed(bytes)
            return true
        }
        lines += demultiplexer.flush()
        let inspected = try decode(ExecInspect.self, try request("GET", "/exec/\(created.id)/json", operation: operation), operation: operation)
        return (inspected.exitCode ?? -1, lines)
    }
}

struct ExecCreate: Encodable {
    var cmd: [String]
    var attachStdout = true
    var attachStderr = true

    enum CodingKeys: String, CodingKey { case cmd = "Cmd", attachStdout = "AttachStdout", attachStderr = "AttachStderr" }
}

struct ExecInspect: Decodable {
    var exitCode: Int?

    enum CodingKeys: String, CodingKey { case exitCode = "ExitCode" }
}
