import Foundation

/// The thresholds the report works with. They are part of the product: change them only with care, and keep
/// docs/quickscan.md in step.
public enum ReportRules {
    /// Group results are shown only for at least this many respondents (and scores only from this many answers).
    public static let minimumGroupSize = 5

    /// A shown group with fewer responses than this gets a caution where its numbers are read: with 5 to 9 people,
    /// one person moves a score by several points.
    public static let cautionBelow = 10

    /// The number of responses a reader is told: all of them for the people who manage the scan; for everyone
    /// else only the groups the report shows, so a small group's size cannot be found by subtracting.
    public static func responsesTold(perGroup counts: [Int], toManager: Bool) -> Int {
        counts.filter { toManager || $0 >= minimumGroupSize }.reduce(0, +)
    }
    /// A theme is a strength from this total score.
    public static let strengthFrom = 65.0
    /// A theme is a point to improve below this total score.
    public static let improveBelow = 50.0
    /// A group's "verbeterkans": a score below this …
    public static let opportunityScoreBelow = 55.0
    /// … together with a priority of at least this (2026.1's scale, whose answers cluster at the top) …
    public static let opportunityPriorityFrom = 65.0
    /// … or, from 2026.2, at least this share (in %) of the group put the theme in their top three: with ten
    /// themes and three choices, chance alone gives 30%.
    public static let opportunityTopThreeFrom = 40.0
    /// Comparison with other municipalities needs at least this many.
    public static let minimumComparisonMunicipalities = 5
    /// The z value of a 95% confidence interval.
    public static let z95 = 1.96
    /// How many gaps, strengths and points to improve the summary names.
    public static let summaryLength = 3
}

/// How the answers to one question fell in one group: counts for "weet niet" (index 0) and 1 to 5.
public struct Distribution: Codable, Sendable, Equatable {
    public private(set) var counts: [Int]

    public init(counts: [Int] = Array(repeating: 0, count: 6)) {
        precondition(counts.count == 6, "a distribution has six counts: weet niet and 1 to 5")
        self.counts = counts
    }

    public mutating func add(_ answer: ScaleAnswer, times: Int = 1) { counts[answer.rawValue] += times }

    public static func + (lhs: Distribution, rhs: Distribution) -> Distribution {
        Distribution(counts: zip(lhs.counts, rhs.counts).map(+))
    }

    public var dontKnow: Int { counts[0] }
    /// Answers on the scale, without "weet niet".
    public var scaled: Int { counts[1...].reduce(0, +) }
    public var total: Int { scaled + dontKnow }

    /// Mean score 0–100 over the scaled answers.
    public var mean: Double? {
        guard scaled > 0 else { return nil }
        return (1...5).reduce(0.0) { $0 + Double(counts[$1]) * Double($1 - 1) * 25 } / Double(scaled)
    }

    /// Variance of the individual scores (0–100 scale) around the mean.
    public var variance: Double? {
        guard let mean, scaled > 1 else { return nil }
        let squares = (1...5).reduce(0.0) { $0 + Double(counts[$1]) * pow(Double($1 - 1) * 25 - mean, 2) }
        return squares / Double(scaled - 1)
    }

    public var dontKnowShare: Double { total == 0 ? 0 : Double(dontKnow) / Double(total) }
}

/// Everything the report needs about one scan, as counts: no single response is needed.
public struct ScanData: Sendable {
    public let bank: QuestionBank
    public let customQuestions: [CustomQuestion]
    /// The groups the scan invited.
    public let groups: [RespondentGroup]
    /// Sent responses per group.
    public let responses: [RespondentGroup: Int]
    /// Per question id, per group.
    public let distributions: [String: [RespondentGroup: Distribution]]

    public init(
        bank: QuestionBank, customQuestions: [CustomQuestion] = [], groups: [RespondentGroup],
        responses: [RespondentGroup: Int], distributions: [String: [RespondentGroup: Distribution]]
    ) {
        self.bank = bank
        self.customQuestions = customQuestions
        self.groups = groups
        self.responses = responses
        self.distributions = distributions
    }
}

extension ScanData {
    /// This scan and an earlier one, ready to compare: as they are on the same version of the question bank, else
    /// both on the statements whose id is in both banks (an id is kept only while its meaning is).
    public func comparable(with earlier: ScanData) -> (ScanData, ScanData) {
        guard bank.version != earlier.bank.version else { return (self, earlier) }
        return (restricted(toStatementsOf: [earlier.bank]), earlier.restricted(toStatementsOf: [bank]))
    }

    /// The same answers measured on the statements the other banks share with this one, for the groups that
    /// answer them in all (see `QuestionBank.restricted(toStatementsOf:)`).
    public func restricted(toStatementsOf others: [QuestionBank]) -> ScanData {
        ScanData(
            bank: bank.restricted(toStatementsOf: others), customQuestions: customQuestions, groups: groups, responses: responses,
            distributions: distributions)
    }

    /// The ids of the scan's open questions: the bank's and the municipality's own.
    public var openQuestionIDs: [String] {
        bank.themes.compactMap { $0.open?.id } + customQuestions.filter { $0.kind == .open }.map(\.id)
    }

    /// How many open answers each open question has from the given groups. An open question's counts hold
    /// its answers as "1", so this costs the same however many people answered.
    public func openAnswerCounts(shownGroups: [RespondentGroup]) -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: openQuestionIDs.map { id in
                (id, shownGroups.reduce(0) { $0 + (distributions[id]?[$1]?.counts[1] ?? 0) })
            })
    }
}

/// A score with what it rests on.
public struct Score: Codable, Sendable, Equatable {
    /// 0–100.
    public let value: Double
    /// Answers on the scale it is the mean of.
    public let answers: Int
    /// Variance of the individual answers, for the uncertainty of a trend.
    public let variance: Double
    /// Respondents behind it, used as the effective sample size (answers of one person hang together).
    public let respondents: Int

    public var rounded: Int { Int(value.rounded()) }
}

public struct ThemeResult: Codable, Sendable {
    public let themeID: String
    public let focusAreas: [FocusArea]
    /// Per shown group; a group below the threshold is absent.
    public let scores: [RespondentGroup: Score]
    /// Per shown group, over the theme's core statements only: what groups are compared on.
    public let coreScores: [RespondentGroup: Score]
    public let priorities: [RespondentGroup: Score]
    /// The mean of the shown groups' scores: every group's view counts the same, however many answered.
    public let total: Double?
    public let priorityTotal: Double?
    public let distribution: [RespondentGroup: Distribution]
    public let dontKnowShare: [RespondentGroup: Double]
}

public struct Gap: Codable, Sendable, Equatable {
    public let themeID: String
    public let higher: RespondentGroup
    public let lower: RespondentGroup
    public let difference: Double

    public init(themeID: String, higher: RespondentGroup, lower: RespondentGroup, difference: Double) {
        self.themeID = themeID
        self.higher = higher
        self.lower = lower
        self.difference = difference
    }
}

public struct Opportunity: Codable, Sendable, Equatable {
    public let themeID: String
    public let group: RespondentGroup
    public let score: Double
    public let priority: Double

    public init(themeID: String, group: RespondentGroup, score: Double, priority: Double) {
        self.themeID = themeID
        self.group = group
        self.score = score
        self.priority = priority
    }
}

public struct Comparison: Codable, Sendable, Equatable {
    /// Mean theme total of the other municipalities, or nil when fewer than the minimum contribute.
    public let mean: Double?
    public let municipalities: Int

    public init(mean: Double?, municipalities: Int) {
        self.mean = mean
        self.municipalities = municipalities
    }
}

public struct TrendPoint: Codable, Sendable, Equatable {
    public let themeID: String
    public let previous: Double
    public let current: Double
    public var change: Double { current - previous }
    /// Half the width of the 95% confidence interval of the change.
    public let margin: Double
    /// Whether the interval excludes zero.
    public var isClear: Bool { abs(change) > margin }
}

/// The change per theme against an earlier scan.
public struct Trend: Sendable, Equatable {
    public let points: [TrendPoint]
    /// When the two scans used different versions of the question bank: the statements both were measured on, in
    /// the order of the newer bank. Nil on the same version.
    public let sharedStatements: [String]?

    public init(points: [TrendPoint], sharedStatements: [String]?) {
        self.points = points
        self.sharedStatements = sharedStatements
    }
}

public struct ScanReport: Sendable {
    public let groups: [RespondentGroup]
    public let responses: [RespondentGroup: Int]
    public let shownGroups: [RespondentGroup]
    /// Invited groups whose results are not shown because fewer than the minimum answered.
    public let suppressedGroups: [RespondentGroup]
    public let themes: [ThemeResult]
    public let statements: [String: [RespondentGroup: Distribution]]
    public let gaps: [Gap]
    /// Per shown group, its themes from most to least wanted improvement.
    public let priorities: [RespondentGroup: [String]]
    public let opportunities: [Opportunity]
    public let strengths: [String]
    public let improvements: [String]
    /// How the bank asked the priorities, for what a priority's number means.
    public let priorityScale: QuestionBank.PriorityScale

    public var totalResponses: Int { responses.values.reduce(0, +) }
}

public enum ReportBuilder {
    /// Builds the report from counts. Groups below the threshold are left out of everything, the total
    /// included, so their answers cannot be found by subtraction.
    public static func build(_ data: ScanData) -> ScanReport {
        let shown = data.groups.filter { (data.responses[$0] ?? 0) >= ReportRules.minimumGroupSize }.sorted()
        let suppressed = data.groups.filter { !shown.contains($0) }.sorted()
        let themes = data.bank.themes.map { themeResult($0, data: data, shown: shown) }
        let withTotal = themes.compactMap { theme in theme.total.map { (theme.themeID, $0) } }
        return ScanReport(
            groups: data.groups.sorted(), responses: data.responses, shownGroups: shown, suppressedGroups: suppressed,
            themes: themes, statements: shownStatements(data, shown: shown), gaps: gaps(themes),
            priorities: priorityOrder(themes, shown: shown),
            opportunities: opportunities(themes, shown: shown, from: data.bank.priorityScale.opportunityFrom),
            strengths: withTotal.filter { $0.1 >= ReportRules.strengthFrom }.sorted { $0.1 > $1.1 }.map(\.0),
            improvements: withTotal.filter { $0.1 < ReportRules.improveBelow }.sorted { $0.1 < $1.1 }.map(\.0),
            priorityScale: data.bank.priorityScale)
    }

    /// A score, or nil when it rests on fewer answers than the minimum.
    private static func score(_ distribution: Distribution?, respondents: Int) -> Score? {
        guard let distribution, distribution.scaled >= ReportRules.minimumGroupSize, let mean = distribution.mean else { return nil }
        return Score(value: mean, answers: distribution.scaled, variance: distribution.variance ?? 0, respondents: respondents)
    }

    /// One theme's scores, priorities and answer distributions per shown group. A distribution is shown only
    /// with its score, so no bar rests on fewer answers than the minimum.
    private static func themeResult(_ theme: QuestionBank.Theme, data: ScanData, shown: [RespondentGroup]) -> ThemeResult {
        var scores: [RespondentGroup: Score] = [:]
        var coreScores: [RespondentGroup: Score] = [:]
        var priorities: [RespondentGroup: Score] = [:]
        var distributions: [RespondentGroup: Distribution] = [:]
        var dontKnow: [RespondentGroup: Double] = [:]
        for group in shown {
            let statementIDs = theme.statements.filter { $0.isAsked(of: group) }.map(\.id)
            guard !statementIDs.isEmpty else { continue }
            let respondents = data.responses[group] ?? 0
            let pooled = statementIDs.compactMap { data.distributions[$0]?[group] }.reduce(Distribution(), +)
            let core = theme.coreStatements.compactMap { data.distributions[$0.id]?[group] }.reduce(Distribution(), +)
            coreScores[group] = score(core, respondents: respondents)
            dontKnow[group] = pooled.dontKnowShare
            scores[group] = score(pooled, respondents: respondents)
            if scores[group] != nil { distributions[group] = pooled }
            priorities[group] = score(data.distributions[theme.priority.id]?[group], respondents: respondents)
        }
        return ThemeResult(
            themeID: theme.id, focusAreas: theme.focusAreas, scores: scores, coreScores: coreScores, priorities: priorities,
            total: mean(scores.values.map(\.value)), priorityTotal: mean(priorities.values.map(\.value)),
            distribution: distributions, dontKnowShare: dontKnow)
    }

    /// Each scaled question's distribution per shown group that has at least the minimum of answers to it.
    private static func shownStatements(_ data: ScanData, shown: [RespondentGroup]) -> [String: [RespondentGroup: Distribution]] {
        var statements: [String: [RespondentGroup: Distribution]] = [:]
        let scaledIDs =
            data.bank.themes.flatMap { $0.statements.map(\.id) + [$0.priority.id] }
            + data.customQuestions.filter { $0.kind == .statement }.map(\.id)
        for id in scaledIDs {
            statements[id] = (data.distributions[id] ?? [:]).filter {
                shown.contains($0.key) && $0.value.scaled >= ReportRules.minimumGroupSize
            }
        }
        return statements
    }

    /// Every pair of groups per theme, the largest difference first, on the statements every group answers: a
    /// statement only some groups see would turn a difference of questions into a difference of opinion.
    private static func gaps(_ themes: [ThemeResult]) -> [Gap] {
        var gaps: [Gap] = []
        for theme in themes {
            let ordered = theme.coreScores.sorted { $0.key < $1.key }
            for (i, a) in ordered.enumerated() {
                for b in ordered[(i + 1)...] {
                    let (high, low) = a.value.value >= b.value.value ? (a, b) : (b, a)
                    gaps.append(
                        Gap(themeID: theme.themeID, higher: high.key, lower: low.key, difference: high.value.value - low.value.value))
                }
            }
        }
        return gaps.sorted { ($0.difference, $1.themeID) > ($1.difference, $0.themeID) }
    }

    /// Per shown group, its themes from the highest priority to the lowest.
    private static func priorityOrder(_ themes: [ThemeResult], shown: [RespondentGroup]) -> [RespondentGroup: [String]] {
        var priorities: [RespondentGroup: [String]] = [:]
        for group in shown {
            priorities[group] = themes.compactMap { theme in theme.priorities[group].map { (theme.themeID, $0.value) } }
                .sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map(\.0)
        }
        return priorities
    }

    /// Themes a group scores low and finds important, the largest difference first.
    private static func opportunities(_ themes: [ThemeResult], shown: [RespondentGroup], from threshold: Double) -> [Opportunity] {
        var opportunities: [Opportunity] = []
        for theme in themes {
            for group in shown {
                if let score = theme.scores[group]?.value, let priority = theme.priorities[group]?.value,
                    score < ReportRules.opportunityScoreBelow, priority >= threshold
                {
                    opportunities.append(Opportunity(themeID: theme.themeID, group: group, score: score, priority: priority))
                }
            }
        }
        return opportunities.sorted { ($0.priority - $0.score, $1.themeID) > ($1.priority - $1.score, $0.themeID) }
    }

    /// The mean of other municipalities' theme totals, shown only when enough municipalities contribute.
    public static func compare(_ totals: [Double]) -> Comparison {
        Comparison(
            mean: totals.count >= ReportRules.minimumComparisonMunicipalities ? mean(totals) : nil,
            municipalities: totals.count)
    }

    /// The trend against an earlier scan. On another version of the question bank, both are measured again on the
    /// statements whose id is in both banks (an id is kept only while its meaning is), and those are named.
    /// `built` is the report already made from `current`, used again when nothing is left out.
    public static func trend(current: ScanData, previous: ScanData, built: ScanReport? = nil) -> Trend {
        guard current.bank.version != previous.bank.version else {
            return Trend(points: trend(current: built ?? build(current), previous: build(previous)), sharedStatements: nil)
        }
        let (now, before) = current.comparable(with: previous)
        return Trend(
            points: trend(current: build(now), previous: build(before)),
            sharedStatements: now.bank.themes.flatMap { $0.statements.map(\.id) })
    }

    /// Change per theme against an earlier report, over the groups shown in both, with a 95% interval.
    /// The interval treats each group's respondents as the sample size (see docs/quickscan.md).
    public static func trend(current: ScanReport, previous: ScanReport) -> [TrendPoint] {
        let common = Set(current.shownGroups).intersection(previous.shownGroups)
        guard !common.isEmpty else { return [] }
        return current.themes.compactMap { now in
            guard let before = previous.themes.first(where: { $0.themeID == now.themeID }) else { return nil }
            let groups = common.filter { now.scores[$0] != nil && before.scores[$0] != nil }
            guard !groups.isEmpty else { return nil }
            let k = Double(groups.count)
            func total(_ theme: ThemeResult) -> Double { groups.reduce(0.0) { $0 + theme.scores[$1]!.value } / k }
            func variance(_ theme: ThemeResult) -> Double {
                groups.reduce(0.0) { sum, group in
                    let score = theme.scores[group]!
                    return sum + score.variance / Double(max(1, score.respondents))
                } / (k * k)
            }
            return TrendPoint(
                themeID: now.themeID, previous: total(before), current: total(now),
                margin: ReportRules.z95 * (variance(now) + variance(before)).squareRoot())
        }
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
