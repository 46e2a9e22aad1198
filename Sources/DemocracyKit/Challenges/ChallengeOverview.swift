import Foundation

/// The national picture of the uitdaagrecht for programme staff: how many challenges stand in each step, how the
/// colleges decided and how long that took, and where municipalities miss their terms.
public struct ChallengeOverview: Equatable, Sendable {
    /// One challenge as the overview needs it. Days are yyyy-MM-dd.
    public struct Row: Equatable, Sendable {
        public let municipalityCode: String
        public let status: ChallengeStatus
        public let submittedOn: String
        public let decision: ChallengeDecision?
        public let decidedOn: String?
        /// The day the municipality's next step is due, if a term runs.
        public let due: String?

        public init(
            municipalityCode: String, status: ChallengeStatus, submittedOn: String, decision: ChallengeDecision?, decidedOn: String?,
            due: String?
        ) {
            self.municipalityCode = municipalityCode
            self.status = status
            self.submittedOn = submittedOn
            self.decision = decision
            self.decidedOn = decidedOn
            self.due = due
        }
    }

    public let total: Int
    public let perStatus: [(status: ChallengeStatus, count: Int)]
    public let perDecision: [(decision: ChallengeDecision, count: Int)]
    /// Days from submission to the college's decision: the middle value and the longest, over decided challenges.
    public let medianDaysToDecision: Int?
    public let longestDaysToDecision: Int?
    /// Municipalities with challenges past their term, the most first.
    public let overduePerMunicipality: [(code: String, count: Int)]
    public let overdue: Int

    public static func == (lhs: ChallengeOverview, rhs: ChallengeOverview) -> Bool {
        lhs.total == rhs.total && lhs.perStatus.map(\.status) == rhs.perStatus.map(\.status)
            && lhs.perStatus.map(\.count) == rhs.perStatus.map(\.count) && lhs.perDecision.map(\.count) == rhs.perDecision.map(\.count)
            && lhs.medianDaysToDecision == rhs.medianDaysToDecision && lhs.longestDaysToDecision == rhs.longestDaysToDecision
            && lhs.overduePerMunicipality.map(\.code) == rhs.overduePerMunicipality.map(\.code)
            && lhs.overduePerMunicipality.map(\.count) == rhs.overduePerMunicipality.map(\.count) && lhs.overdue == rhs.overdue
    }

    public init(_ rows: [Row], today: String) {
        total = rows.count
        var statusCounts: [ChallengeStatus: Int] = [:]
        var decisionCounts: [ChallengeDecision: Int] = [:]
        var overdueCounts: [String: Int] = [:]
        var durations: [Int] = []
        for row in rows {
            statusCounts[row.status, default: 0] += 1
            if let decision = row.decision { decisionCounts[decision, default: 0] += 1 }
            if let decided = row.decidedOn, let end = Format.dayNumber(decided), let start = Format.dayNumber(row.submittedOn), end >= start
            {
                durations.append(end - start)
            }
            if ChallengeTerms.isOverdue(due: row.due, today: today) { overdueCounts[row.municipalityCode, default: 0] += 1 }
        }
        perStatus = ChallengeStatus.allCases.compactMap { status in statusCounts[status].map { (status, $0) } }
        perDecision = ChallengeDecision.allCases.map { ($0, decisionCounts[$0] ?? 0) }
        let sorted = durations.sorted()
        medianDaysToDecision =
            sorted.isEmpty
            ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        longestDaysToDecision = sorted.last
        overduePerMunicipality = overdueCounts.map { ($0.key, $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code
        }
        overdue = overdueCounts.values.reduce(0, +)
    }
}
