import Vapor

extension Capability {
    /// What operators need: health, metrics and bringing the database up to date.
    static var operations: Capability {
        Capability(
            routes: [OperationsController()], commands: [("migrate", MigrateAndLoadCommand())],
            urls: OperationsURL.routes.map(\.path))
    }
}
