
/// How the orchestrator reaches a host: an in-process executor or, later, a remote agent. The orchestrator
/// decides; implementations act.
package protocol HostAgent: Sendable {
    /// The host id instructions are addressed to.
    var hostId: String { get }
    /// Carries out instructions in order (independent units may run in parallel); one result per instruction.
    func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>]
    /// Every container of this host that Drover created, as it is now.
    func report() throws -> [InstanceReport]
}

/// An instruction that could not be carried out, with the agent's message.
package struct InstructionFailure: Error, Equatable, Sendable, CustomStringConvertible {
    package var key: String
    package var message: String

    package init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    package var description: String { message }
}
