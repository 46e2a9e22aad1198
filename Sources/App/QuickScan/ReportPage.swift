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
        /// The day its single answers and open answers were erased, if they were.
        let answersErasedOn: String?
        /// Offers that fit the report, most needed first (`Recommender`).
        let recommendations: [Recommendation]
        /// Modules of the leerplatform for the themes the council scored lowest (`CouncilModules`).
        var councilModules: [CouncilModules.Suggestion] = []
    }

    // The page model, as `quickscan/report_body.leaf` reads it.

    struct Cell: Encodable {
        let value: String
        let note: String?
    }

    struct ThemeRow: Encodable {
        /// The theme's number on the radar chart's axis.
        let number: Int
        let id: String
        let name: String
        let focusAreas: String
        let cells: [Cell]
        let total: String
        let national: String
        let sizeClass: String
        let priority: String
    }

    struct DistributionRow: Encodable {
        let group: String
        let counts: [Int]
        let score: String
        let answers: Int
        let dontKnow: String
    }

    struct ThemeDetail: Encodable {
        let id: String
        let name: String
        let focusAreas: String
        let rows: [DistributionRow]
        let openAnswers: ReportController.OpenAnswers
    }

    struct BoxRules: Encodable {
        let strengths: String
        let improvements: String
        let opportunities: String
    }

    struct GroupRow: Encodable {
        let name: String
        let responses: String
        let shown: Bool
        /// For a shown group of few responses: read its numbers with care.
        let caution: String?
    }

    struct PriorityList: Encodable {
        let group: String
        let themes: [String]
    }

    struct GapRow: Encodable {
        let theme: String
        let groups: String
        let difference: Int
    }

    struct TrendRow: Encodable {
        let theme: String
        let previous: Int
        let current: Int
        let change: String
        let margin: String
        let verdict: String
    }

    struct CustomRow: Encodable {
        let text: String
        let kind: String
        let results: [String]
        let openAnswers: ReportController.OpenAnswers
    }

    struct Context: Encodable {
        let scansURL: String
        let municipality: String
        let isDemo: Bool
        let title: String
        let period: String
        let status: String
        let bankVersion: String
        let totalResponses: Int
        let groups: [GroupRow]
        let suppressedNote: String?
        /// After the total, when a small group is left out of it: that it is, without its number.
        let totalNote: String?
        /// Under the score table: what its columns mean, the priority and its threshold first.
        let columnsExplained: String
        /// The shown groups of few responses, named where the summary is read.
        let cautionNote: String?
        let erasedNote: String?
        /// What puts a theme in each box of the summary, said in the box itself.
        let boxRules: BoxRules
        let strengths: [String]
        let improvements: [String]
        let gapSentences: [String]
        let opportunities: [String]
        let chart: String
        /// The same figures as bars per theme, shown instead of the radar on a narrow screen.
        let phoneChart: String
        let legend: [LegendItem]
        let columns: [String]
        let themes: [ThemeRow]
        let comparisonNote: String
        /// When other municipalities used another version of the question bank: which themes are compared on the
        /// statements all versions share, and this municipality's score on those.
        let sharedComparisonNote: String?
        let details: [ThemeDetail]
        let priorities: [PriorityList]
        /// How the priorities were asked: per theme, or as a top three.
        let prioritiesIntro: String
        /// Under the summary: how to read the numbers, the verbeterkans as the bank asked the priority.
        let rules: String
        let gaps: [GapRow]
        let trend: [TrendRow]
        let trendFrom: String?
        /// When the previous scan used another version of the question bank: the statements the trend compares.
        let trendStatements: [String]?
        let trendStatementsNote: String?
        let custom: [CustomRow]
        let canManage: Bool
        let csvURL: String
        let spreadsheetURL: String
        let jsonURL: String
        let recommendations: [RecommendationRow]
        let councilModules: [RecommendationRow]
        let catalogueURL = CatalogueURL.list.path

        struct LegendItem: Encodable {
            let name: String
            let styleClass: String
        }
    }

    struct RecommendationRow: Encodable {
        let title: String
        let url: String
        let pillar: String
        let summary: String
        let reason: String
    }

    static func make(_ input: Input, language: Language, localizer: Localizer) -> Context {
        Builder(input: input, language: language, localizer: localizer).context()
    }

    /// The page's parts, each from the input and the language.
    private struct Builder {
        let input: Input
        let language: Language
        let localizer: Localizer
        var report: ScanReport { input.report }

        func t(_ key: String, _ arguments: String...) -> String { localizer.text(key, language, arguments) }
        func number(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "–" }
        func themeName(_ id: String) -> String { input.bank.theme(id)?.name(language) ?? id }
        func focusNames(_ areas: [FocusArea]) -> String { areas.map { "\($0.rawValue). " + $0.name(language) }.joined(separator: ", ") }
        func answers(for questionID: String) -> ReportController.OpenAnswers { input.openAnswers[questionID] ?? .none }

        static let styles = ["series-raad", "series-college", "series-ambtenaren", "series-inwoners"]

        var series: [SVGChart.Series] {
            report.shownGroups.map { group in
                SVGChart.Series(
                    name: group.name(language), values: report.themes.map { $0.scores[group]?.value },
                    styleClass: Self.styles[RespondentGroup.allCases.firstIndex(of: group)!])
            }
        }

        func themeRows() -> [ThemeRow] {
            zip(report.themes, input.dto.themes).enumerated().map { index, pair in
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
        }

        func details() -> [ThemeDetail] {
            report.themes.map { theme in
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
                    openAnswers: input.bank.theme(theme.themeID)?.open.map { answers(for: $0.id) } ?? .none)
            }
        }

        func customRows() -> [CustomRow] {
            input.customQuestions.map { question in
                let distributions = report.statements[question.id] ?? [:]
                return CustomRow(
                    text: question.text, kind: t("scan.kind_\(question.kind.rawValue)"),
                    results: distributions.keys.sorted().compactMap { group in
                        distributions[group]?.mean.map { "\(group.name(language)): \(Int($0.rounded()))" }
                    },
                    openAnswers: answers(for: question.id))
            }
        }

        func groupRows() -> [GroupRow] {
            report.groups.map { group in
                let shown = report.shownGroups.contains(group)
                return GroupRow(
                    name: group.name(language),
                    responses: shown
                        ? String(report.responses[group] ?? 0) : t("report.fewer_than", String(ReportRules.minimumGroupSize)),
                    shown: shown,
                    caution: shown && (report.responses[group] ?? 0) < ReportRules.cautionBelow ? t("report.few_responses") : nil)
            }
        }

        func trendRows() -> [TrendRow] {
            input.dto.trend.map { point in
                TrendRow(
                    theme: themeName(point.theme), previous: Int(point.previous.rounded()), current: Int(point.current.rounded()),
                    change: (point.change > 0 ? "+" : "") + String(Int(point.change.rounded())),
                    margin: "± " + String(Int(point.margin95.rounded())),
                    verdict: point.clear
                        ? (point.change > 0 ? t("report.trend_up") : t("report.trend_down")) : t("report.trend_same"))
            }
        }

        func cautionNote() -> String? {
            let few = report.shownGroups.filter { (report.responses[$0] ?? 0) < ReportRules.cautionBelow }
            guard !few.isEmpty else { return nil }
            return t(
                "report.few_responses_note", few.map { $0.name(language) }.joined(separator: ", "),
                String(ReportRules.minimumGroupSize), String(ReportRules.cautionBelow - 1), String(few.count))
        }

        /// The texts that say what a priority is, as the bank asked it: per theme on a scale, or as a top three.
        var priorityKeys: (columns: String, opportunities: String, intro: String, rules: String) {
            let topThree = input.bank.priorityScale == .topThree
            return (
                columns: topThree ? "report.columns_explained_top_three" : "report.columns_explained",
                opportunities: topThree ? "report.rule_opportunities_top_three" : "report.rule_opportunities",
                intro: topThree ? "report.priorities_intro_top_three" : "report.priorities_intro",
                rules: topThree ? "report.rules_top_three" : "report.rules"
            )
        }

        func sharedComparisonNote() -> String? {
            let shared = input.dto.themes.filter(\.comparedOnShared)
            guard !shared.isEmpty else { return nil }
            return t(
                "report.comparison_shared", input.bankVersion,
                shared.map { "\(themeName($0.id)) \(number($0.sharedTotal))" }.joined(separator: ", "))
        }

        /// The statements the trend compares, each with its theme, when the versions differ.
        func trendStatements() -> [String]? {
            input.dto.trendStatements.map { ids in
                ids.compactMap { id in
                    input.bank.find(id).map { "\(themeName($0.theme.id)): \($0.question.text(language))" }
                }
            }
        }

        func comparisonNote() -> String {
            t(
                "report.comparison_note", String(input.dto.themes.map(\.nationalMunicipalities).max() ?? 0),
                String(input.dto.themes.map(\.sizeClassMunicipalities).max() ?? 0),
                input.sizeClass.name(language), String(ReportRules.minimumComparisonMunicipalities))
        }

        func context() -> Context {
            let series = self.series
            let narrative = Narrative.write(report, bank: input.bank, language: language)
            let suppressed = report.suppressedGroups.map { $0.name(language) }.joined(separator: ", ")
            let code = Parameter.value(input.municipalityCode), scanID = Parameter.value(input.scanID)
            return Context(
                scansURL: ScanURL.list(code).path, municipality: input.municipalityName, isDemo: input.isDemo,
                title: input.scanTitle, period: input.period, status: input.status.name(language), bankVersion: input.bankVersion,
                totalResponses: report.shownGroups.reduce(0) { $0 + (report.responses[$1] ?? 0) },
                groups: groupRows(),
                suppressedNote: suppressed.isEmpty ? nil : t("report.suppressed_note", suppressed, String(ReportRules.minimumGroupSize)),
                totalNote: suppressed.isEmpty ? nil : t("report.responses_total_without", String(ReportRules.minimumGroupSize)),
                columnsExplained: t(priorityKeys.columns, String(Int(input.bank.priorityScale.opportunityFrom))),
                cautionNote: cautionNote(),
                erasedNote: input.answersErasedOn.map { t("report.answers_erased", Format.day($0, language)) },
                boxRules: BoxRules(
                    strengths: t("report.rule_strengths", String(Int(ReportRules.strengthFrom))),
                    improvements: t("report.rule_improvements", String(Int(ReportRules.improveBelow))),
                    opportunities: t(
                        priorityKeys.opportunities, String(Int(ReportRules.opportunityScoreBelow)),
                        String(Int(input.bank.priorityScale.opportunityFrom)))),
                strengths: narrative.strengths, improvements: narrative.improvements, gapSentences: narrative.gaps,
                opportunities: narrative.opportunities,
                chart: SVGChart.radar(
                    axes: report.themes.map { themeName($0.themeID) }, series: series,
                    title: t("report.chart_title"), description: t("report.chart_description"), id: "radar"),
                phoneChart: SVGChart.groupedBars(
                    axes: report.themes.map { themeName($0.themeID) }, series: series,
                    title: t("report.chart_title"), description: t("report.phone_chart_description"), id: "staven"),
                legend: zip(report.shownGroups, series).map { Context.LegendItem(name: $0.name(language), styleClass: $1.styleClass) },
                columns: report.shownGroups.map { $0.name(language) }, themes: themeRows(), comparisonNote: comparisonNote(),
                sharedComparisonNote: sharedComparisonNote(),
                details: details(),
                priorities: report.shownGroups.compactMap { group in
                    report.priorities[group].map { PriorityList(group: group.name(language), themes: $0.prefix(3).map(themeName)) }
                },
                prioritiesIntro: t(priorityKeys.intro), rules: t(priorityKeys.rules),
                gaps: report.gaps.prefix(5).map {
                    GapRow(
                        theme: themeName($0.themeID), groups: $0.higher.name(language) + " – " + $0.lower.name(language),
                        difference: Int($0.difference.rounded()))
                },
                trend: trendRows(), trendFrom: input.previousTitle, trendStatements: trendStatements(),
                trendStatementsNote: input.dto.trendStatements.map { t("report.trend_shared", String($0.count)) }, custom: customRows(),
                canManage: input.canManage,
                csvURL: ScanURL.reportCSV(code, scanID).path, spreadsheetURL: ScanURL.reportSpreadsheet(code, scanID).path,
                jsonURL: ScanURL.reportJSON(code, scanID).path,
                recommendations: input.recommendations.map {
                    RecommendationRow(
                        title: $0.offer.title(language), url: CatalogueURL.show(.value($0.offer.slug)).path,
                        pillar: $0.offer.pillar.name(language), summary: $0.offer.summary(language), reason: $0.reason(language))
                },
                councilModules: input.councilModules.map {
                    RecommendationRow(
                        title: $0.module.title(language), url: LearningURL.module(.value($0.module.id)).path,
                        pillar: $0.module.kind.name(language), summary: $0.module.aim(language), reason: $0.reason(language))
                })
        }
    }
}
