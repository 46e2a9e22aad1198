import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Municipalities: reference data, list and public page")
struct MunicipalityTests {
    @Test("Migrating loads the 342 municipalities of 2025 once; loading again adds nothing and keeps them valid")
    func referenceDataLoadsIdempotently() async throws {
        try await withTestApp { app in
            // setup
            let amsterdam = try #require(try await Municipality.find("GM0363", on: app.db))
            amsterdam.name = "Oude naam"
            try await amsterdam.update(on: app.db)
            // act
            try await migrate(app)
            // check
            #expect(try await Municipality.query(on: app.db).count() == 342)
            #expect(try await Municipality.find("GM0363", on: app.db)?.name == "Amsterdam")
            #expect(try await Municipality.query(on: app.db).filter(\.$validUntil != nil).count() == 0)
            #expect(try await Municipality.find("GM0363", on: app.db)?.validFrom == "2025-01-01")
        }
    }

    @Test("Search finds a municipality by name without accents, by part of the name and by code")
    func searchByNameAndCode() async throws {
        try await withTestApp { app in
            // act
            let byAccentless = try await MunicipalityQueries.search(.init(search: "sudwest"), on: app.db)
            let byCode = try await MunicipalityQueries.search(.init(search: "gm0363"), on: app.db)
            let byPart = try await MunicipalityQueries.search(.init(search: "Hertogen"), on: app.db)
            let wildcard = try await MunicipalityQueries.search(.init(search: "%"), on: app.db)
            // check
            #expect(byAccentless.items.map(\.name) == ["Súdwest-Fryslân"])
            #expect(byCode.items.map(\.name) == ["Amsterdam"])
            #expect(byPart.items.map(\.name) == ["'s-Hertogenbosch"])
            #expect(wildcard.items.isEmpty)
        }
    }

    @Test("The list filters by province and pages through 25 at a time, whatever page number arrives")
    func provinceFilterAndPagination() async throws {
        try await withTestApp { app in
            // act
            let utrecht = try await MunicipalityQueries.search(.init(province: "Utrecht"), on: app.db)
            let page2 = try await app.testing().sendRequest(.GET, MunicipalityURL.list.with([("pagina", "2")]))
            let junk = try await app.testing().sendRequest(.GET, "/gemeenten?pagina=abc&provincie=Atlantis")
            let beyond = try await app.testing().sendRequest(.GET, MunicipalityURL.list.with([("pagina", "999")]))
            // check
            #expect(utrecht.pagination.total == 26)
            #expect(utrecht.items.allSatisfy { $0.province == "Utrecht" })
            #expect(page2.status == .ok)
            #expect(page2.html.contains("Gemeente 26 tot en met 50 van 342"))
            #expect(junk.status == .ok)
            #expect(junk.html.contains("Gemeente 1 tot en met 25 van 342"))
            #expect(beyond.html.contains("Gemeente 326 tot en met 342 van 342"))
        }
    }

    @Test("The list and each public page credit CBS")
    func cbsCredit() async throws {
        try await withTestApp { app in
            for path in [MunicipalityURL.list.path, MunicipalityURL.show(.value("GM0014")).path] {
                let response = try await app.testing().sendRequest(.GET, path)
                #expect(response.html.contains("Centraal Bureau voor de Statistiek (CBS), licentie CC BY 4.0"))
            }
        }
    }

    @Test("A municipality's public page shows its facts; a lower-case code works; an unknown code gives a Dutch 404")
    func publicPage() async throws {
        try await withTestApp { app in
            // act
            let page = try await app.testing().sendRequest(.GET, "/gemeenten/gm0014")
            let unknown = try await app.testing().sendRequest(.GET, MunicipalityURL.show(.value("GM9999")).path)
            let malformed = try await app.testing().sendRequest(.GET, "/gemeenten/%3Cscript%3E")
            // check
            #expect(page.status == .ok)
            #expect(page.html.contains("<h1>Groningen"))
            #expect(page.html.contains("238.147"))
            #expect(page.html.contains("Deze gemeente doet nog niet mee."))
            #expect(unknown.status == .notFound)
            #expect(unknown.html.contains("Deze gemeente bestaat niet"))
            #expect(malformed.status == .notFound)
            #expect(!malformed.html.contains("<script>"))
        }
    }
}
