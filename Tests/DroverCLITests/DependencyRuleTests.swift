import Foundation
import XCTest

/// The dependency rule of docs/architecture.md, read from the sources: each target imports only what the table
/// allows, and only DroverHTTP opens sockets.
final class DependencyRuleTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized

    /// Target → the Drover targets and C libraries it may import (Foundation, Glibc, Dispatch, Synchronization are
    /// allowed everywhere).
    static let allowed: [String: Set<String>] = [
        "DroverBasics": [],
        "DroverModel": [],
        "DroverCompose": ["DroverModel", "CYAML"],
        "DroverCatalog": ["DroverModel", "DroverCompose"],
        "DroverHTTP": ["DroverBasics", "CZlib"],
        "DroverStore": ["DroverBasics", "DroverModel", "CSQLite"],
        "DroverLoadBalancer": ["DroverModel"],
        "DroverOrchestrator": ["DroverBasics", "DroverModel", "DroverStore", "DroverLoadBalancer"],
        "DroverDocker": ["DroverBasics", "DroverModel", "DroverHTTP"],
        "DroverAgent": ["DroverBasics", "DroverModel", "DroverHTTP", "DroverDocker", "DroverLoadBalancer"],
        "DroverServer": ["DroverBasics", "DroverModel", "DroverCompose", "DroverCatalog", "DroverHTTP", "DroverStore", "DroverOrchestrator",
                         "DroverDocker", "CCrypt", "CMalloc", "COpenSSL"],
        "DroverCLI": ["DroverBasics", "DroverModel", "DroverCompose", "DroverCatalog", "DroverHTTP", "DroverStore", "DroverOrchestrator",
                      "DroverDocker", "DroverAgent", "DroverServer"],
        "drover": ["DroverCLI"],
    ]
    static let everywhere: Set<String> = ["Foundation", "Glibc", "Dispatch", "Synchronization"]

    /// Every Swift file of a target with its imports.
    private func imports(of target: String) throws -> [(file: String, module: String)] {
        let folder = Self.sources.appendingPathComponent(target)
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        XCTAssertFalse(files.isEmpty, "no sources in \(folder.path)")
        return try files.flatMap { file in
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("import ") || $0.hasPrefix("@testable import ") }
                .map { (file: "\(target)/\(file)", module: String($0.split(separator: " ").last!)) }
        }
    }

    func testEveryTargetImportsOnlyWhatTheRuleAllows() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { !$0.hasPrefix("C") }.sorted()
        XCTAssertEqual(Set(targets), Set(Self.allowed.keys), "every target is in the rule, and only those")
        for target in targets {
            for (file, module) in try imports(of: target) where !Self.everywhere.contains(module) {
                XCTAssertTrue(Self.allowed[target]?.contains(module) == true, "\(file) imports \(module), which \(target) may not")
            }
        }
    }

    func testOnlyDroverHTTPOpensSockets() throws {
        let calls = ["socket(AF_", "Glibc.socket(", "sendfile(", "recv(", "sendmsg(", "getaddrinfo("]
        for target in Self.allowed.keys where target != "DroverHTTP" {
            let folder = Self.sources.appendingPathComponent(target)
            for file in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for call in calls where text.contains(" \(call)") || text.contains("=\(call)") {
                    XCTFail("\(target)/\(file) calls \(call): sockets belong in DroverHTTP")
                }
            }
        }
    }
}
