import Foundation

/// The report's findings written out in plain language (B1), from the numbers and the thresholds in
/// `ReportRules`: strengths, points to improve, the largest differences between groups and the
/// "verbeterkansen" where a low score meets a high priority. Each sentence is a `LocalizedText`, the one way
/// the domain writes prose in both languages.
public struct Narrative: Sendable, Equatable {
    public let strengths: [String]
    public let improvements: [String]
    public let gaps: [String]
    public let opportunities: [String]

    public static func write(_ report: ScanReport, bank: QuestionBank, language: Language) -> Narrative {
        func name(_ themeID: String) -> String { bank.theme(themeID)?.name(language) ?? themeID }
        func score(_ value: Double) -> String { String(Int(value.rounded())) }
        func total(_ themeID: String) -> Double { report.themes.first { $0.themeID == themeID }?.total ?? 0 }
        let limit = ReportRules.summaryLength

        let strengths = report.strengths.prefix(limit).map { id in
            LocalizedText(
                nl: "‘\(name(id))’ scoort goed: gemiddeld \(score(total(id))) van 100.",
                en: "‘\(name(id))’ scores well: \(score(total(id))) out of 100 on average.")(language)
        }
        let improvements = report.improvements.prefix(limit).map { id in
            LocalizedText(
                nl: "‘\(name(id))’ kan beter: gemiddeld \(score(total(id))) van 100.",
                en: "‘\(name(id))’ could be better: \(score(total(id))) out of 100 on average.")(language)
        }
        let gaps = report.gaps.prefix(limit).map { gap -> String in
            let theme = report.themes.first { $0.themeID == gap.themeID }
            // The scores the gap is the difference of: on the statements every group answered.
            let high = theme?.coreScores[gap.higher]?.value ?? 0, low = theme?.coreScores[gap.lower]?.value ?? 0
            return LocalizedText(
                nl:
                    "Bij ‘\(name(gap.themeID))’ verschillen \(gap.higher.pluralName(.nl)) en \(gap.lower.pluralName(.nl)) het meest: \(gap.higher.subject(.nl, lowercase: true)) \(score(high)), \(gap.lower.subject(.nl, lowercase: true)) \(score(low)).",
                en:
                    "On ‘\(name(gap.themeID))’ \(gap.higher.pluralName(.en)) and \(gap.lower.pluralName(.en)) differ most: \(gap.higher.subject(.en, lowercase: true)) \(score(high)), \(gap.lower.subject(.en, lowercase: true)) \(score(low))."
            )(language)
        }
        let opportunities = report.opportunities.prefix(limit).map { item in
            bank.priorityScale == .topThree
                ? LocalizedText(
                    nl:
                        "\(item.group.subject(.nl)) ‘\(name(item.themeID))’ \(score(item.score)) van 100; \(score(item.priority))% van hen zet het in de top drie van wat eerst beter moet.",
                    en:
                        "\(item.group.subject(.en)) ‘\(name(item.themeID))’ \(score(item.score)) out of 100; \(score(item.priority))% of them put it in their top three of what should improve first."
                )(language)
                : LocalizedText(
                    nl:
                        "\(item.group.subject(.nl)) ‘\(name(item.themeID))’ \(score(item.score)) van 100 en \(item.group.isPlural ? "noemen" : "noemt") het een prioriteit (\(score(item.priority)) van 100).",
                    en:
                        "\(item.group.subject(.en)) ‘\(name(item.themeID))’ \(score(item.score)) out of 100 and \(item.group.isPlural ? "call" : "calls") it a priority (\(score(item.priority)) out of 100)."
                )(language)
        }
        return Narrative(
            strengths: Array(strengths), improvements: Array(improvements), gaps: Array(gaps),
            opportunities: Array(opportunities))
    }
}

extension RespondentGroup {
    var isPlural: Bool { self == .ambtenaren || self == .inwoners }

    /// "de raad", "ambtenaren": the group inside a sentence.
    func pluralName(_ language: Language) -> String {
        switch (self, language) {
        case (.raad, .nl): "de raad"
        case (.college, .nl): "het college"
        case (.ambtenaren, .nl): "ambtenaren"
        case (.inwoners, .nl): "inwoners"
        case (.raad, .en): "the council"
        case (.college, .en): "the executive"
        case (.ambtenaren, .en): "civil servants"
        case (.inwoners, .en): "inhabitants"
        }
    }

    /// "De raad geeft", "Inwoners geven": the group as the subject giving a score.
    func subject(_ language: Language, lowercase: Bool = false) -> String {
        let name = pluralName(language)
        let start = lowercase ? name : name.prefix(1).uppercased() + name.dropFirst()
        switch language {
        case .nl: return start + (isPlural ? " geven" : " geeft")
        case .en: return start + (isPlural ? " give" : " gives")
        }
    }
}
