import DroverModel

/// Which service states leave a service's containers to someone other than the reconcile passes.
extension ResourceState {
    /// States in which an upgrade, finish or rollback owns the containers.
    package static let ownedByUpgrade: Set<ResourceState> = [.upgrading, .upgraded, .cancelingUpgrade, .canceledUpgrade, .finishingUpgrade,
                                                     .rollingBack]

    /// States in which reconcile passes neither start, replace nor remove the service's containers: those an upgrade
    /// owns, a rolling restart in progress, and stopped (deactivated) services.
    package static let handsOff: Set<ResourceState> = ownedByUpgrade.union([.restarting, .deactivating, .inactive])
}
