import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// A municipality's trajectory as stored: which steps it reached, on which day and how. Other capabilities call
/// `reach` in their own transactions when their work completes a step (a sign-up accepted, a scan closed, an
/// agenda sent, an offer carried out); the facilitator marks a step by hand with `mark`.
enum TrajectoryStore {
    static func state(of code: String, on db: any Database) async throws -> TrajectoryState {
        let rows = try await TrajectoryStepRecord.query(on: db).filter(\.$municipalityCode == code).all()
        var reached: [TrajectoryStep: TrajectoryState.Reached] = [:]
        for row in rows {
            guard let step = TrajectoryStep(rawValue: row.step) else { continue }
            reached[step] = .init(day: row.day, reason: StepReason(rawValue: row.reason) ?? .marked, by: row.byName)
        }
        return TrajectoryState(reached: reached)
    }

    /// A value that changes whenever anything the timeline shows changes: its steps, the municipality's closed
    /// scans and the report versions of all its scans, its agenda, its requests, and the offers they name (numbers
    /// and sums of versions that only grow), counted by the database in one query. Steps are only taken back when a
    /// scan opens again, which raises every report version, so a smaller count never brings back an old value.
    static func revision(of code: String, on db: any Database) async throws -> String {
        let reported = [ScanStatus.closed, .report].map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let row = try await db.sql().raw(
            """
            SELECT * FROM (SELECT COUNT(*) AS s FROM trajectory_steps WHERE municipality_code = \(bind: code)) AS steps,
            (SELECT CAST(COALESCE(SUM(CASE WHEN status IN (\(unsafeRaw: reported)) THEN 1 ELSE 0 END), 0) AS BIGINT) AS n,
              CAST(COALESCE(SUM(report_version), 0) AS BIGINT) AS rv FROM scans
              WHERE municipality_code = \(bind: code)) AS reports,
            (SELECT CAST(COALESCE(SUM(version + COALESCE(sent_version, 0)), 0) AS BIGINT) AS av FROM agendas
              WHERE municipality_code = \(bind: code)) AS agenda,
            (SELECT COUNT(*) AS r, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS qv FROM offer_requests
              WHERE municipality_code = \(bind: code)) AS requests,
            (SELECT COUNT(*) AS o, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS ov FROM offers) AS catalogue
            """
        ).first()
        return try ["s", "n", "rv", "av", "r", "qv", "o", "ov"].map { String(try row?.decode(column: $0, as: Int.self) ?? 0) }
            .joined(separator: ".")
    }

    /// Records that work completed `step` on `day` (and the earlier steps it implies). Reaching a step that was
    /// reached already changes nothing, so callers need not check.
    static func reach(
        _ step: TrajectoryStep, of code: String, on day: String, because reason: StepReason, at now: Date, on db: any Database
    )
        async throws
    {
        let state = try await state(of: code, on: db)
        for (step, reached) in state.reaching(step, on: day, because: reason) {
            _ = try await insert(step, of: code, reached: reached, at: now, on: db)
        }
    }

    /// Adds the step unless it is there already (two events at once: the first one counts). Whether it added it.
    private static func insert(_ step: TrajectoryStep, of code: String, reached: TrajectoryState.Reached, at now: Date, on db: any Database)
        async throws -> Bool
    {
        let rows = try await db.sql().insert(into: TrajectoryStepRecord.schema)
            .columns("id", "municipality_code", "step", "day", "reason", "by_name", "recorded_at")
            .values(
                SQLBind(UUID()), SQLBind(code), SQLBind(step.rawValue), SQLBind(reached.day), SQLBind(reached.reason.rawValue),
                SQLBind(reached.by), SQLBind(now)
            )
            .ignoringConflicts(with: ["municipality_code", "step"])
            .returning("step").all()
        return !rows.isEmpty
    }

    /// A closed scan completes the report; after an improvement agenda it is the repeat scan.
    static func scanClosed(of code: String, on day: String, at now: Date, on db: any Database) async throws {
        let state = try await state(of: code, on: db)
        let step: TrajectoryStep = state.reached[.verbeteragenda] == nil ? .rapport : .herhaalscan
        try await reach(step, of: code, on: day, because: .scanClosed, at: now, on: db)
    }

    /// A scan that closed on `day` opens again: the steps its closing reached are taken back, unless the trajectory
    /// has moved on since.
    static func scanReopened(of code: String, closedOn day: String, on db: any Database) async throws {
        let steps = try await state(of: code, on: db).undoingClose(on: day)
        guard !steps.isEmpty else { return }
        try await TrajectoryStepRecord.query(on: db).filter(\.$municipalityCode == code).filter(\.$step ~~ steps.map(\.rawValue)).delete()
    }

    /// The facilitator marks the current step as reached on a day.
    static func mark(_ step: TrajectoryStep, of code: String, on day: String, by user: CurrentUser, app: Application) async throws {
        let now = app.clock.now()
        try await app.db.transaction { db in
            let state = try await state(of: code, on: db)
            if let refusal = state.refusal(marking: step, on: day, today: Format.day(now)) {
                throw StoreFailure.fields([FieldError(field: "day", message: refusal)])
            }
            let normalized = Format.parseDay(day).map(Format.day) ?? day
            let added = try await insert(step, of: code, reached: .init(day: normalized, reason: .marked, by: user.name), at: now, on: db)
            guard added else { throw StoreFailure.conflict("trajectory.error.already") }
        }
    }
}
