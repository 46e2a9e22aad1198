import Foundation

/// Modules of the leerplatform for the council, suggested by a Quick Scan report: for the themes the council
/// itself scored lowest (below a strength), the modules that share a focus area with the theme. Every module serves
/// focus area 2 (toegeruste ambtsdragers), so that area counts only for a theme that has no other.
public enum CouncilModules {
    public struct Suggestion: Sendable, Equatable {
        public let module: LearningModule
        public let themeID: String
        /// The council's score on the theme, 0–100.
        public let score: Int
        public let reason: LocalizedText
    }

    public static let limit = 3

    public static func suggest(report: ScanReport, themeNames: [String: LocalizedText], modules: [LearningModule], limit: Int = limit)
        -> [Suggestion]
    {
        let weak = report.themes.compactMap { theme -> (ThemeResult, Double)? in
            guard let score = theme.scores[.raad]?.value, score < ReportRules.strengthFrom else { return nil }
            return (theme, score)
        }.sorted { ($0.1, $0.0.themeID) < ($1.1, $1.0.themeID) }
        var chosen: [Suggestion] = []
        for (theme, score) in weak {
            let areas = Set(theme.focusAreas).subtracting(
                theme.focusAreas == [.toegerustePolitiekeAmbtsdragers] ? [] : [.toegerustePolitiekeAmbtsdragers])
            let fitting = modules.filter { module in
                !areas.isDisjoint(with: module.focusAreas) && !chosen.contains { $0.module.id == module.id }
            }.sorted { (-shared($0, areas), $0.id) < (-shared($1, areas), $1.id) }
            for module in fitting.prefix(limit - chosen.count) {
                let name = themeNames[theme.themeID] ?? LocalizedText(nl: theme.themeID, en: theme.themeID)
                let rounded = Int(score.rounded())
                chosen.append(
                    Suggestion(
                        module: module, themeID: theme.themeID, score: rounded,
                        reason: LocalizedText(
                            nl: "De raad scoorde \(rounded) op ‘\(name.nl)’. Deze module gaat over hetzelfde aandachtsgebied.",
                            en: "The council scored \(rounded) on ‘\(name.en)’. This module is about the same focus area.")))
            }
            if chosen.count >= limit { break }
        }
        return chosen
    }

    private static func shared(_ module: LearningModule, _ areas: Set<FocusArea>) -> Int { areas.intersection(module.focusAreas).count }
}
