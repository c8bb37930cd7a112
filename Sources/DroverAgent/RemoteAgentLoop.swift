import DroverBasics
import DroverDocker
import DroverHTTP
import DroverModel
import Foundation

/// `drover agent`: registers its host with a server using an environment's registration token (or reuses the
/// credential saved in its state file), heartbeats every few seconds with every container of the host, long-polls
/// for instructions, carries them out with the executor and reports the results. Reconnects with backoff; a
/// restarted agent re-adopts its containers by their labels. It only ever touches containers labelled with its own
/// host id.
package final class RemoteAgentLoop: Sendable {
    /// How to reach the server and what to tell it about the host.
    package struct Options: Sendable {
        package var url: String
        package var token: String
        package var host: HostRegistration
        /// Where the host credential is kept between runs.
        package var stateFile: String
        package var heartbeatInterval: Double = 5
        package var parallelism = 8

        package init(url: String, token: String, host: HostRegistration, stateFile: String) {
            self.url = url
            self.token = token
            self.host = host
            self.stateFile = stateFile
        }
    }

    /// Why the agent cannot go on.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package let options: Options
    let docker: DockerClient
    let server: HTTPClient
    private let log: @Sendable (String) -> Void
    private let stopping = Cancellation()
    /// Set when a container died: the heartbeat thread reports at once.
    private let poked = Locked(false)

    package init(options: Options, docker: DockerClient, log: @escaping @Sendable (String) -> Void) throws {
        self.options = options
        self.docker = docker
        self.server = HTTPClient(endpoint: try HTTPEndpoint(url: options.url), timeout: 40)
        self.log = log
    }

    /// Where the host's load balancers keep their files: beside the state file.
    private var loadBalancerDirectory: String {
        ((options.stateFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent("loadbalancers")
    }

    /// Asks `run` to return after its current step.
    package func stop() {
        stopping.cancel()
    }

    private var isStopped: Bool {
        stopping.isCancelled
    }

    /// Runs until `stop()`: register, heartbeat, poll, execute, report — retrying with backoff on any failure.
    package func run() {
        var backoff = 0.5
        while !isStopped {
            do {
                let credential = try credential()
                let agent = LocalAgent(executor: Executor(client: docker, host: credential.hostId, loadBalancerDirectory: loadBalancerDirectory),
                                       parallelism: options.parallelism)
                let session = UUID().uuidString
                try heartbeat(agent, credential, session: session)
                log("agent of host \(options.host.name) (\(credential.hostId)) connected to \(options.url)")
                backoff = 0.5
                let beating = startHeartbeats(agent, credential, session: session)
                // A container that dies or changes health is reported at once (the next heartbeat, now).
                agent.startMonitoring { [poked] in poked.withLock { $0 = true } }
                defer {
                    beating.cancel()
                    agent.stopMonitoring()
                }
                while !isStopped {
                    let instructions: AgentInstructions = try call("GET", "/v2-beta/agent/instructions?wait=20&session=\(session)", credential, body: Optional<AgentReport>.none)
                    guard !instructions.data.isEmpty else { continue }
                    let results = agent.execute(instructions.data)
                    let report = AgentReport(results: zip(instructions.data, results).map { instruction, result in
                        switch result {
                        case let .success(report): return AgentResult(key: instruction.key, report: report)
                        case let .failure(failure): return AgentResult(key: instruction.key, error: failure.message)
                        }
                    }, containers: try agent.report())
                    let _: Empty = try call("POST", "/v2-beta/agent/results", credential, body: report)
                }
            } catch let failure as Rejected where failure.status == 401 {
                log("the server refused the host credential; registering again")
                try? FileManager.default.removeItem(atPath: options.stateFile)
            } catch {
                log("agent: \(error); retrying in \(backoff) s")
                sleep(seconds: backoff)
                backoff = min(backoff * 2, 10)
            }
        }
    }

    /// The saved credential for this server, or a new one from registering with the token.
    private func credential() throws -> AgentCredential {
        if let data = FileManager.default.contents(atPath: options.stateFile),
           let saved = try? JSONDecoder().decode(SavedCredential.self, from: data), saved.url == options.url {
            return saved.credential
        }
        var host = options.host
        let info = try docker.info()
        host.dockerVersion = host.dockerVersion ?? info.serverVersion
        host.memory = host.memory ?? info.memTotal
        host.cpu = host.cpu ?? info.cpus * 1000
        let credential: AgentCredential = try call("POST", "/v2-beta/agent/register", nil, body: AgentRegistrationRequest(token: options.token, host: host))
        let saved = try JSONEncoder().encode(SavedCredential(url: options.url, credential: credential))
        guard FileManager.default.createFile(atPath: options.stateFile, contents: saved, attributes: [.posixPermissions: 0o600]) else {
            throw Failure(description: "\(options.stateFile): cannot write the host credential")
        }
        log("registered host \(host.name) as \(credential.hostId) in environment \(credential.environmentId)")
        return credential
    }

    private func heartbeat(_ agent: LocalAgent, _ credential: AgentCredential, session: String) throws {
        let _: Empty = try call("POST", "/v2-beta/agent/heartbeat", credential, body: AgentReport(containers: try agent.report(), session: session))
    }

    /// Heartbeats on their own thread until the returned handle is stopped: every `heartbeatInterval` seconds, and at
    /// once when `poked` (a container died).
    private func startHeartbeats(_ agent: LocalAgent, _ credential: AgentCredential, session: String) -> Cancellation {
        let beats = Cancellation()
        Thread.detachNewThread { [self] in
            while !beats.isCancelled && !isStopped {
                sleep(seconds: options.heartbeatInterval) { beats.isCancelled || self.isStopped || self.poked.current }
                if beats.isCancelled || isStopped { break }
                poked.withLock { $0 = false }
                do { try heartbeat(agent, credential, session: session) } catch { log("heartbeat: \(error)") }
            }
        }
        return beats
    }

    /// One JSON exchange with the server; a non-2xx answer throws `Rejected` with the server's message.
    private func call<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, _ credential: AgentCredential?, body: Body?) throws -> Answer {
        var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "application/json")]
        if let credential {
            headers.append(HTTPHeader("Authorization", "Basic " + Data("\(credential.accessKey):\(credential.secretKey)".utf8).base64EncodedString()))
        }
        let bytes = try body.map { Array(try JSONEncoder().encode($0)) } ?? []
        let response = try server.send(HTTPRequest(method: method, target: path, headers: headers, body: bytes))
        guard (200..<300).contains(response.status) else {
            let message = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))?["message"]?.string ?? response.text
            throw Rejected(status: response.status, message: "\(method) \(path): HTTP \(response.status): \(message)")
        }
        if Answer.self == Empty.self { return Empty() as! Answer }
        return try JSONDecoder().decode(Answer.self, from: Data(response.body))
    }

    private func sleep(seconds: Double, until done: () -> Bool = { false }) {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && !done() && !isStopped { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// A server answer that was not a success.
    struct Rejected: Error, CustomStringConvertible {
        var status: Int
        var message: String
        var description: String { message }
    }

    /// An answer without a body.
    struct Empty: Codable {}

    /// The credential file's content.
    struct SavedCredential: Codable {
        var url: String
        var credential: AgentCredential
    }
}
