import DroverModel

// States, kinds and roles are stored by their raw value and read back with `SQLiteRow.value`, which refuses a word
// no case has.
extension ResourceState: SQLiteBindable {}
extension ServiceKind: SQLiteBindable {}
extension HostState: SQLiteBindable {}
extension KeyRole: SQLiteBindable {}
extension InstanceReport.State: SQLiteBindable {}
