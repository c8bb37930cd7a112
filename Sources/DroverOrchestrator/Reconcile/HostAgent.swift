import DroverModel

/// How the orchestrator reaches a host: an in-process executor or, later, a remote agent. The orchestrator
/// decides; implementations act.
public protocol HostAgent: Sendable {
    /// The host id instructions are addressed to.
    var hostId: String { get }
    /// Carries out instructions in order (independent units may run in parallel); one result per instruction.
    func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>]
    /// Every container of this host that Drover created, as it is now.
    func report() throws -> [InstanceReport]
}

/// An instruction that could not be carried out, with the agent's message.
public struct InstructionFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { message }
}
