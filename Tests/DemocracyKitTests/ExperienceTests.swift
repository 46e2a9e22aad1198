import DemocracyKit
import Foundation
import Testing

/// A complete experience; each test changes what it is about.
func sampleExperience(_ change: (inout Experience) -> Void = { _ in }) -> Experience {
    var experience = Experience(
        title: .init(nl: "Een burgerberaad over de nieuwe wijk", en: ""), summary: .init(nl: "Wat wij leerden.", en: ""),
        story: .init(nl: "Vijftig inwoners, gekozen door loting, praatten zes avonden.", en: ""),
        worked: .init(nl: "- De loting", en: ""), didNotWork: .init(nl: "- Het vervolg in de raad", en: ""),
        outcome: .gemengd, visibility: .publiek, focusAreas: [.beterBetrokkenInwoners], offers: ["burgerberaad-begeleiding"],
        instruments: ["burgerberaad"], periodFrom: "2025-01", periodUntil: "2025-06")
    change(&experience)
    return experience
}

@Suite("Experiences: what a municipality may publish")
struct ExperienceRuleTests {
    let offers: Set<String> = ["burgerberaad-begeleiding", "raad-in-beraad"]

    func fields(_ experience: Experience) -> [String] {
        ExperienceRules.problems(experience, knownOffers: offers, thisMonth: "2026-12").map(\.field)
    }

    @Test("A complete experience passes")
    func complete() {
        #expect(fields(sampleExperience()).isEmpty)
    }

    @Test("What did not work is required, also when the outcome was good; English is optional")
    func didNotWorkRequired() {
        #expect(fields(sampleExperience { $0.didNotWork = .init(nl: "  \n ", en: "Nothing") }) == ["didNotWorkNl"])
        #expect(
            fields(
                sampleExperience {
                    $0.outcome = .goed
                    $0.didNotWork = .init(nl: "", en: "")
                }) == ["didNotWorkNl"])
        #expect(fields(sampleExperience { $0.title = .init(nl: "Titel", en: "") }).isEmpty)
    }

    @Test("Limits are named: a 100,000-character story, a title too long, four focus areas, an unknown or repeated offer")
    func limits() {
        let huge = String(repeating: "a", count: 100_000)
        let problems = ExperienceRules.problems(
            sampleExperience { $0.story = .init(nl: huge, en: huge) }, knownOffers: offers, thisMonth: "2026-12")
        #expect(problems.map(\.field) == ["storyNl", "storyEn"])
        #expect(problems.allSatisfy { $0.message == "error.too_long" && $0.limit == ExperienceRules.maxStory })
        #expect(fields(sampleExperience { $0.title = .init(nl: String(repeating: "x", count: 121), en: "") }) == ["titleNl"])
        #expect(
            fields(
                sampleExperience {
                    $0.focusAreas = [.krachtigeGemeenteraad, .weerbaarBestuur, .beterBetrokkenInwoners, .vitaleDemocratischeGemeenschap]
                })
                == ["focusAreas"])
        #expect(fields(sampleExperience { $0.focusAreas = [] }) == ["focusAreas"])
        #expect(fields(sampleExperience { $0.offers = ["bestaat-niet"] }) == ["offers"])
        #expect(fields(sampleExperience { $0.offers = ["raad-in-beraad", "raad-in-beraad"] }) == ["offers"])
        #expect(fields(sampleExperience { $0.instruments = Array(repeating: "x", count: 7) }) == ["instruments"])
    }

    @Test(
        "The period is two real months, in order, not starting in the future",
        arguments: [
            ("2025-13", "2025-12", ["periodFrom"]), ("2025", "2025-01", ["periodFrom"]),
            ("-9223372036854775808", "2025-01", ["periodFrom"]),
            ("2025-03", "2025-02", ["periodUntil"]), ("2027-01", "2027-02", ["periodFrom"]), ("2025-03", "", ["periodUntil"]),
            ("2025-03", "2025-03", []),
        ])
    func period(from: String, until: String, expected: [String]) {
        #expect(
            fields(
                sampleExperience {
                    $0.periodFrom = from
                    $0.periodUntil = until
                }) == expected)
    }

    @Test("Instruments are typed in one field, separated by commas; empty parts and repeats disappear")
    func instruments() {
        #expect(ExperienceRules.instruments(from: " burgerberaad, , Wijkbudget,burgerberaad ,  ") == ["burgerberaad", "Wijkbudget"])
    }

    @Test("A slug is made from the municipality and the title, safe in an address")
    func slug() {
        #expect(
            ExperienceRules.slug(municipality: "Súdwest-Fryslân", title: "Een burgerberaad: wat nu?")
                == "sudwest-fryslan-een-burgerberaad-wat-nu")
        #expect(ExperienceRules.slug(municipality: "", title: "<script>") == "script")
        #expect(ExperienceRules.slug(municipality: "", title: "!!!") == "ervaring")
        #expect(ExperienceRules.slug(municipality: "Demodorp", title: String(repeating: "lang ", count: 40)).count <= 80)
        #expect(!ExperienceRules.isSlug("../etc") && !ExperienceRules.isSlug("nieuw") && ExperienceRules.isSlug("demodorp-wijkbudget"))
    }

    @Test("An evaluated request's rating becomes the outcome")
    func outcomeOfRating() {
        let text = LocalizedText(nl: "Raad in beraad", en: "Raad in beraad")
        let offer = Offer(
            slug: "raad-in-beraad", pillar: .lokaalMaatwerk, focusAreas: [.krachtigeGemeenteraad], audiences: [.raad], form: .sessie,
            status: .beschikbaar, provider: "Democratie in Actie", title: text, summary: text, description: text, duration: text, cost: text
        )
        func start(_ rating: Int) -> ExperienceStart? {
            ExperienceStart.of(
                status: .geevalueerd, offer: offer, rating: rating, lessons: "Te kort.", requestedOn: "2025-01-10",
                evaluatedOn: "2025-05-01")
        }
        #expect([1, 2, 3, 4, 5].map { start($0)?.outcome } == [.tegenvallend, .tegenvallend, .gemengd, .goed, .goed])
    }
}

@Suite("Experiences: from draft through review to publication")
struct ExperienceWorkflowTests {
    typealias Move = (ExperienceAction, ExperienceStatus, Bool, RequestActor)

    func apply(_ action: ExperienceAction, _ status: ExperienceStatus, published: Bool = false, by actor: RequestActor) -> ExperienceStatus?
    {
        try? ExperienceWorkflow.apply(action, to: status, isPublished: published, by: actor).get().status
    }

    @Test("The whole way: written, sent, sent back with a remark, sent again, published, changed, published again")
    func wholeWay() {
        #expect(apply(.save, .concept, by: .municipality) == .concept)
        #expect(apply(.submit, .concept, by: .municipality) == .ingediend)
        #expect(apply(.sendBack(remark: "Noem de kosten."), .ingediend, by: .programme) == .teruggestuurd)
        #expect(apply(.save, .teruggestuurd, by: .municipality) == .teruggestuurd)
        #expect(apply(.submit, .teruggestuurd, by: .municipality) == .ingediend)
        let published = try? ExperienceWorkflow.apply(.publish(version: 3, current: 3), to: .ingediend, isPublished: false, by: .programme)
            .get()
        #expect(published?.status == .gepubliceerd && published?.publishes == true)
        #expect(apply(.save, .gepubliceerd, published: true, by: .municipality) == .concept, "a change waits; the published text stays")
        let offline = try? ExperienceWorkflow.apply(.unpublish, to: .concept, isPublished: true, by: .municipality).get()
        #expect(offline?.status == .concept && offline?.unpublishes == true)
    }

    @Test(
        "Moves that do not exist are refused",
        arguments: [
            (ExperienceAction.save, ExperienceStatus.ingediend, RequestActor.municipality),
            (.submit, .ingediend, .municipality), (.submit, .gepubliceerd, .municipality), (.recall, .concept, .municipality),
            (.publish(version: 1, current: 1), .concept, .programme), (.publish(version: 1, current: 1), .ingediend, .municipality),
            (.sendBack(remark: "x"), .concept, .programme), (.save, .concept, .programme), (.submit, .concept, .programme),
        ])
    func refused(action: ExperienceAction, status: ExperienceStatus, actor: RequestActor) {
        #expect(apply(action, status, by: actor) == nil)
    }

    @Test("Staff publish only the version they read, send back only with a remark, and take offline only what is online")
    func conditions() {
        #expect(apply(.publish(version: 2, current: 3), .ingediend, by: .programme) == nil)
        let noRemark = ExperienceWorkflow.apply(.sendBack(remark: "  "), to: .ingediend, isPublished: false, by: .programme)
        guard case .failure(let refusal) = noRemark else {
            Issue.record("sent back without a remark")
            return
        }
        #expect(refusal.message == "experience.error.remark_required" && refusal.field == "remark")
        let long = ExperienceWorkflow.apply(
            .sendBack(remark: String(repeating: "x", count: 1_001)), to: .ingediend, isPublished: false, by: .programme)
        #expect((try? long.get()) == nil)
        #expect(apply(.unpublish, .concept, published: false, by: .programme) == nil)
    }
}

@Suite("Municipalities like yours: size, province and a close Quick Scan profile")
struct SimilarityTests {
    func profile(_ code: String, _ province: String, _ size: SizeClass, _ scores: [Double]) -> MunicipalityProfile {
        MunicipalityProfile(
            code: code, name: code, province: province, sizeClass: size,
            themeScores: Dictionary(uniqueKeysWithValues: scores.enumerated().map { ("thema\($0.offset)", $0.element) }))
    }

    @Test("Those with experiences first, then what they share; nothing in common means left out; the reasons are kept")
    func order() {
        let me = profile("me", "Utrecht", .from20kTo50k, [60, 55, 50, 70])
        let others = [
            profile("verre", "Zeeland", .from100k, [30, 25, 20, 40]),
            profile("alles", "Utrecht", .from20kTo50k, [63, 52, 53, 67]),
            profile("grootte", "Drenthe", .from20kTo50k, []),
            profile("provincie", "Utrecht", .upTo20k, []),
            profile("profiel", "Limburg", .from100k, [58, 57, 48, 72]),
            profile("twee-thema-s", "Limburg", .from100k, [60, 55]),
        ]
        let similar = Similarity.similar(to: me, among: others + [me], experiences: ["profiel": 2], limit: 10)
        #expect(similar.map(\.profile.code) == ["profiel", "alles", "grootte", "provincie"])
        #expect(similar[0].experiences == 2 && similar[0].profileDifference == 2 && similar[0].comparedThemes == 4)
        #expect(similar[1].sameSizeClass && similar[1].sameProvince && similar[1].profileDifference == 3)
        #expect(similar[2].profileDifference == nil, "no shared report: compared by size and province only")
        #expect(Similarity.similar(to: me, among: others, experiences: [:], limit: 2).count == 2)
    }
}
