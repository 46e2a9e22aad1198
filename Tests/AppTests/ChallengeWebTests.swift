import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Uitdaagrecht: a group challenges a municipality, follows it by its link, and the handlers take it to a college decision")
struct ChallengeWebTests {
    static let fields: [String: String] = [
        "task": "Schoonhouden van straten, pleinen en markten", "otherTask": "Zwerfafval opruimen rond de Molenstraat",
        "groupName": "Buurtgroep Molenstraat", "legalForm": "in-oprichting", "contactName": "Noor Willems",
        "email": "noor@example.org", "phone": "", "budgetLine": "", "plan": "Wij ruimen elke week op, samen met de school.",
        "support": "86 handtekeningen uit de straat", "supporters": "86", "capacity": "Tien buren en de bovenbouw van de school",
        "budget": "3.200", "consent": "ja",
    ]

    /// The demo, with its handler signed in.
    private func demo(_ app: Application) async throws -> Browser {
        try await DemoSeed.run(app: app)
        let handler = Browser(app)
        try await handler.signIn("behandelaar@demo.dia.example", password: DemoSeed.password)
        return handler
    }

    /// Submits a challenge to Demodorp from its form and returns the follow-up page's path.
    private func submit(_ app: Application, fields: [String: String] = Self.fields) async throws -> String {
        let group = Browser(app)
        try await group.get(ChallengeURL.submit(.value("GM9901")).path)
        let sent = try await group.post(ChallengeURL.submit(.value("GM9901")).path, fields)
        #expect(sent.status == .seeOther)
        return try #require(sent.location)
    }

    @Test(
        "Bad input is named on the form and nothing is stored: an excluded task with its rule, missing parts, no consent; a municipality without the uitdaagrecht has no form"
    )
    func badInput() async throws {
        try await withTestApp { app in
            // setup
            _ = try await demo(app)
            let group = Browser(app)
            let form = ChallengeURL.submit(.value("GM9901")).path
            try await group.get(form)
            let before = try await ChallengeRecord.query(on: app.db).count()
            // act
            var excluded = Self.fields
            excluded["task"] = ChallengeSubmission.otherTask
            excluded["otherTask"] = "Vergunningen en handhaving"
            let refused = try await group.post(form, excluded)
            var missing = Self.fields
            missing["plan"] = " "
            missing["consent"] = ""
            missing["budget"] = "ongeveer drieduizend"
            let incomplete = try await group.post(form, missing)
            let nowhere = try await Browser(app).get(ChallengeURL.submit(.value("GM9903")).path)
            // check
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.html.contains("De taak &#39;Vergunningen en handhaving&#39; kunt u niet uitdagen")
                    || refused.html.contains("De taak 'Vergunningen en handhaving' kunt u niet uitdagen"))
            #expect(incomplete.status == .unprocessableEntity && incomplete.html.contains("Fout: "))
            #expect(incomplete.html.contains("Schrijf wat u beter, goedkoper of dichter bij de buurt gaat doen."))
            #expect(
                incomplete.html.contains("Vul een bedrag in hele euro&#39;s in")
                    || incomplete.html.contains("Vul een bedrag in hele euro's in"))
            #expect(incomplete.html.contains("Zet een vinkje") && incomplete.html.contains("Buurtgroep Molenstraat"), "typed input is kept")
            #expect(nowhere.status == .notFound)
            #expect(try await ChallengeRecord.query(on: app.db).count() == before)
        }
    }

    @Test(
        "A submitted challenge: the group's follow-up page and email with its link, the handlers told, the register silent until the first check"
    )
    func submitAndFollow() async throws {
        try await withTestApp { app in
            // setup
            _ = try await demo(app)
            // act
            let follow = try await submit(app)
            let page = try await Browser(app).get(follow)
            let wrong = try await Browser(app).get(ChallengeURL.follow(.value(SecureToken.make())).path)
            let register = try await Browser(app).get(ChallengeURL.register.path)
            // check
            #expect(
                page.status == .ok && page.html.contains("Zwerfafval opruimen rond de Molenstraat")
                    && page.html.contains("U hoort uiterlijk"))
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            #expect(wrong.status == .notFound)
            #expect(!register.html.contains("Molenstraat"), "not in the register before the first check")
            let mails = try await OutboxMessage.query(on: app.db).all()
            let toGroup = try #require(mails.first { $0.kind == "challenge.received" })
            #expect(toGroup.recipient == "noor@example.org" && toGroup.textBody.contains(follow))
            let told = Set(mails.filter { $0.kind == "challenge.handler" }.map(\.recipient))
            #expect(told == ["behandelaar@demo.dia.example", "trekker@demo.dia.example"])
        }
    }

    @Test(
        "The whole way: first check, conversation, the group's proposal by its link, advice, a decision refused without reasons, the agreement; the register shows it without the contact's name"
    )
    func wholeWay() async throws {
        try await withTestApp { app in
            // setup
            let handler = try await demo(app)
            let follow = try await submit(app)
            let record = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$groupName == "Buurtgroep Molenstraat").first())
            let page = ChallengeURL.handle(.value("GM9901"), .value(try record.requireID())).path
            func act(_ fields: [String: String]) async throws -> TestingHTTPResponse {
                let fresh = try #require(try await ChallengeRecord.find(record.id, on: app.db))
                try await handler.get(page)
                return try await handler.post(page, fields.merging(["version": String(fresh.version)]) { $1 })
            }
            let today = Format.day(app.clock.now())
            // act and check, step by step; a visitor's register, kept between requests, shows each change at once
            let before = try await Browser(app).get(ChallengeURL.register.path)
            #expect(try await act(["do": "ontvankelijk"]).status == .seeOther)
            let after = try await Browser(app).get(ChallengeURL.register.path)
            #expect(!before.html.contains("Molenstraat") && after.html.contains("Zwerfafval opruimen rond de Molenstraat"))
            #expect(try await act(["do": "gesprek", "meetingOn": today, "notes": "Kennismaking in de school."]).status == .seeOther)
            let group = Browser(app)
            let followed = try await group.get(follow)
            #expect(followed.html.contains("Kennismaking in de school.") && followed.html.contains("Uw uitgewerkte voorstel sturen"))
            let version = String(try #require(try await ChallengeRecord.find(record.id, on: app.db)).version)
            let proposed = try await group.post(
                follow, ["do": "voorstel", "version": version, "proposal": "Elke dinsdag opruimen."], withCSRF: false)
            #expect(proposed.status == .seeOther)
            var advice = ["do": "advies", "summary": "Positief advies aan het college."]
            for condition in ChallengeCondition.allCases { advice["verdict-\(condition.rawValue)"] = "voldoet" }
            #expect(try await act(advice).status == .seeOther)
            let noReasons = try await act(["do": "besluit", "decision": "toegekend", "reasons": " ", "decidedOn": today])
            #expect(noReasons.status == .unprocessableEntity && noReasons.html.contains("Een besluit zonder redenen kan niet."))
            #expect(
                try await act(["do": "besluit", "decision": "toegekend", "reasons": "Goed plan, zelfde geld.", "decidedOn": today]).status
                    == .seeOther)
            let agreed = try await act([
                "do": "overeenkomst", "agreementFrom": today, "agreementUntil": "31-12-2099", "agreementBudget": "3.200",
                "method": "De groep ruimt op, de gemeente haalt de zakken op.", "reporting": "Elk kwartaal een foto en een verslag.",
            ])
            #expect(agreed.status == .seeOther)
            let stored = try #require(try await ChallengeRecord.find(record.id, on: app.db))
            #expect(stored.status == .overeenkomst && stored.agreementBudget == 3_200 && stored.decision == .toegekend)
            let groupPage = try await group.get(follow)
            #expect(groupPage.html.contains("Goed plan, zelfde geld.") && groupPage.html.contains("Elk kwartaal een foto en een verslag."))
            let entry = try await Browser(app).get(ChallengeURL.entry(.value(try record.requireID())).path)
            #expect(entry.status == .ok && entry.html.contains("Goed plan, zelfde geld.") && !entry.html.contains("Noor Willems"))
            let register = try await Browser(app).get(ChallengeURL.register.with([("gemeente", "GM9901"), ("besluit", "toegekend")]))
            #expect(register.html.contains("Zwerfafval opruimen rond de Molenstraat") && !register.html.contains("Noor Willems"))
            let steps = try await OutboxMessage.query(on: app.db).filter(\.$kind == "challenge.step").count()
            #expect(steps == 5, "the group hears of each of the municipality's five steps")
        }
    }

    @Test(
        "Conflicts: an agreement for a rejected challenge is refused; two handlers saving the same advice get a conflict with their text kept"
    )
    func conflicts() async throws {
        try await withTestApp { app in
            // setup
            let handler = try await demo(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let rejected = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .afgewezen).first())
            let waiting = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .voorstel).first())
            let rejectedPage = ChallengeURL.handle(.value(rejected.municipalityCode), .value(try rejected.requireID())).path
            let page = ChallengeURL.handle(.value("GM9901"), .value(try waiting.requireID())).path
            try await handler.get(rejectedPage)
            try await handler.get(page)
            try await coordinator.get(page)
            var advice = ["do": "advies", "version": String(waiting.version)]
            for condition in ChallengeCondition.allCases { advice["verdict-\(condition.rawValue)"] = "voldoet" }
            // act
            let agreement = try await handler.post(
                rejectedPage,
                [
                    "do": "overeenkomst", "version": String(rejected.version), "agreementFrom": "2027-01-01",
                    "agreementUntil": "2027-12-31",
                    "method": "x", "reporting": "x",
                ])
            let first = try await handler.post(page, advice.merging(["summary": "Advies van de behandelaar."]) { $1 })
            let second = try await coordinator.post(page, advice.merging(["summary": "Advies van de trekker, tegelijk geschreven."]) { $1 })
            // check
            #expect(agreement.status == .conflict && agreement.html.contains("Deze stap kan niet in deze fase."))
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict && second.html.contains("Iemand anders veranderde deze uitdaging net."))
            #expect(second.html.contains("Advies van de trekker, tegelijk geschreven."), "the second person's text is kept")
            #expect(try await ChallengeRecord.find(waiting.id, on: app.db)?.adviceSummary == "Advies van de behandelaar.")
        }
    }

    @Test("Someone else's link or municipality: a handler of another municipality cannot open, and a coordinator of another cannot act")
    func otherMunicipality() async throws {
        try await withTestApp { app in
            // setup
            _ = try await demo(app)
            let other = Browser(app)
            try await other.signIn("trekker.voorbeeldstad@demo.dia.example", password: DemoSeed.password)
            let demodorp = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").first())
            let id = try demodorp.requireID()
            // act
            let own = try await other.get(ChallengeURL.desk(.value("GM9902")).path)
            let foreign = try await other.get(ChallengeURL.handle(.value("GM9901"), .value(id)).path)
            let disguised = try await other.get(ChallengeURL.handle(.value("GM9902"), .value(id)).path)
            let acted = try await other.post(
                ChallengeURL.handle(.value("GM9901"), .value(id)).path, ["do": "ontvankelijk", "version": "1"])
            // check
            #expect(own.status == .ok && own.html.contains("Vegen van het marktplein na de weekmarkt"))
            #expect(foreign.status == .forbidden && acted.status == .forbidden)
            #expect(disguised.status == .notFound, "a challenge is only found under its own municipality")
        }
    }

    @Test("A missed term sends one message to the handlers and the coordinator, once; the desk shows it as overdue")
    func overdueSignal() async throws {
        try await withTestApp { app in
            // setup
            let handler = try await demo(app)
            // act
            let first = try await ChallengeStore.signalOverdue(app: app)
            let again = try await ChallengeStore.signalOverdue(app: app)
            let desk = try await handler.get(ChallengeURL.desk(.value("GM9901")).path)
            // check
            #expect(first == 1 && again == 0)
            let mails = try await OutboxMessage.query(on: app.db).filter(
                \.$subject == "Termijn voorbij: uitdaging van Vereniging Dorpshuis De Linde"
            ).all()
            #expect(Set(mails.map(\.recipient)) == ["behandelaar@demo.dia.example", "trekker@demo.dia.example"])
            #expect(desk.html.contains("Te laat: uiterlijk") && desk.html.contains("1 uitdaging is over de termijn."))
        }
    }

    @Test("Ten challenges an hour from one address; the eleventh is refused with the text kept, and another address goes on")
    func rateLimited() async throws {
        try await withTestApp({ $0.trustedProxies = ["unknown"] }) { app in
            // setup
            _ = try await demo(app)
            let script = Browser(app)
            script.forwardedFor = "203.0.113.50"
            let form = ChallengeURL.submit(.value("GM9901")).path
            var statuses: [UInt] = []
            for number in 1...10 {
                try await script.get(form)
                statuses.append(try await script.post(form, Self.fields.merging(["groupName": "Groep \(number)"]) { $1 }).status.code)
            }
            // act
            try await script.get(form)
            let refused = try await script.post(form, Self.fields)
            let elsewhere = Browser(app)
            elsewhere.forwardedFor = "198.51.100.7"
            try await elsewhere.get(form)
            let accepted = try await elsewhere.post(form, Self.fields)
            // check
            #expect(statuses == Array(repeating: 303, count: 10))
            #expect(
                refused.status == .tooManyRequests && refused.html.contains("te veel uitdagingen")
                    && refused.html.contains("Buurtgroep Molenstraat"))
            #expect(accepted.status == .seeOther)
        }
    }

    @Test("The coordinator writes the rules and adds a handler, who gets an email and may then handle; a save meanwhile is a conflict")
    func rulesAndHandlers() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let rulesPage = ChallengeURL.rules(.value("GM9901")).path
            try await coordinator.get(rulesPage)
            let version = String(try await ChallengeStore.rules(of: "GM9901", on: app.db).version)
            var fields = [
                "version": version, "enabled": "ja", "introNl": "", "introEn": "",
                "openTasks": "Onderhoud van speelplekken\nBeheer van de kinderboerderij",
                "excludedTasks": "Vergunningen",
            ]
            for term in ChallengeTerm.allCases { fields["weeks-\(term.rawValue)"] = "5" }
            // act
            let saved = try await coordinator.post(rulesPage, pairs: fields.map { ($0.key, $0.value) } + [("conditions[]", "kosten")])
            let stale = try await coordinator.post(rulesPage, pairs: fields.map { ($0.key, $0.value) } + [("conditions[]", "draagvlak")])
            try await coordinator.get(rulesPage)
            let added = try await coordinator.post(
                ChallengeURL.addHandler(.value("GM9901")).path, ["handlerName": "Kees de Wit", "handlerEmail": "kees@demodorp.example"])
            let publicPage = try await Browser(app).get(ChallengeURL.municipality(.value("GM9901")).path)
            let raadslid = Browser(app)
            try await raadslid.signIn("raadslid@demo.dia.example", password: DemoSeed.password)
            let notCoordinator = try await raadslid.get(rulesPage)
            // check
            #expect(saved.status == .seeOther && stale.status == .conflict)
            let rules = try await ChallengeStore.rules(of: "GM9901", on: app.db).rules
            #expect(rules.openTasks == ["Onderhoud van speelplekken", "Beheer van de kinderboerderij"] && rules.conditions == [.kosten])
            #expect(rules.weeks(.besluit) == 5)
            #expect(
                publicPage.html.contains("Beheer van de kinderboerderij") && publicPage.html.contains("Het college besluit binnen 5 weken"))
            #expect(added.status == .seeOther)
            let handlers = try await ChallengeStore.handlers(of: "GM9901", on: app.db).map(\.email)
            #expect(handlers.contains("kees@demodorp.example"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "kees@demodorp.example").count() == 1)
            #expect(notCoordinator.status == .forbidden)
        }
    }

    @Test(
        "Open data and feeds: the register as CSV under CC BY 4.0 with the page's filters, a municipality's Atom feed, and neither names a contact person"
    )
    func openDataAndFeed() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            // act
            let all = try await Browser(app).get(ChallengeURL.openData.path)
            let voorbeeldstad = try await Browser(app).get(ChallengeURL.openData.with([("gemeente", "GM9902")]))
            let feed = try await Browser(app).get(ChallengeURL.feed(.value("GM9901")).path)
            // check
            let lines = all.html.split(separator: "\r\n")
            #expect(all.status == .ok && lines.first?.hasPrefix("gemeentecode,gemeente,provincie,taak,groep") == true)
            #expect(lines.count == 5, "the header and the four challenges that passed the first check")
            #expect(all.headers.first(name: "Link")?.contains("creativecommons.org/licenses/by/4.0") == true)
            #expect(
                !all.html.contains("Fatima el Amrani") && !all.html.contains("Toezicht op parkeren"),
                "no contact names, no refused challenges")
            #expect(voorbeeldstad.html.split(separator: "\r\n").count == 2 && voorbeeldstad.html.contains("Vegen van het marktplein"))
            #expect(feed.status == .ok && feed.headers.contentType == .atom)
            #expect(
                feed.html.contains("<title>Uitdaagrecht in Demodorp</title>") && feed.html.components(separatedBy: "<entry>").count == 4)
            #expect(feed.html.contains("Onderhoud van het openbaar groen in de Bloemenwijk – Geëvalueerd"))
        }
    }

    @Test(
        "Programme staff see the national picture: municipalities with it on, challenges per stage, decisions and their duration, missed terms"
    )
    func nationalPicture() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let staff = Browser(app)
            try await staff.signIn("programma@demo.dia.example", password: DemoSeed.password)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let page = try await staff.get(ChallengeURL.national.path)
            let refused = try await coordinator.get(ChallengeURL.national.path)
            let (overview, enabled) = try await ChallengeStore.overview(app: app)
            // check
            #expect(enabled == ["GM9901", "GM9902"] && overview.total == 6 && overview.overdue == 1)
            #expect(overview.medianDaysToDecision == 125 && overview.longestDaysToDecision == 140)
            #expect(
                page.status == .ok && page.html.contains("Demodorp")
                    && page.html.contains("Van indienen tot besluit duurt het meestal 125 dagen"))
            #expect(refused.status == .forbidden)
        }
    }

    @Test("An evaluated challenge becomes a shared experience in one action: the coordinator's form is filled with both evaluations")
    func shareAsExperience() async throws {
        try await withTestApp { app in
            // setup
            let handler = try await demo(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let evaluated = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .geevalueerd).first())
            let page = ChallengeURL.handle(.value("GM9901"), .value(try evaluated.requireID())).path
            // act
            let asCoordinator = try await coordinator.get(page)
            let asHandler = try await handler.get(page)
            let form = try await coordinator.get(
                ExperienceURL.new(.value("GM9901")).with([("uitdaging", try evaluated.requireID().uuidString)]))
            // check
            #expect(asCoordinator.html.contains("Deel als ervaring") && !asHandler.html.contains("Deel als ervaring"))
            #expect(form.status == .ok && form.html.contains("Uitdaagrecht: Onderhoud van het openbaar groen in de Bloemenwijk"))
            #expect(form.html.contains("klachten over het groen daalden van 23 naar 6"), "the municipality's evaluation fills what worked")
            #expect(form.html.contains("te weinig handen"), "the group's evaluation fills what did not work")
        }
    }
}

@Suite("Uitdaagrecht: documents are checked by content, kept with their challenge and served only as downloads")
struct ChallengeDocumentTests {
    @Test(
        "The group adds a PDF from its page; the handler downloads it as an attachment; a program renamed to .pdf, a file too large and a document for an ended challenge are refused"
    )
    func addAndDownload() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let record = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .inGesprek).first())
            let follow = try DemoChallenges.followLink(of: record, app: app)
            let token = String(follow.split(separator: "/").last!)
            let handler = Browser(app)
            try await handler.signIn("behandelaar@demo.dia.example", password: DemoSeed.password)
            let pdf = Array("%PDF-1.7\nBegroting Schone Markt\n".utf8)
            // act
            let added = try await uploadDocument(app, to: ChallengeURL.upload(.value(token)).path, name: "Begroting 2027.pdf", bytes: pdf)
            let renamed = try await uploadDocument(
                app, to: ChallengeURL.upload(.value(token)).path, name: "factuur.pdf", bytes: Array("MZ\u{90}\u{0}program".utf8))
            let large = try await uploadDocument(
                app, to: ChallengeURL.upload(.value(token)).path, name: "groot.pdf",
                bytes: pdf + [UInt8](repeating: 32, count: UploadKind.maxBytes))
            let documents = try await ChallengeStore.documents(of: try record.requireID(), on: app.db)
            let document = try #require(documents.first)
            let download = try await handler.get(
                ChallengeURL.document(.value("GM9901"), .value(try record.requireID()), .value(document.id)).path)
            let groupDownload = try await Browser(app).get(ChallengeURL.groupDocument(.value(token), .value(document.id)).path)
            let other = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .voorstel).first())
            let otherToken = String(try DemoChallenges.followLink(of: other, app: app).split(separator: "/").last!)
            let crossed = try await Browser(app).get(ChallengeURL.groupDocument(.value(otherToken), .value(document.id)).path)
            let page = try await Browser(app).get(follow)
            // check
            #expect(added.status == .seeOther)
            #expect(renamed.status == .unprocessableEntity && renamed.body.string.contains("Dit soort bestand kan niet."))
            #expect(large.status == .unprocessableEntity && large.body.string.contains("Het bestand is te groot."))
            #expect(documents.count == 1 && document.fileName == "Begroting 2027.pdf" && document.kind == .pdf)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"Begroting 2027.pdf\"") == true)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(groupDownload.status == .ok && crossed.status == .notFound, "a document is only found under its own challenge's link")
            #expect(page.html.contains("Begroting 2027.pdf") && page.html.contains("Document toegevoegd"))
            #expect(
                try await OutboxMessage.query(on: app.db).filter(\.$kind == "challenge.handler").count() >= 2, "the handlers hear of it")
            // an ended challenge takes no more documents or messages from its group, even from an old page
            let ended = try #require(try await ChallengeRecord.query(on: app.db).filter(\.$status == .afgewezen).first())
            let endedToken = String(try DemoChallenges.followLink(of: ended, app: app).split(separator: "/").last!)
            let late = try await uploadDocument(app, to: ChallengeURL.upload(.value(endedToken)).path, name: "laat.pdf", bytes: pdf)
            let lateMessage = try await Browser(app).post(
                ChallengeURL.follow(.value(endedToken)).path, ["do": "bericht", "message": "Nog een vraag"], withCSRF: false)
            #expect(late.status == .unprocessableEntity && lateMessage.status == .unprocessableEntity)
            #expect(lateMessage.html.contains("Deze uitdaging is afgerond."))
            #expect(try await ChallengeStore.documents(of: try ended.requireID(), on: app.db).isEmpty)
        }
    }
}
