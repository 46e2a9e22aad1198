import DemocracyKit
import Foundation
import Testing

@Suite("Participation plans: from the advisor's mix to a plan the council can read")
struct ParticipationPlanTests {
    let catalogue = MethodCatalogue(knownMethods)
    let question = AdvisorQuestion(
        project: "Het dorpsplein opnieuw inrichten", phase: .plan, influence: .adviseren, groups: [.jongeren, .anderstaligen],
        scale: .gemeente, weeks: 30, budget: 120_000)

    func form(_ changes: [String: String], groups: [String] = ["jongeren", "anderstaligen"]) -> ParticipationPlanForm {
        var values = [
            "project": "Het dorpsplein opnieuw inrichten", "phase": "plan", "influence": "adviseren", "scale": "gemeente", "weeks": "30",
            "budget": "120000", "s1-method": "straatgesprekken", "s2-method": "burgerberaad",
        ]
        values.merge(changes) { $1 }
        return ParticipationPlanForm(values: values, groups: groups)
    }

    @Test("A plan started from the advice keeps its question and the advised methods in order, and reads back unchanged from its form")
    func roundTrip() throws {
        let advice = ParticipationAdvisor.advise(question, methods: knownMethods)
        var plan = ParticipationPlan.from(advice: advice, for: question, language: .nl)
        #expect(plan.steps.map(\.method) == advice.picks.map(\.method.id))
        #expect(plan.steps.count >= 2)
        plan.steps[0].when = "maart 2027"
        plan.steps[0].who = "De gebiedsregisseur"
        plan.inhabitants = PlanFeedback(who: "Projectleider", due: "2027-09-01", how: "Een brief aan alle deelnemers")
        plan.agendaArea = .beterBetrokkenInwoners
        let filled = ParticipationPlanForm.values(of: plan)
        let read = try ParticipationPlanForm(values: filled.values, groups: filled.groups)
            .plan(catalogue: catalogue, agendaAreas: [.beterBetrokkenInwoners]).get()
        #expect(read == plan)
    }

    @Test("A form with nothing chosen names every field the question needs and asks for a method")
    func nothingChosen() {
        let empty = ParticipationPlanForm(values: [:], groups: [])
        guard case .failure(.fields(let errors)) = empty.plan(catalogue: catalogue, agendaAreas: []) else {
            Issue.record("an empty plan was accepted")
            return
        }
        #expect(Set(errors.map(\.field)) == ["project", "phase", "influence", "scale", "weeks", "budget", "s1-method"])
        #expect(errors.first { $0.field == "s1-method" }?.message == "plan.error.no_steps")
    }

    @Test(
        "Each bad entry is refused with its own message on its own field",
        arguments: [
            (["s3-method": "hackathon"], "s3-method", "plan.error.method"),
            (["s3-method": "burgerberaad"], "s3-method", "plan.error.method_twice"),
            (["s3-purpose": "Alleen een doel, zonder methode"], "s3-method", "plan.error.method"),
            (["inwoners-due": "volgend jaar"], "inwoners-due", "plan.error.due"),
            (["raad-due": "2027-02-30"], "raad-due", "plan.error.due"),
            (["agenda": "4"], "agenda", "plan.error.agenda"),
            (["agenda": "99"], "agenda", "plan.error.agenda"),
            (["s1-when": String(repeating: "x", count: ParticipationPlan.maxWhen + 1)], "s1-when", "error.too_long"),
            (["raad-how": String(repeating: "x", count: ParticipationPlan.maxHow + 1)], "raad-how", "error.too_long"),
            (["budget": "-5"], "budget", "participation.error.budget"),
        ])
    func badEntry(change: [String: String], field: String, message: String) {
        guard case .failure(.fields(let errors)) = form(change).plan(catalogue: catalogue, agendaAreas: [.beterBetrokkenInwoners]) else {
            Issue.record("accepted: \(change)")
            return
        }
        #expect(errors.map(\.field) == [field])
        #expect(errors.first?.message == message)
    }

    @Test("Empty rows between methods are skipped, and the plan links only to a priority its agenda has")
    func rowsAndAgenda() throws {
        let plan = try form(["s2-method": "", "s4-method": "inspraakavond", "agenda": String(FocusArea.beterBetrokkenInwoners.rawValue)])
            .plan(catalogue: catalogue, agendaAreas: [.beterBetrokkenInwoners]).get()
        #expect(plan.steps.map(\.method) == ["straatgesprekken", "inspraakavond"])
        #expect(plan.agendaArea == .beterBetrokkenInwoners)
    }

    @Test("A plan goes to the council only once it says who reports back to inhabitants and to the council, when and how")
    func sharingNeedsFeedback() throws {
        var plan = try form([:]).plan(catalogue: catalogue, agendaAreas: []).get()
        #expect(PlanSharing.problems(plan).map(\.message) == ["plan.error.share_inhabitants", "plan.error.share_council"])
        plan.inhabitants = PlanFeedback(who: "Projectleider", due: "2027-09-01", how: "")
        plan.council = PlanFeedback(who: "Griffier", due: "2027-06-01", how: "Als bijlage bij het raadsvoorstel")
        #expect(PlanSharing.problems(plan).map(\.audience) == [.inwoners], "a feedback without its how is not complete")
        plan.inhabitants.how = "Een brief aan alle deelnemers"
        #expect(PlanSharing.problems(plan).isEmpty)
    }

    @Test("A plan the municipality changed to only an online survey, for a promise of advice and a group it does not reach, is warned")
    func warningsFollowTheChosenMethods() throws {
        let plan = try form(["s1-method": "enquete", "s2-method": ""]).plan(catalogue: catalogue, agendaAreas: []).get()
        let warnings = plan.warnings(in: catalogue).map(\.nl)
        #expect(warnings.contains { $0.contains("U belooft adviseren") })
        #expect(warnings.contains { $0.contains("mensen die weinig Nederlands spreken") })
        let advised = try form([:]).plan(catalogue: catalogue, agendaAreas: []).get()
        #expect(advised.warnings(in: catalogue).isEmpty, "street conversations and a burgerberaad keep the promise and reach both groups")
    }
}
