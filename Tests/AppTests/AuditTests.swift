import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("The audit log of sensitive actions")
struct AuditTests {
    @Test("Reading open answers and downloading a report are logged with who, when and what; staff read the log, a coordinator cannot")
    func sensitiveActionsAreLogged() async throws {
        try await withTestApp { app in
            // setup: the demo, with Demodorp's closed scan and programme staff
            let scan = try await demodorp(app)
            let questionID = try #require(
                try await ScanReports.data(for: scan, app: app, on: app.db).openAnswerCounts(shownGroups: [.raad, .ambtenaren, .inwoners])
                    .max { $0.value < $1.value }?.key)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let staff = Browser(app)
            try await staff.signIn("programma@demo.dia.example", password: DemoSeed.password)
            let before = try await AuditEvent.query(on: app.db).count()
            // act
            let answers = try await coordinator.get(ScanURL.openAnswers(.value("GM9901"), .value(scan.id!)).with([("vraag", questionID)]))
            let download = try await coordinator.get(ScanURL.reportSpreadsheet(.value("GM9901"), .value(scan.id!)).path)
            let log = try await staff.get(AuditURL.log.path)
            let refused = try await coordinator.get(AuditURL.log.path)
            // check
            #expect(answers.status == .ok && download.status == .ok)
            let events = try await AuditEvent.query(on: app.db).sort(\.$at).sort(\.$id).all().suffix(2)
            #expect(try await AuditEvent.query(on: app.db).count() == before + 2)
            #expect(Set(events.map(\.action)) == [.openAnswersRead, .reportDownloaded])
            #expect(events.allSatisfy { $0.municipalityCode == "GM9901" && $0.actorName == "Marieke Jansen" })
            #expect(events.contains { $0.subject == "Quick Scan 2026 (Excel)" })
            #expect(log.status == .ok && log.html.contains("Open antwoorden gelezen") && log.html.contains("Rapport gedownload"))
            #expect(log.html.contains("Demodorp") && log.html.contains("Quick Scan 2026 (Excel)"))
            #expect(refused.status == .forbidden)
        }
    }

    @Test("Accepting a sign-up logs the role it gives, and the database refuses to change or remove any entry of the log")
    func logOnlyGrows() async throws {
        try await withTestApp { app in
            // setup: a sign-up and a member of staff who accepts it
            try await makeUser(app, email: "servicepunt@programma.example", name: "Anouk Visser", roles: [(.programma, nil)])
            let staffID = try #require(try await User.query(on: app.db).filter(\.$email == "servicepunt@programma.example").first()?.id)
            let signup = Signup(
                municipalityCode: "GM0014", contactName: "Ineke de Vries", contactFunction: .griffier, email: "griffie@groningen.example",
                phone: "", motivation: "", acceptedTermsAt: app.clock.now(), language: .nl)
            try await signup.create(on: app.db)
            // act
            _ = try await SignupStore.accept(try signup.requireID(), by: staffID, app: app)
            let sql = try app.db.sql()
            var refusals = 0
            for statement in ["UPDATE audit_events SET actor_name = 'iemand anders'", "DELETE FROM audit_events"] {
                do { try await sql.raw(SQLQueryString(statement)).run() } catch { refusals += 1 }
            }
            // check
            let events = try await AuditEvent.query(on: app.db).all()
            #expect(events.count == 1)
            #expect(events.first?.action == .roleGranted && events.first?.actorName == "Anouk Visser")
            #expect(events.first?.subject == "trekker: Ineke de Vries <griffie@groningen.example>")
            #expect(refusals == 2, "the database refuses both")
            #expect(try await AuditEvent.query(on: app.db).first()?.actorName == "Anouk Visser")
        }
    }
}
