import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Programme staff signed in, on the editing form of one offer.
private func staff(_ app: Application, email: String = "servicepunt@programma.example") async throws -> Browser {
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
            let browser = try await staff(app)
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

    @Test("Staff add an offer; it is listed at once, and the report cache does not keep the old catalogue")
    func staffAddOffer() async throws {
        try await withTestApp { app in
            // setup
            let browser = try await staff(app)
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
            let browser = try await staff(app)
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
            let anouk = try await staff(app, email: "anouk@programma.example")
            let bram = try await staff(app, email: "bram@programma.example")
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
