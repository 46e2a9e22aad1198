/// An offer suggested for a municipality because of its scan report, with the reason in one sentence.
public struct Recommendation: Sendable, Equatable {
    public let offer: Offer
    /// The theme whose numbers led to it, and the group that scored it lowest.
    public let themeID: String
    public let group: RespondentGroup
    /// Higher is more needed; only the order matters.
    public let weight: Double
    public let reason: LocalizedText
}

/// Connects a closed scan's report to the offer (docs/catalogue.md, "Recommendations"). Pure and deterministic:
/// the same report and catalogue always give the same list in the same order.
///
/// Need per theme and group: the distance of the score below 100, weighed by how important the group finds the
/// theme (a priority of 0 halves it, 100 keeps it whole, no priority counts as 50), plus a quarter of the largest
/// difference between groups on the theme. An offer serves the themes that share a focus area with it; its need
/// is that of the neediest theme it serves, with a bonus of 10 when the offer is meant for the group that scored
/// lowest and 5 when the theme is about the offer's first (main) focus area. Themes every group scores as a
/// strength (65 or more) ask for nothing. Offers that are not available or that the municipality already
/// requested are left out; ties go by the offer's slug. So that one weak theme does not fill the whole list, at
/// most two offers per theme come first and the others follow only when no other theme needs more.
public enum Recommender {
    public static let bonusForAudience = 10.0
    public static let bonusForMainFocusArea = 5.0
    public static let perThemeFirst = 2
    public static let gapShare = 0.25
    /// A difference between groups worth naming in the reason.
    public static let namedGap = 15.0

    public struct ThemeNeed: Sendable, Equatable {
        public let themeID: String
        public let focusAreas: [FocusArea]
        public let group: RespondentGroup
        public let score: Double
        public let priority: Double?
        /// The group's priority is high: as high as a verbeterkans asks, on the scale the bank used.
        public let important: Bool
        public let need: Double
        /// The group with the highest score, when the difference is worth naming.
        public let contrast: (group: RespondentGroup, score: Double)?

        public static func == (a: ThemeNeed, b: ThemeNeed) -> Bool {
            a.themeID == b.themeID && a.group == b.group && a.need == b.need
        }
    }

    /// Per theme with a score below a strength, the group that needs it most.
    public static func needs(_ report: ScanReport) -> [ThemeNeed] {
        report.themes.compactMap { theme -> ThemeNeed? in
            let scored = theme.scores.sorted { $0.key < $1.key }
            guard let lowest = scored.min(by: { $0.value.value < $1.value.value }),
                lowest.value.value < ReportRules.strengthFrom
            else { return nil }
            let highest = scored.max(by: { $0.value.value < $1.value.value })!
            let gap = highest.value.value - lowest.value.value
            let best = scored.map { group, score -> (RespondentGroup, Double) in
                let priority = theme.priorities[group]?.value ?? 50
                return (group, (100 - score.value) * (0.5 + priority / 200))
            }.max { ($0.1, $1.0) < ($1.1, $0.0) }!
            let score = theme.scores[best.0]!.value
            let contrast = highest.key != best.0 && highest.value.value - score >= namedGap ? (highest.key, highest.value.value) : nil
            return ThemeNeed(
                themeID: theme.themeID, focusAreas: theme.focusAreas, group: best.0, score: score,
                priority: theme.priorities[best.0]?.value,
                important: (theme.priorities[best.0]?.value ?? 0) >= report.priorityScale.opportunityFrom, need: best.1 + gapShare * gap,
                contrast: contrast)
        }
    }

    /// The offers for this report, most needed first, at most `limit`.
    public static func recommend(
        report: ScanReport, themeNames: [String: LocalizedText], offers: [Offer], alreadyRequested: Set<String> = [],
        limit: Int = 5
    ) -> [Recommendation] {
        let needs = needs(report)
        guard !needs.isEmpty else { return [] }
        // Focus areas as bits, so matching an offer to the themes it serves costs a few instructions.
        func mask(_ areas: [FocusArea]) -> Int { areas.reduce(0) { $0 | (1 << $1.rawValue) } }
        let needMasks = needs.map { mask($0.focusAreas) }
        var found: [(offer: Offer, need: Int, weight: Double)] = []
        for offer in offers where offer.status.isAvailable && !alreadyRequested.contains(offer.slug) {
            let offerMask = mask(offer.focusAreas)
            let mainMask = offer.focusAreas.first.map { 1 << $0.rawValue } ?? 0
            var best: (need: Int, weight: Double)?
            for (index, need) in needs.enumerated() where needMasks[index] & offerMask != 0 {
                let forGroup = offer.audiences.contains(audience(of: need.group)) ? bonusForAudience : 0
                let main = needMasks[index] & mainMask != 0 ? bonusForMainFocusArea : 0
                let weight = need.need + forGroup + main
                if best == nil || (weight, needs[best!.need].themeID) > (best!.weight, need.themeID) { best = (index, weight) }
            }
            if let best { found.append((offer, best.need, best.weight)) }
        }
        found.sort { ($0.weight, $1.offer.slug) > ($1.weight, $0.offer.slug) }
        var perTheme: [String: Int] = [:]
        var first: [(offer: Offer, need: Int, weight: Double)] = []
        var later: [(offer: Offer, need: Int, weight: Double)] = []
        for item in found {
            let theme = needs[item.need].themeID
            perTheme[theme, default: 0] += 1
            if perTheme[theme]! <= perThemeFirst { first.append(item) } else { later.append(item) }
        }
        return (first + later).prefix(max(0, limit)).map { item in
            let need = needs[item.need]
            return Recommendation(
                offer: item.offer, themeID: need.themeID, group: need.group, weight: item.weight,
                reason: reason(need, themeName: themeNames[need.themeID] ?? LocalizedText(nl: need.themeID, en: need.themeID)))
        }
    }
    /// The audience of the offer that the respondent group belongs to.
    public static func audience(of group: RespondentGroup) -> Audience {
        switch group {
        case .raad: .raad
        case .college: .college
        case .ambtenaren: .ambtenaren
        case .inwoners: .inwoners
        }
    }

    /// "Inwoners geven ‘Digitale democratie’ 41 en vinden het belangrijk; de raad geeft 68." The same words as the
    /// report's own findings (`Narrative`).
    public static func reason(_ need: ThemeNeed, themeName: LocalizedText) -> LocalizedText {
        let score = Int(need.score.rounded())
        var nl = "\(need.group.subject(.nl)) ‘\(themeName.nl)’ \(score)"
        var en = "\(need.group.subject(.en)) ‘\(themeName.en)’ \(score)"
        if need.important {
            nl += need.group.isPlural ? " en vinden het belangrijk" : " en vindt het belangrijk"
            en += need.group.isPlural ? " and find it important" : " and finds it important"
        }
        if let contrast = need.contrast {
            let other = Int(contrast.score.rounded())
            nl += "; \(contrast.group.subject(.nl, lowercase: true)) \(other)"
            en += "; \(contrast.group.subject(.en, lowercase: true)) \(other)"
        }
        return LocalizedText(nl: nl + ".", en: en + ".")
    }
}
