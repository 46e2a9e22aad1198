import DemocracyKit
import Vapor

/// `dia participation advise`: the ParticipatieWijzer's advice for a question, as on the page. `--runs N` also times
/// giving it N times (the figure in docs/performance.md).
struct ParticipationCommand: AsyncCommandGroup {
    var help: String { "The ParticipatieWijzer: advice on a mix of participation methods." }
    var commands: [String: any AnyAsyncCommand] { ["advise": AdviseCommand()] }
}

struct AdviseCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "project", help: "The question or project") var project: String?
        @Option(name: "phase", help: "agenda, plan, besluit, uitvoering or evaluatie") var phase: String?
        @Option(name: "influence", help: "informeren, raadplegen, adviseren, coproduceren or meebeslissen") var influence: String?
        @Option(name: "groups", help: "Groups that must be heard, comma-separated (jongeren, laaggeletterden, …)") var groups: String?
        @Option(name: "scale", help: "buurt, wijk, gemeente or regio") var scale: String?
        @Option(name: "weeks", help: "Weeks until the outcome is needed") var weeks: String?
        @Option(name: "budget", help: "Euros available") var budget: String?
        @Option(name: "runs", help: "Also time giving the advice this many times (1–100000)") var runs: Int?
    }

    var help: String { "Prints the advised mix of methods for a question, with the reasons and warnings." }

    struct Output: Encodable {
        struct Pick: Encodable {
            let method: String
            let reasons: [String]
        }
        let picks: [Pick]
        let warnings: [String]
        let methods: Int
        let runs: Int?
        let p50Microseconds: Double?
        let maxMicroseconds: Double?
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let runs = signature.runs, !(1...100_000).contains(runs) { throw CommandFailure("--runs must be 1 to 100000") }
        let values = [
            "project": signature.project ?? "", "phase": signature.phase ?? "", "influence": signature.influence ?? "",
            "scale": signature.scale ?? "", "weeks": signature.weeks ?? "", "budget": signature.budget ?? "",
        ]
        let groups = (signature.groups ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let question: AdvisorQuestion
        do {
            question = try AdvisorQuestion.read(values, groups: groups)
        } catch StoreFailure.fields(let errors) {
            let localizer = context.application.localizer
            throw CommandFailure(
                errors.map { error in
                    "--\(error.field): "
                        + localizer.text(error.message, .en, error.argument.map { [$0] } ?? error.limit.map { [String($0)] } ?? [])
                }.joined(separator: "\n"))
        }
        let methods = context.application.participationMethods.methods
        let advice = ParticipationAdvisor.advise(question, methods: methods)
        var timings: [Double] = []
        for _ in 0..<(signature.runs ?? 0) {
            let start = ContinuousClock.now
            _ = ParticipationAdvisor.advise(question, methods: methods)
            let elapsed = ContinuousClock.now - start
            timings.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        timings.sort()
        let output = Output(
            picks: advice.picks.map { Output.Pick(method: $0.method.id, reasons: $0.reasons.map(\.nl)) },
            warnings: advice.warnings.map(\.nl), methods: methods.count, runs: signature.runs,
            p50Microseconds: timings.isEmpty ? nil : timings[timings.count / 2], maxMicroseconds: timings.last)
        context.console.print(try ScanListCommand.json(output))
    }
}
