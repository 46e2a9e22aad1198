import Vapor

extension Capability {
    /// The Quick Scan Lokale Democratie: scans, the questionnaire, the report.
    static var quickScan: Capability {
        Capability(
            name: "quickScan",
            routes: [ScanController(), ReportController(), QuestionnaireController()],
            migrations: [CreateScan(), UpdateScanResponseAddAnswers(), UpdateScanAddReportVersion(), UpdateScanInvitationAddOwnCode()],
            commands: [("scan", ScanCommand())],
            codeAuthorizedPaths: [QuestionnaireController.codeAuthorizedPaths],
            setUp: { $0.setUpQuickScan() })
    }
}
