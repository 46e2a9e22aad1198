import DemocracyKit
import Vapor

/// `dia maintenance`: removes what is past its retention period (`RetentionPolicy`, set by `DIA_RETENTION_…`).
/// Meant to run once a day from the operating system's scheduler (docs/operations.md); running it more often or on
/// several machines at once does no harm.
struct MaintenanceCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Removes what is past its retention period: single Quick Scan answers, a burgerberaad's registrations, basisscan integriteit files, carried-out woningscan requests, sent email, rejected sign-ups, old audit entries."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let policy = app.config.retention
        let removed = try await PrivacyStore.applyRetention(policy, app: app, on: app.db)
        context.console.print(
            """
            Retention applied (answers \(policy.answersMonths) months after closing, email \(policy.mailDays) days, \
            rejected sign-ups \(policy.rejectedSignupMonths) months, audit log \(policy.auditMonths) months, \
            burgerberaad registrations \(policy.lotteryMonths) months after the panel, basisscan files \(policy.integrityMonths) \
            months after closing, woningscan requests \(policy.homeScanMonths) months after the visit):
              scans whose single answers were erased: \(removed.scansErased)
              burgerberaden whose registrations and letters were erased: \(removed.lotteriesFinished)
              basisscan integriteit files destroyed: \(removed.integrityCasesDestroyed)
              woningscan requests removed: \(removed.homeScansRemoved)
              email messages removed: \(removed.mail)
              rejected sign-ups removed: \(removed.rejectedSignups)
              audit entries removed: \(removed.auditEntries)
              expired sessions removed: \(removed.sessions)
              rate-limit attempts removed: \(removed.attempts)
              old activation links removed: \(removed.activationLinks)
            """)
    }
}
