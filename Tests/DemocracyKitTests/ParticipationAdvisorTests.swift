import DemocracyKit
import Foundation
import Testing

/// Six methods with plain, known ratings, so each case's answer can be worked out by hand.
private func method(
    _ id: String, online: Bool = false, influence: [InfluenceLevel], reaches: [ParticipantGroup], misses: [ParticipantGroup],
    values: [Int], cost: (Int, Int), weeks: (Int, Int), phases: [PolicyPhase] = PolicyPhase.allCases,
    scale: [ParticipationScale] = [.wijk, .gemeente]
) -> ParticipationMethod {
    ParticipationMethod(
        id: id, name: .init(nl: id, en: id), summary: .init(nl: "Uitleg.", en: "Explanation."), phases: phases, influence: influence,
        reaches: reaches, misses: misses,
        values: Dictionary(uniqueKeysWithValues: zip(DemocraticValue.allCases, values)),
        cost: .init(from: cost.0, to: cost.1), weeks: .init(from: weeks.0, to: weeks.1), scale: scale, online: online,
        pitfalls: [.init(nl: "Valkuil van \(id).", en: "Pitfall of \(id).")], examples: [], focusAreas: [.beterBetrokkenInwoners],
        offers: [])
}

// values: inclusiviteit, toegankelijkheid, transparantie, invloed, deliberatie, representativiteit, efficientie
let knownMethods = [
    method(
        "enquete", online: true, influence: [.raadplegen], reaches: [.jongeren, .ouders], misses: [.laaggeletterden, .anderstaligen],
        values: [2, 5, 3, 2, 1, 3, 5], cost: (2_000, 10_000), weeks: (4, 8)),
    method(
        "burgerberaad", influence: [.adviseren, .meebeslissen], reaches: [.ouderen, .jongeren], misses: [],
        values: [4, 3, 4, 5, 5, 5, 1], cost: (50_000, 250_000), weeks: (16, 40)),
    method(
        "straatgesprekken", influence: [.raadplegen], reaches: [.laaggeletterden, .anderstaligen, .ouderen], misses: [.ondernemers],
        values: [5, 5, 2, 2, 2, 3, 2], cost: (3_000, 15_000), weeks: (2, 8)),
    method(
        "wijkbudget", influence: [.coproduceren, .meebeslissen], reaches: [.ouders], misses: [.laaggeletterden],
        values: [3, 3, 4, 5, 3, 2, 3], cost: (20_000, 100_000), weeks: (12, 30)),
    method(
        "digitaal-platform", online: true, influence: [.raadplegen, .adviseren], reaches: [.jongeren, .ouders],
        misses: [.ouderen, .laaggeletterden], values: [2, 4, 4, 3, 2, 2, 4], cost: (5_000, 30_000), weeks: (4, 12)),
    method(
        "inspraakavond", influence: [.informeren, .raadplegen], reaches: [.ouderen], misses: [.jongeren, .ouders, .anderstaligen],
        values: [1, 2, 3, 2, 2, 1, 4], cost: (1_000, 5_000), weeks: (1, 4)),
]

private func ask(
    _ influence: InfluenceLevel, groups: [ParticipantGroup] = [], phase: PolicyPhase = .plan, scale: ParticipationScale = .gemeente,
    weeks: Int = 52, budget: Int = 300_000
) -> AdvisorQuestion {
    AdvisorQuestion(
        project: "Een wijk aardgasvrij maken", phase: phase, influence: influence, groups: groups, scale: scale, weeks: weeks,
        budget: budget)
}

@Suite("ParticipatieWijzer: the advised mix")
struct ParticipationAdvisorTests {
    @Test("A high-influence question with a hard-to-reach group does not get only an online survey, but a mix that gives both")
    func highInfluenceHardToReach() {
        let advice = ParticipationAdvisor.advise(ask(.meebeslissen, groups: [.laaggeletterden]), methods: knownMethods)
        let ids = advice.picks.map(\.method.id)
        #expect((2...4).contains(ids.count))
        #expect(!advice.picks.allSatisfy { $0.method.online })
        #expect(advice.picks.contains { $0.method.highestInfluence == .meebeslissen })
        #expect(advice.picks.contains { $0.method.reaches.contains(.laaggeletterden) })
        #expect(advice.warnings.isEmpty, "\(advice.warnings)")
        // worked out by hand: the assembly gives the influence and most values; the street talks reach who it misses
        #expect(Array(ids.prefix(2)) == ["burgerberaad", "straatgesprekken"])
    }

    @Test("Each next method says what it adds to the mix, and every method names a pitfall")
    func reasonsSayWhatIsAdded() throws {
        let advice = ParticipationAdvisor.advise(ask(.meebeslissen, groups: [.laaggeletterden]), methods: knownMethods)
        let second = try #require(advice.picks.dropFirst().first)
        #expect(second.reasons.contains { $0.nl.hasPrefix("Vult aan: bereikt mensen die moeite hebben met lezen") })
        #expect(advice.picks.allSatisfy { pick in pick.reasons.contains { $0.nl.hasPrefix("Let op: ") } })
        #expect(
            advice.picks[0].reasons[0].nl == "Past in de fase ‘Plan: welke oplossingen zijn er?’ en geeft invloed tot en met meebeslissen.")
    }

    @Test("With little time and money the mix fits what there is, and a promise it cannot keep is named")
    func promiseThatCannotBeKept() {
        let advice = ParticipationAdvisor.advise(ask(.meebeslissen, weeks: 6, budget: 10_000), methods: knownMethods)
        #expect(!advice.picks.isEmpty)
        #expect(advice.picks.allSatisfy { $0.method.weeks.from <= 6 && $0.method.cost.from <= 10_000 })
        #expect(advice.warnings.contains { $0.nl.hasPrefix("U belooft meebeslissen, maar deze methoden geven hoogstens adviseren.") })
    }

    @Test("A group no method in the mix reaches is named in a warning")
    func unreachedGroup() {
        let advice = ParticipationAdvisor.advise(ask(.raadplegen, groups: [.ondernemers]), methods: knownMethods)
        #expect(advice.warnings.contains { $0.nl.hasPrefix("Geen methode in deze mix bereikt goed: ondernemers.") })
    }

    @Test("When nothing fits the phase, scale, time and budget, there is no mix and one clear warning")
    func nothingFits() {
        let advice = ParticipationAdvisor.advise(ask(.raadplegen, weeks: 1, budget: 0), methods: knownMethods)
        #expect(advice.picks.isEmpty)
        #expect(advice.warnings.count == 1 && advice.warnings[0].nl.hasPrefix("Geen methode past bij deze fase"))
    }

    @Test("The same question gives the same advice, whatever order the methods come in")
    func deterministic() {
        let question = ask(.adviseren, groups: [.jongeren, .ouderen])
        let first = ParticipationAdvisor.advise(question, methods: knownMethods)
        #expect(ParticipationAdvisor.advise(question, methods: knownMethods.reversed()) == first)
        #expect(ParticipationAdvisor.advise(question, methods: knownMethods.shuffled()) == first)
    }

    @Test("The form is read at the edge: nothing chosen gets a message per field, numbers stay in range, unknown groups are tampering")
    func readingTheForm() throws {
        #expect(
            throws: StoreFailure.fields(
                [
                    FieldError(field: "project", message: "error.required"),
                    FieldError(field: "phase", message: "participation.error.phase"),
                    FieldError(field: "influence", message: "participation.error.influence"),
                    FieldError(field: "scale", message: "participation.error.scale"),
                    FieldError(field: "weeks", message: "participation.error.weeks", limit: 260),
                    FieldError(field: "budget", message: "participation.error.budget"),
                ])
        ) { try AdvisorQuestion.read([:], groups: []) }
        let good = [
            "project": " Een wijk aardgasvrij maken ", "phase": "plan", "influence": "coproduceren", "scale": "wijk", "weeks": "30",
            "budget": "60.000",
        ]
        let question = try AdvisorQuestion.read(good, groups: ["ouderen", "jongeren"])
        #expect(question.project == "Een wijk aardgasvrij maken" && question.budget == 60_000 && question.groups == [.jongeren, .ouderen])
        for (field, value) in [("weeks", "-9223372036854775808"), ("weeks", "0"), ("budget", "1e308"), ("budget", "-1")] {
            var values = good
            values[field] = value
            #expect(throws: StoreFailure.self) { try AdvisorQuestion.read(values, groups: []) }
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "groups", message: "error.form_tampered")])) {
            try AdvisorQuestion.read(good, groups: ["ouderen", "hackers"])
        }
    }
}

@Suite("ParticipatieWijzer: the methods the programme publishes")
struct ShippedMethodsTests {
    static func shipped() throws -> MethodCatalogue {
        let file = try shippedFile("Resources/Data/participation/methods.yaml")
        return try MethodCatalogue.load(yaml: file.text, file: file.path)
    }

    @Test("The methods load and pass every check, about 25 of them, each rated on all seven values and reaching somebody")
    func methodsLoad() throws {
        let catalogue = try Self.shipped()
        #expect(catalogue.methods.count >= 25)
        #expect(catalogue.problems().isEmpty)
        #expect(catalogue.methods.allSatisfy { $0.values.count == DemocraticValue.allCases.count })
        for id in ["burgerberaad", "g1000", "wijkbudget", "enquete", "straatgesprekken", "referendum", "uitdaagrecht"] {
            #expect(catalogue.method(id) != nil, "\(id)")
        }
    }

    @Test(
        "On the published methods, a high-influence question with a hard-to-reach group never gets only online methods",
        arguments: [InfluenceLevel.adviseren, .coproduceren, .meebeslissen], [ParticipantGroup.laaggeletterden, .anderstaligen, .ouderen])
    func neverOnlyOnline(influence: InfluenceLevel, group: ParticipantGroup) throws {
        let methods = try Self.shipped().methods
        let advice = ParticipationAdvisor.advise(ask(influence, groups: [group]), methods: methods)
        #expect((2...4).contains(advice.picks.count))
        #expect(!advice.picks.allSatisfy { $0.method.online })
        #expect(advice.picks.contains { $0.method.reaches.contains(group) })
        #expect(advice.picks.contains { $0.method.influence.contains { $0 >= influence } })
    }

    @Test("Each example on the advisor's page gets a mix of two to four published methods that keeps its promise and reaches its groups")
    func examplesGetAFullMix() throws {
        let methods = try Self.shipped().methods
        for example in AdvisorQuestion.examples {
            let advice = ParticipationAdvisor.advise(example.question, methods: methods)
            #expect((2...4).contains(advice.picks.count), "\(example.title.nl)")
            #expect(advice.warnings.isEmpty, "\(example.title.nl): \(advice.warnings.map(\.nl))")
            let read = try AdvisorQuestion.read(
                Dictionary(example.question.query.filter { $0.0 != "groups[]" }, uniquingKeysWith: { a, _ in a }),
                groups: example.question.query.filter { $0.0 == "groups[]" }.map(\.1))
            #expect(read == example.question, "the example's link carries its whole question")
        }
    }

    @Test("A wrong file of methods is refused with the reason: a rating off the scale, a group reached and missed")
    func wrongFileRefused() throws {
        let file = try shippedFile("Resources/Data/participation/methods.yaml")
        let offScale = file.text.replacingOccurrences(of: "efficientie: 1", with: "efficientie: 7")
        #expect(offScale != file.text)
        #expect(throws: QuestionBank.LoadError.self) { try MethodCatalogue.load(yaml: offScale, file: "methods.yaml") }
        #expect(throws: QuestionBank.LoadError.self) { try MethodCatalogue.load(yaml: "version: 1\nmethods: [", file: "methods.yaml") }
    }
}
