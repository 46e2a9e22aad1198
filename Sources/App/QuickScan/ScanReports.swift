import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reads what a report needs: counts, never single responses. The rows read grow with questions × groups.
enum ScanReports {
    static func data(for scan: Scan, app: Application, on db: any Database) async throws -> ScanData {
        let scanID = try scan.requireID()
        let aggregates = try await ScanAggregate.query(on: db).filter(\.$scan.$id == scanID).all()
        var distributions: [String: [RespondentGroup: Distribution]] = [:]
        for row in aggregates { distributions[row.questionID, default: [:]][row.group] = row.distribution }
        return ScanData(
            bank: try app.questionBanks.bank(scan.bankVersion),
            customQuestions: try await ScanStore.customQuestions(of: scanID, on: db).map(\.question),
            groups: scan.groups,
            responses: try await ResponseStore.responseCounts(of: scanID, on: db),
            distributions: distributions)
    }

    static func report(for scan: Scan, app: Application, on db: any Database) async throws -> ScanReport {
        ReportBuilder.build(try await data(for: scan, app: app, on: db))
    }

    /// The municipality's previous closed scan (the latest that opened before this one), for the trend.
    static func previous(of scan: Scan, on db: any Database) async throws -> Scan? {
        try await Scan.query(on: db).filter(\.$municipality.$id == scan.$municipality.id)
            .filter(\.$status ~~ [.closed, .report]).filter(\.$opensOn < scan.opensOn)
            .sort(\.$opensOn, .descending).first()
    }

    struct Comparisons: Sendable {
        let national: [String: Comparison]
        let sizeClass: [String: Comparison]
        let sizeClassName: SizeClass
        /// Themes compared on the statements every bank shares, because the other municipalities did not all use
        /// this scan's version of the question bank.
        var onShared: Set<String> = []
    }

    /// The national picture and the municipality's size class, as published under `ComparisonRule`: figures of
    /// at least five municipalities, changed only when five or more changed, and no class figure while one to four
    /// municipalities are outside the class. Demo municipalities are compared only with each other, so invented
    /// numbers never mix with real ones. Two small reads, whatever the number of municipalities. A scan is compared
    /// on its own version's statements where every other municipality used that version, else on the statements
    /// every version shares.
    static func comparisons(for municipality: Municipality, bankVersion: String, on db: any Database) async throws -> Comparisons {
        let sizeClass = SizeClass(population: municipality.population)
        var onShared = Set<String>()
        func figures(_ group: ComparisonPublisher.Group) async throws -> [String: Comparison] {
            var result: [String: Comparison] = [:]
            for (theme, figure) in try await ComparisonPublisher.published(group, on: db) {
                let (comparison, shared) = figure.comparison(forVersion: bankVersion)
                result[theme] = comparison
                if shared, comparison.mean != nil { onShared.insert(theme) }
            }
            return result
        }
        let national = try await figures(.init(sizeClass: nil, isDemo: municipality.isDemo))
        var byClass = try await figures(.init(sizeClass: sizeClass, isDemo: municipality.isDemo))
        for (theme, figure) in byClass
        where !ComparisonRule.showsSizeClass(
            nationalMembers: national[theme]?.municipalities ?? 0, sizeClassMembers: figure.municipalities)
        {
            byClass[theme] = Comparison(mean: nil, municipalities: figure.municipalities)
        }
        return Comparisons(national: national, sizeClass: byClass, sizeClassName: sizeClass, onShared: onShared)
    }

    /// One page of a question's open answers, from the groups that are shown. The order carries no time.
    static func openAnswers(
        of scanID: UUID, questionID: String, shownGroups: [RespondentGroup], page: Int?, perPage: Int,
        total: Int, on db: any Database
    ) async throws -> (answers: [ScanOpenAnswer], pagination: Pagination) {
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: total)
        guard !shownGroups.isEmpty else { return ([], pagination) }
        let answers = try await ScanOpenAnswer.query(on: db).filter(\.$scan.$id == scanID).filter(\.$questionID == questionID)
            .filter(\.$group ~~ shownGroups).sort(\.$id).range(pagination.offset..<(pagination.offset + perPage)).all()
        return (answers, pagination)
    }
}

/// The report as data, for JSON and CSV: the same numbers as the page.
struct ScanReportDTO: Content {
    struct GroupDTO: Content {
        let group: String
        let responses: Int?
        let shown: Bool
    }
    struct ScoreDTO: Content {
        let group: String
        let score: Double
        let answers: Int
        let dontKnowShare: Double
        let distribution: [Int]
        let priority: Double?
    }
    struct ThemeDTO: Content {
        let id: String
        let name: String
        let focusAreas: [Int]
        let total: Double?
        let priorityTotal: Double?
        let national: Double?
        let nationalMunicipalities: Int
        let sizeClass: Double?
        let sizeClassMunicipalities: Int
        /// Whether the comparison rests on the statements every version of the question bank shares; then
        /// `sharedTotal` is this municipality's total on those same statements.
        let comparedOnShared: Bool
        let sharedTotal: Double?
        let groups: [ScoreDTO]
    }
    struct GapDTO: Content {
        let theme: String
        let higher: String
        let lower: String
        let difference: Double
    }
    struct TrendDTO: Content {
        let theme: String
        let previous: Double
        let current: Double
        let change: Double
        let margin95: Double
        let clear: Bool
    }

    let scanID: UUID
    let municipality: String
    let municipalityCode: String
    let title: String
    let status: String
    let bankVersion: String
    let minimumGroupSize: Int
    let groups: [GroupDTO]
    let suppressedGroups: [String]
    let themes: [ThemeDTO]
    let gaps: [GapDTO]
    let priorities: [String: [String]]
    let strengths: [String]
    let improvements: [String]
    let narrative: [String]
    let trend: [TrendDTO]
    /// When the previous scan used another version of the question bank: the statements the trend compares.
    let trendStatements: [String]?

    static func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    init(
        scan: Scan, municipality: Municipality, report: ScanReport, bank: QuestionBank, comparisons: ScanReports.Comparisons,
        sharedTotals: [String: Double] = [:], trend: Trend, language: Language
    ) {
        scanID = scan.id ?? UUID()
        self.municipality = municipality.name
        municipalityCode = municipality.code
        title = scan.title
        status = scan.status.rawValue
        bankVersion = scan.bankVersion
        minimumGroupSize = ReportRules.minimumGroupSize
        // A suppressed group's count is left out as well: with the total it would tell how many answered.
        groups = report.groups.map { group in
            let shown = report.shownGroups.contains(group)
            return GroupDTO(group: group.rawValue, responses: shown ? report.responses[group] ?? 0 : nil, shown: shown)
        }
        suppressedGroups = report.suppressedGroups.map(\.rawValue)
        themes = report.themes.map { theme in
            ThemeDTO(
                id: theme.themeID, name: bank.theme(theme.themeID)?.name(language) ?? theme.themeID,
                focusAreas: theme.focusAreas.map(\.rawValue),
                total: theme.total.map(Self.round), priorityTotal: theme.priorityTotal.map(Self.round),
                national: comparisons.national[theme.themeID]?.mean.map(Self.round),
                nationalMunicipalities: comparisons.national[theme.themeID]?.municipalities ?? 0,
                sizeClass: comparisons.sizeClass[theme.themeID]?.mean.map(Self.round),
                sizeClassMunicipalities: comparisons.sizeClass[theme.themeID]?.municipalities ?? 0,
                comparedOnShared: comparisons.onShared.contains(theme.themeID),
                sharedTotal: comparisons.onShared.contains(theme.themeID) ? sharedTotals[theme.themeID].map(Self.round) : nil,
                groups: theme.scores.keys.sorted().map { group in
                    let score = theme.scores[group]!
                    return ScoreDTO(
                        group: group.rawValue, score: Self.round(score.value), answers: score.answers,
                        dontKnowShare: Self.round((theme.dontKnowShare[group] ?? 0) * 100) / 100,
                        distribution: theme.distribution[group]?.counts ?? [],
                        priority: theme.priorities[group].map { Self.round($0.value) })
                })
        }
        gaps = report.gaps.map {
            GapDTO(theme: $0.themeID, higher: $0.higher.rawValue, lower: $0.lower.rawValue, difference: Self.round($0.difference))
        }
        priorities = Dictionary(uniqueKeysWithValues: report.priorities.map { ($0.key.rawValue, $0.value) })
        strengths = report.strengths
        improvements = report.improvements
        let text = Narrative.write(report, bank: bank, language: language)
        narrative = text.strengths + text.improvements + text.gaps + text.opportunities
        trendStatements = trend.sharedStatements
        self.trend = trend.points.map {
            TrendDTO(
                theme: $0.themeID, previous: Self.round($0.previous), current: Self.round($0.current), change: Self.round($0.change),
                margin95: Self.round($0.margin), clear: $0.isClear)
        }
    }

    /// One row per number: section, theme, group, measure, value.
    var csv: String {
        var rows = [["section", "theme", "group", "measure", "value"]]
        for group in groups {
            rows.append(["responses", "", group.group, group.shown ? "responses" : "suppressed", group.responses.map(String.init) ?? ""])
        }
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        for theme in themes {
            rows.append(["theme", theme.id, "total", "score", number(theme.total)])
            rows.append(["theme", theme.id, "total", "priority", number(theme.priorityTotal)])
            rows.append(["theme", theme.id, "national", "score", number(theme.national)])
            rows.append(["theme", theme.id, "size_class", "score", number(theme.sizeClass)])
            for score in theme.groups {
                rows.append(["theme", theme.id, score.group, "score", number(score.score)])
                rows.append(["theme", theme.id, score.group, "answers", String(score.answers)])
                rows.append(["theme", theme.id, score.group, "dont_know_share", String(format: "%.2f", score.dontKnowShare)])
                rows.append(["theme", theme.id, score.group, "priority", number(score.priority)])
            }
        }
        for gap in gaps { rows.append(["gap", gap.theme, "\(gap.higher)-\(gap.lower)", "difference", number(gap.difference)]) }
        for point in trend {
            rows.append(["trend", point.theme, "total", "change", number(point.change)])
            rows.append(["trend", point.theme, "total", "margin95", number(point.margin95)])
        }
        return CSV.file(rows)
    }

    /// For Dutch Excel: a byte order mark so it reads UTF-8, semicolons between columns, decimal commas, the
    /// given (translated) headers; per theme its total, then each shown group.
    func spreadsheet(headers: [String], total: String, language: Language) -> String {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            let text = String(format: "%.1f", value)
            return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        var rows = [headers]
        for theme in themes {
            rows.append([
                theme.name, total, number(theme.total), "", "", number(theme.priorityTotal), number(theme.national),
                number(theme.sizeClass),
            ])
            for score in theme.groups {
                let group = RespondentGroup(rawValue: score.group)?.name(language) ?? score.group
                rows.append([
                    theme.name, group, number(score.score), String(score.answers), number(score.dontKnowShare * 100),
                    number(score.priority),
                    "", "",
                ])
            }
        }
        return CSV.file(rows, forDutchExcel: true)
    }
}

extension ScanReports {
    /// Everything for the report in one call, as the page, the CSV, the JSON and the command line use it.
    static func dto(
        for scan: Scan, municipality: Municipality? = nil, app: Application, language: Language = .nl,
        on db: any Database
    ) async throws -> (dto: ScanReportDTO, report: ScanReport, data: ScanData, previous: Scan?) {
        let data = try await data(for: scan, app: app, on: db)
        let report = ReportBuilder.build(data)
        let municipality = if let municipality { municipality } else { try await scan.$municipality.get(on: db) }
        let comparisons = try await comparisons(for: municipality, bankVersion: scan.bankVersion, on: db)
        var trend = Trend(points: [], sharedStatements: nil)
        let previous = try await previous(of: scan, on: db)
        if let previous {
            trend = ReportBuilder.trend(current: data, previous: try await self.data(for: previous, app: app, on: db), built: report)
        }
        var sharedTotals: [String: Double] = [:]
        if !comparisons.onShared.isEmpty {
            for theme in ReportBuilder.build(data.restricted(toStatementsOf: app.questionBanks.all)).themes {
                sharedTotals[theme.themeID] = theme.total
            }
        }
        let dto = ScanReportDTO(
            scan: scan, municipality: municipality, report: report, bank: data.bank,
            comparisons: comparisons, sharedTotals: sharedTotals, trend: trend, language: language)
        return (dto, report, data, previous)
    }
}
