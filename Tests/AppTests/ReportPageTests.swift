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
                canManage: false)
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
        }
    }
}
