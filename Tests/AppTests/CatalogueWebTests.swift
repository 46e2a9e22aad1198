import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Programme staff, signed in.
private func signedInStaff(_ app: Application, email: String = "servicepunt@programma.example") async throws -> Browser {
    try await makeUser(app, email: email, roles: [(.programma, nil)])
    let browser = Browser(app)
    try await browser.signIn(email)
    return browser
}

/// The fields of the editing form as the stored offer fills them, with changes.
private func editFields(_ app: Application, slug: String, version: Int? = nil, _ changes: [String: String] = [:]) async throws
    -> [(String, String)]
{
    let stored = try #require(try await CatalogueStore.find(slug: slug, on: app.db))
    var values = OfferEditForm.values(of: stored)
    if let version { values["version"] = String(version) }
    for (key, value) in changes { values[key] = value }
    var pairs = values.filter { !OfferEditForm.lists.contains($0.key) }.map { ($0.key, $0.value) }
    for list in OfferEditForm.lists {
        pairs += (values[list] ?? "").split(separator: ",").map { ("\(list)[]", String($0)) }
    }
    return pairs
}

@Suite("Catalogue: the programme's offer")
struct CatalogueWebTests {
    @Test("Anyone browses the offer: the seeded catalogue, filters with counts, search, retired offers left out")
    func browse() async throws {
        try await withTestApp { app in
            // act
            let all = try await app.testing().sendRequest(.GET, CatalogueURL.list.path)
            let innovation = try await app.testing().sendRequest(.GET, CatalogueURL.list.with([("pijler", "innovatietrajecten")]))
            let search = try await app.testing().sendRequest(.GET, CatalogueURL.list.with([("zoek", "BURGERBERAAD")]))
            // check
            #expect(all.status == .ok)
            #expect(all.html.contains("Aanbod 1 tot en met 19 van 19"), "twenty offers, one retired")
            #expect(all.html.contains("Innovatietrajecten (4)") && all.html.contains("Lokaal maatwerk (11)"))
            #expect(!all.html.contains("Introductie"), "the retired offer is not listed")
            #expect(innovation.html.contains("Aanbod 1 tot en met 4 van 4"))
            #expect(innovation.html.contains("<option value=\"innovatietrajecten\" selected>"))
            #expect(search.html.contains(CatalogueURL.show(.value("burgerberaad-begeleiding")).path))
        }
    }

    @Test("Nonsense in the address gives the whole list or an empty page, never an error")
    func hostileQuery() async throws {
        try await withTestApp { app in
            for query in [
                [("pijler", "<script>")], [("gebied", "9")], [("pagina", "-9223372036854775808")], [("pagina", "99999999999999999999")],
                [("zoek", String(repeating: "ä", count: 5_000))], [("doelgroep", "'; DROP TABLE offers; --")], [("vervallen", "ja")],
            ] {
                let response = try await app.testing().sendRequest(.GET, CatalogueURL.list.with(query))
                #expect(response.status == .ok, "\(query)")
                #expect(!response.html.contains("<script>"))
            }
            #expect(try await app.testing().sendRequest(.GET, CatalogueURL.show(.value("bestaat-niet")).path).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/aanbod/%3Cscript%3E").status == .notFound)
        }
    }

    @Test("An offer's page shows its facts and its description, with script and foreign links made harmless")
    func showSafely() async throws {
        try await withTestApp { app in
            // setup
            let browser = try await signedInStaff(app)
            try await browser.get(CatalogueURL.edit(.value("woningscan")).path)
            let hostile = "Veilig **thuis**.\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>"
            let saved = try await browser.post(
                CatalogueURL.edit(.value("woningscan")).path,
                pairs: try await editFields(app, slug: "woningscan", ["descriptionNl": hostile]))
            #expect(saved.status == .seeOther)
            // act
            let page = try await Browser(app).get(CatalogueURL.show(.value("woningscan")).path)
            // check
            #expect(page.status == .ok)
            #expect(page.html.contains("<strong>thuis</strong>"))
            #expect(!page.html.contains("<script>alert") && page.html.contains("&lt;script&gt;"))
            #expect(!page.html.contains("javascript:alert") || !page.html.contains("href=\"javascript"))
            #expect(!page.html.contains("onerror"))
            #expect(page.html.contains("Aanbieder") && page.html.contains("Democratie in Actie"))
        }
    }

    @Test("Only programme staff add or change offers; a coordinator, a council member and a visitor are refused")
    func onlyStaffEdit() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
            var refused: [UInt] = []
            for email in ["griffie@groningen.example", "raad@groningen.example"] {
                let browser = Browser(app)
                try await browser.signIn(email)
                refused.append(try await browser.get(CatalogueURL.new.path).status.code)
                refused.append(
                    try await browser.post(
                        CatalogueURL.edit(.value("woningscan")).path,
                        pairs: try await editFields(app, slug: "woningscan", ["titleNl": "Gekaapt"])
                    )
                    .status.code)
            }
            let visitor = try await Browser(app).post(CatalogueURL.new.path, ["slug": "x"], withCSRF: false)
            // check
            #expect(refused == [403, 403, 403, 403])
            #expect([303, 403].contains(visitor.status.code))
            #expect(try await CatalogueStore.find(slug: "woningscan", on: app.db)?.offer.title.nl != "Gekaapt")
        }
    }

    @Test("Staff add an offer; visitors see it at once, although the page they saw before was kept")
    func staffAddOffer() async throws {
        try await withTestApp { app in
            // setup: a visitor's list, kept for the next visitors
            let before = try await Browser(app).get(CatalogueURL.list.with([("zoek", "lokale media")]))
            #expect(!before.html.contains("De raad en de lokale media"))
            let browser = try await signedInStaff(app)
            try await browser.get(CatalogueURL.new.path)
            var fields = try await editFields(
                app, slug: "woningscan",
                ["slug": "raad-en-media", "titleNl": "De raad en de lokale media", "titleEn": "The council and local media"])
            fields.removeAll { $0.0 == "version" }
            // act
            let response = try await browser.post(CatalogueURL.new.path, pairs: fields)
            let list = try await Browser(app).get(CatalogueURL.list.with([("zoek", "lokale media")]))
            // check
            #expect(response.status == .seeOther && response.location == CatalogueURL.show(.value("raad-en-media")).path)
            #expect(list.html.contains("De raad en de lokale media"))
            let again = try await browser.post(CatalogueURL.new.path, pairs: fields)
            #expect(again.status == .unprocessableEntity && again.html.contains("Er is al aanbod met dit webadres"))
        }
    }

    @Test("Bad input comes back with the person's text kept and a Dutch message for each field")
    func badInput() async throws {
        try await withTestApp { app in
            // setup
            let browser = try await signedInStaff(app)
            try await browser.get(CatalogueURL.new.path)
            let long = String(repeating: "Lange tekst. ", count: 8_000)
            // act
            let response = try await browser.post(
                CatalogueURL.new.path,
                pairs: [
                    ("slug", "Raad In Beraad!"), ("titleNl", "Mijn eigen titel"), ("descriptionNl", long), ("form", "workshop"),
                    ("focusAreas[]", "1"), ("focusAreas[]", "2"), ("focusAreas[]", "3"), ("focusAreas[]", "4"), ("focusAreas[]", "99"),
                    ("status", "beschikbaar"),
                ])
            // check
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains("<title>Fout: "))
            for message in [
                "Kies de pijler van het aanbod.", "Kies de vorm van het aanbod.", "Kies één tot 3 aandachtsgebieden.",
                "Kies minstens één doelgroep.", "alleen kleine letters, cijfers en streepjes", "Gebruik hoogstens 20000 tekens.",
            ] {
                #expect(response.html.contains(message), "\(message)")
            }
            #expect(response.html.contains("value=\"Mijn eigen titel\""))
            #expect(try await OfferRecord.query(on: app.db).count() == 20)
        }
    }

    @Test("Two people save the same offer: the second gets a conflict with their own text kept and the other change shown")
    func concurrentEdits() async throws {
        try await withTestApp { app in
            // setup: both open the form at version 1
            let anouk = try await signedInStaff(app, email: "anouk@programma.example")
            let bram = try await signedInStaff(app, email: "bram@programma.example")
            let path = CatalogueURL.edit(.value("raad-in-beraad")).path
            try await anouk.get(path)
            try await bram.get(path)
            let anouksFields = try await editFields(app, slug: "raad-in-beraad", version: 1, ["titleNl": "Raad in beraad: sessies op maat"])
            let bramsFields = try await editFields(
                app, slug: "raad-in-beraad", version: 1, ["summaryNl": "Bram schreef deze samenvatting."])
            // act
            let first = try await anouk.post(path, pairs: anouksFields)
            let second = try await bram.post(path, pairs: bramsFields)
            // check
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict)
            #expect(second.html.contains("Iemand anders heeft dit aanbod opgeslagen"))
            #expect(second.html.contains("Bram schreef deze samenvatting."), "Bram's own text stays in the form")
            #expect(second.html.contains("Raad in beraad: sessies op maat"), "Anouk's change is shown")
            #expect(second.html.contains("name=\"version\" value=\"2\""))
            let stored = try #require(try await CatalogueStore.find(slug: "raad-in-beraad", on: app.db))
            #expect(stored.offer.title.nl == "Raad in beraad: sessies op maat" && !stored.offer.summary.nl.contains("Bram"))
            // Bram saves again from the conflict page, now on version 2
            let retry = try await bram.post(path, pairs: bramsFields.map { $0.0 == "version" ? ("version", "2") : $0 })
            #expect(retry.status == .seeOther)
            #expect(try await CatalogueStore.find(slug: "raad-in-beraad", on: app.db)?.version == 3)
        }
    }

    @Test("A report recommends offers with the numbers that led to them, and a paused offer is never among them")
    func reportRecommends() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let browser = Browser(app)
            try await browser.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let scan = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901").filter(\.$status ~~ [.closed, .report])
                    .sort(\.$opensOn, .descending).first())
            // act
            let report = try await browser.get(ScanURL.report(.value("GM9901"), .value(try scan.requireID())).path)
            // check
            #expect(report.status == .ok)
            #expect(report.html.contains("Aanbod dat hierbij past"))
            let reasons = report.html.matches(of: #/<strong>Waarom:</strong> ([^<]+)</#).map { String($0.output.1) }
            #expect(!reasons.isEmpty && reasons.count <= 5)
            #expect(reasons.allSatisfy { $0.contains("‘") && $0.contains(where: \.isNumber) })
            #expect(!report.html.contains(CatalogueURL.show(.value("regionaal-leernetwerk")).path), "paused")
        }
    }
}

/// Groningen's coordinator and programme staff, both signed in.
private struct RequestFixture {
    let app: Application
    let coordinator: Browser
    let staff: Browser

    static func make(_ app: Application) async throws -> RequestFixture {
        try await makeUser(app, email: "griffie@groningen.example", name: "Ineke de Vries", roles: [(.trekker, "GM0014")])
        let coordinator = Browser(app)
        try await coordinator.signIn("griffie@groningen.example")
        return RequestFixture(app: app, coordinator: coordinator, staff: try await signedInStaff(app))
    }

    /// Requests an offer through the form and returns the request's id.
    func request(_ slug: String = "raad-in-beraad", motivation: String = "Het rapport laat zien dat de raad worstelt met publieke druk.")
        async throws -> UUID
    {
        try await coordinator.get(RequestURL.new(.value("GM0014")).with([("aanbod", slug)]))
        let response = try await coordinator.post(
            RequestURL.list(.value("GM0014")).path, ["offer": slug, "motivation": motivation, "serves": "Prioriteit 1: de raad"])
        #expect(response.status == .seeOther, "\(response.html.firstMatch(of: #/error-message[^>]*>([^<]*)/#)?.output.1 ?? "")")
        return try #require(response.location?.split(separator: "/").last.flatMap { UUID(uuidString: String($0)) })
    }

    func staffStep(_ id: UUID, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        try await staff.get(RequestURL.staffShow(.value(id)).path)
        let version = try #require(try await OfferRequestRecord.find(id, on: app.db)?.version)
        return try await staff.post(RequestURL.staffAct(.value(id)).path, fields.merging(["version": String(version)]) { a, _ in a })
    }

    func municipalityStep(_ id: UUID, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        try await coordinator.get(RequestURL.show(.value("GM0014"), .value(id)).path)
        let version = try #require(try await OfferRequestRecord.find(id, on: app.db)?.version)
        return try await coordinator.post(
            RequestURL.act(.value("GM0014"), .value(id)).path, fields.merging(["version": String(version)]) { a, _ in a })
    }
}

@Suite("Catalogue: requests for offers")
struct RequestWebTests {
    @Test("A request goes from submitted to evaluated; each step is in the history with who and when, and the other side gets an email")
    func wholeWay() async throws {
        try await withTestApp({ $0.clock = .fixed(Format.startOfDay("2026-12-01")!.addingTimeInterval(10 * 3600)) }) { app in
            // setup
            let f = try await RequestFixture.make(app)
            let id = try await f.request()
            // act
            for step in [
                ["action": "in-behandeling"], ["action": "toekennen"], ["action": "plannen", "plannedOn": "2027-01-20"],
                ["action": "uitgevoerd"],
            ] {
                let response = try await f.staffStep(id, step)
                #expect(response.status == .seeOther, "\(step)")
            }
            let evaluated = try await f.municipalityStep(
                id, ["action": "evalueren", "rating": "4", "lessons": "De casus uit eigen gemeente werkte goed."])
            // check
            #expect(evaluated.status == .seeOther)
            let page = try await f.coordinator.get(RequestURL.show(.value("GM0014"), .value(id)).path)
            #expect(page.html.contains("Geëvalueerd") && page.html.contains("Cijfer: 4 van 5"))
            #expect(page.html.contains("20 januari 2027"))
            let history = try await RequestStore.history(of: id, on: app.db)
            #expect(history.map(\.status) == [.ingediend, .inBehandeling, .toegekend, .gepland, .uitgevoerd, .geevalueerd])
            #expect(history.first?.actorName == "Ineke de Vries")
            let mails = try await OutboxMessage.query(on: app.db).all()
            #expect(mails.filter { $0.kind == "request.staff" }.count == 2, "submitted and evaluated, to programme staff")
            #expect(mails.filter { $0.kind == "request.step" && $0.recipient == "griffie@groningen.example" }.count == 4)
            let staffList = try await f.staff.get(RequestURL.staffList.with([("status", "geevalueerd")]))
            #expect(staffList.html.contains("Groningen") && staffList.html.contains("Wachttijd per stap"))
            let item = try #require(try await RequestStore.list(municipality: "GM0014", app: app, on: app.db).first)
            let start = try #require(RequestStore.experienceStart(of: item), "the evaluation starts a shared experience in one call")
            #expect(start.lessons == "De casus uit eigen gemeente werkte goed." && start.rating == 4 && start.until == "2026-12-01")
            // the evaluated request offers to share it, and the experience form comes filled from it
            let share = ExperienceURL.new(.value("GM0014")).with([("aanvraag", id.uuidString)])
            #expect(page.html.contains(share))
            let form = try await f.coordinator.get(share)
            #expect(form.status == .ok && form.html.contains("Onze ervaring met"))
            #expect(form.html.contains("De casus uit eigen gemeente werkte goed.") && form.html.contains("value=\"2026-12\""))
        }
    }

    @Test("Invalid steps get a clear message and change nothing: granting a withdrawn request, planning a refused one, a date in the past")
    func invalidSteps() async throws {
        try await withTestApp({ $0.clock = .fixed(Format.startOfDay("2026-12-01")!.addingTimeInterval(10 * 3600)) }) { app in
            // setup
            let f = try await RequestFixture.make(app)
            let withdrawn = try await f.request("raad-in-beraad")
            #expect(try await f.municipalityStep(withdrawn, ["action": "intrekken"]).status == .seeOther)
            let refused = try await f.request("woningscan")
            let noReason = try await f.staffStep(refused, ["action": "afwijzen", "reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.html.contains("Schrijf waarom de aanvraag wordt afgewezen"))
            #expect(
                try await f.staffStep(refused, ["action": "afwijzen", "reason": "De woningscan loopt via de politie."]).status == .seeOther)
            let granted = try await f.request("basisscan-integriteit")
            #expect(try await f.staffStep(granted, ["action": "toekennen"]).status == .seeOther)
            // act
            let grantWithdrawn = try await f.staffStep(withdrawn, ["action": "toekennen"])
            let planRefused = try await f.staffStep(refused, ["action": "plannen", "plannedOn": "2027-03-01"])
            let past = try await f.staffStep(granted, ["action": "plannen", "plannedOn": "2020-01-01"])
            let nonsense = try await f.staffStep(granted, ["action": "plannen", "plannedOn": "-9223372036854775808"])
            let lateWithdraw = try await f.municipalityStep(granted, ["action": "toekennen"])
            // check
            #expect(grantWithdrawn.status == .conflict && grantWithdrawn.html.contains("Deze stap kan nu niet meer"))
            #expect(planRefused.status == .conflict)
            #expect(past.status == .unprocessableEntity && past.html.contains("Kies een datum van vandaag of later."))
            #expect(nonsense.status == .unprocessableEntity && nonsense.html.contains("Vul een datum in"))
            #expect(lateWithdraw.status == .conflict && lateWithdraw.html.contains("Deze stap zet u niet zelf"))
            #expect(try await OfferRequestRecord.find(withdrawn, on: app.db)?.status == .ingetrokken)
            #expect(try await OfferRequestRecord.find(refused, on: app.db)?.status == .afgewezen)
            #expect(try await OfferRequestRecord.find(granted, on: app.db)?.status == .toegekend)
        }
    }

    @Test("A paused offer cannot be requested, nor the same offer twice while the first request is open")
    func requestRefusals() async throws {
        try await withTestApp { app in
            // setup
            let f = try await RequestFixture.make(app)
            _ = try await f.request("raad-in-beraad")
            try await f.coordinator.get(RequestURL.new(.value("GM0014")).path)
            // act
            let twice = try await f.coordinator.post(
                RequestURL.list(.value("GM0014")).path, ["offer": "raad-in-beraad", "motivation": "Nog een keer."])
            let paused = try await f.coordinator.post(
                RequestURL.list(.value("GM0014")).path, ["offer": "regionaal-leernetwerk", "motivation": "Graag."])
            let empty = try await f.coordinator.post(
                RequestURL.list(.value("GM0014")).path, ["offer": "", "motivation": String(repeating: "x", count: 100_000)])
            // check
            #expect(twice.status == .unprocessableEntity && twice.html.contains("Die aanvraag loopt nog"))
            #expect(paused.status == .unprocessableEntity && paused.html.contains("tijdelijk niet beschikbaar of vervallen"))
            #expect(
                empty.status == .unprocessableEntity && empty.html.contains("Kies het aanbod")
                    && empty.html.contains("Gebruik hoogstens 2000 tekens."))
            #expect(try await OfferRequestRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("Two staff members act on the same request at once: the second is told it changed, and nothing is moved twice")
    func concurrentSteps() async throws {
        try await withTestApp { app in
            // setup
            let f = try await RequestFixture.make(app)
            let id = try await f.request()
            let other = try await signedInStaff(app, email: "tweede@programma.example")
            try await f.staff.get(RequestURL.staffShow(.value(id)).path)
            try await other.get(RequestURL.staffShow(.value(id)).path)
            // act: both saw version 1
            let first = try await f.staff.post(RequestURL.staffAct(.value(id)).path, ["action": "toekennen", "version": "1"])
            let second = try await other.post(
                RequestURL.staffAct(.value(id)).path, ["action": "afwijzen", "reason": "Dubbel.", "version": "1"])
            // check
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict && second.html.contains("Iemand anders heeft deze aanvraag intussen veranderd"))
            #expect(second.html.contains("Toegekend"))
            #expect(try await RequestStore.history(of: id, on: app.db).map(\.status) == [.ingediend, .toegekend])
        }
    }

    @Test("A council member of the same municipality and a coordinator of another are refused every request page")
    func refusedPeople() async throws {
        try await withTestApp { app in
            // setup
            let f = try await RequestFixture.make(app)
            let id = try await f.request()
            try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
            let council = Browser(app)
            try await council.signIn("raad@groningen.example")
            // act and check
            for path in [
                RequestURL.list(.value("GM0014")).path, RequestURL.new(.value("GM0014")).path,
                RequestURL.show(.value("GM0014"), .value(id)).path,
            ] {
                #expect(try await council.get(path).status == .forbidden, "\(path)")
            }
            let post = try await council.post(RequestURL.act(.value("GM0014"), .value(id)).path, ["action": "intrekken", "version": "1"])
            #expect(post.status == .forbidden)
            #expect(try await council.get(RequestURL.staffShow(.value(id)).path).status == .forbidden)
            #expect(try await OfferRequestRecord.find(id, on: app.db)?.status == .ingediend)
        }
    }

    @Test("An offer the municipality requested is no longer recommended on its report, and the coordinator's offer page links to the form")
    func requestedNotRecommended() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let scan = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901").filter(\.$status ~~ [.closed, .report])
                    .sort(\.$opensOn, .descending).first())
            let reportPath = ScanURL.report(.value("GM9901"), .value(try scan.requireID())).path
            let before = try await coordinator.get(reportPath)
            let first = try #require(before.html.firstMatch(of: #/<h3 class="card-title"><a href="/aanbod/([a-z0-9-]+)"/#)?.output.1)
            let offerPage = try await coordinator.get(CatalogueURL.show(.value(String(first))).path)
            #expect(
                offerPage.html.contains(
                    RequestURL.new(.value("GM9901")).with([("aanbod", String(first))]).replacingOccurrences(of: "&", with: "&amp;")))
            // act
            try await coordinator.get(RequestURL.new(.value("GM9901")).path)
            let sent = try await coordinator.post(
                RequestURL.list(.value("GM9901")).path, ["offer": String(first), "motivation": "Past bij ons rapport."])
            let after = try await coordinator.get(reportPath)
            // check
            #expect(sent.status == .seeOther)
            #expect(!after.html.contains("href=\"/aanbod/\(first)\""))
        }
    }
}
