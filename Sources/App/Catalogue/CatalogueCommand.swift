import DemocracyKit
import Fluent
import Vapor

/// `dia catalogue recommend SCAN`: the offers a closed scan's report recommends, with their reasons, as on
/// the report page. `--runs N` also times making them N times (the figure in docs/performance.md).
struct CatalogueCommand: AsyncCommandGroup {
    var help: String { "The offer catalogue: recommendations for a report." }
    var commands: [String: any AnyAsyncCommand] { ["recommend": RecommendCommand()] }
}

struct RecommendCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "scan", help: "The scan's id (see dia scan list)") var scan: String
        @Option(name: "runs", help: "Also time making the recommendations this many times (1–100000)") var runs: Int?
    }

    var help: String { "Prints the offers a closed scan's report recommends, and why." }

    struct Output: Encodable {
        struct Item: Encodable {
            let offer: String
            let title: String
            let theme: String
            let group: String
            let reason: String
        }
        let recommendations: [Item]
        let runs: Int?
        let p50Microseconds: Double?
        let maxMicroseconds: Double?
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let id = UUID(uuidString: signature.scan), let scan = try await Scan.find(id, on: app.db) else {
            throw CommandFailure("There is no scan with the id \(signature.scan); dia scan list shows the ids")
        }
        guard scan.status.hasReport else {
            throw CommandFailure("The scan \(signature.scan) is \(scan.status.rawValue); a report exists once it is closed")
        }
        if let runs = signature.runs, !(1...100_000).contains(runs) { throw CommandFailure("--runs must be 1 to 100000") }
        let data = try await ScanReports.data(for: scan, app: app, on: app.db)
        let report = ReportBuilder.build(data)
        let (catalogue, _) = try await CatalogueStore.catalogue(app: app, on: app.db)
        let names = Dictionary(uniqueKeysWithValues: data.bank.themes.map { ($0.id, $0.name) })
        let offers = catalogue.offers
        let recommendations = Recommender.recommend(report: report, themeNames: names, offers: offers)
        var timings: [Double] = []
        for _ in 0..<(signature.runs ?? 0) {
            let start = ContinuousClock.now
            _ = Recommender.recommend(report: report, themeNames: names, offers: offers)
            let elapsed = ContinuousClock.now - start
            timings.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        timings.sort()
        let output = Output(
            recommendations: recommendations.map {
                Output.Item(
                    offer: $0.offer.slug, title: $0.offer.title.nl, theme: $0.themeID, group: $0.group.rawValue, reason: $0.reason.nl)
            },
            runs: signature.runs, p50Microseconds: timings.isEmpty ? nil : timings[timings.count / 2], maxMicroseconds: timings.last)
        context.console.print(try ScanListCommand.json(output))
    }
}
