/// Drover's database schema as numbered migrations. Applied in order at start; each is one transaction.
package enum Schema {
    package static let migrations: [Migration] = [
        Migration(id: "001-core", statements: [
            """
            CREATE TABLE environments (
                id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created REAL NOT NULL)
            """,
            """
            CREATE TABLE hosts (
                id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                name TEXT NOT NULL, address TEXT, labels TEXT NOT NULL DEFAULT '{}', state TEXT NOT NULL,
                docker_version TEXT, memory INTEGER, cpu INTEGER, last_heartbeat REAL, created REAL NOT NULL,
                UNIQUE (environment_id, name))
            """,
            """
            CREATE TABLE api_keys (
                access_key TEXT PRIMARY KEY, secret_hash TEXT NOT NULL,
                environment_id TEXT REFERENCES environments(id) ON DELETE CASCADE, role TEXT NOT NULL, created REAL NOT NULL)
            """,
            """
            CREATE TABLE stacks (
                id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                name TEXT NOT NULL, description TEXT, external_id TEXT, state TEXT NOT NULL, current_revision INTEGER,
                created REAL NOT NULL, UNIQUE (environment_id, name))
            """,
            """
            CREATE TABLE revisions (
                stack_id TEXT NOT NULL REFERENCES stacks(id) ON DELETE CASCADE, number INTEGER NOT NULL,
                docker_compose TEXT NOT NULL, rancher_compose TEXT, answers TEXT NOT NULL DEFAULT '{}',
                definition TEXT NOT NULL, external_id TEXT, created REAL NOT NULL, PRIMARY KEY (stack_id, number))
            """,
            """
            CREATE TRIGGER revisions_are_immutable BEFORE UPDATE ON revisions
            BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END
            """,
            """
            CREATE TABLE services (
                id TEXT PRIMARY KEY, stack_id TEXT NOT NULL REFERENCES stacks(id) ON DELETE CASCADE, name TEXT NOT NULL,
                kind TEXT NOT NULL, state TEXT NOT NULL, health TEXT, transitioning_message TEXT, scale INTEGER,
                definition TEXT NOT NULL, created REAL NOT NULL, UNIQUE (stack_id, name))
            """,
            """
            CREATE TABLE launch_configs (
                service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE, name TEXT NOT NULL,
                version INTEGER NOT NULL, config TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (service_id, name, version))
            """,
            """
            CREATE TABLE instances (
                id TEXT PRIMARY KEY, service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
                launch_config TEXT NOT NULL, unit_index INTEGER NOT NULL, deployment_unit TEXT NOT NULL,
                host_id TEXT REFERENCES hosts(id), version INTEGER NOT NULL, name TEXT NOT NULL, docker_id TEXT,
                state TEXT NOT NULL, health TEXT, start_count INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL)
            """,
            "CREATE INDEX instances_by_host ON instances(host_id)",
            """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, environment_id TEXT, resource_type TEXT NOT NULL,
                resource_id TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, message TEXT NOT NULL,
                created REAL NOT NULL)
            """,
            """
            CREATE TRIGGER events_are_append_only BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
            """,
            """
            CREATE TABLE instructions (
                id INTEGER PRIMARY KEY AUTOINCREMENT, host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
                key TEXT NOT NULL, body TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending', created REAL NOT NULL,
                UNIQUE (host_id, key))
            """,
        ]),
        Migration(id: "002-control", statements: [
            "ALTER TABLE services ADD COLUMN versions TEXT NOT NULL DEFAULT '{}'",
            "ALTER TABLE services ADD COLUMN previous_definition TEXT",
            "ALTER TABLE services ADD COLUMN previous_versions TEXT",
            "ALTER TABLE stacks ADD COLUMN transitioning_message TEXT",
            "ALTER TABLE stacks ADD COLUMN previous_revision INTEGER",
            "ALTER TABLE api_keys ADD COLUMN host_id TEXT REFERENCES hosts(id) ON DELETE CASCADE",
            "ALTER TABLE api_keys ADD COLUMN name TEXT",
            """
            CREATE TABLE registration_tokens (
                token TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
                created REAL NOT NULL)
            """,
            "ALTER TABLE instances ADD COLUMN exit_code INTEGER",
            "CREATE INDEX instances_by_service ON instances(service_id)",
        ]),
        Migration(id: "003-upgrade-options", statements: [
            "ALTER TABLE stacks ADD COLUMN upgrade_options TEXT",
        ]),
        Migration(id: "004-remove-volumes", statements: [
            "ALTER TABLE stacks ADD COLUMN remove_volumes INTEGER NOT NULL DEFAULT 0",
        ]),
        Migration(id: "005-certificates", statements: [
            """
            CREATE TABLE certificates (
                id TEXT PRIMARY KEY, environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE CASCADE, name TEXT NOT NULL,
                certificate TEXT NOT NULL, private_key TEXT NOT NULL, common_name TEXT, alternative_names TEXT NOT NULL,
                not_before REAL NOT NULL, not_after REAL NOT NULL, created REAL NOT NULL, UNIQUE (environment_id, name))
            """,
        ]),
        Migration(id: "006-instance-addresses", statements: [
            "ALTER TABLE instances ADD COLUMN address TEXT",
        ]),
    ]
}
