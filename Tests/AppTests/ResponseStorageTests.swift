import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Quick Scan: storing many responses at once, and kept reports")
struct ResponseStorageTests {
    /// An open scan with `count` inhabitants' links whose answers are saved and ready to send: every scale
    /// question answered `value`, and every open question too when `open` is set. Returns the codes the answers
    /// are kept under: the respondents' own, to which they moved at the save.
    func readyLinks(_ fixture: ScanFixture, count: Int, value: ScaleAnswer, open: Bool = true) async throws -> [String] {
        let app = fixture.app
        var ownCodes: [String] = []
        for code in try await fixture.links(.inwoners, count: count) {
            let invitation = try #require(try await ScanStore.invitation(code: code, on: app.db))
            let questionnaire = try await ScanStore.questionnaire(for: invitation, app: app, on: app.db)
            var draft: [String: String] = [:]
            for page in questionnaire.pages {
                for item in page.items where open || item.kind != .open {
                    draft[item.id] = item.kind == .open ? "Meer inspraak." : String(value.rawValue)
                }
            }
            guard case .movedTo(let own) = try await ScanStore.saveDraft(draft, for: invitation, on: app.db) else {
                Issue.record("the draft did not move to an own code")
                continue
            }
            ownCodes.append(own)
        }
        return ownCodes
    }

    @Test("Respondents sending at the same moment are each stored once, every double send stores nothing, and the counts add up")
    func concurrentSubmissions() async throws {
        try await withTestApp { app in
            // setup: 30 links; the first three are also sent a second and third time at the same moment,
            // and one mistyped code comes along
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let codes = try await readyLinks(fixture, count: 30, value: .four)
            let sends = codes + codes.prefix(3) + codes.prefix(3) + ["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG"]
            // act
            let results = try await withThrowingTaskGroup(of: (String, ResponseStore.Submission).self) { group in
                for code in sends {
                    group.addTask { (code, try await ResponseStore.submit(code: code, app: app)) }
                }
                return try await group.reduce(into: [String: [ResponseStore.Submission]]()) { $0[$1.0, default: []].append($1.1) }
            }
            // check: per link one send stored; the extra sends changed nothing; the unknown code is said to be so
            #expect(results.count == 31)
            #expect(codes.allSatisfy { results[$0]!.filter { $0 == .stored }.count == 1 })
            #expect(codes.allSatisfy { results[$0]!.allSatisfy { $0 == .stored || $0 == .alreadySent } })
            #expect(results["AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG"] == [.unknownLink])
            let scanID = try fixture.scan.requireID()
            let questionnaire = Questionnaire(bank: app.questionBanks.current, customQuestions: [], group: .inwoners)
            let openQuestions = questionnaire.pages.flatMap(\.items).filter { $0.kind == .open }.count
            #expect(try await ResponseStore.responseCounts(of: scanID, on: app.db)[.inwoners] == 30)
            let responses = try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scanID).all()
            #expect(responses.count == 30)
            #expect(responses.allSatisfy { $0.answers.count == questionnaire.questionIDs.count - openQuestions })
            let aggregates = try await ScanAggregate.query(on: app.db).filter(\.$scan.$id == scanID).filter(\.$group == .inwoners).all()
            for row in aggregates {
                // Scale questions: 30 fours. Open questions: 30 answers, counted in n1.
                #expect(row.n4 == 30 || row.n1 == 30, "\(row.questionID)")
                #expect(row.distribution.total == 30 || row.n1 == 30, "\(row.questionID)")
            }
            #expect(try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scanID).count() == 30 * openQuestions)
            #expect(try await ScanInvitation.query(on: app.db).filter(\.$scan.$id == scanID).filter(\.$used == false).count() == 0)
            if try app.db.sql().dialect.name == "sqlite" {
                #expect(try await app.quickScan.writer.synchronousLevel() == 2, "thanked only once on disk, also through a power cut")
            }
        }
    }

    @Test("A response that cannot be stored fails alone: the others sent with it are stored, its link stays usable")
    func oneBadResponseFailsAlone() async throws {
        try await withTestApp { app in
            // setup: seven links with scale answers only, one with open answers too; then open answers
            // cannot be stored any more (their table is gone), so only that one response fails
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let good = try await readyLinks(fixture, count: 7, value: .two, open: false)
            let bad = try #require(try await readyLinks(fixture, count: 1, value: .two, open: true).first)
            try await app.db.sql().raw("DROP TABLE scan_open_answers").run()
            // act: all at the same moment, so they are written together
            let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
                for code in good + [bad] {
                    group.addTask { (code, (try? await ResponseStore.submit(code: code, app: app)) == .stored) }
                }
                return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
            }
            // check
            #expect(good.allSatisfy { outcomes[$0] == true })
            #expect(outcomes[bad] == false)
            #expect(try await ResponseStore.responseCounts(of: fixture.scan.requireID(), on: app.db)[.inwoners] == 7)
            #expect(try await ScanStore.invitation(code: bad, on: app.db)?.used == false)
        }
    }

    /// Five council members who agree with everything, enough for the group to count.
    func fiveCouncilResponses(_ scan: Scan, app: Application) async throws {
        let questionnaire = Questionnaire(bank: app.questionBanks.current, customQuestions: [], group: .raad)
        let scale = Dictionary(
            uniqueKeysWithValues: questionnaire.pages.flatMap(\.items).filter { $0.kind != .open }.map { ($0.id, ScaleAnswer.four) })
        let response = ResponseStore.NewResponse(scanID: try scan.requireID(), group: .raad, scale: scale, open: [:], day: app.clock.today)
        try await app.db.transaction { db in try await ResponseStore.store(Array(repeating: response, count: 5), on: db) }
    }

    @Test("A kept report is never shown after what it shows changed: another municipality closing its scan, the report being shared")
    func keptReportFollowsChanges() async throws {
        try await withTestApp { app in
            // setup: Groningen's scan closed after three other municipalities', so four take part in the comparison:
            // too few for a national figure; its report read once (and so kept)
            func closeScan(of code: String) async throws {
                let other = try await ScanStore.create(
                    municipalityCode: code, bank: app.questionBanks.current, today: app.clock.now(), on: app.db)
                try await ScanStore.open(other, bank: app.questionBanks.current, on: app.db)
                try await fiveCouncilResponses(other, app: app)
                try await ScanStore.close(other, app: app, today: app.clock.now(), on: app.db)
            }
            for code in ["GM0034", "GM0037", "GM0047"] { try await closeScan(of: code) }
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            try await fiveCouncilResponses(fixture.scan, app: app)
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let first = try await fixture.coordinator.get(fixture.url(ScanURL.report))
            let firstJSON = try await fixture.coordinator.get(fixture.url(ScanURL.reportJSON))
            // act: a fifth municipality closes its scan, so the national figure appears; then Groningen shares its report
            try await closeScan(of: "GM0050")
            let second = try await fixture.coordinator.get(fixture.url(ScanURL.report))
            let secondJSON = try await fixture.coordinator.get(fixture.url(ScanURL.reportJSON))
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.share))
            let thirdJSON = try await fixture.coordinator.get(fixture.url(ScanURL.reportJSON))
            // check
            #expect(first.html.contains("het gemiddelde van 0 gemeenten"))
            #expect(second.html.contains("het gemiddelde van 5 gemeenten"))
            #expect(firstJSON.body.string.contains(#""nationalMunicipalities":0"#))
            #expect(secondJSON.body.string.contains(#""nationalMunicipalities":5"#))
            #expect(secondJSON.body.string.contains(#""status":"closed""#))
            #expect(thirdJSON.body.string.contains(#""status":"report""#))
        }
    }

    @Test("Open answers to the municipality's own question can be hidden from the report, like the others")
    func hideOwnQuestionAnswer() async throws {
        try await withTestApp { app in
            // setup: an own open question, answered by five inhabitants, scan closed
            let fixture = try await ScanFixture.make(app)
            try await ScanStore.addCustomQuestion(
                to: fixture.scan, text: "Wat moet de raad weten?", kind: "open",
                groups: ["inwoners"], on: app.db)
            try await fixture.open()
            let response = ResponseStore.NewResponse(
                scanID: try fixture.scan.requireID(), group: .inwoners, scale: [:],
                open: ["eigen.1": "Luister naar de wijk."], day: app.clock.today)
            try await app.db.transaction { db in try await ResponseStore.store(Array(repeating: response, count: 5), on: db) }
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let report = try await fixture.coordinator.get(fixture.url(ScanURL.report)).html
            let action = try #require(
                report.firstMatch(of: /action="(\/gemeenten\/GM0014\/scans\/[^"]+\/open-antwoorden\/[^"]+)"/)?.output.1)
            // act
            let hide = try await fixture.coordinator.post(String(action), ["hidden": "ja"])
            let after = try await fixture.coordinator.get(fixture.url(ScanURL.report)).html
            // check
            #expect(hide.location?.hasSuffix("/rapport#thema-eigen") == true)
            // Five answers, each shown with its text and named in its hide button; after hiding, four of them.
            #expect(report.components(separatedBy: "Luister naar de wijk.").count - 1 == 5 * 2)
            #expect(after.contains("Dit antwoord is verborgen."))
            #expect(after.components(separatedBy: "Luister naar de wijk.").count - 1 == 4 * 2)
        }
    }

    @Test("Every form on a kept report carries the reader's own token, so hiding an answer works for each coordinator")
    func keptReportCarriesOwnToken() async throws {
        try await withTestApp { app in
            // setup: the demo's report, read first by the coordinator (and so kept), then by programme staff
            let scan = try await demodorp(app)
            let path = ScanURL.report(.value("GM9901"), .value(scan.id!)).path
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

    @Test("A report many open at once after a change is made once, and all of them get it; a failure is not kept")
    func reportMadeOnceForManyReaders() async throws {
        // setup: a maker that counts how often it runs and takes a moment, as rendering a report does
        actor Counter {
            var runs = 0
            func run() -> Int {
                runs += 1
                return runs
            }
        }
        let cache = MemoryCache<String, String>(capacity: 10)
        let counter = Counter()
        let make: @Sendable () async throws -> String = {
            let run = await counter.run()
            try await Task.sleep(for: .milliseconds(50))
            return "rapport \(run)"
        }
        // act: twenty readers at the same moment
        let pages = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.value("scan|7", orMake: make) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // check
        #expect(pages == Array(repeating: "rapport 1", count: 20))
        #expect(await counter.runs == 1)

        // act: making fails for everyone waiting, and the next reader makes it again
        struct Broken: Error {}
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    (try? await cache.value("scan|8") {
                        try await Task.sleep(for: .milliseconds(50))
                        throw Broken()
                    }) == nil
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let afterwards = try await cache.value("scan|8", orMake: make)
        // check
        #expect(failures == Array(repeating: true, count: 5))
        #expect(afterwards == "rapport 2")
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
                let sql = try db.sql()
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
