import Vapor

extension Capability {
    /// The municipality's own data: its coordinator downloads all of it and erases a closed scan's single answers;
    /// `dia maintenance` removes what is past its retention period.
    static var privacy: Capability {
        Capability(
            routes: [PrivacyController()], migrations: [UpdateScanAddAnswersErased(), UpdateAuditEventRetention()],
            commands: [("maintenance", MaintenanceCommand())], urls: PrivacyURL.routes.map(\.path))
    }
}
