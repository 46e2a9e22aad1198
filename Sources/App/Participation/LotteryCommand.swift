import DemocracyKit
import Vapor

/// `dia lottery`: repeat a burgerberaad's draw from its published seed and address file, and time the draw and
/// the selection (docs/lottery.md).
struct LotteryCommand: AsyncCommandGroup {
    var help: String { "A burgerberaad by lot: verify a draw, or time the draw and the selection." }
    var commands: [String: any AnyAsyncCommand] { ["verify": LotteryVerifyCommand(), "benchmark": LotteryBenchmarkCommand()] }
}

/// Anyone with the address file and the published seed repeats the draw and compares the fingerprints with the
/// audit report. Nothing is stored and no database is needed.
struct LotteryVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "addresses", help: "The address file (CSV, one address a line)") var addresses: String?
        @Option(name: "seed", help: "The seed as published") var seed: String?
        @Option(name: "letters", help: "How many letters were drawn") var letters: Int?
        @Option(name: "expect", help: "The draw's fingerprint from the audit report; a difference exits with an error") var expect: String?
        @Flag(name: "list", help: "Also print the drawn addresses in draw order") var list: Bool
    }

    var help: String { "Repeats a draw from the address file and the published seed, and prints its fingerprints." }

    struct Output: Encodable {
        let seed: String
        let lines: Int
        let addresses: Int
        let duplicates: Int
        let emptyLines: Int
        let skippedLines: Int
        let fileFingerprint: String
        let letters: Int
        let drawFingerprint: String
        let matches: Bool?
        let drawn: [String]?
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.addresses, let seedText = signature.seed, let letters = signature.letters else {
            throw CommandFailure("--addresses, --seed and --letters are all needed")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        let localizer = context.application.localizer
        do {
            let seed = try LotterySeed.read(seedText)
            let sample = try AddressSample.read(String(decoding: data, as: UTF8.self))
            let drawn = try Lottery.draw(sample, count: letters, seed: seed)
            let fingerprint = Lottery.fingerprint(of: drawn)
            let matches = signature.expect.map { $0.lowercased().trimmingCharacters(in: .whitespaces) == fingerprint }
            context.console.print(
                try ScanListCommand.json(
                    Output(
                        seed: seed, lines: sample.lines, addresses: sample.addresses.count, duplicates: sample.duplicates,
                        emptyLines: sample.emptyLines, skippedLines: sample.skipped, fileFingerprint: sample.fingerprint, letters: letters,
                        drawFingerprint: fingerprint, matches: matches, drawn: signature.list ? drawn : nil)))
            if matches == false { throw CommandFailure("the draw's fingerprint differs from --expect") }
        } catch StoreFailure.fields(let errors) {
            throw CommandFailure(
                errors.map { error in
                    "--\(error.field): "
                        + localizer.text(error.message, .en, error.limit.map { [String($0)] } ?? [])
                }.joined(separator: "\n"))
        }
    }
}

/// Times the two steps on example data: drawing letters from a file of addresses, and selecting a panel from
/// volunteers with four criteria, with the probabilities of both methods (the figures in docs/performance.md).
struct LotteryBenchmarkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "addresses", help: "Addresses in the file (default 500000)") var addresses: Int?
        @Option(name: "letters", help: "Letters to draw (default 1000)") var letters: Int?
        @Option(name: "volunteers", help: "Volunteers in the pool (default 1000)") var volunteers: Int?
        @Option(name: "panel", help: "Seats on the panel (default 100)") var panel: Int?
        @Option(name: "runs", help: "Runs for the probabilities (default 1000)") var runs: Int?
    }

    var help: String { "Times the draw and the selection on example data and compares the two selection methods." }

    struct Output: Encodable {
        struct Method: Encodable {
            let seconds: Double
            let minimumProbability: Double
            let panelsFailed: Int
            let quotasMet: Bool
        }
        let addresses: Int
        let letters: Int
        let readSeconds: Double
        let drawSeconds: Double
        let volunteers: Int
        let panel: Int
        let runs: Int
        let upperBound: Double
        let legacy: Method
        let balanced: Method
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let addresses = signature.addresses ?? 500_000
        let letters = signature.letters ?? 1_000
        let volunteers = signature.volunteers ?? 1_000
        let panel = signature.panel ?? 100
        let runs = signature.runs ?? PanelSelector.defaultRuns
        guard (1...AddressSample.maxLines).contains(addresses), (1...addresses).contains(letters), (1...100_000).contains(volunteers),
            (1...min(volunteers, Quotas.maxPanelSize)).contains(panel), (1...100_000).contains(runs)
        else { throw CommandFailure("the sizes must be positive, letters at most addresses, panel at most volunteers and 500") }
        let file = (0..<addresses).map { "Voorbeeldstraat \($0 / 100 + 1);\($0 % 100 + 1);9999 AA;Demodorp" }.joined(separator: "\n")
        var start = ContinuousClock.now
        let sample = try AddressSample.read(file)
        let read = Self.seconds(since: start)
        start = ContinuousClock.now
        _ = try Lottery.draw(sample, count: letters, seed: "benchmark")
        let draw = Self.seconds(since: start)
        let pool = ExamplePool.volunteers(volunteers)
        let selector = PanelSelector(volunteers: pool, quotas: ExamplePool.quotas(panelSize: panel))
        func measure(_ method: SelectionMethod) throws -> Output.Method {
            let start = ContinuousClock.now
            let selection = try selector.select(seed: "benchmark", method: method, runs: runs)
            let counts = selection.counts(in: pool)
            let met = selection.quotas.criteria.allSatisfy { criterion in
                criterion.values.allSatisfy { value in
                    let count = counts[criterion.id]?[value.id] ?? 0
                    return count >= value.minimum && count <= value.maximum
                }
            }
            return Output.Method(
                seconds: Self.seconds(since: start), minimumProbability: selection.minimumProbability, panelsFailed: selection.failedRuns,
                quotasMet: met)
        }
        let legacy = try measure(.legacy)
        let balanced = try measure(.balanced)
        context.console.print(
            try ScanListCommand.json(
                Output(
                    addresses: addresses, letters: letters, readSeconds: read, drawSeconds: draw, volunteers: volunteers, panel: panel,
                    runs: runs, upperBound: selector.upperBound, legacy: legacy, balanced: balanced)))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
