import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// A municipality (Groningen) with a coordinator who is signed in, and a scan in concept.
struct ScanFixture {
    let app: Application
    let coordinator: Browser
    let scan: Scan
    var base: String { ScanURL.show(.value("GM0014"), .value(scan.id!)).path }

    /// One of the scan's own addresses: `fixture.url(ScanURL.close)`.
    func url(_ make: (Parameter<String>, Parameter<UUID>) -> ScanURL) -> String {
        make(.value("GM0014"), .value(scan.id!)).path
    }

    static func make(_ app: Application) async throws -> ScanFixture {
        try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
        let coordinator = Browser(app)
        try await coordinator.signIn("griffie@groningen.example")
        let scan = try await ScanStore.create(
            municipalityCode: "GM0014", bank: app.questionBanks.current, today: app.clock.now(), on: app.db)
        return ScanFixture(app: app, coordinator: coordinator, scan: scan)
    }

    /// Opens the scan through the page, as the coordinator would.
    func open() async throws {
        try await coordinator.get(base)
        let response = try await coordinator.post(url(ScanURL.open))
        #expect(
            response.status == .seeOther,
            "opening the scan: \(response.html.firstMatch(of: /<title>[^<]*|<p class="lead">[^<]*/)?.output ?? "")")
    }

    /// Makes personal links for a group through the page and returns their codes.
    func links(_ group: RespondentGroup, count: Int = 3) async throws -> [String] {
        try await coordinator.get(base)
        let response = try await coordinator.post(url(ScanURL.links), ["group": group.rawValue, "count": String(count), "format": "csv"])
        return response.body.string.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",").last!) }
    }

    func reload() async throws -> Scan { try #require(try await Scan.find(scan.id!, on: app.db)) }
}

/// Fills in a whole questionnaire through the pages: on every page the first item gets `value`,
/// the others the next value round the scale; open questions get `openText` if given.
/// The respondent's code in a questionnaire address such as `/vragenlijst/CODE/stap/2?eigen=ja`.
func codeIn(_ location: String?) -> String? {
    guard let location, location.hasPrefix("/vragenlijst/") else { return nil }
    return location.dropFirst("/vragenlijst/".count).split(whereSeparator: { "/?".contains($0) }).first.map(String.init)
}

/// Fills in a whole questionnaire; the code moves to the respondent's own at the first save, and is followed. On the
/// page of the top three it ticks the first three themes. Sends it, or with `send: false` returns the check page.
func answerAll(_ respondent: Browser, code: String, value: Int = 4, openText: String? = nil, send: Bool = true) async throws
    -> TestingHTTPResponse
{
    var code = code
    let start = try await respondent.get(QuestionnaireURL.start(.value(code)).path)
    #expect(start.status == .ok)
    var page = 1
    while true {
        let html = try await respondent.get(QuestionnaireURL.page(.value(code), .value(page)).path).html
        var fields = ["richting": "volgende"]
        let choices = html.matches(of: /name="(a:[^"]+)" type="checkbox"/).map { String($0.output.1) }
        for name in choices.prefix(Questionnaire.topThree) { fields[name] = "5" }
        let names = Set(html.matches(of: /name="(a:[^"]+)"/).map { String($0.output.1) }).subtracting(choices)
        for name in names {
            if html.contains("<textarea class=\"textarea\" id=\"vraag-\(name.dropFirst(2).replacingOccurrences(of: ".", with: "-"))\"") {
                if let openText { fields[name] = openText }
            } else {
                fields[name] = String(value)
            }
        }
        let response = try await respondent.post(QuestionnaireURL.page(.value(code), .value(page)).path, fields)
        code = codeIn(response.location) ?? code
        if response.location?.contains("/controle") == true { break }
        page += 1
        #expect(page < 20)
    }
    let check = try await respondent.get(QuestionnaireURL.check(.value(code)).path)
    guard send else { return check }
    return try await respondent.post(QuestionnaireURL.send(.value(code)).path)
}

@Suite("Quick Scan: what the respondent reads")
struct QuestionnaireWordingTests {
    @Test("The start page names the respondent as one of their group, and the check page counts blank open questions apart, as skippable")
    func startAndCheckPages() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try #require(try await fixture.links(.inwoners, count: 1).first)
            let inhabitant = Browser(app)
            // act
            let start = try await inhabitant.get(QuestionnaireURL.start(.value(code)).path)
            let check = try await answerAll(inhabitant, code: code, value: 4, openText: nil, send: false)
            // check
            let questionnaire = Questionnaire(bank: app.questionBanks.current, customQuestions: [], group: .inwoners)
            let items = questionnaire.pages.flatMap(\.items)
            let closed = items.filter { $0.kind != .open }.count
            let open = items.count - closed
            #expect(open > 0)
            #expect(start.html.contains("U vult de vragenlijst in als inwoner."))
            #expect(check.html.contains("U heeft \(closed) van de \(closed) vragen met antwoordkeuzes beantwoord."))
            #expect(check.html.contains("Van de open vragen, die u mag overslaan, heeft u er 0 van de \(open) ingevuld."))
        }
    }

    @Test("On the page of the top three, four ticks get a Dutch message with the ticks kept; three are saved and shown to check")
    func topThreePage() async throws {
        try await withTestApp { app in
            // setup: an inhabitant on the page after the themes
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            var code = try #require(try await fixture.links(.inwoners, count: 1).first)
            let inhabitant = Browser(app)
            let questionnaire = Questionnaire(bank: app.questionBanks.current, customQuestions: [], group: .inwoners)
            let page = try #require(questionnaire.pages.first { $0.isTopThree })
            let ids = page.items.map(\.id)
            let path = { QuestionnaireURL.page(.value(code), .value(page.number)).path }
            // act
            let shown = try await inhabitant.get(path())
            var four = ["richting": "volgende"]
            for id in ids.prefix(4) { four["a:" + id] = "5" }
            let tooMany = try await inhabitant.post(path(), four)
            var three = ["richting": "later"]
            for id in ids.prefix(3) { three["a:" + id] = "5" }
            let saved = try await inhabitant.post(path(), three)
            code = codeIn(saved.location) ?? code
            let again = try await inhabitant.get(path())
            let check = try await inhabitant.get(QuestionnaireURL.check(.value(code)).path)
            // check
            #expect(shown.html.contains("Welke thema&#39;s moeten in uw gemeente als eerste beter? Kies er hoogstens 3."))
            #expect(shown.html.contains(#"type="checkbox" value="5""#) && !shown.html.contains(#"type="radio""#))
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.html.contains("Kies hoogstens 3 thema&#39;s.") && tooMany.html.contains(##"href="#vraag-top-drie""##))
            #expect(tooMany.html.components(separatedBy: #"value="5" checked"#).count - 1 == 4)
            #expect(saved.status == .seeOther)
            #expect(again.html.components(separatedBy: #"value="5" checked"#).count - 1 == 3)
            #expect(check.html.components(separatedBy: "In mijn top drie").count - 1 == 3)
            #expect(check.html.components(separatedBy: "Niet gekozen").count - 1 == ids.count - 3)
        }
    }
}

@Suite("Quick Scan: preparing and opening a scan")
struct ScanPreparationTests {
    @Test("In concept the coordinator sets dates, age and groups, and adds at most four custom questions")
    func prepare() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            let c = fixture.coordinator
            try await c.get(fixture.base)
            // act
            let badSettings = try await c.post(
                fixture.url(ScanURL.settings),
                pairs: [
                    ("title", "Scan 2026"), ("opensOn", "2026-02-30"), ("closesOn", "2026-01-01"), ("minAge", "3"),
                ])
            let settings = try await c.post(
                fixture.url(ScanURL.settings),
                pairs: [
                    ("title", "Scan 2026"), ("opensOn", "1-3-2026"), ("closesOn", "31-03-2026"), ("minAge", "18"),
                    ("groups[]", "raad"), ("groups[]", "inwoners"),
                ])
            for index in 1...4 {
                try await c.get(fixture.base)
                try await c.post(
                    fixture.url(ScanURL.questions),
                    pairs: [("text", "Eigen vraag \(index)"), ("kind", "statement"), ("questionGroups[]", "raad")])
            }
            try await c.get(fixture.base)
            let fifth = try await c.post(
                fixture.url(ScanURL.questions), pairs: [("text", "Vijfde"), ("kind", "open"), ("questionGroups[]", "raad")])
            // check
            #expect(badSettings.status == .unprocessableEntity)
            #expect(badSettings.html.contains("Vul een datum in zoals 15-03-2026 (dag, maand, jaar)."))
            #expect(badSettings.html.contains("Vul een leeftijd in van 12 tot en met 25."))
            #expect(badSettings.html.contains("Kies minstens één groep."))
            #expect(badSettings.html.contains(#"value="Scan 2026""#))
            #expect(settings.status == .seeOther)
            let scan = try await fixture.reload()
            #expect(scan.groups == [.raad, .inwoners] && scan.minAge == 18 && scan.opensOn == "2026-03-01", "a day typed the Dutch way")
            #expect(scan.closesOn == "2026-03-31")
            #expect(try await ScanStore.customQuestions(of: scan.requireID(), on: app.db).count == 4)
            #expect(fifth.status == .unprocessableEntity)
            #expect(fifth.html.contains("Een scan heeft hoogstens 4 eigen vragen.") || !fifth.html.contains("Vraag toevoegen"))
        }
    }

    @Test(
        "Settings and custom questions are one form: a name typed before Vraag toevoegen or Scan openen is kept, and an error in one part keeps both"
    )
    func oneFormKeepsEverything() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            let c = fixture.coordinator
            let page = try await c.get(fixture.base)
            let settings: [(String, String)] = [
                ("opensOn", "01-03-2026"), ("closesOn", "31-03-2026"), ("minAge", "16"), ("groups[]", "raad"), ("groups[]", "inwoners"),
            ]
            // act: a new name, then the question's button; a question without groups, then the settings' button
            let added = try await c.post(
                fixture.url(ScanURL.questions),
                pairs: [("title", "Quick Scan voorjaar")] + settings + [
                    ("text", "Hoe hoort u van de raad?"), ("kind", "open"), ("questionGroups[]", "inwoners"),
                ])
            let afterAdding = try await fixture.reload()
            try await c.get(fixture.base)
            let refused = try await c.post(
                fixture.url(ScanURL.settings),
                pairs: [("title", "Quick Scan najaar")] + settings + [("text", "Een vraag zonder groep"), ("kind", "open")])
            let afterRefusal = try await fixture.reload()
            try await c.get(fixture.base)
            let opened = try await c.post(fixture.url(ScanURL.open), pairs: [("title", "Quick Scan 2026 definitief")] + settings)
            // check
            #expect(
                page.html.contains(
                    #"<form method="post" action="\#(fixture.url(ScanURL.settings))" novalidate class="form" id="voorbereiding">"#))
            #expect(page.html.contains(#"form="voorbereiding" formaction="\#(fixture.url(ScanURL.open))""#))
            #expect(added.status == .seeOther)
            #expect(afterAdding.title == "Quick Scan voorjaar", "the name typed before Vraag toevoegen was saved with the question")
            #expect(
                try await ScanStore.customQuestions(of: fixture.scan.requireID(), on: app.db).map(\.text) == ["Hoe hoort u van de raad?"])
            #expect(refused.status == .unprocessableEntity && refused.html.contains("Kies minstens één groep."))
            #expect(refused.html.contains(#"value="Quick Scan najaar""#) && refused.html.contains("Een vraag zonder groep</textarea>"))
            #expect(afterRefusal.title == "Quick Scan voorjaar", "nothing is half saved")
            #expect(opened.status == .seeOther)
            let final = try await fixture.reload()
            #expect(final.status == .open && final.title == "Quick Scan 2026 definitief")
        }
    }

    @Test("Only valid moves: a concept scan cannot close, an open scan cannot change its questions")
    func statusMoves() async throws {
        try await withTestApp { app in
            let fixture = try await ScanFixture.make(app)
            try await fixture.coordinator.get(fixture.base)
            #expect(try await fixture.coordinator.post(fixture.url(ScanURL.close)).status == .conflict)
            try await fixture.open()
            try await fixture.coordinator.get(fixture.base)
            let change = try await fixture.coordinator.post(
                fixture.url(ScanURL.questions), pairs: [("text", "Te laat"), ("kind", "open"), ("questionGroups[]", "raad")])
            #expect(change.status == .conflict)
            #expect(try await fixture.reload().status == .open)
        }
    }

    @Test("Personal links come as CSV once, stored only as hashes; inhabitants are addressed as 'aan de bewoners'")
    func personalLinks() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.coordinator.get(fixture.base)
            // act
            let csv = try await fixture.coordinator.post(fixture.url(ScanURL.links), ["group": "inwoners", "count": "3", "format": "csv"])
            let printed = try await fixture.coordinator.post(
                fixture.url(ScanURL.links), ["group": "raad", "count": "2", "format": "print"])
            let tooMany = try await fixture.coordinator.post(
                fixture.url(ScanURL.links), ["group": "raad", "count": "100000", "format": "csv"])
            // check
            #expect(csv.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let rows = csv.body.string.split(separator: "\r\n")
            #expect(rows.count == 4)
            #expect(rows[1].hasPrefix("Aan de bewoners van dit adres,Inwoners,http://localhost:8080/vragenlijst/"))
            let codes = rows.dropFirst().map { String($0.split(separator: ",").last!) }
            #expect(codes.allSatisfy { SecureToken.normalizedCode($0).count == SecureToken.codeLength })
            let stored = try await ScanInvitation.query(on: app.db).all()
            #expect(stored.count == 5)
            #expect(stored.allSatisfy { invitation in !codes.contains { SecureToken.normalizedCode($0) == invitation.tokenHash } })
            #expect(printed.html.components(separatedBy: "class=\"letter\"").count == 3)
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.html.contains("Vul een aantal in van 1 tot en met 2000."))
        }
    }

    @Test("A council member cannot prepare scans; another municipality's coordinator cannot see them")
    func accessToScans() async throws {
        try await withTestApp { app in
            let fixture = try await ScanFixture.make(app)
            try await makeUser(app, email: "raadslid@groningen.example", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "griffie@amsterdam.example", roles: [(.trekker, "GM0363")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let other = Browser(app)
            try await other.signIn("griffie@amsterdam.example")
            #expect(try await member.get(fixture.base).status == .forbidden)
            #expect(try await member.get(ScanURL.list(.value("GM0014")).path).status == .ok)
            #expect(try await other.get(fixture.base).status == .forbidden)
            #expect(try await other.get(ScanURL.show(.value("GM0363"), .value(fixture.scan.id!)).path).status == .notFound)
        }
    }
}

@Suite("Quick Scan: answering")
struct AnsweringTests {
    @Test("A respondent answers, pauses, resumes on another device with the own link they were given, and sends exactly once")
    func answerPauseResumeSend() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let letterCode = try #require(try await fixture.links(.raad, count: 1).first)
            let respondent = Browser(app)
            // act: the first page, then pause
            let start = try await respondent.get(QuestionnaireURL.start(.value(letterCode)).path)
            try await respondent.get(QuestionnaireURL.page(.value(letterCode), .value(1)).path)
            let paused = try await respondent.post(
                QuestionnaireURL.page(.value(letterCode), .value(1)).path, ["a:rol-raad.richting": "5", "richting": "later"])
            let pausedPage = try await respondent.get(paused.location ?? "")
            let code = try #require(codeIn(paused.location))
            // act: come back later in a new browser, with the link shown on the paused page
            let later = Browser(app)
            let resumed = try await later.get(QuestionnaireURL.start(.value(code)).path)
            let firstPage = try await later.get(QuestionnaireURL.page(.value(code), .value(1)).path)
            let sent = try await answerAll(later, code: code, value: 4, openText: "Meer tijd voor inwoners.")
            let again = try await later.post(QuestionnaireURL.send(.value(code)).path)
            let reopened = try await later.get(QuestionnaireURL.start(.value(code)).path)
            // check
            #expect(start.html.contains("Stap") == false && start.html.contains("Begin met de vragenlijst"))
            #expect(code != SecureToken.normalizedCode(letterCode))
            #expect(paused.location == QuestionnaireURL.start(.value(code)).with([("bewaard", "ja")]))
            #expect(pausedPage.html.contains("Uw antwoorden zijn bewaard"))
            #expect(pausedPage.html.contains("http://localhost:8080/vragenlijst/\(code)"))
            // No session and no token, from start to sent; the only cookie is the way back to the own code.
            #expect(Set(respondent.cookies.keys) == [QuestionnaireController.wayBackCookie] && later.cookies.isEmpty)
            #expect(respondent.csrf == nil && later.csrf == nil)
            #expect(resumed.html.contains("Ga verder met de vragenlijst"))
            #expect(firstPage.html.contains(#"value="5" checked"#) || firstPage.html.contains(#"value="4" checked"#))
            #expect(sent.location == QuestionnaireURL.thanks.path)
            #expect(again.location == QuestionnaireURL.thanks.path)
            #expect(reopened.status == .gone)
            #expect(reopened.html.contains("al ingevuld en verstuurd"))
            let counts = try await ResponseStore.responseCounts(of: fixture.scan.requireID(), on: app.db)
            #expect(counts[.raad] == 1)
            #expect(try await ScanResponse.query(on: app.db).count() == 1)
        }
    }

    @Test("A sent response keeps no link to its invitation, no address and only the day; drafts are gone")
    func anonymity() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try #require(try await fixture.links(.ambtenaren, count: 1).first)
            // act
            _ = try await answerAll(Browser(app), code: code, value: 2, openText: "Een antwoord")
            // check
            let invitation = try #require(try await ScanInvitation.query(on: app.db).first())
            #expect(invitation.used && invitation.draft == nil)
            let columns = try await app.db.sql().raw("SELECT * FROM scan_responses").all().first?.allColumns ?? []
            #expect(Set(columns) == ["id", "scan_id", "respondent_group", "submitted_on", "answers"])
            let response = try #require(try await ScanResponse.query(on: app.db).first())
            #expect(response.submittedOn == app.clock.today)
            let openColumns = try await app.db.sql().raw("SELECT * FROM scan_open_answers").all().first?.allColumns ?? []
            #expect(!openColumns.contains("response_id") && !openColumns.contains("invitation_id"))
        }
    }

    @Test("The counts kept with every response equal a recount of the raw answers")
    func aggregatesMatchRawAnswers() async throws {
        try await withTestApp { app in
            // setup: the demo seed sends hundreds of responses through the same store
            try await DemoSeed.run(app: app)
            // act
            let aggregates = try await ScanAggregate.query(on: app.db).all()
            let responses = try await ScanResponse.query(on: app.db).all()
            let openAnswers = try await ScanOpenAnswer.query(on: app.db).all()
            // check
            var recount: [String: [Int]] = [:]
            var answers = 0
            for response in responses {
                for (questionID, value) in response.answers {
                    let key = "\(response.$scan.id)|\(questionID)|\(response.group.rawValue)"
                    recount[key, default: Array(repeating: 0, count: 6)][value] += 1
                    answers += 1
                }
            }
            // An open question's row counts its answers in n1.
            for answer in openAnswers {
                let key = "\(answer.$scan.id)|\(answer.questionID)|\(answer.group.rawValue)"
                recount[key, default: Array(repeating: 0, count: 6)][1] += 1
            }
            var compared = 0
            for row in aggregates {
                let key = "\(row.$scan.id)|\(row.questionID)|\(row.group.rawValue)"
                #expect(row.distribution.counts == (recount[key] ?? Array(repeating: 0, count: 6)), "\(key)")
                compared += 1
            }
            #expect(compared > 500)
            #expect(answers > 10_000)
            let groupCounts = try await ScanGroupCount.query(on: app.db).all()
            for count in groupCounts {
                #expect(count.responses == responses.filter { $0.$scan.id == count.$scan.id && $0.group == count.group }.count)
            }
        }
    }

    @Test("Links of a group the settings no longer invite go, so no answer is acknowledged and then never counted")
    func linksOfRemovedGroup() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            let college = try await fixture.links(.college, count: 2)
            let raad = try await fixture.links(.raad, count: 1)
            // act: the coordinator leaves the college out, then opens the scan
            try await fixture.coordinator.get(fixture.base)
            let settings = try await fixture.coordinator.post(
                fixture.url(ScanURL.settings),
                pairs: [
                    ("title", "Scan 2026"), ("opensOn", fixture.scan.opensOn), ("closesOn", fixture.scan.closesOn), ("minAge", "16"),
                    ("groups[]", "raad"), ("groups[]", "ambtenaren"), ("groups[]", "inwoners"),
                ])
            try await fixture.open()
            let left = try await ScanInvitation.query(on: app.db).filter(\.$scan.$id == fixture.scan.requireID()).all()
            let opened = try await Browser(app).get(QuestionnaireURL.start(.value(college[0])).path)
            // A respondent of the council saves a page; then the council is left out (as an older database can hold).
            let late = Browser(app)
            let saved = try await late.post(
                QuestionnaireURL.page(.value(raad[0]), .value(1)).path, ["a:rol-raad.richting": "4", "richting": "later"])
            let own = try #require(codeIn(saved.location))
            let scan = try await fixture.reload()
            scan.groups = [.ambtenaren, .inwoners]
            try await scan.update(on: app.db)
            try await late.get(QuestionnaireURL.check(.value(own)).path)
            let after = try await late.post(QuestionnaireURL.send(.value(own)).path)
            // check
            #expect(settings.status == .seeOther)
            #expect(left.map(\.group) == [.raad])
            #expect(opened.status == .notFound && opened.html.contains("Deze link of code werkt niet (meer)."))
            #expect(after.status == .notFound)
            #expect(try await ScanResponse.query(on: app.db).count() == 0)
        }
    }

    @Test("Closing asks first, saying how many responses there are and that it cannot be undone; only the button closes")
    func closeAsksFirst() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try await fixture.links(.raad, count: 1)[0]
            _ = try await answerAll(Browser(app), code: code)
            // act
            let page = try await fixture.coordinator.get(fixture.base)
            let confirm = try await fixture.coordinator.get(fixture.url(ScanURL.close))
            let stillOpen = try await fixture.reload().status
            let closed = try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let afterwards = try await fixture.coordinator.get(fixture.url(ScanURL.close))
            // check
            #expect(page.html.contains(#"<a class="button button-warning" href="\#(fixture.url(ScanURL.close))">Scan sluiten</a>"#))
            #expect(confirm.status == .ok && confirm.html.contains("Aantal antwoorden voor Groningen tot nu toe: 1."))
            #expect(confirm.html.contains("Zolang u het rapport niet met de raad deelt, kunt u de scan weer openen."))
            #expect(stillOpen == .open)
            let status = try await fixture.reload().status
            #expect(closed.status == .seeOther && status == .closed)
            #expect(afterwards.status == .seeOther)
        }
    }

    @Test(
        "A closed scan opens again until its report is shared: answers stay, old links stay ended, the comparison and the report step go back"
    )
    func reopenUntilShared() async throws {
        try await withTestApp { app in
            // setup: one council member answered, another did not start; the scan closed
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let codes = try await fixture.links(.raad, count: 6)
            for code in codes.prefix(5) { _ = try await answerAll(Browser(app), code: code) }
            try await fixture.coordinator.get(fixture.url(ScanURL.close))
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let totals = { try await ScanThemeTotal.query(on: app.db).filter(\.$municipalityCode == "GM0014").count() }
            let closedTotals = try await totals()
            let closedSteps = try await TrajectoryStore.state(of: "GM0014", on: app.db).reached
            // act
            let page = try await fixture.coordinator.get(fixture.base)
            let confirm = try await fixture.coordinator.get(fixture.url(ScanURL.reopen))
            let yesterday = Format.day(app.clock.now().addingTimeInterval(-86_400))
            let past = try await fixture.coordinator.post(fixture.url(ScanURL.reopen), ["closesOn": yesterday])
            let stillClosed = try await fixture.reload().status
            let nextWeek = app.clock.now().addingTimeInterval(7 * 86_400)
            let dutch = Format.day(nextWeek).split(separator: "-").reversed().joined(separator: "-")
            let reopened = try await fixture.coordinator.post(fixture.url(ScanURL.reopen), ["closesOn": dutch])
            let scan = try await fixture.reload()
            let openTotals = try await totals()
            let openSteps = try await TrajectoryStore.state(of: "GM0014", on: app.db).reached
            let oldLink = try await Browser(app).get(QuestionnaireURL.start(.value(codes[5])).path)
            let newCode = try await fixture.links(.raad, count: 1)[0]
            _ = try await answerAll(Browser(app), code: newCode)
            try await fixture.coordinator.get(fixture.url(ScanURL.close))
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let againTotals = try await totals()
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.share))
            let afterSharing = try await fixture.coordinator.post(fixture.url(ScanURL.reopen), ["closesOn": dutch])
            // check
            let reopenButton = #"href="\#(fixture.url(ScanURL.reopen))">Scan weer openen</a>"#
            #expect(page.html.contains(reopenButton), "\(reopenButton)")
            #expect(confirm.status == .ok && confirm.html.contains("werken de persoonlijke links en codes van vóór het sluiten niet meer"))
            #expect(
                past.status == .unprocessableEntity && past.html.contains("Kies een laatste dag vanaf vandaag, hoogstens 90 dagen vooruit.")
            )
            #expect(stillClosed == .closed)
            #expect(reopened.status == .seeOther)
            #expect(scan.status == .open && scan.closedOn == nil && scan.closesOn == Format.day(nextWeek) && scan.openLinkActive)
            #expect(closedTotals > 0 && openTotals == 0, "the comparison no longer holds figures of a scan that is open")
            #expect(closedSteps[.rapport] != nil && openSteps[.rapport] == nil && openSteps[.startgesprek] != nil)
            #expect(oldLink.status == .notFound, "a link from before closing stays ended")
            #expect(
                try await ResponseStore.responseCounts(of: scan.requireID(), on: app.db)[.raad] == 6, "the answers from before were kept")
            #expect(againTotals == closedTotals)
            let told = try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.reopened").all()
            #expect(told.map(\.recipient) == ["griffie@groningen.example"], "the coordinator hears the scan is open again")
            let shared = try await fixture.reload().status
            #expect(afterSharing.status == .conflict && shared == .report)
        }
    }

    @Test("A closed scan whose single answers were erased cannot open again: its open questions could no longer be counted")
    func noReopenAfterErasure() async throws {
        try await withTestApp { app in
            // setup: a closed scan, its answers erased by the coordinator
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            try await fixture.coordinator.get(fixture.url(ScanURL.close))
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            try await fixture.coordinator.get(PrivacyURL.eraseAnswers(.value("GM0014"), .value(fixture.scan.id!)).path)
            let erased = try await fixture.coordinator.post(PrivacyURL.eraseAnswers(.value("GM0014"), .value(fixture.scan.id!)).path)
            // act
            let page = try await fixture.coordinator.get(fixture.base)
            let confirm = try await fixture.coordinator.get(fixture.url(ScanURL.reopen))
            let nextWeek = Format.day(app.clock.now().addingTimeInterval(7 * 86_400))
            let refused = try await fixture.coordinator.post(fixture.url(ScanURL.reopen), ["closesOn": nextWeek])
            // check
            let erasedOn = try await fixture.reload().answersErasedOn
            #expect(erased.status == .seeOther && erasedOn != nil)
            #expect(!page.html.contains("Scan weer openen"))
            #expect(confirm.status == .seeOther)
            #expect(refused.status == .conflict && refused.html.contains("Daarom kan hij niet meer open."))
            let status = try await fixture.reload().status
            #expect(status == .closed)
        }
    }

    @Test(
        "The open link exists while the scan is prepared and says when it opens; it works once open; after closing the scan page says it no longer does"
    )
    func openLinkBeforeOpening() async throws {
        try await withTestApp { app in
            // setup: a scan in preparation that opens in a week
            let fixture = try await ScanFixture.make(app)
            let scan = try await fixture.reload()
            let opensOn = Format.day(app.clock.now().addingTimeInterval(7 * 86_400))
            scan.opensOn = opensOn
            scan.closesOn = Format.day(app.clock.now().addingTimeInterval(30 * 86_400))
            try await scan.update(on: app.db)
            let token = try #require(scan.openToken, "the open link exists before the scan opens")
            let link = QuestionnaireURL.openLink(.value(token)).path
            let inhabitant = Browser(app)
            // act
            let prepared = try await fixture.coordinator.get(fixture.base)
            let early = try await inhabitant.get(link)
            let earlyStart = try await inhabitant.post(link, ["age": "40"])
            try await fixture.open()
            let reopened = try await fixture.reload()
            reopened.opensOn = Format.day(app.clock.now())
            try await reopened.update(on: app.db)
            let open = try await inhabitant.get(link)
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let closed = try await fixture.coordinator.get(fixture.base)
            // check
            #expect(prepared.html.contains(token) && prepared.html.contains("U kunt deze link nu al delen. Hij werkt vanaf"))
            #expect(early.status == .ok && early.html.contains("De vragenlijst opent op \(Format.day(opensOn, .nl))."))
            #expect(!early.html.contains(#"name="age""#), "no form before the scan opens")
            #expect(earlyStart.status == .forbidden)
            #expect(try await fixture.reload().openToken == token, "opening keeps the link that was shared")
            #expect(open.status == .ok && open.html.contains(#"name="age""#))
            #expect(closed.html.contains("Deze link werkt niet meer: de scan is gesloten."))
            #expect(!closed.html.contains("Deel deze link"))
        }
    }

    @Test(
        "A code is short and typed forgivingly: small letters, spaces, O for 0 and I or L for 1 find it; the pages and the letter name the address where it is typed"
    )
    func forgivingCodes() async throws {
        try await withTestApp { app in
            // setup: an open scan with a link whose code has every confusable digit
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            try await ScanInvitation(
                scanID: fixture.scan.requireID(), group: .raad, tokenHash: SecureToken.hash("0110ABCDEFGHJK23"), fromOpenLink: false
            ).create(on: app.db)
            let made = try await fixture.links(.raad, count: 1)[0]
            let respondent = Browser(app)
            // act
            try await respondent.get(QuestionnaireURL.codeForm.path)
            let typed = try await respondent.post(QuestionnaireURL.codeForm.path, ["code": "oil0 abcd efgh jk23"])
            let page = try await respondent.get(typed.location ?? "")
            try await fixture.coordinator.get(fixture.base)
            let letters = try await fixture.coordinator.post(
                fixture.url(ScanURL.links), ["group": "raad", "count": "1", "format": "print"])
            let footer = try await Browser(app).get(HomeURL.home.path)
            let openToken = try #require(try await fixture.reload().openToken)
            let openLink = try await Browser(app).get(QuestionnaireURL.openLink(.value(openToken)).path)
            // check
            #expect(SecureToken.normalizedCode(made).count == 16 && made.count == 19, "16 characters in four groups")
            #expect(made.allSatisfy { SecureToken.codeAlphabet.contains($0) || $0 == "-" })
            #expect(typed.status == .seeOther && typed.location == QuestionnaireURL.start(.value("0110ABCDEFGHJK23")).path)
            #expect(page.status == .ok)
            #expect(letters.html.contains("Of ga naar http://localhost:8080/vragenlijst en typ deze code:"))
            #expect(footer.html.contains(#"<a href="/vragenlijst">Verder met de vragenlijst</a>"#))
            #expect(openLink.html.contains(#"<a href="/vragenlijst">Ik was al begonnen: verder met mijn code</a>"#))
        }
    }

    @Test("Unknown, mistyped and closed links get one clear page; a scan not yet open says so")
    func linkProblems() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            let early = try await fixture.links(.raad, count: 1)[0]
            try await fixture.open()
            let code = try await fixture.links(.raad, count: 1)[0]
            let future = try await ScanStore.create(
                municipalityCode: "GM0014", bank: app.questionBanks.current, today: app.clock.now(), on: app.db)
            future.opensOn = "2999-01-01"
            future.closesOn = "2999-02-01"
            try await future.update(on: app.db)
            try await ScanStore.open(future, bank: app.questionBanks.current, on: app.db)
            let (_, futureCodes) = try await ScanStore.makeInvitations(for: future, group: "raad", count: "1", on: app.db)
            let browser = Browser(app)
            // act
            let unknown = try await browser.get("/vragenlijst/AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG")
            let mistyped = try await browser.get("/vragenlijst/\(code.dropLast())")
            let typed = try await browser.get("/vragenlijst/\(code.lowercased().replacingOccurrences(of: "-", with: " "))")
            let notYet = try await browser.get(QuestionnaireURL.start(.value(futureCodes[0])).path)
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let closed = try await browser.get(QuestionnaireURL.start(.value(early)).path)
            let codeForm = try await browser.get(QuestionnaireURL.codeForm.path)
            let badCode = try await browser.post(QuestionnaireURL.codeForm.path, ["code": "geen-code"])
            // check
            #expect(unknown.status == .notFound && unknown.html.contains("Deze link of code werkt niet (meer)."))
            #expect(mistyped.status == .notFound)
            #expect(typed.status == .ok)
            #expect(notYet.status == .forbidden && notYet.html.contains("De vragenlijst is nog niet open."))
            #expect(closed.status == .notFound && closed.html.contains("Deze link of code werkt niet (meer)."))
            #expect(codeForm.status == .ok)
            #expect(badCode.status == .unprocessableEntity && badCode.html.contains("Deze code kennen we niet."))
        }
    }

    @Test(
        "Tampered forms are refused with a Dutch page and leave the saved answers as they were",
        arguments: [
            ["a:onbekend.vraag": "3"],
            ["a:rol-raad.richting": "9"],
            ["a:controle.aanspreken": "3"],
            ["a:eigen.1": "5"],
        ])
    func tamperedForms(form: [String: String]) async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let letterCode = try await fixture.links(.raad, count: 1)[0]
            let respondent = Browser(app)
            try await respondent.get(QuestionnaireURL.page(.value(letterCode), .value(1)).path)
            let saved = try await respondent.post(
                QuestionnaireURL.page(.value(letterCode), .value(1)).path, ["a:rol-raad.richting": "2", "richting": "later"])
            let code = try #require(codeIn(saved.location))
            try await respondent.get(QuestionnaireURL.page(.value(code), .value(1)).path)
            // act
            var fields = form
            fields["richting"] = "volgende"
            let response = try await respondent.post(QuestionnaireURL.page(.value(code), .value(1)).path, fields)
            // check
            #expect(response.status == .badRequest)
            #expect(response.html.contains("Dit formulier klopt niet."))
            let invitation = try #require(try await ScanStore.invitation(code: code, on: app.db))
            #expect(ScanStore.draft(of: invitation) == ["rol-raad.richting": "2"])
        }
    }

    @Test("A 50,000-character open answer comes back with a message and the other answers kept; nothing is saved")
    func longOpenAnswer() async throws {
        try await withTestApp { app in
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try await fixture.links(.raad, count: 1)[0]
            let respondent = Browser(app)
            try await respondent.get(QuestionnaireURL.page(.value(code), .value(1)).path)
            let response = try await respondent.post(
                QuestionnaireURL.page(.value(code), .value(1)).path,
                [
                    "a:rol-raad.richting": "4", "a:rol-raad.open": String(repeating: "x", count: 50_000), "richting": "volgende",
                ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains("Uw antwoord is te lang. Gebruik hoogstens 5000 tekens."))
            #expect(response.html.contains(#"value="4" checked"#))
            let invitation = try #require(try await ScanStore.invitation(code: code, on: app.db))
            #expect(invitation.draft == nil)
        }
    }

    @Test("Sending without a single answer is refused with an error summary that leads back to the questions; nothing is stored")
    func emptySubmission() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let code = try await fixture.links(.raad, count: 1)[0]
            let respondent = Browser(app)
            try await respondent.get(QuestionnaireURL.check(.value(code)).path)
            // act
            let response = try await respondent.post(QuestionnaireURL.send(.value(code)).path)
            // check: the summary's link goes to the first "change" link, which opens the first question page
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains("<title>Fout: "))
            #expect(response.html.contains(##"<a href="#wijzig-1">U heeft nog geen enkele vraag beantwoord."##))
            #expect(response.html.contains(/<a id="wijzig-1" href="\/vragenlijst\/[^"]+\/stap\/1">/))
            #expect(try await ScanResponse.query(on: app.db).count() == 0)
            #expect(try await ScanStore.invitation(code: code, on: app.db)?.used == false)
        }
    }

    @Test(
        "An impossible age gets a message that says so, a word gets the message to type a number, and nothing is stored",
        arguments: [
            ("150", "Deze leeftijd kan niet kloppen."), ("0", "Deze leeftijd kan niet kloppen."),
            ("99999999999999999999", "Deze leeftijd kan niet kloppen."), ("veertig", "Vul uw leeftijd in als getal"),
        ])
    func impossibleAge(age: String, message: String) async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let openCode = try #require(try await fixture.reload().openToken)
            let inhabitant = Browser(app)
            try await inhabitant.get(QuestionnaireURL.openLink(.value(openCode)).path)
            let before = try await ScanInvitation.query(on: app.db).count()
            // act
            let response = try await inhabitant.post(QuestionnaireURL.openLink(.value(openCode)).path, ["age": age])
            // check
            #expect(response.status == .unprocessableEntity && response.html.contains(message))
            #expect(try await ScanInvitation.query(on: app.db).count() == before)
        }
    }

    @Test("Inhabitants start from the open link after an age check that stores nothing; under age they cannot")
    func openLink() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let openCode = try #require(try await fixture.reload().openToken)
            let inhabitant = Browser(app)
            // act
            try await inhabitant.get(QuestionnaireURL.openLink(.value(openCode)).path)
            let young = try await inhabitant.post(QuestionnaireURL.openLink(.value(openCode)).path, ["age": "15"])
            let nonsense = try await inhabitant.post(QuestionnaireURL.openLink(.value(openCode)).path, ["age": "oud"])
            let adult = try await inhabitant.post(QuestionnaireURL.openLink(.value(openCode)).path, ["age": "42"])
            let start = try await inhabitant.get(try #require(adult.location))
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.openLinkState), ["active": "nee"])
            let closedLink = try await Browser(app).get(QuestionnaireURL.openLink(.value(openCode)).path)
            // check
            #expect(young.status == .forbidden && young.html.contains("moet u minstens 16 jaar zijn"))
            #expect(nonsense.status == .unprocessableEntity && nonsense.html.contains("Vul uw leeftijd in als getal"))
            #expect(try await ScanInvitation.query(on: app.db).count() == 1)
            #expect(start.html.contains("Uw code om later verder te gaan"))
            #expect(closedLink.status == .gone && closedLink.html.contains("Deze link voor inwoners is gesloten."))
        }
    }
}

/// Demodorp's latest demo scan: four groups, the college under five, an earlier scan for the trend.
func demodorp(_ app: Application) async throws -> Scan {
    try await DemoSeed.run(app: app)
    return try #require(
        try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901")
            .filter(\.$title == "Quick Scan 2026").first())
}

@Suite("Quick Scan: the report")
struct ScanReportTests {

    @Test("The scans page gives each round of the municipality with the number of responses it has, and why its report counts fewer")
    func scansPageCountsResponses() async throws {
        try await withTestApp { app in
            // setup: Demodorp's rounds, each with its own counts
            try await DemoSeed.run(app: app)
            let scans = try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901").all()
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let html = try await coordinator.get(ScanURL.list(.value("GM9901")).path).html
            // check
            #expect(scans.count >= 2)
            for scan in scans {
                let total = try await ResponseStore.responseCounts(of: scan.requireID(), on: app.db).values.reduce(0, +)
                let row = html.components(separatedBy: "<tr>").first { $0.contains(">\(scan.title)</a>") } ?? ""
                #expect(row.contains("<td class=\"numeric\">\(total)"), "\(scan.title): \(total)")
            }
            // Demodorp's college gave 4 answers in 2026: the list says why the report counts fewer
            let row2026 = html.components(separatedBy: "<tr>").first { $0.contains(">Quick Scan 2026</a>") } ?? ""
            #expect(
                row2026.contains(
                    "169<br><span class=\"hint\">Het rapport telt er 165: een groep met minder dan 5 antwoorden telt daar niet mee."))
        }
    }

    @Test("A council member's scans list counts only the groups the report shows, so a small group's size stays hidden")
    func councilMemberTotalLeavesOutSmallGroups() async throws {
        try await withTestApp { app in
            // setup: Demodorp's shared report, in which the college has fewer than five responses
            try await DemoSeed.run(app: app)
            let shared = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901").filter(\.$status == .report).first())
            let counts = try await ResponseStore.responseCounts(of: shared.requireID(), on: app.db)
            let member = Browser(app)
            try await member.signIn("raadslid@demo.dia.example", password: DemoSeed.password)
            // act
            let html = try await member.get(ScanURL.list(.value("GM9901")).path).html
            // check
            let all = counts.values.reduce(0, +)
            let shown = counts.values.filter { $0 >= ReportRules.minimumGroupSize }.reduce(0, +)
            #expect(counts.values.contains { $0 < ReportRules.minimumGroupSize }, "the demo should have a small group")
            let row = html.components(separatedBy: "<tr>").first { $0.contains(shared.title) } ?? ""
            #expect(row.contains("<td class=\"numeric\">\(shown)</td>"), "\(row)")
            #expect(!row.contains("<td class=\"numeric\">\(all)</td>"))
        }
    }

    @Test("The report page stays the same size however many open answers there are: a few per question, the rest a page away")
    func openAnswersArePaged() async throws {
        try await withTestApp { app in
            // setup
            let scan = try await demodorp(app)
            let counts = try await ScanReports.data(for: scan, app: app, on: app.db)
                .openAnswerCounts(shownGroups: [.raad, .ambtenaren, .inwoners])
            let (questionID, total) = try #require(counts.max { $0.value < $1.value })
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let report = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scan.id!)).path)
            let page = try await coordinator.get(ScanURL.openAnswers(.value("GM9901"), .value(scan.id!)).with([("vraag", questionID)]))
            // check
            #expect(total > 5)
            #expect(report.html.contains("Alle \(total) open antwoorden"))
            let forms =
                page.html.components(separatedBy: "action=\"" + ScanURL.openAnswers(.value("GM9901"), .value(scan.id!)).path + "/").count
                - 1
            #expect(forms == min(total, ReportController.openAnswersPerPage))
            #expect(page.status == .ok)
            #expect(total <= ReportController.openAnswersPerPage || page.html.contains(#"rel="next">Volgende pagina</a>"#))
            #expect(
                try await Browser(app).get(ScanURL.openAnswers(.value("GM9901"), .value(scan.id!)).with([("vraag", questionID)])).status
                    == .seeOther)
        }
    }

    @Test("The report shows scores, the radar chart with its table, gaps, priorities, trend and comparison, and hides the small group")
    func reportPage() async throws {
        try await withTestApp { app in
            // setup
            let scan = try await demodorp(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let page = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scan.id!)).path)
            // check
            let html = page.html
            #expect(page.status == .ok)
            #expect(html.contains("<svg") && html.contains("class=\"chart radar\""))
            // the chart's axes carry the numbers of the table's themes; a phone gets bars per theme, each bar named
            #expect(html.contains(#"<tspan x="410.0" dy="0">1. Rol van de</tspan><tspan x="410.0" dy="18">gemeenteraad</tspan>"#))
            #expect(
                html.contains(#"<div class="phone-chart"><svg"#)
                    && html.contains(#"class="chart-label chart-heading">1. Rol van de gemeenteraad</text>"#))
            #expect(html.contains(#"text-anchor="end" class="chart-label">Inwoners</text>"#))
            // the total says a small group is left out, without its number; the key columns come first and are explained
            #expect(html.contains(##"165 antwoorden (<a href="#wie">zonder een groep met minder dan 5 antwoorden</a>)"##))
            let header = try #require(html.firstRange(of: #"<th scope="col" class="numeric">Totaal</th>"#))
            let firstGroup = try #require(html.firstRange(of: #"<th scope="col" class="numeric">Raad</th>"#))
            #expect(header.lowerBound < firstGroup.lowerBound)
            #expect(
                html.contains(
                    "Prioriteit: hoeveel procent van de mensen het thema in hun top drie zette van wat als eerste beter moet. Bij tien thema&#39;s is dat door toeval ongeveer 30%; 40% of meer is hoog."
                ))
            #expect(html.contains(##"<th scope="row">1. <a href="#thema-"##))
            #expect(html.contains("Score per thema (0 tot 100)"))
            #expect(html.contains("College: minder dan 5 antwoorden."))
            #expect(html.contains("<th scope=\"row\">College</th><td class=\"numeric\">minder dan 5</td>"))
            #expect(!html.contains("<th scope=\"col\" class=\"numeric\">College</th>"))
            #expect(html.contains("Wat is er veranderd?") && html.contains("Vergeleken met de vorige scan: Quick Scan 2024."))
            #expect(html.contains("Landelijk: het gemiddelde van 5 gemeenten"))
            #expect(html.contains("Verbeterkansen"))
            #expect(html.contains("We vergelijken groepen alleen op de stellingen die elke groep heeft beantwoord."))
            #expect(html.contains("De trend vergelijkt daarom alleen de 11 stellingen die in beide versies staan."))
            #expect(html.contains("Open antwoorden"))
        }
    }

    @Test("The CSV and the JSON hold the same numbers as the report built from the counts")
    func exportsAgree() async throws {
        try await withTestApp { app in
            // setup
            let scan = try await demodorp(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let json = try await coordinator.get(ScanURL.reportJSON(.value("GM9901"), .value(scan.id!)).path)
            let csv = try await coordinator.get(ScanURL.reportCSV(.value("GM9901"), .value(scan.id!)).path).body.string
            let report = try await ScanReports.report(for: scan, app: app, on: app.db)
            // check
            let dto = try JSONDecoder().decode(ScanReportDTO.self, from: Data(json.body.string.utf8))
            #expect(dto.suppressedGroups == ["college"])
            #expect(dto.groups.first { $0.group == "college" }?.responses == nil)
            for theme in report.themes {
                let exported = try #require(dto.themes.first { $0.id == theme.themeID })
                #expect(exported.total == theme.total.map(ScanReportDTO.round))
                let line = "theme,\(theme.themeID),total,score,\(String(format: "%.1f", theme.total!))"
                #expect(csv.contains(line), "\(line)")
                for (group, score) in theme.scores {
                    #expect(csv.contains("theme,\(theme.themeID),\(group.rawValue),score,\(String(format: "%.1f", score.value))"))
                }
            }
            #expect(!csv.contains(",college,score,"))
            #expect(!dto.trend.isEmpty)
            #expect(dto.themes.allSatisfy { $0.nationalMunicipalities == 5 && $0.national != nil })
        }
    }

    @Test("The download for Excel opens in columns in Dutch Excel: byte order mark, semicolons, Dutch headings, decimal commas")
    func spreadsheetForDutchExcel() async throws {
        try await withTestApp { app in
            // setup
            let scan = try await demodorp(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let report = try await ScanReports.report(for: scan, app: app, on: app.db)
            // act
            let response = try await coordinator.get(ScanURL.reportSpreadsheet(.value("GM9901"), .value(scan.id!)).path)
            let page = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scan.id!)).path)
            // check
            let body = response.body.string
            let lines = body.split(separator: "\r\n").map(String.init)
            #expect(response.headers.contentType?.subType == "csv" && body.hasPrefix("\u{FEFF}"))
            #expect(
                lines[0]
                    == "\u{FEFF}Thema;Groep;Score (0-100);Aantal antwoorden;Weet niet (%);Prioriteit (0-100);Landelijk gemiddelde;Gemiddelde even grote gemeenten"
            )
            let first = try #require(report.themes.first)
            let total = String(format: "%.1f", ScanReportDTO.round(first.total!)).replacingOccurrences(of: ".", with: ",")
            #expect(lines[1].hasPrefix("Rol van de gemeenteraad;Totaal;\(total);"))
            #expect(lines.contains { $0.hasPrefix("Rol van de gemeenteraad;Raad;") })
            #expect(!lines.contains { $0.contains(";College;") })
            #expect(lines.count == 1 + report.themes.reduce(0) { $0 + 1 + $1.scores.count })
            #expect(page.html.contains("voor Excel (opent in kolommen, met Nederlandse kopjes)"))
        }
    }

    @Test("Council members read the report only once it is shared; open answers stay with coordinator and facilitator")
    func reportAccess() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let earlier = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901")
                    .filter(\.$title == "Quick Scan 2024").first())
            let shared = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901")
                    .filter(\.$title == "Quick Scan 2026").first())
            let member = Browser(app)
            try await member.signIn("raadslid@demo.dia.example", password: DemoSeed.password)
            let other = Browser(app)
            try await other.signIn("trekker.voorbeeldstad@demo.dia.example", password: DemoSeed.password)
            // act
            let notShared = try await member.get(ScanURL.report(.value("GM9901"), .value(earlier.id!)).path)
            let sharedPage = try await member.get(ScanURL.report(.value("GM9901"), .value(shared.id!)).path)
            let foreign = try await other.get(ScanURL.report(.value("GM9901"), .value(shared.id!)).path)
            // check
            #expect(notShared.status == .forbidden)
            #expect(sharedPage.status == .ok)
            #expect(!sharedPage.html.contains("Open antwoorden"))
            #expect(foreign.status == .forbidden)
        }
    }

    @Test("The coordinator hides an open answer that points at someone; it then shows as hidden")
    func hideOpenAnswer() async throws {
        try await withTestApp { app in
            let scan = try await demodorp(app)
            // The first answer in the report's order from a group that is shown (the college is too small),
            // so it is among those the report page shows.
            let answer = try #require(
                try await ScanOpenAnswer.query(on: app.db).filter(\.$scan.$id == scan.id!)
                    .filter(\.$group != .college).sort(\.$id).first())
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scan.id!)).path)
            let hide = try await coordinator.post(
                ScanURL.openAnswer(.value("GM9901"), .value(scan.id!), .value(answer.id!)).path, ["hidden": "ja"])
            #expect(hide.status == .seeOther)
            #expect(try await ScanOpenAnswer.find(answer.id!, on: app.db)?.hidden == true)
            let report = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(scan.id!)).path).html
            #expect(report.contains("Dit antwoord is verborgen."))
            // its "show again" button names the theme and the group, so it differs from the other such buttons
            let theme = try #require(app.questionBanks.current.find(answer.questionID)?.theme.name(.nl))
            #expect(report.contains("Weer tonen<span class=\"visually-hidden\"> (\(theme), \(answer.group.name(.nl)))</span>"))
            let all = try await coordinator.get(
                ScanURL.openAnswers(.value("GM9901"), .value(scan.id!)).with([("vraag", answer.questionID)]))
            #expect(all.status == .ok)
            #expect(all.html.contains("Dit antwoord is verborgen."))
            #expect(all.html.contains("Antwoord 1 tot en met"))
        }
    }

    @Test("Closing a scan makes the report from the answers given through the pages")
    func closeAndReport() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            for (group, value) in [(RespondentGroup.raad, 5), (.inwoners, 2)] {
                for code in try await fixture.links(group, count: 5) {
                    _ = try await answerAll(Browser(app), code: code, value: value)
                }
            }
            // act
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            let page = try await fixture.coordinator.get(fixture.url(ScanURL.report))
            let report = try await ScanReports.report(for: fixture.reload(), app: app, on: app.db)
            // check
            #expect(page.status == .ok)
            #expect(report.shownGroups == [.raad, .inwoners])
            #expect(report.suppressedGroups == [.college, .ambtenaren])
            // Every statement got 5 (score 100) from the council and 2 (score 25) from inhabitants.
            #expect(report.themes.allSatisfy { $0.scores[.raad]?.value == 100 && $0.scores[.inwoners]?.value == 25 })
            #expect(report.gaps.first?.difference == 75)
            #expect(try await ScanThemeTotal.query(on: app.db).filter(\.$municipalityCode == "GM0014").count() == report.themes.count)
        }
    }
}
