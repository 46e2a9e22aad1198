import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("An existing database migrates forward")
struct MigrationTests {
    /// A SQLite file made by the release of 29 November 2026 (`dia seed demo`, one account made with
    /// `dia user create`, and an inhabitant who started from the open link and saved one answer).
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dia-2026-11-30.sqlite").path
    static let startedCode = "5WKHPZ3EHFCC5T6LE7EGWQOXYC"

    static var onSQLite: Bool { (ProcessInfo.processInfo.environment["DIA_TEST_DATABASE_URL"] ?? "").isEmpty }

    @Test(
        "A database of the previous release keeps every row, and an inhabitant's saved answer stays theirs",
        .enabled(if: onSQLite, "a SQLite file of the previous release"))
    func previousReleaseMigratesWithoutLoss() async throws {
        // setup: a copy of the old file, and a day on which its open scan takes answers
        let copy = (NSTemporaryDirectory() as NSString).appendingPathComponent("dia-old-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: copy)
        let day = try #require(Format.parseDay("2026-12-01"))
        try await withTestApp({
            $0.database = .sqliteFile(path: copy)
            $0.clock = .fixed(day)
        }) { app in
            // act: withTestApp has migrated the file; read it as people would
            let sql = try app.db.sql()
            func count(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            let start = try await Browser(app).get(QuestionnaireURL.start(.value(Self.startedCode)).path)
            let page = try await Browser(app).get(QuestionnaireURL.page(.value(Self.startedCode), .value(1)).path)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let scans = try await coordinator.get(ScanURL.list(.value("GM9901")).path)
            let names = try await sql.raw("SELECT name FROM _fluent_migrations").all().map {
                try $0.decode(column: "name", as: String.self)
            }
            // check: nothing lost
            #expect(try await count("municipalities") == 348)
            #expect(try await count("users") == 6)
            #expect(try await count("scans") == 7)
            #expect(try await count("scan_responses") == 761)
            #expect(try await count("scan_open_answers") == 651)
            #expect(try await count("signups") == 6)
            #expect(names.contains("App.UpdateAuditEventRetention") && names.count == 51)
            // check: the comparison the five demo municipalities had is published at once, not lost until five more close
            let demodorp = try #require(try await Municipality.find("GM9901", on: app.db))
            let national = try await ScanReports.comparisons(for: demodorp, bankVersion: "2026.1", on: app.db).national
            #expect(!national.isEmpty && national.values.allSatisfy { $0.municipalities == 5 && $0.mean != nil })
            // check: sign-ups made before kept their data and are written to in Dutch
            #expect(try await Signup.query(on: app.db).all().allSatisfy { $0.language == .nl })
            // check: the inhabitant's link was their own (made from the open link), so their answer is still there
            let invitation = try #require(try await ScanStore.invitation(code: Self.startedCode, on: app.db))
            #expect(invitation.ownCode && ScanStore.draft(of: invitation) == ["rol-raad.koers": "4"])
            #expect(start.status == .ok && start.html.contains("Ga verder met de vragenlijst"))
            #expect(page.html.contains(#"value="4" checked"#))
            #expect(scans.status == .ok && scans.html.contains("Quick Scan 2024"))
            // check: the trajectory is filled from what the database held: Demodorp signed up and has a report
            let trajectory = try await TrajectoryStore.state(of: "GM9901", on: app.db)
            #expect(trajectory.reached[.aanmelding]?.reason == .signupAccepted)
            #expect(trajectory.reached[.rapport]?.reason == .scanClosed && trajectory.current == .agenderingsgesprek)
        }
    }
}
