import Vapor

extension Capability {
    /// The Quick Scan Lokale Democratie: scans, the questionnaire, the report.
    static var quickScan: Capability {
        Capability(
            routes: [ScanController(), ReportController(), QuestionnaireController()],
            migrations: [
                CreateScan(), UpdateScanResponseAddAnswers(), UpdateScanAddReportVersion(), UpdateScanInvitationAddOwnCode(),
                CreateScanMailInvitation(), CreateComparisonPublication(), UpdateScanAddOpenLinkRefusals(),
                UpdateThemeTotalsAddSharedTotal(),
            ],
            commands: [("scan", ScanCommand())],
            urls: ScanURL.routes.map(\.path) + QuestionnaireURL.routes.map(\.path),
            // Whoever started a questionnaire finds the way back to it from every page.
            links: [
                SiteLink(
                    place: .footer, position: 5, labelKey: "nav.questionnaire_code", url: QuestionnaireURL.codeForm, audience: .everyone)
            ],
            codeAuthorizedPaths: [QuestionnaireURL.codeAuthorizedPrefix],
            digest: DigestContribution(forStaff: ScanMessages.digestForStaff, forMunicipality: ScanMessages.digestForMunicipality),
            referenceData: { try await ScanStore.refreshSharedTotals(app: $0) },
            setUp: { $0.setUpQuickScan() })
    }
}
