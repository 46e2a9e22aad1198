import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Woningscan: an office holder's request, read only by its handler, and the self-check")
struct HomeScanWebTests {
    struct Scene {
        let mayor: Browser
        let anouk: Browser
        let bram: Browser
        /// The requester's own page of the request.
        let mine: String
        /// The request as programme staff open it.
        let staffPath: String
    }

    static let request: [String: String] = [
        "office": "burgemeester", "municipality": "GM0014", "phone": "06-98765432", "street": "Zonnebloemstraat 77",
        "postcode": "9712ab", "place": "Groningen", "availability": "Na vijf uur", "notes": "Er is een hond in huis",
    ]

    /// Groningen's burgemeester requests a woningscan; two programme staff members are signed in.
    static func requested(_ app: Application) async throws -> Scene {
        try await makeUser(app, email: "berend@groningen.example", name: "Berend Burgemeester", roles: [(.burgemeester, "GM0014")])
        try await makeUser(app, email: "anouk@programma.example", name: "Anouk Visser", roles: [(.programma, nil)])
        try await makeUser(app, email: "bram@programma.example", name: "Bram Bos", roles: [(.programma, nil)])
        var browsers: [Browser] = []
        for email in ["berend@groningen.example", "anouk@programma.example", "bram@programma.example"] {
            let browser = Browser(app)
            try await browser.signIn(email)
            browsers.append(browser)
        }
        try await browsers[0].get(HomeScanURL.request.path)
        let sent = try await browsers[0].post(HomeScanURL.request.path, Self.request)
        let mine = try #require(sent.location)
        let id = try #require(mine.split(separator: "/").last.map(String.init))
        return Scene(
            mayor: browsers[0], anouk: browsers[1], bram: browsers[2], mine: mine,
            staffPath: HomeScanURL.staffShow(.value(try #require(UUID(uuidString: id)))).path)
    }

    static let secrets = ["Zonnebloemstraat", "9712 AB", "9712ab", "06-98765432", "Er is een hond in huis", "Na vijf uur"]

    static func day(_ app: Application, in days: Int) -> String { Format.day(Format.moment(app.clock.now(), addingDays: days)) }

    @Test(
        "An office holder requests a woningscan for their own municipality: they see its status but not their address, programme staff get an email without it, and the audit log has it by reference"
    )
    func officeHolderRequests() async throws {
        try await withTestApp { app in
            // setup and act
            let scene = try await Self.requested(app)
            let page = try await scene.mayor.get(scene.mine)
            let form = try await scene.mayor.get(HomeScanURL.request.path)
            // check
            let record = try #require(try await HomeScanRequestRecord.query(on: app.db).first())
            #expect(record.status == .aangevraagd && record.office == .burgemeester && record.municipalityCode == "GM0014")
            #expect(record.handlerID == nil && record.version == 1)
            #expect(page.status == .ok && page.html.contains("Uw aanvraag is verstuurd.") && page.html.contains("Aangevraagd"))
            #expect(page.html.contains(record.reference) && page.html.contains("Groningen") && page.html.contains("Burgemeester"))
            for secret in Self.secrets { #expect(!page.html.contains(secret), "\(secret) shown back to the requester") }
            #expect(form.html.contains(record.reference), "the form lists the person's requests")
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "woningscan.requested").all()
            #expect(Set(mails.map(\.recipient)) == ["anouk@programma.example", "bram@programma.example"])
            for mail in mails {
                #expect(mail.subject.contains(record.reference) && mail.textBody.contains("burgemeester van Groningen"))
                for secret in Self.secrets {
                    #expect(!mail.textBody.contains(secret) && !mail.htmlBody.contains(secret), "\(secret) in a mail")
                }
            }
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == .homeScanRequested).first())
            #expect(audit.subject == record.reference && audit.municipalityCode == "GM0014")
        }
    }

    @Test(
        "Programme staff list the requests without address or phone; only the staff member who took one reads them, each view logged; anyone else gets the page without them, 403 or 404"
    )
    func onlyTheHandlerReadsTheAddress() async throws {
        try await withTestApp { app in
            // setup
            let scene = try await Self.requested(app)
            let id = try #require(try await HomeScanRequestRecord.query(on: app.db).first()?.id)
            // act
            let list = try await scene.anouk.get(HomeScanURL.staffList.path)
            let before = try await scene.anouk.get(scene.staffPath)
            let taken = try await scene.anouk.post(HomeScanURL.take(.value(id)).path, ["version": "1"])
            let handler = try await scene.anouk.get(scene.staffPath)
            let other = try await scene.bram.get(scene.staffPath)
            let takeAgain = try await scene.bram.post(HomeScanURL.take(.value(id)).path, ["version": "2"])
            try await makeUser(app, email: "griffier@groningen.example", roles: [(.trekker, "GM0014")])
            let griffier = Browser(app)
            try await griffier.signIn("griffier@groningen.example")
            let griffierList = try await griffier.get(HomeScanURL.staffList.path)
            let griffierPage = try await griffier.get(scene.staffPath)
            let griffierMine = try await griffier.get(scene.mine)
            let staffMine = try await scene.anouk.get(scene.mine)
            let signedOut = try await Browser(app).get(scene.staffPath)
            // check
            #expect(list.status == .ok && list.html.contains("WS-") && list.html.contains("Groningen") && list.html.contains("Nog niemand"))
            #expect(before.html.contains("Ik behandel deze aanvraag"))
            #expect(taken.status == .seeOther)
            #expect(handler.html.contains("Zonnebloemstraat 77, 9712 AB Groningen") && handler.html.contains("06-98765432"))
            #expect(handler.html.contains("Berend Burgemeester") && handler.html.contains("Er is een hond in huis"))
            #expect(handler.html.contains(#"name="plannedOn""#))
            #expect(other.status == .ok && other.html.contains("Anouk Visser behandelt deze aanvraag."))
            #expect(takeAgain.status == .conflict && takeAgain.html.contains("Iemand anders behandelt deze aanvraag al."))
            for (name, page) in [("list", list), ("before", before), ("other", other), ("take again", takeAgain)] {
                for secret in Self.secrets { #expect(!page.html.contains(secret), "\(name) shows \(secret)") }
                #expect(!page.html.contains("Berend Burgemeester"), "\(name) names the requester")
            }
            #expect(griffierList.status == .forbidden && griffierPage.status == .forbidden)
            #expect(griffierMine.status == .notFound && staffMine.status == .notFound, "a request's own page is the requester's alone")
            #expect(signedOut.status == .seeOther)
            for page in [griffierList, griffierPage, griffierMine, staffMine] {
                for secret in Self.secrets { #expect(!page.html.contains(secret)) }
            }
            let viewed = try await AuditEvent.query(on: app.db).filter(\.$action == .homeScanViewed).all()
            #expect(viewed.count == 1 && viewed.first?.actorName == "Anouk Visser", "one view of the address, by its handler")
            let changed = try await AuditEvent.query(on: app.db).filter(\.$action == .homeScanChanged).all().map(\.subject)
            #expect(changed.count == 1 && changed[0].hasSuffix(": in behandeling genomen"))
            #expect(try await AuditEvent.query(on: app.db).all().allSatisfy { !$0.subject.contains("Zonnebloemstraat") })
        }
    }

    @Test(
        "The handler plans the visit and records it done; the requester gets an email each time and sees Ingepland with the date, then the advice; another staff member cannot, and a stale form gets 409"
    )
    func planAndFinish() async throws {
        try await withTestApp { app in
            // setup
            let scene = try await Self.requested(app)
            let id = try #require(try await HomeScanRequestRecord.query(on: app.db).first()?.id)
            try await scene.anouk.get(scene.staffPath)
            try await scene.anouk.post(HomeScanURL.take(.value(id)).path, ["version": "1"])
            let visit = Self.day(app, in: 14)
            // act
            try await scene.bram.get(scene.staffPath)
            let notHandler = try await scene.bram.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": visit])
            try await scene.anouk.get(scene.staffPath)
            let planned = try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": visit])
            let stale = try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": visit])
            let seen = try await scene.mayor.get(scene.mine)
            try await scene.anouk.get(scene.staffPath)
            let done = try await scene.anouk.post(
                HomeScanURL.finish(.value(id)).path, ["version": "3", "advice": "Laat de achterdeur een SKG-slot krijgen."])
            let after = try await scene.mayor.get(scene.mine)
            let handlerAfter = try await scene.anouk.get(scene.staffPath)
            // check
            #expect(notHandler.status == .forbidden)
            #expect(planned.status == .seeOther && done.status == .seeOther)
            #expect(stale.status == .conflict && stale.html.contains("Iemand anders heeft deze aanvraag net gewijzigd."))
            let date = Format.day(visit, .nl)
            #expect(seen.html.contains("Ingepland") && seen.html.contains("Het bezoek is ingepland op \(date)."))
            #expect(after.html.contains("Uitgevoerd") && after.html.contains("Laat de achterdeur een SKG-slot krijgen."))
            #expect(
                !handlerAfter.html.contains(#"name="plannedOn""#) && handlerAfter.html.contains("Laat de achterdeur"), "nothing to do after"
            )
            let record = try #require(try await HomeScanRequestRecord.find(id, on: app.db))
            #expect(record.status == .uitgevoerd && record.plannedOn == visit && record.version == 4)
            let toMayor = try await OutboxMessage.query(on: app.db).filter(\.$recipient == "berend@groningen.example").all()
            #expect(toMayor.map(\.kind).sorted() == ["woningscan.done", "woningscan.planned"])
            #expect(toMayor.first { $0.kind == "woningscan.planned" }?.textBody.contains("ingepland op \(date)") == true)
            #expect(
                toMayor.allSatisfy { $0.eraseWhenDone && !$0.textBody.contains("SKG-slot") && !$0.textBody.contains("Zonnebloemstraat") })
            let changes = try await AuditEvent.query(on: app.db).filter(\.$action == .homeScanChanged).all().map(\.subject)
            #expect(changes.count == 3, "taken, planned, done: \(changes)")
        }
    }

    @Test(
        "dia maintenance removes a request six months after its visit was recorded, with a record in the audit log, and leaves a request not yet carried out"
    )
    func retentionRemovesDoneRequests() async throws {
        try await withTestApp { app in
            let scene = try await Self.requested(app)
            try await scene.mayor.get(HomeScanURL.request.path)
            try await scene.mayor.post(HomeScanURL.request.path, Self.request)
            let records = try await HomeScanRequestRecord.query(on: app.db).sort(\.$requestedAt).all()
            #expect(records.count == 2)
            let done = records[0]
            done.status = .uitgevoerd
            done.updatedAt = app.clock.now().addingTimeInterval(-200 * 86_400)
            try await done.save(on: app.db)
            let open = records[1]
            open.updatedAt = app.clock.now().addingTimeInterval(-400 * 86_400)
            try await open.save(on: app.db)
            let removed = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            let again = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            #expect(removed.homeScansRemoved == 1 && again.homeScansRemoved == 0)
            #expect(try await HomeScanRequestRecord.query(on: app.db).all().map(\.id) == [open.id], "a request still waiting stays")
            let logged = try await AuditEvent.query(on: app.db).filter(\.$action == .homeScanChanged).all().map(\.subject)
            #expect(logged.contains { $0.hasPrefix(done.reference + ": verwijderd na de bewaartermijn") })
        }
    }

    @Test("The database holds no readable street, postcode, phone, notes or advice: only ciphertext, also in the raw SQLite file")
    func sealedAtRest() async throws {
        try await withTestApp { app in
            // setup
            let scene = try await Self.requested(app)
            let id = try #require(try await HomeScanRequestRecord.query(on: app.db).first()?.id)
            try await scene.anouk.get(scene.staffPath)
            try await scene.anouk.post(HomeScanURL.take(.value(id)).path, ["version": "1"])
            try await scene.anouk.get(scene.staffPath)
            try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": Self.day(app, in: 3)])
            try await scene.anouk.get(scene.staffPath)
            try await scene.anouk.post(HomeScanURL.finish(.value(id)).path, ["version": "3", "advice": "Geheim-advies-negen"])
            try await scene.mayor.get(HomeScanURL.selfCheck.path)
            try await scene.mayor.post(HomeScanURL.selfCheck.path, ["h-deuren-slot": "weet-niet", "keep": "ja"])
            // act
            var stored = ""
            for row in try await app.db.sql().raw("SELECT details_sealed, advice_sealed FROM home_scan_requests").all() {
                stored += (try row.decode(column: "details_sealed", as: String.self)) + "\n"
                stored += (try row.decode(column: "advice_sealed", as: String?.self) ?? "") + "\n"
            }
            for row in try await app.db.sql().raw("SELECT answers_sealed FROM home_checks").all() {
                stored += try row.decode(column: "answers_sealed", as: String.self) + "\n"
            }
            if case .sqliteFile(let path) = app.config.database {
                try await app.db.sql().raw("PRAGMA wal_checkpoint(FULL)").run()
                for suffix in ["", "-wal"] {
                    if let data = FileManager.default.contents(atPath: path + suffix) { stored += String(decoding: data, as: UTF8.self) }
                }
                #expect(stored.contains("home_scan_requests"), "the raw file was read")
            }
            // check
            for secret in Self.secrets + ["Geheim-advies-negen", "weet-niet"] {
                #expect(!stored.contains(secret), "\(secret) lies readable in the database")
            }
            let handler = try await scene.anouk.get(scene.staffPath)
            #expect(
                handler.html.contains("Zonnebloemstraat 77") && handler.html.contains("Geheim-advies-negen"),
                "its handler reads it unsealed")
        }
    }

    @Test(
        "The self-check gives advice per answer; answers are kept only when a signed-in person ticks the box, and removed again with the button"
    )
    func selfCheckKeptOnlyWhenAsked() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "raadslid@groningen.example", name: "Rik Raadslid", roles: [(.raadslid, "GM0014")])
            let member = Browser(app)
            try await member.signIn("raadslid@groningen.example")
            let visitor = Browser(app)
            // act
            let empty = try await visitor.get(HomeScanURL.selfCheck.path)
            let advised = try await visitor.post(
                HomeScanURL.selfCheck.path, ["h-deuren-slot": "nee", "h-online-adres": "ja", "keep": "ja"])
            let afterVisitor = try await HomeCheckRecord.query(on: app.db).count()
            try await member.get(HomeScanURL.selfCheck.path)
            let notTicked = try await member.post(HomeScanURL.selfCheck.path, ["h-deuren-slot": "nee"])
            let afterUnticked = try await HomeCheckRecord.query(on: app.db).count()
            let ticked = try await member.post(
                HomeScanURL.selfCheck.path, ["h-deuren-slot": "nee", "h-ramen-dicht": "weet-niet", "keep": "ja"])
            let keptPage = try await member.get(HomeScanURL.selfCheck.path)
            let afterTicked = try await HomeCheckRecord.query(on: app.db).count()
            let removed = try await member.post(HomeScanURL.forgetAnswers.path)
            let afterRemoved = try await member.get(HomeScanURL.selfCheck.path)
            // check
            #expect(empty.status == .ok && empty.html.contains(#"name="h-gewoonten-auto""#) && !empty.html.contains(#"name="keep""#))
            #expect(empty.html.contains("43 procent") && empty.html.contains("28 procent"))
            #expect(advised.status == .ok && advised.html.contains("Laat sloten en cilinders met het SKG-keurmerk plaatsen"))
            #expect(advised.html.contains("Beantwoord: 2 van 12."))
            #expect(afterVisitor == 0, "a visitor's answers are never kept")
            #expect(notTicked.status == .ok && notTicked.html.contains(#"name="keep""#) && afterUnticked == 0)
            #expect(ticked.status == .seeOther && afterTicked == 1)
            #expect(keptPage.html.contains("Uw antwoorden zijn bewaard.") && keptPage.html.contains("Verwijder mijn antwoorden"))
            #expect(keptPage.html.contains(#"value="weet-niet" checked"#), "the form shows the kept answers")
            #expect(keptPage.html.contains("Loop vanavond alle ramen langs"), "and their advice")
            let afterForget = try await HomeCheckRecord.query(on: app.db).count()
            #expect(removed.status == .seeOther && afterForget == 0)
            #expect(
                afterRemoved.html.contains("Uw antwoorden zijn verwijderd.") && !afterRemoved.html.contains("Verwijder mijn antwoorden"))
        }
    }

    @Test(
        "Bad input gets a Dutch message on its field and 422, and stores nothing: every field of the request, a self-check value, the visit's day, the advice; without a role in a municipality, no request at all"
    )
    func badInput() async throws {
        try await withTestApp { app in
            // setup
            let scene = try await Self.requested(app)
            let id = try #require(try await HomeScanRequestRecord.query(on: app.db).first()?.id)
            try await scene.mayor.get(HomeScanURL.request.path)
            // act: the request
            let empty = try await scene.mayor.post(HomeScanURL.request.path, [:])
            let wrong = try await scene.mayor.post(
                HomeScanURL.request.path,
                [
                    "office": "koning", "municipality": "GM0363", "phone": "bel me", "street": "Zonder Nummer", "postcode": "97121 AB",
                    "place": String(repeating: "p", count: 81), "availability": String(repeating: "a", count: 301),
                    "notes": String(repeating: "n", count: 1_001),
                ])
            try await scene.anouk.get(HomeScanURL.request.path)
            let staffRequest = try await scene.anouk.post(HomeScanURL.request.path, Self.request)
            // act: the self-check and the handler's forms
            try await scene.mayor.get(HomeScanURL.selfCheck.path)
            let nothing = try await scene.mayor.post(HomeScanURL.selfCheck.path, ["keep": "ja"])
            let unknown = try await scene.mayor.post(HomeScanURL.selfCheck.path, ["h-deuren-slot": "misschien", "keep": "ja"])
            try await scene.anouk.get(scene.staffPath)
            try await scene.anouk.post(HomeScanURL.take(.value(id)).path, ["version": "1"])
            try await scene.anouk.get(scene.staffPath)
            let past = try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": Self.day(app, in: -1)])
            let far = try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": Self.day(app, in: 400)])
            let word = try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": "morgen"])
            let tampered = try await scene.anouk.post(
                HomeScanURL.plan(.value(id)).path, ["version": "veel", "plannedOn": Self.day(app, in: 2)])
            let early = try await scene.anouk.post(HomeScanURL.finish(.value(id)).path, ["version": "2", "advice": "Te vroeg"])
            try await scene.anouk.post(HomeScanURL.plan(.value(id)).path, ["version": "2", "plannedOn": Self.day(app, in: 2)])
            try await scene.anouk.get(scene.staffPath)
            let noAdvice = try await scene.anouk.post(HomeScanURL.finish(.value(id)).path, ["version": "3", "advice": " "])
            // check
            #expect(empty.status == .unprocessableEntity && empty.html.contains("<title>Fout: "))
            for message in [
                "Kies uw functie.", "Vul uw telefoonnummer in.", "Vul uw straat en huisnummer in.", "Vul uw postcode in.",
                "Vul uw woonplaats in.",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(wrong.status == .unprocessableEntity)
            for message in [
                "Kies uw functie.", "Kies een gemeente waar u een rol heeft.", "Vul een telefoonnummer in met 10 tot 15 cijfers",
                "Vul ook uw huisnummer in.", "Vul een postcode in met 4 cijfers en 2 letters", "hoogstens 80 tekens",
                "hoogstens 300 tekens", "hoogstens 1000 tekens",
            ] {
                #expect(wrong.html.contains(message), "\(message)")
            }
            #expect(wrong.html.contains(#"value="Zonder Nummer""#), "the input is kept")
            #expect(staffRequest.status == .forbidden, "programme staff hold no role in a municipality")
            #expect(nothing.status == .unprocessableEntity && nothing.html.contains("Beantwoord ten minste één vraag."))
            #expect(unknown.status == .unprocessableEntity && unknown.html.contains("Kies ja, nee of weet ik niet."))
            #expect(past.status == .unprocessableEntity && past.html.contains("Kies een datum van vandaag of later."))
            #expect(far.status == .unprocessableEntity && far.html.contains("Kies een datum binnen een jaar."))
            #expect(word.status == .unprocessableEntity && word.html.contains("Vul een datum in, bijvoorbeeld 15-03-2027"))
            #expect(tampered.status == .unprocessableEntity)
            #expect(early.status == .conflict && early.html.contains("Plan eerst het bezoek in."))
            #expect(noAdvice.status == .unprocessableEntity && noAdvice.html.contains("Schrijf een kort advies."))
            #expect(try await HomeScanRequestRecord.query(on: app.db).count() == 1, "no request stored but the first")
            #expect(try await HomeCheckRecord.query(on: app.db).count() == 0, "no answers kept")
            let record = try #require(try await HomeScanRequestRecord.find(id, on: app.db))
            #expect(record.status == .ingepland && record.adviceSealed == nil && record.version == 3)
        }
    }
}
