import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Ondermijning: news, signals, knowledge, the quiz with levels, and reporting a signal to the municipality's contact")
struct UnderminingWebTests {
    /// Groningen's griffier names its burgemeester as the contact for reported signals.
    static func desk(_ app: Application) async throws -> (griffier: Browser, contact: Browser) {
        try await makeUser(app, email: "griffier@groningen.example", name: "Ineke Griffier", roles: [(.trekker, "GM0014")])
        try await makeUser(app, email: "burgemeester@groningen.example", name: "Berend Burgemeester", roles: [(.burgemeester, "GM0014")])
        let griffier = Browser(app)
        try await griffier.signIn("griffier@groningen.example")
        let desk = UnderminingURL.desk(.value("GM0014")).path
        try await griffier.get(desk)
        let set = try await griffier.post(desk, ["contactEmail": "Burgemeester@Groningen.example"])
        #expect(set.status == .seeOther)
        let contact = Browser(app)
        try await contact.signIn("burgemeester@groningen.example")
        return (griffier, contact)
    }

    /// A visitor without an account reports a signal and reads the code from the page.
    static func report(_ app: Application, what: String) async throws -> String {
        let visitor = Browser(app)
        try await visitor.get(UnderminingURL.reportForm.path)
        let sent = try await visitor.post(
            UnderminingURL.reportForm.path,
            ["gemeente": "GM0014", "sector": "horeca", "what": what, "place": "Grote Markt", "moment": "Vrijdagavond"])
        #expect(sent.status == .ok)
        return String(try #require(sent.html.firstMatch(of: #/<strong>([0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){6})</strong>/#)).output.1)
    }

    @Test(
        "A signal reported without an account reaches only the municipality's contact, who is emailed without its content; the reporter follows it with a 130-bit code, typed loosely, and reads the contact's answer"
    )
    func reportReachesTheContact() async throws {
        try await withTestApp { app in
            let (griffier, contact) = try await Self.desk(app)
            let code = try await Self.report(app, what: "Een café zonder klanten dat al jaren open blijft.")
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "signal.reported").all()
            let list = try await contact.get(UnderminingURL.desk(.value("GM0014")).path)
            let path = String(
                try #require(list.html.firstMatch(of: #/href="(/gemeenten/GM0014/meldpunt-ondermijning/[0-9A-F-]{36})"/#)).output.1)
            let page = try await contact.get(path)
            let handled = try await contact.post(
                path, ["status": "in-behandeling", "reply": "Dank u. Wij hebben het doorgegeven aan het RIEC.", "version": "1"])
            let griffierList = try await griffier.get(UnderminingURL.desk(.value("GM0014")).path)
            let follower = Browser(app)
            try await follower.get(UnderminingURL.followUp.path)
            let followed = try await follower.post(
                UnderminingURL.followUp.path, ["code": code.lowercased().replacingOccurrences(of: "-", with: " ")])
            #expect(code.filter { $0 != "-" }.count == 26, "26 characters of 5 bits: 130 bits")
            #expect(mails.count == 1 && mails[0].recipient == "burgemeester@groningen.example")
            #expect(mails.allSatisfy { !$0.textBody.contains("café") && !$0.htmlBody.contains("café") }, "the email holds no content")
            #expect(page.status == .ok && page.html.contains("Een café zonder klanten") && page.html.contains("Grote Markt"))
            #expect(handled.status == .seeOther)
            #expect(!griffierList.html.contains(path), "the griffier who named the contact does not see the reports")
            #expect(
                followed.status == .ok && followed.html.contains("In behandeling") && followed.html.contains("doorgegeven aan het RIEC"))
            let record = try #require(try await SignalReportRecord.query(on: app.db).first())
            #expect(record.status == .inBehandeling && record.version == 2)
        }
    }

    @Test(
        "Nobody but the contact opens a report, whatever their role: programme staff, the griffier who named the contact, a council member, another municipality's griffier; each refusal is logged"
    )
    func onlyTheContact() async throws {
        try await withTestApp { app in
            let (griffier, contact) = try await Self.desk(app)
            _ = try await Self.report(app, what: "Een loods met afgeplakte ramen.")
            let list = try await contact.get(UnderminingURL.desk(.value("GM0014")).path)
            let path = String(
                try #require(list.html.firstMatch(of: #/href="(/gemeenten/GM0014/meldpunt-ondermijning/[0-9A-F-]{36})"/#)).output.1)
            var browsers = [griffier]
            for (email, roles) in [
                ("staf@programma.example", [(Role.programma, String?.none)]), ("raadslid@groningen.example", [(.raadslid, "GM0014")]),
            ] {
                try await makeUser(app, email: email, roles: roles)
                let browser = Browser(app)
                try await browser.signIn(email)
                browsers.append(browser)
            }
            for browser in browsers {
                let page = try await browser.get(path)
                try await browser.get(UnderminingURL.desk(.value("GM0014")).path)
                let post = try await browser.post(path, ["status": "afgerond", "reply": "Klaar", "version": "1"])
                #expect(page.status == .notFound && !page.html.contains("afgeplakte"))
                #expect(post.status == .notFound)
            }
            try await makeUser(app, email: "griffier@amsterdam.example", roles: [(.trekker, "GM0363")])
            let other = Browser(app)
            try await other.signIn("griffier@amsterdam.example")
            let otherPage = try await other.get(path)
            #expect(otherPage.status == .forbidden || otherPage.status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .signalReportRefused).count() == 6)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .signalReportViewed).count() == 0)
            #expect(try await SignalReportRecord.query(on: app.db).first()?.status == .ontvangen, "nothing changed")
        }
    }

    @Test("The database holds no readable report or answer: only ciphertext, also in the raw SQLite file")
    func sealedAtRest() async throws {
        try await withTestApp { app in
            let (_, contact) = try await Self.desk(app)
            _ = try await Self.report(app, what: "Geheim-signaal-negentien")
            let list = try await contact.get(UnderminingURL.desk(.value("GM0014")).path)
            let path = String(
                try #require(list.html.firstMatch(of: #/href="(/gemeenten/GM0014/meldpunt-ondermijning/[0-9A-F-]{36})"/#)).output.1)
            try await contact.get(path)
            try await contact.post(path, ["status": "afgerond", "reply": "Geheim-antwoord-twintig", "version": "1"])
            var stored = ""
            for row in try await app.db.sql().raw("SELECT report_sealed, reply_sealed FROM signal_reports").all() {
                stored +=
                    (try row.decode(column: "report_sealed", as: String.self))
                    + (try row.decode(column: "reply_sealed", as: String?.self) ?? "")
            }
            if case .sqliteFile(let file) = app.config.database {
                try await app.db.sql().raw("PRAGMA wal_checkpoint(FULL)").run()
                for suffix in ["", "-wal"] {
                    if let data = FileManager.default.contents(atPath: file + suffix) { stored += String(decoding: data, as: UTF8.self) }
                }
            }
            for secret in ["Geheim-signaal-negentien", "Grote Markt", "Vrijdagavond", "Geheim-antwoord-twintig"] {
                #expect(!stored.contains(secret), "\(secret) lies readable in the database")
            }
        }
    }

    @Test("Guessing follow-up codes is stopped: after ten wrong codes from one address in an hour, even a code is refused with 429")
    func guessingIsLimited() async throws {
        try await withTestApp { app in
            _ = try await Self.desk(app)
            let code = try await Self.report(app, what: "Veel korte bezoekjes bij een winkel.")
            let guesser = Browser(app)
            try await guesser.get(UnderminingURL.followUp.path)
            var statuses: [HTTPStatus] = []
            for guess in 0..<UnderminingStore.followUpsPerHour {
                statuses.append(
                    try await guesser.post(UnderminingURL.followUp.path, ["code": String(repeating: "A", count: 25) + String(guess)]).status
                )
            }
            let limited = try await guesser.post(UnderminingURL.followUp.path, ["code": code])
            #expect(statuses.allSatisfy { $0 == .notFound })
            #expect(limited.status == .tooManyRequests && limited.html.contains("te vaak een verkeerde code"))
        }
    }

    /// The answers to a level: the right one for the first `right` questions, a wrong one for the rest.
    static func answers(_ app: Application, level: Int, right: Int) throws -> [String: String] {
        let questions = try #require(app.underminingContent.library.level(level)).questions
        var values: [String: String] = [:]
        for (index, question) in questions.enumerated() {
            let chosen = index < right ? question.correctIndex : (question.correctIndex + 1) % question.answers.count
            values["q\(index + 1)"] = String(chosen + 1)
        }
        return values
    }

    @Test(
        "A level opens once the one before is passed with 80% right: 7 of 10 keeps level 2 locked, 8 of 10 opens it; an answer posted for a locked level is refused and not kept; a visitor plays level 1 only"
    )
    func quizLevels() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "raadslid@groningen.example", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let level1 = UnderminingURL.level(.value(1)).path
            let level2 = UnderminingURL.level(.value(2)).path
            try await member.get(level1)
            let early = try await member.post(level2, try Self.answers(app, level: 2, right: 10))
            let seven = try await member.post(level1, try Self.answers(app, level: 1, right: 7))
            let stillLocked = try await member.get(level2)
            let eight = try await member.post(level1, try Self.answers(app, level: 1, right: 8))
            let open = try await member.get(level2)
            let overview = try await member.get(UnderminingURL.quiz.path)
            let visitor = Browser(app)
            let visitorLevel1 = try await visitor.get(level1)
            let visitorLevel2 = try await visitor.get(level2)
            #expect(early.status == .forbidden && early.html.contains("nog op slot"))
            #expect(seven.status == .ok && seven.html.contains("7 van de 10") && seven.html.contains("probeer het nog eens"))
            #expect(stillLocked.status == .forbidden)
            #expect(eight.status == .ok && eight.html.contains("dit niveau is gehaald") && eight.html.contains(#"href="\#(level2)""#))
            #expect(open.status == .ok && open.html.contains("Niveau 2"))
            #expect(overview.html.contains("Gehaald") && overview.html.contains("beste score 8 van de 10"))
            #expect(visitorLevel1.status == .ok && visitorLevel2.status == .forbidden && visitorLevel2.html.contains("Log in"))
            let kept = try await UnderminingQuizResult.query(on: app.db).all()
            #expect(kept.map(\.level).sorted() == [1, 1], "the refused answer for level 2 is not kept")
        }
    }

    @Test(
        "Bad input gets a clear message and stores nothing: a report without what was seen, for a municipality without a contact, with a forged sector; a contact without a role here; an unanswered quiz question; news by someone not on programme staff"
    )
    func badInput() async throws {
        try await withTestApp { app in
            let (griffier, _) = try await Self.desk(app)
            let visitor = Browser(app)
            try await visitor.get(UnderminingURL.reportForm.path)
            let empty = try await visitor.post(UnderminingURL.reportForm.path, ["gemeente": "GM0014", "what": "  "])
            let noDesk = try await visitor.post(UnderminingURL.reportForm.path, ["gemeente": "GM0363", "what": "Iets"])
            let forged = try await visitor.post(
                UnderminingURL.reportForm.path, ["gemeente": "GM0014", "sector": "'; DROP", "what": "Iets"])
            let tooLong = try await visitor.post(
                UnderminingURL.reportForm.path, ["gemeente": "GM0014", "what": String(repeating: "x", count: SignalReport.maxText + 1)])
            try await makeUser(app, email: "griffier@amsterdam.example", roles: [(.trekker, "GM0363")])
            let desk = UnderminingURL.desk(.value("GM0014")).path
            let outsider = try await griffier.post(desk, ["contactEmail": "griffier@amsterdam.example"])
            let level1 = UnderminingURL.level(.value(1)).path
            try await visitor.get(level1)
            var answers = try Self.answers(app, level: 1, right: 10)
            answers["q3"] = nil
            let unanswered = try await visitor.post(level1, answers)
            answers["q3"] = "99"
            let outOfRange = try await visitor.post(level1, answers)
            try await griffier.get(UnderminingURL.news.path)
            let news = try await griffier.post(UnderminingURL.news.path, ["titleNl": "Nieuws", "bodyNl": "Tekst"])
            #expect(empty.status == .unprocessableEntity && empty.html.contains("Schrijf op wat u zag of hoorde."))
            #expect(noDesk.status == .unprocessableEntity && noDesk.html.contains("Kies de gemeente waar u het signaal zag."))
            #expect(forged.status == .unprocessableEntity)
            #expect(tooLong.status == .unprocessableEntity)
            #expect(outsider.status == .unprocessableEntity && outsider.html.contains("Deze persoon heeft geen rol bij deze gemeente."))
            #expect(unanswered.status == .unprocessableEntity && unanswered.html.contains("Kies een antwoord op deze vraag."))
            #expect(outOfRange.status == .unprocessableEntity)
            #expect(news.status == .forbidden)
            #expect(try await SignalReportRecord.query(on: app.db).count() == 0)
            #expect(try await UnderminingNews.query(on: app.db).count() == 0)
            #expect(try await UnderminingStore.contact(of: "GM0014", on: app.db)?.email == "burgemeester@groningen.example")
        }
    }

    @Test(
        "Programme staff publish news in Markdown that is rendered harmless; signals filter by sector; the knowledge base is found by the Dutch search"
    )
    func newsSignalsAndKnowledge() async throws {
        try await withTestApp { app in
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            try await staff.get(UnderminingURL.news.path)
            let published = try await staff.post(
                UnderminingURL.news.path,
                [
                    "titleNl": "Week tegen ondermijning", "bodyNl": "Lees **meer** <script>alert(1)</script> [hier](javascript:alert(1))",
                ])
            let visitor = Browser(app)
            let news = try await visitor.get(UnderminingURL.news.path)
            let english = try await visitor.get(UnderminingURL.news.path, headers: ["Accept-Language": "en"])
            let horeca = try await visitor.get(UnderminingURL.signals.with([("sector", "horeca")]))
            let all = try await visitor.get(UnderminingURL.signals.path)
            let found = try await visitor.get(ExperienceURL.list.with([("soort", "kennis"), ("zoek", "Bibob")]))
            let article = try await visitor.get(UnderminingURL.article(.value("wet-bibob")).path)
            #expect(published.status == .seeOther)
            #expect(
                news.html.contains("<strong>meer</strong>") && !news.html.contains("<script>alert") && !news.html.contains("javascript:"))
            #expect(english.html.contains("Week tegen ondermijning"), "English falls back to Dutch where none was written")
            let sectorCount = app.underminingContent.library.signals(in: .horeca).count
            #expect(horeca.html.components(separatedBy: "<article class=\"panel\"").count - 1 == sectorCount)
            #expect(all.html.components(separatedBy: "<article class=\"panel\"").count - 1 == app.underminingContent.library.signals.count)
            #expect(found.html.contains(#"href="/ondermijning/kennis/wet-bibob""#), "the search finds the article on the Wet Bibob")
            #expect(article.status == .ok && article.html.contains("wetten.overheid.nl"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .underminingNewsPublished).count() == 1)
        }
    }
}
