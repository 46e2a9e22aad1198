import DemocracyKit
import Foundation

/// The report page's model, made from values only (no request, no database), so that what the page says can be
/// tested with plain values and the controller only loads and renders.
enum ReportPage {
    struct Input {
        let municipalityCode: String
        let municipalityName: String
        let isDemo: Bool
        let sizeClass: SizeClass
        let scanID: UUID
        let scanTitle: String
        let period: String
        let status: ScanStatus
        let bankVersion: String
        let previousTitle: String?
        let dto: ScanReportDTO
        let report: ScanReport
        let bank: QuestionBank
        let customQuestions: [CustomQuestion]
        /// The open answers shown on the page, by question (only for the people who manage the scan).
        let openAnswers: [String: ReportController.OpenAnswers]
        let canManage: Bool
    }

    typealias Context = ReportController.Context
    typealias ThemeRow = ReportController.ThemeRow
    typealias Cell = ReportController.Cell
    typealias ThemeDetail = ReportController.ThemeDetail
    typealias DistributionRow = ReportController.DistributionRow
    typealias CustomRow = ReportController.CustomRow
    typealias GroupRow = ReportController.GroupRow
    typealias PriorityList = ReportController.PriorityList
    typealias GapRow = ReportController.GapRow
    typealias TrendRow = ReportController.TrendRow

    static func make(_ input: Input, language: Language, localizer: Localizer) -> Context {
        let report = input.report, dto = input.dto, bank = input.bank
        func t(_ key: String, _ arguments: String...) -> String { localizer.text(key, language, arguments) }
        func number(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "–" }
        let themeName = { (id: String) in bank.theme(id)?.name(language) ?? id }
        let focusNames = { (areas: [FocusArea]) in areas.map { "\($0.rawValue). " + $0.name(language) }.joined(separator: ", ") }
        func answers(for questionID: String) -> ReportController.OpenAnswers { input.openAnswers[questionID] ?? .none }
        let customQuestions = input.customQuestions
        let scanID = input.scanID
        let canManage = input.canManage

        let styles = ["series-raad", "series-college", "series-ambtenaren", "series-inwoners"]
        let series = report.shownGroups.map { group in
            SVGChart.Series(
                name: group.name(language), values: report.themes.map { $0.scores[group]?.value },
                styleClass: styles[RespondentGroup.allCases.firstIndex(of: group)!])
        }
        let chart = SVGChart.radar(
            axes: report.themes.map { themeName($0.themeID) }, series: series,
            title: t("report.chart_title"), description: t("report.chart_description"), id: "radar")

        let themes = zip(report.themes, dto.themes).enumerated().map { index, pair in
            let (theme, row) = pair
            return ThemeRow(
                number: index + 1, id: theme.themeID, name: themeName(theme.themeID), focusAreas: focusNames(theme.focusAreas),
                cells: report.shownGroups.map { group in
                    theme.scores[group].map { Cell(value: number($0.value), note: nil) }
                        ?? Cell(value: "–", note: t("report.too_few_answers"))
                },
                total: number(theme.total), national: number(row.national), sizeClass: number(row.sizeClass),
                priority: number(theme.priorityTotal))
        }
        let details = report.themes.map { theme in
            ThemeDetail(
                id: theme.themeID, name: themeName(theme.themeID), focusAreas: focusNames(theme.focusAreas),
                rows: report.shownGroups.compactMap { group in
                    theme.distribution[group].map { distribution in
                        DistributionRow(
                            group: group.name(language), counts: Array(distribution.counts[1...]) + [distribution.dontKnow],
                            score: number(theme.scores[group]?.value), answers: distribution.total,
                            dontKnow: "\(Int((distribution.dontKnowShare * 100).rounded()))%")
                    }
                },
                openAnswers: bank.theme(theme.themeID)?.open.map { answers(for: $0.id) } ?? .none)
        }
        let narrative = Narrative.write(report, bank: bank, language: language)
        let suppressed = report.suppressedGroups.map { $0.name(language) }.joined(separator: ", ")
        let comparisonMunicipalities = dto.themes.map(\.nationalMunicipalities).max() ?? 0
        let sizeMunicipalities = dto.themes.map(\.sizeClassMunicipalities).max() ?? 0
        let custom = customQuestions.map { question in
            let distributions = report.statements[question.id] ?? [:]
            return CustomRow(
                text: question.text, kind: t("scan.kind_\(question.kind.rawValue)"),
                results: distributions.keys.sorted().compactMap { group in
                    distributions[group]?.mean.map { "\(group.name(language)): \(Int($0.rounded()))" }
                },
                openAnswers: answers(for: question.id))
        }

        let context = Context(
            scansURL: ScanURL.list(.value(input.municipalityCode)).path, municipality: input.municipalityName, isDemo: input.isDemo,
            title: input.scanTitle, period: input.period,
            status: input.status.name(language), bankVersion: input.bankVersion,
            totalResponses: report.shownGroups.reduce(0) { $0 + (report.responses[$1] ?? 0) },
            groups: report.groups.map { group in
                let shown = report.shownGroups.contains(group)
                return GroupRow(
                    name: group.name(language),
                    responses: shown
                        ? String(report.responses[group] ?? 0) : t("report.fewer_than", String(ReportRules.minimumGroupSize)),
                    shown: shown)
            },
            suppressedNote: suppressed.isEmpty ? nil : t("report.suppressed_note", suppressed, String(ReportRules.minimumGroupSize)),
            strengths: narrative.strengths, improvements: narrative.improvements, gapSentences: narrative.gaps,
            opportunities: narrative.opportunities, chart: chart,
            legend: zip(report.shownGroups, series).map { Context.LegendItem(name: $0.name(language), styleClass: $1.styleClass) },
            columns: report.shownGroups.map { $0.name(language) }, themes: themes,
            comparisonNote: t(
                "report.comparison_note", String(comparisonMunicipalities), String(sizeMunicipalities),
                input.sizeClass.name(language), String(ReportRules.minimumComparisonMunicipalities)),
            details: details,
            priorities: report.shownGroups.compactMap { group in
                report.priorities[group].map { PriorityList(group: group.name(language), themes: $0.prefix(3).map(themeName)) }
            },
            gaps: report.gaps.prefix(5).map {
                GapRow(
                    theme: themeName($0.themeID), groups: $0.higher.name(language) + " – " + $0.lower.name(language),
                    difference: Int($0.difference.rounded()))
            },
            trend: dto.trend.map { point in
                TrendRow(
                    theme: themeName(point.theme), previous: Int(point.previous.rounded()), current: Int(point.current.rounded()),
                    change: (point.change > 0 ? "+" : "") + String(Int(point.change.rounded())),
                    margin: "± " + String(Int(point.margin95.rounded())),
                    verdict: point.clear
                        ? (point.change > 0 ? t("report.trend_up") : t("report.trend_down")) : t("report.trend_same"))
            },
            trendFrom: input.previousTitle,
            custom: custom, canManage: canManage,
            csvURL: ScanURL.reportCSV(.value(input.municipalityCode), .value(scanID)).path,
            jsonURL: ScanURL.reportJSON(.value(input.municipalityCode), .value(scanID)).path)
        return context
    }
}
