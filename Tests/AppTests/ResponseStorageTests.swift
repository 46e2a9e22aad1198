@testable import App
import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Quick Scan: storing many responses at once, and kept reports")
struct ResponseStorageTests {
    /// An open scan with `count` inhabitants' links whose answers are saved and ready to send: every scale
    /// question answered `value`, every open question answered.
    func readyLinks(_ fixture: ScanFixture, count: Int, value: ScaleAnswer) async throws -> [ScanInvitation] {
        let app = fixture.app
        var invitations: [ScanInvitation] = []
        for code in try await fixture.links(.inwoners, count: count) {
            let invitation = try #require(try await ScanStore.invitation(code: code, on: app.db))
            let questionnaire = try await ScanStore.questionnaire(for: invitation, app: app, on: app.db)
            var draft: [String: String] = [:]
            for page in questionnaire.pages {
                for item in page.items { draft[item.id] = item.kind == .open ? "Meer inspraak." : String(value.rawValue) }
            }
            try await ScanStore.saveDraft(draft, for: invitation, on: app.db)
            invitations.append(invitation)
        }
        return invitations
    }

    /// Five council members who agree with everything, enough for the group to count.
    func fiveCouncilResponses(_ scan: Scan, app: Application) async throws {
        let questionnaire = Questionnaire(bank: app.questionBanks.current, customQuestions: [], group: .raad)
        let scale = Dictionary(uniqueKeysWithValues: questionnaire.pages.flatMap(\.items).filter { $0.kind != .open }.map { ($0.id, ScaleAnswer.four) })
        let response = ScanStore.NewResponse(scanID: try scan.requireID(), group: .raad, scale: scale, open: [:], day: Format.day())
        try await app.db.transaction { db in try await ScanStore.store(Array(repeating: response, count: 5), on: db) }
    }

    @Test("Respondents sending at the same moment are each stored once, every double send stores nothing, and the counts add up")
    func concurrentSubmissions() async throws {
        try await withTestApp { app in
            // setup: 30 links; the first three are also sent a second and third time at the same moment
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let invitations = try await readyLinks(fixture, count: 30, value: .four)
            let questionnaire = try await ScanStore.questionnaire(for: invitations[0], app: app, on: app.db)
            let sends = invitations + invitations.prefix(3) + invitations.prefix(3)
            // act
            let results = try await withThrowingTaskGroup(of: (UUID, ScanStore.Submission).self) { group in
                for invitation in sends {
                    group.addTask { (try invitation.requireID(), try await ScanStore.submit(invitation, questionnaire: questionnaire, app: app)) }
                }
                return try await group.reduce(into: [UUID: [ScanStore.Submission]]()) { $0[$1.0, default: []].append($1.1) }
            }
            // check: per link one send stored; the extra sends changed nothing
            #expect(results.count == 30)
            #expect(results.values.allSatisfy { $0.filter { $0 == .stored }.count == 1 })
            #expect(results.values.allSatisfy { $0.allSatisfy { $0 == .stored || $0 == .alreadySent } })
            let scanID = try fixture.scan.requireID()
            #expect(try await ScanStore.responseCounts(of: scanID, on: app.db)[.inwoners] == 30)
            let responses = try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scanID).all()
            #expect(responses.count == 30)
            #expect(responses.allSatisfy { $0.answers.count == questionnaire.pages.flatMap(\.items).filter { $0.kind != .open }.count })
            let aggregates = try await ScanAggregate.query(on: app.db).filter(\.$scan.$id == scanID).filter(\.$group == .inwoners).all()
            for row in aggregates {
                // Scale questions: 30 fours. Open questions: 30 answers, counted in n1.
                #expect(row.n4 == 30 || row.n1 == 30, "\(row.questionID)")
                #expect(row.distribution.total == 30 || row.n1 == 30, "\(row.questionID)")
            }
            #expect(try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scanID).count()
                    == 30 * questionnaire.pages.flatMap(\.items).filter { $0.kind == .open }.count)
            #expect(try await ScanInvitation.query(on: app.db).filter(\.$scan.$id == scanID).filter(\.$used == false).count() == 0)
        }
    }

    @Test("A response that cannot be stored fails alone: the others sent with it are stored")
    func oneBadResponseFailsAlone() async throws {
        try await withTestApp { app in
            // setup: good responses, and one for a scan that does not exist (the database refuses it)
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let invitations = try await readyLinks(fixture, count: 8, value: .two)
            let questionnaire = try await ScanStore.questionnaire(for: invitations[0], app: app, on: app.db)
            let bad = ScanStore.NewResponse(scanID: UUID(), group: .inwoners, scale: ["x": .one], open: [:], day: Format.day())
            let badLink = try await ScanInvitation.query(on: app.db).filter(\.$scan.$id == fixture.scan.requireID()).first()!
            // act: all at the same moment, so they are written together
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for invitation in invitations.dropFirst() {
                    group.addTask { (try? await ScanStore.submit(invitation, questionnaire: questionnaire, app: app)) == .stored }
                }
                group.addTask { (try? await app.quickScan.writer.submit(invitationID: badLink.requireID(), bad)) != nil }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            // check: seven stored, the bad one failed and its link is still unused
            #expect(outcomes.filter { $0 }.count == 7)
            #expect(try await ScanStore.responseCounts(of: fixture.scan.requireID(), on: app.db)[.inwoners] == 7)
            #expect(try await ScanInvitation.find(badLink.requireID(), on: app.db)?.used == false)
        }
    }

    @Test("A kept report is never shown after what it shows changed: another municipality closing its scan, the report being shared")
    func keptReportFollowsChanges() async throws {
        try await withTestApp { app in
            // setup: Groningen's scan closed, its report read once (and so kept)
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            try await fiveCouncilResponses(fixture.scan, app: app)
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.base + "/sluiten")
            let first = try await fixture.coordinator.get(fixture.base + "/rapport")
            let firstJSON = try await fixture.coordinator.get(fixture.base + "/rapport.json")
            // act: another municipality closes a scan; then Groningen shares its report
            let other = try await ScanStore.create(municipalityCode: "GM0034", bank: app.questionBanks.current, on: app.db)
            try await ScanStore.open(other, bank: app.questionBanks.current, on: app.db)
            try await fiveCouncilResponses(other, app: app)
            try await ScanStore.close(other, app: app, on: app.db)
            let second = try await fixture.coordinator.get(fixture.base + "/rapport")
            let secondJSON = try await fixture.coordinator.get(fixture.base + "/rapport.json")
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.base + "/delen")
            let thirdJSON = try await fixture.coordinator.get(fixture.base + "/rapport.json")
            // check
            #expect(first.html.contains("het gemiddelde van 1 gemeenten"))
            #expect(second.html.contains("het gemiddelde van 2 gemeenten"))
            #expect(firstJSON.body.string.contains(#""nationalMunicipalities":1"#))
            #expect(secondJSON.body.string.contains(#""nationalMunicipalities":2"#))
            #expect(secondJSON.body.string.contains(#""status":"closed""#))
            #expect(thirdJSON.body.string.contains(#""status":"report""#))
        }
    }

    @Test("Every form on a kept report carries the reader's own token, so hiding an answer works for each coordinator")
    func keptReportCarriesOwnToken() async throws {
        try await withTestApp { app in
            // setup: the demo's report, read first by the coordinator (and so kept), then by programme staff
            try await DemoSeed.run(app: app)
            let scan = try #require(try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901")
                .filter(\.$title == "Quick Scan 2026").first())
            let path = "/gemeenten/GM9901/scans/\(scan.id!)/rapport"
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let staff = Browser(app)
            try await staff.signIn("programma@demo.dia.example", password: DemoSeed.password)
            // act
            let pages = [try await coordinator.get(path).html, try await staff.get(path).html, try await coordinator.get(path).html]
            // check: one token per page, on the hide forms as in the layout, and a different one per person
            let tokens = pages.map { Set($0.matches(of: /name="csrf" value="([^"]+)"/).map { String($0.output.1) }) }
            #expect(pages.allSatisfy { $0.matches(of: /open-antwoorden\/[0-9A-F-]+"/).count >= 5 })
            #expect(tokens.allSatisfy { $0.count == 1 })
            #expect(tokens[0] == tokens[2])
            #expect(tokens[0] != tokens[1])
        }
    }

    @Test("The answers of responses stored one row per answer move into their response when the database is brought up to date")
    func answersMoveIntoResponses() async throws {
        try await withTestApp { app in
            let fixture = try await ScanFixture.make(app)
            let scanID = try fixture.scan.requireID()
            let responseID = UUID()
            // One connection throughout, so every step sees the schema the step before left.
            try await app.db.withConnection { db in
                // setup: the database as it was, with one response and its answers in their own table
                let sql = try #require(db as? any SQLDatabase)
                try await UpdateScanResponseAddAnswers().revert(on: db)
                try await sql.insert(into: ScanResponse.schema).columns("id", "scan_id", "respondent_group", "submitted_on")
                    .values(responseID, scanID, "raad", "2026-03-02").run()
                for (question, value) in [("rol-raad.koers", 5), ("rol-raad.kaders", 0)] {
                    try await sql.insert(into: "scan_answers").columns("id", "response_id", "question_id", "value")
                        .values(UUID(), responseID, question, value).run()
                }
                // act
                try await UpdateScanResponseAddAnswers().prepare(on: db)
                // check
                let response = try #require(try await ScanResponse.find(responseID, on: db))
                #expect(response.answers == ["rol-raad.koers": 5, "rol-raad.kaders": 0])
                await #expect(throws: (any Error).self) { try await sql.raw("SELECT * FROM scan_answers").run() }
            }
        }
    }
}
