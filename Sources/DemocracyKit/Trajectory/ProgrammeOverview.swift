import Foundation

/// The programme's view of every trajectory: where each stands, how long steps take, how old the open requests
/// are and which agendas came in. Pure: the store reads a few columns, this does the counting.
public struct ProgrammeOverview: Sendable {
    /// One municipality with a trajectory, as the store reads it.
    public struct Input: Sendable {
        public let code: String
        public let name: String
        public let province: String
        public let population: Int
        public let reached: [TrajectoryStep: String]
        /// Its open requests per age bucket (`ageBuckets`): counted by the database, so the page costs the same
        /// however many requests there are.
        public let openRequestsByAge: [Int]
        public let agendaSent: Bool

        public init(
            code: String, name: String, province: String, population: Int, reached: [TrajectoryStep: String], openRequestsByAge: [Int],
            agendaSent: Bool
        ) {
            self.code = code
            self.name = name
            self.province = province
            self.population = population
            self.reached = reached
            self.openRequestsByAge = openRequestsByAge
            self.agendaSent = agendaSent
        }
    }

    public struct Filter: Sendable, Equatable {
        public var province: String?
        public var sizeClass: SizeClass?

        public init(province: String? = nil, sizeClass: SizeClass? = nil) {
            self.province = province
            self.sizeClass = sizeClass
        }

        func includes(_ input: Input) -> Bool {
            (province.map { $0 == input.province } ?? true)
                && (sizeClass.map { $0 == SizeClass(population: input.population) } ?? true)
        }
    }

    public struct Row: Sendable, Equatable {
        public let code: String
        public let name: String
        public let province: String
        public let sizeClass: SizeClass
        /// The step being worked on; nil when every step is done.
        public let current: TrajectoryStep?
        /// Days since the last step was reached (so: in the current step).
        public let daysInStep: Int?
        public let openRequests: Int
        public let agendaSent: Bool
    }

    /// Ages of open requests, in days: under 14, 14–29, 30–89, 90 or more.
    public static let ageBuckets: [ClosedRange<Int>] = [0...13, 14...29, 30...89, 90...Int.max]

    /// The moments the age buckets start at, newest first: a request waiting since a moment at or after
    /// `bucketStarts[0]` is in the first bucket, and so on; the last bucket holds the rest.
    public static func bucketStarts(today: Date) -> [Date] {
        ageBuckets.dropFirst().map { today.addingTimeInterval(-Double($0.lowerBound) * 86_400) }
    }

    public let rows: [Row]
    /// Municipalities per current step (nil: the whole trajectory is done), in step order.
    public let perStep: [(step: TrajectoryStep?, count: Int)]
    /// Per step, the median number of days from reaching the step before it to reaching it, over the municipalities
    /// that reached both; nil when none did.
    public let medianDays: [TrajectoryStep: Int]
    public let requestsByAge: [Int]
    public let agendasReceived: Int

    public init(_ inputs: [Input], filter: Filter, today: Date) {
        let chosen = inputs.filter(filter.includes).sorted { $0.name < $1.name }
        let todayDay = Format.day(today)
        func days(_ from: String, _ to: String) -> Int? {
            guard let a = Format.dayNumber(from), let b = Format.dayNumber(to) else { return nil }
            return b - a
        }
        rows = chosen.map { input in
            let current = TrajectoryStep.allCases.first { input.reached[$0] == nil }
            let last = TrajectoryStep.allCases.reversed().first { input.reached[$0] != nil }.flatMap { input.reached[$0] }
            return Row(
                code: input.code, name: input.name, province: input.province, sizeClass: SizeClass(population: input.population),
                current: current, daysInStep: last.flatMap { days($0, todayDay) }, openRequests: input.openRequestsByAge.reduce(0, +),
                agendaSent: input.agendaSent)
        }
        var counts: [TrajectoryStep?: Int] = [:]
        for row in rows { counts[row.current, default: 0] += 1 }
        perStep = (TrajectoryStep.allCases.map { Optional($0) } + [nil]).map { ($0, counts[$0] ?? 0) }
        var durations: [TrajectoryStep: [Int]] = [:]
        for input in chosen {
            for step in TrajectoryStep.allCases.dropFirst() {
                guard let previous = TrajectoryStep(rawValue: step.rawValue - 1), let from = input.reached[previous],
                    let to = input.reached[step], let span = days(from, to)
                else { continue }
                durations[step, default: []].append(max(0, span))
            }
        }
        medianDays = durations.mapValues { $0.sorted()[$0.count / 2] }
        requestsByAge = Self.ageBuckets.indices.map { bucket in
            chosen.reduce(0) { $0 + ($1.openRequestsByAge.indices.contains(bucket) ? $1.openRequestsByAge[bucket] : 0) }
        }
        agendasReceived = chosen.filter(\.agendaSent).count
    }

    /// The rows as a CSV file for a spreadsheet: a header, then one line per municipality.
    public func csv(language: Language) -> String {
        let header =
            language == .nl
            ? [
                "code", "gemeente", "provincie", "grootteklasse", "huidige stap", "dagen in deze stap", "lopende aanvragen",
                "verbeteragenda verstuurd",
            ]
            : [
                "code", "municipality", "province", "size class", "current step", "days in this step", "open requests",
                "improvement agenda sent",
            ]
        let done = language == .nl ? "afgerond" : "completed"
        let lines = rows.map { row in
            [
                row.code, row.name, row.province, row.sizeClass.name(language), row.current?.name(language) ?? done,
                row.daysInStep.map(String.init) ?? "", String(row.openRequests),
                row.agendaSent ? (language == .nl ? "ja" : "yes") : (language == .nl ? "nee" : "no"),
            ]
        }
        return CSV.file([header] + lines)
    }
}
