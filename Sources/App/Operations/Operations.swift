import Vapor

extension Capability {
    /// What operators need: health, metrics, bringing the database up to date, a backup of SQLite, and the check of the key that
    /// seals secrets at rest.
    static var operations: Capability {
        Capability(
            routes: [OperationsController()], migrations: [CreateSecretKeyCheck()],
            commands: [("migrate", MigrateAndLoadCommand()), ("backup", BackupCommand())],
            urls: OperationsURL.routes.map(\.path))
    }
}
