/// Merges a service of a later docker-compose file over the same service of the earlier ones, key by key, with
/// docker-compose 1.29.2's rules (`merge_service_dicts_from_files` in compose/config/config.py).
///
/// Keys without a rule here (image, command, entrypoint, restart, …) are replaced by the later file's value.
enum ServiceMerger {
    /// The rule of every service key docker-compose does not simply replace.
    static let rules: [String: MergeRule] = {
        var rules: [String: MergeRule] = [
            "environment": .mapping(.keyValue(.null)),
            "labels": .mapping(.keyValue(.emptyString)),
            "ulimits": .mapping(.mappingOnly),
            "sysctls": .mapping(.keyValue(.emptyString)),
            "depends_on": .mapping(.name(.serviceStarted)),
            "storage_opt": .mapping(.mappingOnly),
            "extra_hosts": .mapping(.hostAddress),
            "networks": .mapping(.name(.null), values: .nested(["aliases": .keyedList(.text), "link_local_ips": .keyedList(.text)])),
            "links": .keyedList(.linkAlias),
            "secrets": .keyedList(.source),
            "configs": .keyedList(.source),
            "security_opt": .keyedList(.text),
            "volumes": .keyedList(.containerPath),
            "devices": .keyedList(.containerPath),
            "ports": .keyedList(.port),
            "logging": .logging,
            "healthcheck": .mapping(.mappingOnly),
            "build": .nested(["args": .mapping(.keyValue(.null)), "labels": .mapping(.keyValue(.emptyString)),
                              "extra_hosts": .mapping(.hostAddress), "cache_from": .keyedList(.text)], scalarKey: "context"),
            "deploy": deploy,
            "blkio_config": .nested(Dictionary(uniqueKeysWithValues: [
                "device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops", "weight_device",
            ].map { ($0, MergeRule.keyedList(.field(["path"]))) })),
        ]
        for key in ["cap_add", "cap_drop", "expose", "external_links", "volumes_from", "device_cgroup_rules", "profiles"] {
            rules[key] = .keyedList(.text)
        }
        for key in ["dns", "dns_search", "env_file", "tmpfs"] {
            rules[key] = .concatenated
        }
        return rules
    }()

    /// `merge_deploy`.
    private static let deploy = MergeRule.nested([
        "labels": .mapping(.keyValue(.emptyString)),
        "update_config": .mapping(.mappingOnly),
        "rollback_config": .mapping(.mappingOnly),
        "restart_policy": .mapping(.mappingOnly),
        "resources": .nested([
            "limits": .mapping(.mappingOnly),
            "reservations": .nested(["generic_resources": .keyedList(.field(["discrete_resource_spec", "kind"])),
                                     "devices": .keyedList(.content)]),
        ]),
        "placement": .nested(["constraints": .keyedList(.text), "preferences": .keyedList(.content)]),
    ])

    /// `override` merged over `base`; both are service mappings (or null). In the version 1 format a service has an
    /// image or a build, never both: the later file's choice wins (`legacy_v1_merge_image_or_build`).
    static func merge(_ base: YAMLNode, _ override: YAMLNode, versionOne: Bool) -> YAMLNode {
        guard let earlier = base.mapping, let later = override.mapping else { return override }
        var entries = MergeRule.merged(earlier, later) { key in versionOne && key == "build" ? .replace : rules[key] ?? .replace }
        if versionOne {
            let source = [later, earlier].first { entries in entries.contains { $0.key == "image" || $0.key == "build" } }
            if let kept = source?.first(where: { $0.key == "image" })?.key ?? source?.first(where: { $0.key == "build" })?.key {
                entries.removeAll { ($0.key == "image" || $0.key == "build") && $0.key != kept }
            }
        }
        return base.with(.mapping(entries))
    }
}
