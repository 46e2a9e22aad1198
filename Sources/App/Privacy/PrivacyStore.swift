import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Erasing what the platform no longer needs: a scan's single answers on its coordinator's word, and everything
/// past its retention period (`RetentionPolicy`) when `dia maintenance` runs.
enum PrivacyStore {
    /// A scan as the privacy page shows it: how much of its single answers is still kept.
    struct ScanHolding: Sendable {
        let scan: Scan
        let responses: Int
        let openAnswers: Int
    }

    /// The municipality's scans, newest first, with the single answers each still holds.
    static func holdings(of code: String, on db: any Database) async throws -> [ScanHolding] {
        var holdings: [ScanHolding] = []
        for scan in try await Scan.query(on: db).filter(\.$municipality.$id == code).sort(\.$opensOn, .descending).all() {
            holdings.append(try await holding(of: scan, on: db))
        }
        return holdings
    }

    /// The single answers one scan still holds.
    static func holding(of scan: Scan, on db: any Database) async throws -> ScanHolding {
        let id = try scan.requireID()
        return ScanHolding(
            scan: scan, responses: try await ScanResponse.query(on: db).filter(\.$scan.$id == id).count(),
            openAnswers: try await ScanOpenAnswer.query(on: db).filter(\.$scan.$id == id).count())
    }

    /// Erases a closed scan's single answers and open answers, in one transaction with its audit entry. The report
    /// keeps its figures (they are counts); its open answers are gone, and so is their count.
    static func eraseAnswers(of scan: Scan, by actor: AuditLog.Actor, app: Application, on db: any Database) async throws {
        guard scan.status == .closed || scan.status == .report else { throw StoreFailure.conflict("data.erase_not_closed") }
        guard scan.answersErasedOn == nil else { throw StoreFailure.conflict("data.erase_done") }
        let scanID = try scan.requireID()
        let openIDs = try await ScanReports.data(for: scan, app: app, on: db).openQuestionIDs
        let now = app.clock.now()
        try await db.transaction { db in
            try await ScanResponse.query(on: db).filter(\.$scan.$id == scanID).delete()
            try await ScanOpenAnswer.query(on: db).filter(\.$scan.$id == scanID).delete()
            if !openIDs.isEmpty {
                try await ScanAggregate.query(on: db).filter(\.$scan.$id == scanID).filter(\.$questionID ~~ openIDs).delete()
            }
            scan.answersErasedOn = Format.day(now)
            try await scan.update(on: db)
            try await ScanStore.reportsChanged(of: scanID, on: db)
            try await AuditLog.record(
                .answersErased, by: actor, municipality: scan.$municipality.id, subject: scan.title, app: app, on: db)
        }
    }

    /// What one run of the retention rules removed.
    struct Removed: Sendable, Equatable {
        var scansErased = 0
        var mail = 0
        var rejectedSignups = 0
        var auditEntries = 0
        var sessions = 0
        var attempts = 0
        var activationLinks = 0
        var lotteriesFinished = 0
        var integrityCasesDestroyed = 0
        var homeScansRemoved = 0
    }

    /// Attempts counted for rate limits matter for an hour at most; a day is ample.
    static let attemptsKept: TimeInterval = 24 * 3600
    /// Used and expired activation links are kept a month, so "this link was used" can still be told.
    static let activationLinksKept: TimeInterval = 30 * 24 * 3600

    static let maintenanceActor = AuditLog.Actor(id: nil, name: "dia maintenance (bewaartermijn)")

    /// Removes everything older than its retention period. Safe to run at any time and on several instances:
    /// each step removes only what is past its moment.
    static func applyRetention(_ policy: RetentionPolicy, app: Application, on db: any Database) async throws -> Removed {
        let now = app.clock.now()
        let cutoffs = policy.cutoffs(now: now)
        var removed = Removed()
        let expired = try await Scan.query(on: db).filter(\.$status ~~ [.closed, .report]).filter(\.$answersErasedOn == nil)
            .filter(\.$closedOn != nil).filter(\.$closedOn < cutoffs.answersClosedBefore).all()
        for scan in expired {
            try await eraseAnswers(of: scan, by: maintenanceActor, app: app, on: db)
            removed.scansErased += 1
        }
        for lottery in try await LotteryRecord.query(on: db).filter(\.$status == .gekozen).all()
        where (lottery.outcome?.selectedAt ?? now) < cutoffs.lotterySelectedBefore {
            try await LotteryStore.finish(lottery, by: maintenanceActor, app: app, on: db)
            removed.lotteriesFinished += 1
        }
        removed.integrityCasesDestroyed = try await IntegrityCaseStore.destroy(
            lastChangedBefore: cutoffs.integrityBefore, by: maintenanceActor, app: app, on: db)
        removed.homeScansRemoved = try await HomeScanStore.remove(
            doneBefore: cutoffs.homeScanDoneBefore, by: maintenanceActor, app: app, on: db)
        removed.mail = try await count(
            OutboxMessage.query(on: db).filter(\.$status ~~ [.sent, .failed]).filter(\.$writtenAt < cutoffs.mailBefore))
        removed.rejectedSignups = try await count(
            Signup.query(on: db).filter(\.$status == .rejected).filter(\.$decidedAt < cutoffs.rejectedSignupsBefore))
        removed.auditEntries = try await count(AuditEvent.query(on: db).filter(\.$at < cutoffs.auditBefore))
        removed.sessions = try await count(SessionEntry.query(on: db).filter(\.$expiresAt < now))
        removed.attempts = try await count(LoginFailure.query(on: db).filter(\.$failedAt < now.addingTimeInterval(-attemptsKept)))
        removed.activationLinks = try await count(
            ActivationToken.query(on: db).filter(\.$expiresAt < now.addingTimeInterval(-activationLinksKept)))
        return removed
    }

    /// Deletes what the query selects and says how many rows went.
    private static func count<M: Model>(_ query: QueryBuilder<M>) async throws -> Int {
        let number = try await query.copy().count()
        if number > 0 { try await query.delete() }
        return number
    }
}
