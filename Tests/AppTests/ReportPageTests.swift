import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("The report page's model")
struct ReportPageTests {
    @Test("Made from values alone: a small group is named as hidden, not counted, and a reader gets no hide buttons")
    func pageModelFromValues() async throws {
        try await withTestApp { app in
            // setup: Demodorp's scan, where the college has fewer than five responses
            let scan = try await demodorp(app)
            let municipality = try #require(try await Municipality.find("GM9901", on: app.db))
            let (dto, report, data, previous) = try await ScanReports.dto(for: scan, municipality: municipality, app: app, on: app.db)
            let input = ReportPage.Input(
                municipalityCode: "GM9901", municipalityName: municipality.name, isDemo: true,
                sizeClass: SizeClass(population: municipality.population), scanID: try scan.requireID(), scanTitle: scan.title,
                period: scan.period(.en), status: scan.status, bankVersion: scan.bankVersion, previousTitle: previous?.title,
                dto: dto, report: report, bank: data.bank, customQuestions: data.customQuestions, openAnswers: [:],
                canManage: false, answersErasedOn: nil, recommendations: [])
            // act
            let page = ReportPage.make(input, language: .en, localizer: app.localizer)
            // check
            let college = try #require(page.groups.first { $0.name == RespondentGroup.college.name(.en) })
            #expect(!college.shown && college.responses == "fewer than 5")
            #expect(page.suppressedNote?.hasPrefix(RespondentGroup.college.name(.en) + ": fewer than 5 responses") == true)
            #expect(page.totalResponses == report.shownGroups.reduce(0) { $0 + (report.responses[$1] ?? 0) })
            #expect(!page.columns.contains(RespondentGroup.college.name(.en)))
            #expect(page.trendFrom == "Quick Scan 2024")
            #expect(page.csvURL == ScanURL.reportCSV(.value("GM9901"), .value(try scan.requireID())).path)
            #expect(page.details.allSatisfy { $0.openAnswers.shown.isEmpty })
            // each box of the summary says what puts a theme in it
            #expect(page.boxRules.strengths == "Themes with a total score of 65 or higher, out of 100.")
            #expect(page.boxRules.improvements == "Themes with a total score below 50 out of 100.")
            // from 2026.2 the priority is the share of the group that put the theme in their top three
            #expect(
                page.boxRules.opportunities
                    == "A group gives a theme below 55, and 40% or more of that group put it in their top three of what should improve first."
            )
            // the 2024 scan ran on 2026.1: the trend compares only the statements in both versions, and names them
            let shared = try #require(page.trendStatements)
            #expect(shared.count == 11 && page.trendStatementsNote?.contains("only the 11 statements in both versions") == true)
            #expect(
                shared.contains(
                    "Inhabitants taking part in policy: The municipality involves inhabitants early in plans, while there is still something to choose."
                ))
            #expect(!shared.contains { $0.contains("sets the municipality's course") })
            #expect(
                Set(dto.trend.map(\.theme)) == [
                    "rol-raad", "controle", "toerusting", "burgerparticipatie", "digitaal", "vertrouwen", "weerbaarheid",
                ])
        }
    }

    @Test("A shown group of 5 to 9 responses is marked where its numbers are read, and the summary says to read them with care")
    func fewResponsesCaution() async throws {
        try await withTestApp { app in
            // setup: Demodorp's scan, and the same report with the council down to 6 responses
            let scan = try await demodorp(app)
            let municipality = try #require(try await Municipality.find("GM9901", on: app.db))
            let (dto, shown, data, previous) = try await ScanReports.dto(for: scan, municipality: municipality, app: app, on: app.db)
            func page(_ report: ScanReport) -> ReportPage.Context {
                ReportPage.make(
                    ReportPage.Input(
                        municipalityCode: "GM9901", municipalityName: municipality.name, isDemo: true,
                        sizeClass: SizeClass(population: municipality.population), scanID: scan.id!, scanTitle: scan.title,
                        period: scan.period(.nl), status: scan.status, bankVersion: scan.bankVersion, previousTitle: previous?.title,
                        dto: dto, report: report, bank: data.bank, customQuestions: data.customQuestions, openAnswers: [:],
                        canManage: false, answersErasedOn: nil, recommendations: []),
                    language: .nl, localizer: app.localizer)
            }
            var report = shown
            let before = page(report)
            #expect(report.shownGroups.allSatisfy { (report.responses[$0] ?? 0) >= 10 } == (before.cautionNote == nil))
            var responses = data.responses
            responses[.raad] = 6
            report = ReportBuilder.build(
                ScanData(
                    bank: data.bank, customQuestions: data.customQuestions, groups: data.groups, responses: responses,
                    distributions: data.distributions))
            // act
            let after = page(report)
            // check
            let council = try #require(after.groups.first { $0.name == RespondentGroup.raad.name(.nl) })
            #expect(council.shown && council.responses == "6" && council.caution == "weinig: lees met voorzichtigheid")
            #expect(after.groups.filter { $0.caution != nil }.count == report.shownGroups.filter { (report.responses[$0] ?? 0) < 10 }.count)
            #expect(after.cautionNote?.hasPrefix("Let op: Raad") == true, "\(after.cautionNote ?? "")")
            #expect(after.cautionNote?.contains("maar 5 tot 9 antwoorden") == true)
        }
    }
}

@Suite("The comparison with other municipalities, as published")
struct PublishedComparisonTests {
    @Test("One more municipality closing does not change the class figure another municipality sees; five more do")
    func classFigureWaitsForFive() async throws {
        try await withTestApp { app in
            // setup: five small municipalities with a closed scan each (all in the class up to 20,000 inhabitants)
            func close(_ index: Int) async throws {
                try await SyntheticSeed.municipalityWithClosedScan(
                    app: app, index: index, code: String(format: "GM%04d", 7000 + index), responses: 12, progress: { _ in })
            }
            for index in [8, 16, 24, 32, 40] { try await close(index) }
            let viewer = try #require(try await Municipality.find("GM7008", on: app.db))
            let five = try await ScanReports.comparisons(for: viewer, bankVersion: app.questionBanks.current.version, on: app.db)
            // act: a sixth closes, then four more
            try await close(48)
            let six = try await ScanReports.comparisons(for: viewer, bankVersion: app.questionBanks.current.version, on: app.db)
            for index in [56, 64, 72, 80] { try await close(index) }
            let ten = try await ScanReports.comparisons(for: viewer, bankVersion: app.questionBanks.current.version, on: app.db)
            // check
            let theme = try #require(five.sizeClass.keys.sorted().first)
            #expect(five.sizeClassName == .upTo20k && five.sizeClass[theme]?.municipalities == 5 && five.sizeClass[theme]?.mean != nil)
            #expect(six.sizeClass == five.sizeClass && six.national == five.national)
            #expect(ten.sizeClass[theme]?.municipalities == 10 && ten.national[theme]?.municipalities == 10)
        }
    }

    @Test("A scan on another version of the question bank is compared on the statements every version shares, and says so")
    func comparedOnSharedStatements() async throws {
        try await withTestApp { app in
            // setup: the five demo municipalities' latest scans ran on 2026.2; Demodorp's 2024 scan on 2026.1
            _ = try await demodorp(app)
            let municipality = try #require(try await Municipality.find("GM9901", on: app.db))
            let old = try #require(
                try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9901").filter(\.$title == "Quick Scan 2024").first())
            #expect(old.bankVersion == "2026.1")
            // act
            let onNewest = try await ScanReports.comparisons(for: municipality, bankVersion: "2026.2", on: app.db)
            let onOlder = try await ScanReports.comparisons(for: municipality, bankVersion: "2026.1", on: app.db)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let page = try await coordinator.get(ScanURL.report(.value("GM9901"), .value(try old.requireID())).path)
            // check: on the same version every theme is compared on its own statements, the new theme included
            #expect(onNewest.onShared.isEmpty && onNewest.national["ambtelijk"]?.mean != nil)
            // check: the 2026.1 scan is compared on the shared statements, with the mean of the members' shared totals
            #expect(
                onOlder.onShared == ["rol-raad", "controle", "toerusting", "burgerparticipatie", "digitaal", "vertrouwen", "weerbaarheid"])
            #expect(onOlder.national["communicatie"]?.mean == nil && onOlder.national["ambtelijk"]?.mean == nil)
            let shared = try await ScanThemeTotal.query(on: app.db).filter(\.$isDemo == true).filter(\.$themeID == "burgerparticipatie")
                .all().compactMap(\.sharedTotal)
            #expect(shared.count == 5)
            let mean = try #require(onOlder.national["burgerparticipatie"]?.mean)
            #expect(abs(mean - shared.reduce(0, +) / 5) < 1e-9)
            #expect(page.html.contains("Niet alle andere gemeenten gebruikten versie 2026.1 van de vragenlijst."))
        }
    }

    @Test("A group whose members used different versions is published on the shared statements; on one version on its own")
    func mixedVersionsPublishShared() async throws {
        try await withTestApp { app in
            // setup: five municipalities on the newest bank, published
            for index in [8, 16, 24, 32, 40] {
                try await SyntheticSeed.municipalityWithClosedScan(
                    app: app, index: index, code: String(format: "GM%04d", 7000 + index), responses: 12, progress: { _ in })
            }
            let viewer = try #require(try await Municipality.find("GM7008", on: app.db))
            let current = app.questionBanks.current.version
            let alike = try await ScanReports.comparisons(for: viewer, bankVersion: current, on: app.db)
            // act: one of them turns out to have run on the older bank, and the figures are published again
            try await app.db.sql().raw("UPDATE scan_theme_totals SET bank_version = '2026.1' WHERE municipality_code = 'GM7016'").run()
            try await ComparisonPublisher.publishAll(on: app.db)
            let mixed = try await ScanReports.comparisons(for: viewer, bankVersion: current, on: app.db)
            // check
            #expect(alike.onShared.isEmpty && alike.national["ambtelijk"]?.mean != nil)
            #expect(mixed.onShared.contains("burgerparticipatie") && mixed.national["communicatie"]?.mean == nil)
        }
    }
}

@Suite("The report points the council to modules of the leerplatform")
struct ReportCouncilModulesTests {
    @Test(
        "Demodorp's report suggests at most three modules for the themes its council scored lowest, each sharing a focus area besides 2, with the council's score as the reason; the page links them"
    )
    func councilModules() async throws {
        try await withTestApp { app in
            let scan = try await demodorp(app)
            let municipality = try #require(try await Municipality.find("GM9901", on: app.db))
            let (_, report, data, _) = try await ScanReports.dto(for: scan, municipality: municipality, app: app, on: app.db)
            let names = Dictionary(uniqueKeysWithValues: data.bank.themes.map { ($0.id, $0.name) })
            let suggestions = CouncilModules.suggest(report: report, themeNames: names, modules: app.learningModules.modules)
            let weakest = try #require(
                report.themes.filter { ($0.scores[.raad]?.value ?? 100) < ReportRules.strengthFrom }.min {
                    ($0.scores[.raad]!.value, $0.themeID) < ($1.scores[.raad]!.value, $1.themeID)
                })
            #expect(!suggestions.isEmpty && suggestions.count <= CouncilModules.limit)
            #expect(Set(suggestions.map(\.module.id)).count == suggestions.count, "no module twice")
            #expect(suggestions.first?.themeID == weakest.themeID, "the council's weakest theme comes first")
            for suggestion in suggestions {
                let theme = try #require(report.themes.first { $0.themeID == suggestion.themeID })
                let areas = Set(theme.focusAreas).subtracting(
                    theme.focusAreas == [.toegerustePolitiekeAmbtsdragers] ? [] : [.toegerustePolitiekeAmbtsdragers])
                #expect(!areas.isDisjoint(with: suggestion.module.focusAreas), "\(suggestion.module.id) fits \(suggestion.themeID)")
                #expect(suggestion.score < 65 && suggestion.reason.nl.contains("De raad scoorde \(suggestion.score)"))
            }
            try await makeUser(app, email: "raadslid@demodorp.example", roles: [(.raadslid, "GM9901")])
            let member = Browser(app)
            try await member.signIn("raadslid@demodorp.example")
            let page = try await member.get(ScanURL.report(.value("GM9901"), .value(try scan.requireID())).path)
            #expect(page.html.contains("Modules voor de raad op het leerplatform"))
            #expect(page.html.contains(LearningURL.module(.value(try #require(suggestions.first).module.id)).path))
        }
    }
}
