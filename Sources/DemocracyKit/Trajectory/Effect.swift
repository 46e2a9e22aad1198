/// What changed between the first report (the baseline) and the repeat scan, per theme and group, with a 95%
/// interval, and said in words that never claim more than the numbers show.
public enum Effect {
    public enum Verdict: String, Sendable, Equatable {
        case higher, lower, withinNoise
    }

    public struct Row: Sendable, Equatable {
        public let themeID: String
        public let group: RespondentGroup
        public let baseline: Double
        public let current: Double
        /// Half the width of the 95% interval of the change.
        public let margin: Double

        public var change: Double { current - baseline }
        public var verdict: Verdict { abs(change) <= margin ? .withinNoise : (change > 0 ? .higher : .lower) }
    }

    /// Every theme and group with a score in both reports. The interval treats each group's respondents as a
    /// sample, as the report's trend does (docs/quickscan.md): a rough guide, since respondents are not drawn at
    /// random.
    public static func compare(baseline: ScanReport, repeat current: ScanReport) -> [Row] {
        current.themes.flatMap { now -> [Row] in
            guard let before = baseline.themes.first(where: { $0.themeID == now.themeID }) else { return [] }
            return RespondentGroup.allCases.compactMap { group in
                guard let a = before.scores[group], let b = now.scores[group] else { return nil }
                let margin =
                    ReportRules.z95 * (a.variance / Double(max(1, a.respondents)) + b.variance / Double(max(1, b.respondents))).squareRoot()
                return Row(themeID: now.themeID, group: group, baseline: a.value, current: b.value, margin: margin)
            }
        }
    }

    /// "Inwoners: van 25 naar 38 (+13; de marge is 6). Dat is duidelijk hoger." — or, within the noise, that the
    /// difference may be chance.
    public static func sentence(_ row: Row) -> LocalizedText {
        let from = Int(row.baseline.rounded()), to = Int(row.current.rounded())
        let change = Int(row.change.rounded()), margin = Int(row.margin.rounded())
        let signed = change > 0 ? "+\(change)" : "\(change)"
        let numbers = LocalizedText(
            nl: "\(row.group.name.nl): van \(from) naar \(to) (\(signed); de marge is \(margin)).",
            en: "\(row.group.name.en): from \(from) to \(to) (\(signed); the margin is \(margin)).")
        let words: LocalizedText =
            switch row.verdict {
            case .higher: LocalizedText(nl: "Dat is duidelijk hoger.", en: "That is clearly higher.")
            case .lower: LocalizedText(nl: "Dat is duidelijk lager.", en: "That is clearly lower.")
            case .withinNoise:
                LocalizedText(
                    nl: "Dat verschil kan toeval zijn: het valt binnen de marge.",
                    en: "That difference may be chance: it lies within the margin.")
            }
        return LocalizedText(nl: numbers.nl + " " + words.nl, en: numbers.en + " " + words.en)
    }
}
