import DroverDocker
import XCTest

/// What a user reads when the engine refuses.
final class DockerErrorTests: XCTestCase {
    /// An engine out of address pools is told how to get more; other errors pass unchanged.
    func testAnEngineOutOfAddressPoolsSaysWhatToDo() {
        let exhausted = DockerError.api(operation: "create network drover-e-shop", status: 400,
                                        message: "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")
        XCTAssertEqual("\(exhausted.explainingAddressPools)",
                       "create network drover-e-shop: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the "
                       + "network; every stack takes a network on each host it runs on: give this host's dockerd more address pools "
                       + "(default-address-pools in daemon.json, see docs/docker.md) (HTTP 400)")
        let other = DockerError.api(operation: "create network x", status: 500, message: "boom")
        XCTAssertEqual("\(other.explainingAddressPools)", "\(other)")
    }
}
