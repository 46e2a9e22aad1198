import Foundation

// Step 2 of a burgerberaad by lot: from the volunteers who registered with their code, a panel that meets the
// quotas, with every volunteer's chance as equal as the quotas allow (docs/lottery.md). Two methods: LEGACY, the
// procedure of the Sortition Foundation's stratification app, and a balanced method that aims at the maximin
// distribution of Flanigan et al. (Nature, 2021). Both are repeatable from a published seed.

/// One volunteer as the selection sees them: an id and, per criterion, the value they chose.
public struct Volunteer: Sendable, Equatable {
    public let id: String
    public let features: [String: String]

    public init(id: String, features: [String: String]) {
        self.id = id
        self.features = features
    }
}

/// One value of a criterion (for example the age band 16–24) with how many panel members it must have at least
/// and may have at most.
public struct QuotaValue: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public var minimum: Int
    public var maximum: Int

    public init(id: String, name: String, minimum: Int, maximum: Int) {
        self.id = id
        self.name = name
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// A criterion the panel is balanced on (age, gender, area, education, or one the municipality adds).
public struct QuotaCriterion: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public var values: [QuotaValue]

    public init(id: String, name: String, values: [QuotaValue]) {
        self.id = id
        self.name = name
        self.values = values
    }
}

/// Why the quotas cannot be met by the volunteers there are, each with the figures to say by how much.
public enum QuotaProblem: Sendable, Equatable {
    /// Fewer volunteers than the panel's size.
    case tooFewVolunteers(available: Int, panelSize: Int)
    /// A value's minimum is more than the volunteers who have it.
    case tooFewWithValue(criterion: String, value: String, minimum: Int, available: Int)
    /// A criterion's minimums together ask more people than the panel has seats.
    case minimumsAbovePanel(criterion: String, total: Int, panelSize: Int)
    /// A criterion's maximums together leave seats that nobody may take.
    case maximumsBelowPanel(criterion: String, total: Int, panelSize: Int)
    /// Every quota alone can be met, but together they cannot: no attempt found a panel.
    case noPanelFound(attempts: Int)
}

public struct Quotas: Sendable, Equatable, Codable {
    public static let maxPanelSize = 500
    public var panelSize: Int
    public var criteria: [QuotaCriterion]

    public init(panelSize: Int, criteria: [QuotaCriterion]) {
        self.panelSize = panelSize
        self.criteria = criteria
    }

    /// Quotas from the population's shares (CBS figures, in percent per value): the share of the panel rounded
    /// down is the minimum and rounded up the maximum, so the panel mirrors the population within one seat.
    public static func fromShares(
        panelSize: Int, criteria: [(id: String, name: String, shares: [(id: String, name: String, percent: Double)])]
    )
        -> Quotas
    {
        Quotas(
            panelSize: panelSize,
            criteria: criteria.map { criterion in
                let total = criterion.shares.reduce(0) { $0 + $1.percent }
                return QuotaCriterion(
                    id: criterion.id, name: criterion.name,
                    values: criterion.shares.map { share in
                        let exact = total > 0 ? share.percent / total * Double(panelSize) : 0
                        return QuotaValue(
                            id: share.id, name: share.name, minimum: Int(exact.rounded(.down)), maximum: Int(exact.rounded(.up)))
                    })
            })
    }

    /// What stops these quotas on this pool, checked value by value and criterion by criterion.
    public func problems(for volunteers: [Volunteer]) -> [QuotaProblem] {
        let pool = eligible(volunteers)
        var problems: [QuotaProblem] = []
        if pool.count < panelSize { problems.append(.tooFewVolunteers(available: pool.count, panelSize: panelSize)) }
        for criterion in criteria {
            for value in criterion.values {
                let available = pool.filter { $0.features[criterion.id] == value.id }.count
                if value.minimum > available {
                    problems.append(
                        .tooFewWithValue(criterion: criterion.name, value: value.name, minimum: value.minimum, available: available))
                }
            }
            let minimums = criterion.values.reduce(0) { $0 + $1.minimum }
            let maximums = criterion.values.reduce(0) { $0 + $1.maximum }
            if minimums > panelSize {
                problems.append(.minimumsAbovePanel(criterion: criterion.name, total: minimums, panelSize: panelSize))
            }
            if maximums < panelSize {
                problems.append(.maximumsBelowPanel(criterion: criterion.name, total: maximums, panelSize: panelSize))
            }
        }
        return problems
    }

    /// The nearest quotas this pool can meet: the panel no larger than the pool, each minimum no more than the
    /// volunteers who have the value, and per criterion the minimums within the seats and the maximums enough to
    /// fill them. What changed is what the problems named.
    public func nearest(for volunteers: [Volunteer]) -> Quotas {
        let pool = eligible(volunteers)
        var result = self
        result.panelSize = min(panelSize, pool.count)
        for (c, criterion) in criteria.enumerated() {
            let available = criterion.values.map { value in pool.filter { $0.features[criterion.id] == value.id }.count }
            var values = criterion.values
            for v in values.indices {
                values[v].minimum = min(values[v].minimum, available[v])
                values[v].maximum = min(max(values[v].maximum, values[v].minimum), available[v])
            }
            // Too many seats reserved: lower the largest minimums first, one seat at a time.
            while values.reduce(0, { $0 + $1.minimum }) > result.panelSize,
                let largest = values.indices.max(by: { values[$0].minimum < values[$1].minimum })
            {
                values[largest].minimum -= 1
            }
            // Seats nobody may take: raise the maximums where most volunteers are left over.
            while values.reduce(0, { $0 + $1.maximum }) < result.panelSize,
                let roomiest = values.indices.filter({ values[$0].maximum < available[$0] })
                    .max(by: { available[$0] - values[$0].maximum < available[$1] - values[$1].maximum })
            {
                values[roomiest].maximum += 1
            }
            result.criteria[c].values = values
        }
        return result
    }

    /// Volunteers whose every answer is a value of its criterion; anyone else cannot be counted against the quotas.
    public func eligible(_ volunteers: [Volunteer]) -> [Volunteer] {
        volunteers.filter { volunteer in
            criteria.allSatisfy { criterion in criterion.values.contains { $0.id == volunteer.features[criterion.id] } }
        }
    }
}

/// How the panel was chosen.
public enum SelectionMethod: String, Sendable, Codable, CaseIterable {
    /// The Sortition Foundation's LEGACY procedure: fill the most urgent quota first with a random volunteer.
    case legacy
    /// A portfolio of panels that gives the least-chosen volunteers as much chance as the quotas allow; the
    /// panel is one of them, drawn with the seed.
    case balanced
}

/// The outcome of a selection, with everything the audit report shows and nothing personal beyond the ids.
public struct PanelSelection: Sendable, Equatable {
    public let method: SelectionMethod
    public let quotas: Quotas
    /// The ids of the panel's members, in the order they were chosen.
    public let panel: [String]
    /// Each eligible volunteer's chance of selection under the method: exact for the balanced method (its share
    /// of the portfolio), estimated over `runs` seeded runs for LEGACY.
    public let probabilities: [String: Double]
    public let runs: Int
    /// Runs of LEGACY that ended without meeting every quota and had to start again.
    public let failedRuns: Int
    /// No method can give every volunteer more than this: the panel's share of the pool, and for each value
    /// its maximum over the volunteers who have it.
    public let upperBound: Double

    public var minimumProbability: Double { probabilities.values.min() ?? 0 }

    /// How many panel members have each value, per criterion, beside the quota.
    public func counts(in volunteers: [Volunteer]) -> [String: [String: Int]] {
        let byID = Dictionary(volunteers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var counts: [String: [String: Int]] = [:]
        for id in panel {
            for (criterion, value) in byID[id]?.features ?? [:] { counts[criterion, default: [:]][value, default: 0] += 1 }
        }
        return counts
    }
}

/// Selects panels under quotas. Volunteers are taken in the order given; give them in a fixed order (the app
/// sorts by registration code) so that the same seed gives the same panel.
public struct PanelSelector: Sendable {
    public static let defaultRuns = 1_000
    public static let maxAttempts = 100
    /// How strongly the balanced method favours volunteers chosen less often so far.
    public static let eta = 0.1
    /// Rounds and step of the game that mixes the balanced portfolio's panels.
    public static let mixRounds = 2_000
    /// Rounds that build panels around the tenth of volunteers in the fewest panels so far.
    public static let repairRounds = 2
    public static let repairAttempts = 20
    public static let mixStep = 0.05

    public let quotas: Quotas
    public let pool: [Volunteer]
    private let minimum: [Int]
    private let maximum: [Int]
    /// For each category (a value of a criterion) the volunteers who have it, and for each volunteer their categories.
    private let members: [[Int]]
    private let categories: [[Int]]
    private let criterionOf: [Int]
    private let everyone: [Int]

    public init(volunteers: [Volunteer], quotas: Quotas) {
        self.quotas = quotas
        let pool = quotas.eligible(volunteers)
        self.pool = pool
        var minimum: [Int] = []
        var maximum: [Int] = []
        var members: [[Int]] = []
        var criterionOf: [Int] = []
        var categories = [[Int]](repeating: [], count: pool.count)
        for (index, criterion) in quotas.criteria.enumerated() {
            for value in criterion.values {
                let category = members.count
                criterionOf.append(index)
                minimum.append(value.minimum)
                maximum.append(value.maximum)
                let who = pool.indices.filter { pool[$0].features[criterion.id] == value.id }
                for person in who { categories[person].append(category) }
                members.append(who)
            }
        }
        self.minimum = minimum
        self.maximum = maximum
        self.members = members
        self.categories = categories
        self.criterionOf = criterionOf
        everyone = Array(pool.indices)
    }

    /// The panel, or the problems when there is none. Repeatable: the same pool, quotas, seed and method give
    /// the same panel and the same figures.
    public func select(seed: String, method: SelectionMethod, runs: Int = defaultRuns) throws(SelectionFailure) -> PanelSelection {
        let problems = quotas.problems(for: pool)
        guard problems.isEmpty else { throw SelectionFailure(problems: problems) }
        var generator = SeededGenerator(seed: seed, purpose: "panel-\(method.rawValue)")
        switch method {
        case .legacy:
            // The panel is the first run; the probabilities are estimated over further runs from the same seed.
            guard let panel = legacy(using: &generator) else {
                throw SelectionFailure(problems: [.noPanelFound(attempts: Self.maxAttempts)])
            }
            let (probabilities, failed) = legacyProbabilities(runs: runs, using: &generator)
            return result(method, panel: panel, probabilities: probabilities, runs: runs, failed: failed)
        case .balanced:
            // Panels that each favour volunteers chosen less often so far, then the mix of them that gives
            // the least-chosen volunteer the most chance; the panel is drawn from that mix.
            let (found, failed) = balancedPortfolio(size: runs, using: &generator)
            let panels = Array(Set(found.map { $0.sorted() })).sorted { $0.lexicographicallyPrecedes($1) }
            guard !panels.isEmpty else { throw SelectionFailure(problems: [.noPanelFound(attempts: runs)]) }
            let mix = maximinMix(of: panels, rounds: Self.mixRounds)
            var probabilities = [Double](repeating: 0, count: pool.count)
            for (panel, share) in zip(panels, mix) { for person in panel { probabilities[person] += share } }
            var roll = Double.random(in: 0..<1, using: &generator)
            var chosen = panels[panels.count - 1]
            for (panel, share) in zip(panels, mix) {
                if roll < share {
                    chosen = panel
                    break
                }
                roll -= share
            }
            return result(method, panel: chosen, probabilities: probabilities, runs: found.count + failed, failed: failed)
        }
    }

    /// Each volunteer's chance under LEGACY, estimated over `runs` runs.
    public func legacyProbabilities<G: RandomNumberGenerator>(runs: Int, using generator: inout G) -> (probabilities: [Double], failed: Int)
    {
        var counts = [Int](repeating: 0, count: pool.count)
        var failed = 0
        for _ in 0..<runs {
            guard let panel = build(using: &generator, preferring: nil) else {
                failed += 1
                continue
            }
            for person in panel { counts[person] += 1 }
        }
        let done = max(runs - failed, 1)
        return (counts.map { Double($0) / Double(done) }, failed)
    }

    /// No distribution can give the least-chosen volunteer more than this.
    public var upperBound: Double {
        guard !pool.isEmpty else { return 0 }
        var bound = Double(quotas.panelSize) / Double(pool.count)
        for (category, who) in members.enumerated() where !who.isEmpty {
            bound = min(bound, Double(maximum[category]) / Double(who.count))
        }
        return bound
    }

    private func result(_ method: SelectionMethod, panel: [Int], probabilities: [Double], runs: Int, failed: Int) -> PanelSelection {
        PanelSelection(
            method: method, quotas: quotas, panel: panel.map { pool[$0].id },
            probabilities: Dictionary(uniqueKeysWithValues: zip(pool.map(\.id), probabilities)), runs: runs, failedRuns: failed,
            upperBound: upperBound)
    }

    /// LEGACY: up to `maxAttempts` runs until one meets every quota.
    func legacy<G: RandomNumberGenerator>(using generator: inout G) -> [Int]? {
        for _ in 0..<Self.maxAttempts {
            if let panel = build(using: &generator, preferring: nil) { return panel }
        }
        return nil
    }

    /// The balanced portfolio: panel after panel, each filling the most urgent quota first (as LEGACY does) but
    /// taking, within it, the volunteer chosen least often so far. This is the multiplicative-weights way to the
    /// maximin distribution with a greedy answer to each round; the portfolio's mix gives every volunteer their
    /// chance exactly, and docs/lottery.md shows how close its minimum comes to the bound.
    func balancedPortfolio<G: RandomNumberGenerator>(size: Int, using generator: inout G) -> (panels: [[Int]], failed: Int) {
        var chosen = [Double](repeating: 0, count: pool.count)
        var portfolio: [[Int]] = []
        var failed = 0
        func add(_ panel: [Int]?) {
            guard let panel else {
                failed += 1
                return
            }
            for person in panel { chosen[person] += 1 }
            portfolio.append(panel)
        }
        for _ in 0..<size { add(build(using: &generator, preferring: chosen)) }
        // Volunteers the greedy step seldom reaches (their values are all common in the pool) get panels built
        // around them, as Flanigan et al.'s column generation adds panels for the volunteers left out; the mix
        // can then give them their share.
        for _ in 0..<Self.repairRounds {
            let fewest = pool.indices.sorted { chosen[$0] < chosen[$1] }.prefix(max(1, pool.count / 10))
            for person in fewest {
                // A panel around a hard-to-place volunteer often needs a few tries of the greedy step.
                for attempt in 0..<Self.repairAttempts {
                    // Every other try draws at random as LEGACY does, which explores other panels.
                    if let panel = build(using: &generator, preferring: attempt % 2 == 0 ? chosen : nil, including: person) {
                        add(panel)
                        break
                    }
                }
            }
        }
        return (portfolio, failed)
    }

    /// One run: while seats are left, take the category whose unmet minimum is largest against the volunteers
    /// left in it, and a volunteer from it: at random, or, with `preferring`, one chosen least often (ties at
    /// random; once the minimums are met, from everyone left). A value that reaches its maximum takes its other volunteers out of the running.
    private func build<G: RandomNumberGenerator>(using generator: inout G, preferring chosen: [Double]?, including first: Int? = nil)
        -> [Int]?
    {
        var available = [Bool](repeating: true, count: pool.count)
        var left = members.map(\.count)
        var selected = [Int](repeating: 0, count: members.count)
        // Per criterion, the seats its unmet minimums still need.
        var unmet = [Int](repeating: 0, count: quotas.criteria.count)
        for (category, criterion) in criterionOf.enumerated() { unmet[criterion] += minimum[category] }
        var panel: [Int] = []
        panel.reserveCapacity(quotas.panelSize)
        func remove(_ person: Int) {
            available[person] = false
            for category in categories[person] { left[category] -= 1 }
        }
        // Whether, after this person, the seats left can still hold every criterion's unmet minimums, and every
        // unmet minimum still has enough volunteers left. A value one short of its maximum takes its other
        // volunteers out when this person takes the seat: `leaving[c]` counts them per category, made once a seat.
        // Someone who fills two maximums at once counts a volunteer in both twice, which errs on the safe side.
        var leaving = [[Int]?](repeating: nil, count: members.count)
        var scratch = left
        func fits(_ person: Int) -> Bool {
            let seats = quotas.panelSize - panel.count - 1
            var reachesMaximum = false
            for (criterion, category) in categories[person].enumerated() {
                let helps = selected[category] < minimum[category] ? 1 : 0
                if unmet[criterion] - helps > seats { return false }
                if leaving[category] != nil { reachesMaximum = true }
            }
            guard reachesMaximum else { return true }
            for category in members.indices { scratch[category] = left[category] }
            for full in categories[person] {
                guard let out = leaving[full] else { continue }
                for category in members.indices { scratch[category] -= out[category] }
                // The person is among those counted, and leaves once below.
                for category in categories[person] { scratch[category] += 1 }
            }
            for category in categories[person] { scratch[category] -= 1 }
            for category in members.indices {
                let after = selected[category] + (categories[person].contains(category) ? 1 : 0)
                if minimum[category] - after > scratch[category] { return false }
            }
            return true
        }
        func countLeaving() {
            for category in members.indices {
                guard selected[category] + 1 == maximum[category] else {
                    leaving[category] = nil
                    continue
                }
                var out = [Int](repeating: 0, count: members.count)
                for other in members[category] where available[other] { for otherCategory in categories[other] { out[otherCategory] += 1 } }
                leaving[category] = out
            }
        }
        func take(_ person: Int) {
            panel.append(person)
            remove(person)
            for (criterion, category) in categories[person].enumerated() {
                if selected[category] < minimum[category] { unmet[criterion] -= 1 }
                selected[category] += 1
                if selected[category] == maximum[category] {
                    for other in members[category] where available[other] { remove(other) }
                }
            }
        }
        if let first {
            countLeaving()
            guard categories[first].allSatisfy({ maximum[$0] > 0 }), fits(first) else { return nil }
            take(first)
        }
        while panel.count < quotas.panelSize {
            var urgent = -1
            var urgency = -Double.infinity
            for category in members.indices where left[category] > 0 {
                let ratio = Double(minimum[category] - selected[category]) / Double(left[category])
                if ratio > urgency {
                    urgent = category
                    urgency = ratio
                }
            }
            // Nobody left, or a minimum needs more volunteers than are left for it.
            guard urgent >= 0, urgency <= 1 else { return nil }
            let person: Int
            if let chosen {
                countLeaving()
                // The balanced method takes, from the urgent category (or from everyone once the minimums are
                // met), the volunteer chosen least often whose seat leaves room for the other minimums.
                let who = urgency > 0 ? members[urgent] : everyone
                person = leastChosen(in: who, available: available, chosen: chosen, fits: fits, using: &generator)
            } else {
                person = random(in: members[urgent], available: available, count: left[urgent], using: &generator)
            }
            take(person)
        }
        for category in members.indices where selected[category] < minimum[category] { return nil }
        return panel
    }

    private func random<G: RandomNumberGenerator>(in who: [Int], available: [Bool], count: Int, using generator: inout G) -> Int {
        var target = Int.random(in: 0..<count, using: &generator)
        for person in who where available[person] {
            if target == 0 { return person }
            target -= 1
        }
        preconditionFailure("fewer available volunteers than counted")
    }

    /// A volunteer from `who`, drawn with weight e^(-η × times chosen so far), from those whose seat keeps every
    /// quota within reach (from all when nobody's does): the multiplicative-weights step.
    private func leastChosen<G: RandomNumberGenerator>(
        in who: [Int], available: [Bool], chosen: [Double], fits: (Int) -> Bool, using generator: inout G
    ) -> Int {
        var candidates: [Int] = []
        var fallback: [Int] = []
        for person in who where available[person] {
            if fits(person) { candidates.append(person) } else { fallback.append(person) }
        }
        if candidates.isEmpty { candidates = fallback }
        let least = candidates.map { chosen[$0] }.min() ?? 0
        let weights = candidates.map { exp(-Self.eta * (chosen[$0] - least)) }
        var roll = Double.random(in: 0..<weights.reduce(0, +), using: &generator)
        for (index, weight) in weights.enumerated() {
            if roll < weight { return candidates[index] }
            roll -= weight
        }
        return candidates[candidates.count - 1]
    }

    /// The mix of the portfolio's panels that gives the least-chosen volunteer the most chance: a zero-sum game
    /// between the panel and the volunteer left out, played `rounds` times with multiplicative weights on the
    /// volunteers. Returns each panel's share.
    func maximinMix(of panels: [[Int]], rounds: Int) -> [Double] {
        var weight = [Double](repeating: 1, count: pool.count)
        var times = [Int](repeating: 0, count: panels.count)
        let step = exp(-Self.mixStep)
        for _ in 0..<rounds {
            var best = 0
            var bestWeight = -1.0
            for (index, panel) in panels.enumerated() {
                var total = 0.0
                for person in panel { total += weight[person] }
                if total > bestWeight {
                    best = index
                    bestWeight = total
                }
            }
            times[best] += 1
            for person in panels[best] { weight[person] *= step }
            // Keep the weights within range; only their ratios matter.
            if let largest = weight.max(), largest < 1e-100 { for person in weight.indices { weight[person] /= largest } }
        }
        return times.map { Double($0) / Double(rounds) }
    }
}

/// The selection could not run: the problems say which quota and by how much.
public struct SelectionFailure: Error, Sendable, Equatable {
    public let problems: [QuotaProblem]
}
