import Vapor

extension Capability {
    /// What operators need: health, metrics, bringing the database up to date, and the check of the key that
    /// seals secrets at rest.
    static var operations: Capability {
        Capability(
            routes: [OperationsController()], migrations: [CreateSecretKeyCheck()], commands: [("migrate", MigrateAndLoadCommand())],
            urls: OperationsURL.routes.map(\.path))
    }
}
