import DemocracyKit
import Foundation
import Testing

@Suite("Uitdaagrecht: a municipality's rules, a group's challenge, the steps to a college decision and the terms")
struct ChallengeTests {
    let rules = ChallengeRules(
        enabled: true, intro: .init(nl: "", en: ""), openTasks: ["Onderhoud van groen", "Beheer van een dorpshuis"],
        excludedTasks: ["Vergunningen en handhaving"], conditions: [.kosten, .draagvlak], weeks: [.ontvankelijkheid: 4, .besluit: 8])

    func submission(task: String = "Onderhoud van groen", otherTask: String = "", supporters: String = "140", budget: String = "€ 12.500")
        -> ChallengeSubmission
    {
        ChallengeSubmission(
            groupName: "Stichting Groen", legalForm: "stichting", contactName: "Fatima el Amrani", email: "groen@example.org", phone: "",
            task: task, otherTask: otherTask, budgetLine: "", plan: "Wij maaien minder vaak.", support: "140 handtekeningen",
            supporters: supporters, capacity: "Twaalf vrijwilligers", budget: budget, focusAreas: ["beter-betrokken-inwoners"],
            consent: true)
    }

    @Test("A complete challenge for an open task has no problems; amounts are read the Dutch way; the precise task is what is kept")
    func goodSubmission() {
        let good = submission(otherTask: "Onderhoud van het groen in de Bloemenwijk")
        #expect(good.problems(rules: rules).isEmpty)
        #expect(good.budgetEuros == 12_500 && good.supportersCount == 140)
        #expect(good.taskName == "Onderhoud van het groen in de Bloemenwijk")
        #expect(submission().taskName == "Onderhoud van groen")
    }

    @Test("A challenge for an excluded task, chosen or typed as the rules name it, is refused first, naming the task the rules exclude")
    func excludedTask() {
        let errors = submission(task: "Vergunningen en handhaving").problems(rules: rules)
        #expect(errors == [FieldError(field: "task", message: "challenge.error.task_excluded", argument: "Vergunningen en handhaving")])
        let typed = submission(task: ChallengeSubmission.otherTask, otherTask: " vergunningen en handhaving ").problems(rules: rules)
        #expect(typed == [FieldError(field: "task", message: "challenge.error.task_excluded", argument: "Vergunningen en handhaving")])
    }

    @Test(
        "Every missing or wrong part is named by its field: an unknown task, another task without words, numbers out of range, no consent")
    func badSubmission() {
        var empty = submission(task: "Iets wat niet op de lijst staat", supporters: "-3", budget: "veel")
        empty.groupName = " "
        empty.legalForm = "bv"
        empty.email = "geen-adres"
        empty.plan = ""
        empty.consent = false
        let fields = Set(empty.problems(rules: rules).map(\.field))
        #expect(fields == ["task", "groupName", "legalForm", "email", "plan", "supporters", "budget", "consent"])
        let other = submission(task: ChallengeSubmission.otherTask, otherTask: "  ").problems(rules: rules)
        #expect(other.map(\.field) == ["otherTask"])
    }

    @Test("The steps from submission to evaluation, each by the side whose step it is")
    func wholeWay() throws {
        let today = "2026-12-01"
        func step(_ action: ChallengeAction, _ status: ChallengeStatus, by actor: ChallengeActor = .handler) throws -> ChallengeStatus {
            try ChallengeWorkflow.apply(action, to: status, by: actor, conditions: rules.conditions, today: today).get()
        }
        let advice = [
            ConditionAssessment(condition: .kosten, verdict: .voldoet, explanation: ""),
            ConditionAssessment(condition: .draagvlak, verdict: .deels, explanation: "Alleen de oostkant tekende."),
        ]
        var status = ChallengeStatus.ingediend
        status = try step(.admit, status)
        status = try step(.meeting(on: "28-11-2026", notes: "Kennismaking"), status)
        status = try step(.meeting(on: "2026-11-30", notes: "Tweede gesprek"), status)
        status = try step(.submitProposal(text: "Ons plan"), status, by: .group)
        status = try step(.submitProposal(text: "Ons betere plan"), status, by: .group)
        status = try step(.advise(assessments: advice, summary: "Positief"), status)
        status = try step(.decide(.deels, reasons: "Alleen het groen, niet de bomen.", on: today), status)
        #expect(status == .deelsToegekend)
        status = try step(.agree(from: "2027-01-01", until: "2028-12-31", budget: 12_000, method: "Zo", reporting: "Elk half jaar"), status)
        status = try step(.reportProgress(text: "Het gaat goed"), status, by: .group)
        status = try step(.evaluate(text: "Goed en minder goed", otherSideDone: false), status, by: .group)
        #expect(status == .uitvoering, "one side's evaluation is not the end")
        status = try step(.evaluate(text: "Ook van ons", otherSideDone: true), status)
        #expect(status == .geevalueerd && status.isClosed)
    }

    @Test("Moves that do not exist are refused: an agreement for a rejected challenge, a decision before the advice, the group deciding")
    func invalidTransitions() {
        let agree = ChallengeAction.agree(from: "2027-01-01", until: "2027-12-31", budget: nil, method: "x", reporting: "x")
        let refusal = ChallengeWorkflow.apply(agree, to: .afgewezen, by: .handler, conditions: [], today: "2026-12-01")
        #expect(refusal == .failure(.init("challenge.error.transition")))
        let early = ChallengeWorkflow.apply(
            .decide(.toegekend, reasons: "x", on: "2026-12-01"), to: .voorstel, by: .handler, conditions: [], today: "2026-12-01")
        #expect(early == .failure(.init("challenge.error.transition")))
        let byGroup = ChallengeWorkflow.apply(
            .decide(.toegekend, reasons: "x", on: "2026-12-01"), to: .advies, by: .group, conditions: [], today: "2026-12-01")
        #expect(byGroup == .failure(.init("challenge.error.not_yours")))
        #expect(
            ChallengeWorkflow.apply(.withdraw, to: .toegekend, by: .group, conditions: [], today: "2026-12-01")
                == .failure(.init("challenge.error.transition")))
    }

    @Test("A decision needs its reasons and a day that has been; an advice judges every condition and explains what is not met")
    func requiredParts() {
        func refusal(_ action: ChallengeAction, _ status: ChallengeStatus) -> ChallengeWorkflow.Refusal? {
            if case .failure(let refusal) = ChallengeWorkflow.apply(
                action, to: status, by: .handler, conditions: rules.conditions, today: "2026-12-01")
            {
                return refusal
            }
            return nil
        }
        #expect(refusal(.decide(.afgewezen, reasons: "  ", on: "2026-11-20"), .advies)?.field == "reasons")
        #expect(refusal(.decide(.afgewezen, reasons: "Te duur", on: "2026-12-02"), .advies)?.message == "challenge.error.date_future")
        #expect(refusal(.decide(.afgewezen, reasons: "Te duur", on: "31-02-2026"), .advies)?.message == "challenge.error.date")
        let onlyOne = [ConditionAssessment(condition: .kosten, verdict: .voldoet, explanation: "")]
        #expect(refusal(.advise(assessments: onlyOne, summary: "x"), .voorstel)?.field == "verdict-draagvlak")
        let unexplained = onlyOne + [ConditionAssessment(condition: .draagvlak, verdict: .voldoetNiet, explanation: "")]
        #expect(refusal(.advise(assessments: unexplained, summary: "x"), .voorstel)?.field == "explanation-draagvlak")
        #expect(refusal(.refuseAdmission(condition: .kosten, reason: ""), .ingediend)?.field == "reason")
        #expect(
            refusal(.agree(from: "2027-01-01", until: "2026-12-31", budget: nil, method: "x", reporting: "x"), .toegekend)?.field
                == "agreementUntil")
    }

    @Test("What each side can do in a status is what the workflow allows")
    func offeredActions() {
        #expect(
            ChallengeWorkflow.actions(for: .ingediend, by: .handler, conditions: rules.conditions) == ["ontvankelijk", "niet-ontvankelijk"])
        #expect(ChallengeWorkflow.actions(for: .inGesprek, by: .group, conditions: rules.conditions) == ["voorstel", "intrekken"])
        #expect(ChallengeWorkflow.actions(for: .afgewezen, by: .handler, conditions: rules.conditions).isEmpty)
        #expect(ChallengeWorkflow.actions(for: .uitvoering, by: .handler, conditions: rules.conditions) == ["voortgang", "evaluatie"])
    }

    @Test("Terms count whole weeks from the right day: the first check from submission, advice and decision from the proposal")
    func terms() {
        #expect(ChallengeTerms.due(status: .ingediend, since: "2026-11-01", proposalOn: nil, rules: rules) == "2026-11-29")
        #expect(ChallengeTerms.due(status: .advies, since: "2026-11-20", proposalOn: "2026-11-01", rules: rules) == "2026-12-27")
        #expect(ChallengeTerms.due(status: .voorstel, since: "2026-11-01", proposalOn: "2026-11-01", rules: rules) == "2026-11-29")
        #expect(ChallengeTerms.due(status: .inGesprek, since: "2026-11-01", proposalOn: nil, rules: rules) == nil, "the group's turn")
        #expect(!ChallengeTerms.isOverdue(due: "2026-11-29", today: "2026-11-29"), "the due day itself is still in time")
        #expect(ChallengeTerms.isOverdue(due: "2026-11-29", today: "2026-11-30"))
        #expect(
            ChallengeTerms.due(status: .ingediend, since: "2026-03-20", proposalOn: nil, rules: rules) == "2026-04-17", "across summer time"
        )
    }

    @Test("Rules as typed: one task per line, switched on only with an open task and a condition, a task on one list only, weeks 1 to 52")
    func rulesFromForm() {
        #expect(ChallengeRules.lines(" Groen \n\ngroen\nSpeeltuinen ") == ["Groen", "Speeltuinen"])
        let weeks = Dictionary(uniqueKeysWithValues: ChallengeTerm.allCases.map { ($0, "4") })
        let good = ChallengeRules.problems(
            enabled: true, introNl: "", introEn: "", openTasks: "Groen", excludedTasks: "", conditions: ["kosten"], weeks: weeks)
        #expect(good.isEmpty)
        var bad = weeks
        bad[.besluit] = "0"
        let errors = ChallengeRules.problems(
            enabled: true, introNl: "", introEn: "", openTasks: "", excludedTasks: "Groen", conditions: ["winst"], weeks: bad)
        #expect(Set(errors.map(\.field)) == ["openTasks", "conditions", "weeks-besluit"])
        let both = ChallengeRules.problems(
            enabled: false, introNl: "", introEn: "", openTasks: "Groen", excludedTasks: "groen", conditions: [], weeks: weeks)
        #expect(both.map(\.field) == ["excludedTasks"])
    }

    @Test("The national picture counts per stage and decision, takes the middle duration to a decision, and names where terms passed")
    func overview() {
        let rows = [
            ChallengeOverview.Row(
                municipalityCode: "GM0014", status: .toegekend, submittedOn: "2026-01-01", decision: .toegekend, decidedOn: "2026-03-02",
                due: "2026-12-15"),
            ChallengeOverview.Row(
                municipalityCode: "GM0014", status: .afgewezen, submittedOn: "2026-01-01", decision: .afgewezen, decidedOn: "2026-02-01",
                due: nil),
            ChallengeOverview.Row(
                municipalityCode: "GM0363", status: .uitvoering, submittedOn: "2025-06-01", decision: .deels, decidedOn: "2025-12-01",
                due: nil),
            ChallengeOverview.Row(
                municipalityCode: "GM0363", status: .ingediend, submittedOn: "2026-10-01", decision: nil, decidedOn: nil, due: "2026-10-29"),
        ]
        let overview = ChallengeOverview(rows, today: "2026-12-01")
        #expect(overview.total == 4 && overview.perStatus.map(\.status) == [.ingediend, .toegekend, .afgewezen, .uitvoering])
        #expect(overview.perDecision.map(\.count) == [1, 1, 1])
        #expect(overview.medianDaysToDecision == 60 && overview.longestDaysToDecision == 183)
        #expect(overview.overdue == 1 && overview.overduePerMunicipality.map(\.code) == ["GM0363"])
    }
}
