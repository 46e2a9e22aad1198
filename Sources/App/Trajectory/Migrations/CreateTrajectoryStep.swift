import DemocracyKit
import Fluent
import Foundation
import SQLKit

/// The trajectory's steps, filled for an existing database from what it holds: an accepted sign-up, a scan that
/// opened (the start conversation was held), a scan that closed (its report exists).
struct CreateTrajectoryStep: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateTrajectoryStep" }

    func prepare(on database: any Database) async throws {
        try await database.schema("trajectory_steps")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("step", .int, .required)
            .field("day", .string, .required)
            .field("reason", .string, .required)
            .field("by_name", .string)
            .field("recorded_at", .datetime, .required)
            .unique(on: "municipality_code", "step")
            .create()
        let sql = try database.sql()
        let now = Date()
        var rows: [(String, TrajectoryStep, String, StepReason)] = []
        for row in try await sql.raw("SELECT municipality_code, decided_at FROM signups WHERE status = 'accepted'").all() {
            let code = try row.decode(column: "municipality_code", as: String.self)
            let day = try row.decode(column: "decided_at", as: Date?.self).map(Format.day) ?? Format.day(now)
            rows.append((code, .aanmelding, day, .signupAccepted))
        }
        for row in try await sql.raw("SELECT municipality_code, status, opens_on, closed_on FROM scans ORDER BY opens_on").all() {
            let code = try row.decode(column: "municipality_code", as: String.self)
            let status = try row.decode(column: "status", as: String.self)
            let opens = try row.decode(column: "opens_on", as: String.self)
            if status != "concept" { rows.append((code, .startgesprek, opens, .scanOpened)) }
            if status == "closed" || status == "report", let closed = try row.decode(column: "closed_on", as: String?.self) {
                rows.append((code, .quickScan, closed, .withLaterStep))
                rows.append((code, .rapport, closed, .scanClosed))
            }
        }
        var seen = Set<String>()
        for (code, step, day, reason) in rows where seen.insert("\(code)|\(step.rawValue)").inserted {
            try await TrajectoryStepRecord(municipalityCode: code, step: step, reached: .init(day: day, reason: reason), at: now)
                .create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("trajectory_steps").delete()
    }
}
