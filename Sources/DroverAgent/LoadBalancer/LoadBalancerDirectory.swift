import DroverModel
import Foundation

/// Where the agent keeps one load balancer's files on its host: a directory mounted into the balancer's container
/// at `LoadBalancerFiles.directory`, holding `haproxy.cfg`, its certificates and HAProxy's runtime API socket. The
/// file on disk is always the configuration the balancer runs (or would run after a restart).
struct LoadBalancerDirectory {
    let path: String

    /// The directory of `instance` on host `host` under `base`: the container's name (for whoever looks) and a short
    /// digest of host and instance id (two environments on one machine may hold equal names), kept short because
    /// the runtime socket's path must fit a unix socket address.
    init(base: String, host: String, instance: InstanceSpec, containerName: String) {
        let digest = LoadBalancerFiles(config: host + "/" + instance.environment + "/" + instance.id).digest
        path = base + "/" + containerName + "-" + String(digest.prefix(8))
    }

    var configPath: String { path + "/" + LoadBalancerFiles.configName }
    var nextConfigPath: String { configPath + ".next" }
    var socketPath: String { path + "/" + LoadBalancerFiles.socketName }
    /// The bind mount that gives the container this directory.
    var bind: String { path + ":" + LoadBalancerFiles.directory }

    /// The configuration the balancer runs, if one was written.
    var liveConfig: String? { try? String(contentsOfFile: configPath, encoding: .utf8) }

    /// Creates the directory and, unless it holds a configuration already (a re-created container keeps its last
    /// one), writes `bootstrap`.
    func prepare(bootstrap: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + LoadBalancerFiles.certificateDirectory, withIntermediateDirectories: true)
        if liveConfig == nil { try write(bootstrap, to: configPath) }
    }

    /// Writes the certificate files of `files` and removes those it no longer names; true when any changed.
    func writeCertificates(_ files: [String: String]) throws -> Bool {
        var changed = false
        let certificates = path + "/" + LoadBalancerFiles.certificateDirectory
        let present = (FileManager.default.enumerator(atPath: certificates)?.allObjects as? [String] ?? [])
            .map { LoadBalancerFiles.certificateDirectory + "/" + $0 }
            .filter { !isDirectory(path + "/" + $0) }
        for stale in present where files[stale] == nil {
            try FileManager.default.removeItem(atPath: path + "/" + stale)
            changed = true
        }
        for (relative, content) in files.sorted(by: { $0.key < $1.key }) {
            let target = path + "/" + relative
            if (try? String(contentsOfFile: target, encoding: .utf8)) == content { continue }
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try write(content, to: target)
            changed = true
        }
        return changed
    }

    /// Writes the next configuration beside the live one, for HAProxy to check.
    func writeNext(_ config: String) throws {
        try write(config, to: nextConfigPath)
    }

    /// Makes the checked next configuration the live one.
    func promoteNext() throws {
        guard rename(nextConfigPath, configPath) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: configPath])
        }
    }

    /// Removes the directory (the balancer's container is gone).
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private func write(_ text: String, to file: String) throws {
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, file.hasSuffix(".pem") ? 0o600 : 0o644)
    }

    private func isDirectory(_ file: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: file, isDirectory: &directory) && directory.boolValue
    }
}
