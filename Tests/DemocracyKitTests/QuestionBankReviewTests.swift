import DemocracyKit
import Foundation
import Testing

/// The statements of the newest bank whose "en"/"and" was read by hand and joins no two judgements: it joins two
/// people or bodies that form one subject, or lists examples of one thing.
let joinsChecked: Set<String> = [
    "controle.aanspreken",  // burgemeester en wethouders: one body, the college
    "controle.kritisch",  // idem
    "controle.middelen",  // examples of one thing: moties en amendementen
    "toerusting.weten",  // raadsleden en wethouders: the subject
    "toerusting.vaardig",  // idem
    "toerusting.samenwerking",  // raad, college en ambtenaren: who work together
    "weerbaarheid.algemeenbelang",  // raadsleden, wethouders en de burgemeester: the subject
    "weerbaarheid.onbedreigd",  // idem
]

private func statement(_ id: String, _ nl: String, inwoners: String? = nil, groups: [RespondentGroup]? = nil) -> QuestionBank.Question {
    .init(
        id: id, text: .init(nl: nl, en: "EN " + nl), inwoners: inwoners.map { .init(nl: $0, en: "EN " + $0) }, groups: groups)
}

private func theme(_ id: String, _ statements: [QuestionBank.Question]) -> QuestionBank.Theme {
    .init(
        id: id, name: .init(nl: "Thema \(id)", en: "Theme \(id)"), focusAreas: [.krachtigeGemeenteraad], statements: statements,
        priority: .init(id: id + ".p", text: .init(nl: "Hoe belangrijk?", en: "How important?")), open: nil)
}

@Suite("Quick Scan: the question bank is reviewed before scans use it")
struct QuestionBankReviewTests {
    @Test("The newest bank passes the review: two core statements per theme, one judgement each, B1 for inhabitants, all translated")
    func newestBankPassesReview() throws {
        let bank = try shippedBank("2026.2")
        let findings = BankReview.findings(bank, joinsChecked: joinsChecked)
        #expect(findings.isEmpty, "\(findings.map(\.description).joined(separator: "\n"))")
        #expect(bank.priorityScale == .topThree)
    }

    @Test("The review finds each kind of problem, so a new bank with one of them fails")
    func reviewFindsProblems() {
        let bank = QuestionBank(
            version: "x",
            themes: [
                theme(
                    "a",
                    [
                        statement("a.1", "De raad werkt goed."),
                        statement("a.2", "De griffie is snel en de rekenkamer is kritisch.", groups: [.raad]),
                    ]),
                theme(
                    "b",
                    [
                        statement("b.1", "Het college controleert.", inwoners: "Ik vind de controle op het college goed."),
                        statement(
                            "b.2", "Lang.",
                            inwoners:
                                "Ik vind dat de gemeente in haar gemeenteraadsvergaderingen veel te weinig aandacht heeft voor wat er leeft onder de mensen."
                        ),
                        .init(id: "b.3", text: .init(nl: "Niet vertaald.", en: "Niet vertaald.")),
                    ]),
            ])
        let findings = BankReview.findings(bank, joinsChecked: [])
        func has(_ id: String, _ part: String) -> Bool { findings.contains { $0.id == id && $0.reason.contains(part) } }
        #expect(has("a", "1 core statement"))
        #expect(!has("b", "core statement"))
        #expect(has("a.2", "'en'/'and'"))
        #expect(has("b.1", "'college'") && has("b.1", "'controle'"))
        #expect(has("b.2", "a sentence of 20 words") && has("b.2", "'gemeenteraadsvergaderingen' has 26 letters"))
        #expect(has("b.3", "English translation"))
        // A statement read by hand is not flagged again; a word like "emotie" is not the jargon "motie".
        #expect(!BankReview.findings(bank, joinsChecked: ["a.2"]).contains { $0.id == "a.2" })
        #expect(BankReview.b1Problems("Dat geeft emotie.").isEmpty && !BankReview.b1Problems("Een motie.").isEmpty)
    }

    @Test("Every group's questionnaire of the newest bank takes at most 15 minutes, and every focus area has core statements")
    func lengthAndBalance() throws {
        let bank = try shippedBank("2026.2")
        for group in RespondentGroup.allCases {
            let length = BankReview.length(of: bank, for: group)
            #expect(length.minutes <= BankReview.maxMinutes, "\(group): \(length)")
            #expect(length.statements >= 2 * bank.themes(for: group).count)
        }
        for area in FocusArea.allCases {
            let core = bank.themes.filter { $0.focusAreas.contains(area) }.flatMap(\.coreStatements)
            #expect(core.count >= 2, "focus area \(area.rawValue) has \(core.count) core statements")
        }
    }

    @Test("The list of changes names every statement of both banks once, and the ids in both are exactly those carried")
    func changesFitTheBanks() throws {
        let (old, new) = (try shippedBank("2026.1"), try shippedBank("2026.2"))
        let file = try shippedFile("Resources/Data/quickscan/changes/2026.1-2026.2.yaml")
        let changes = try BankChanges.load(yaml: file.text, file: file.path)
        #expect(changes.problems(old: old, new: new).isEmpty, "\(changes.problems(old: old, new: new))")
        #expect(Set(changes.carried.map(\.id)) == old.statementIDs.intersection(new.statementIDs))
        // A list that forgets a statement, or lets a changed meaning keep its id, does not load.
        let broken = try BankChanges.load(
            yaml: file.text.replacingOccurrences(of: "  - id: toerusting.samenwerking\n    reason: \"Unchanged.\"\n", with: ""),
            file: file.path)
        #expect(broken.problems(old: old, new: new).contains { $0.contains("toerusting.samenwerking") })
    }

    @Test("Groups are compared on the statements every group answers: a statement for one group moves its score, not the gaps")
    func gapsOnCoreStatementsOnly() {
        let base = ReportTests.data()
        var distributions = base.distributions
        distributions["a.2"] = [.raad: dist(0, 10, 0, 0, 0, 0)]  // the council alone, all "helemaal oneens"
        let changed = ScanData(bank: base.bank, groups: base.groups, responses: base.responses, distributions: distributions)
        let (before, after) = (ReportBuilder.build(base), ReportBuilder.build(changed))
        #expect(before.themes[0].scores[.raad] != after.themes[0].scores[.raad])
        #expect(before.gaps == after.gaps)
        // Theme a: on a.1 alone the council scores 75 and inhabitants 25.
        #expect(after.gaps.first == Gap(themeID: "a", higher: .raad, lower: .inwoners, difference: 50))
    }

    @Test("Across versions the trend compares only the statements in both banks, for the groups that answered them in both")
    func trendAcrossVersions() throws {
        func bank(_ version: String, _ statements: [QuestionBank.Question]) -> QuestionBank {
            QuestionBank(version: version, themes: [theme("x", statements)])
        }
        let old = bank(
            "1", [statement("x.1", "Een."), statement("x.2", "Twee.", groups: [.inwoners]), statement("x.3", "Drie.")])
        let new = bank("2", [statement("x.1", "Een."), statement("x.2", "Twee."), statement("x.4", "Vier.")])
        let responses: [RespondentGroup: Int] = [.raad: 10, .inwoners: 10]
        let previous = ScanData(
            bank: old, groups: [.raad, .inwoners], responses: responses,
            distributions: [
                "x.1": [.raad: dist(0, 0, 0, 10, 0, 0), .inwoners: dist(0, 0, 0, 10, 0, 0)],  // 50 and 50
                "x.2": [.inwoners: dist(0, 0, 0, 10, 0, 0)],  // 50
                "x.3": [.raad: dist(0, 10, 0, 0, 0, 0), .inwoners: dist(0, 10, 0, 0, 0, 0)],  // 0: dropped, not compared
            ])
        let current = ScanData(
            bank: new, groups: [.raad, .inwoners], responses: responses,
            distributions: [
                "x.1": [.raad: dist(0, 0, 0, 0, 10, 0), .inwoners: dist(0, 0, 0, 0, 10, 0)],  // 75 and 75
                "x.2": [.raad: dist(0, 10, 0, 0, 0, 0), .inwoners: dist(0, 0, 0, 0, 10, 0)],  // the council's 0 is new
                "x.4": [.raad: dist(0, 10, 0, 0, 0, 0), .inwoners: dist(0, 10, 0, 0, 0, 0)],  // 0: new, not compared
            ])
        let trend = ReportBuilder.trend(current: current, previous: previous)
        #expect(trend.sharedStatements == ["x.1", "x.2"])
        let point = try #require(trend.points.first)
        // Council: x.1 only, 50 → 75. Inhabitants: x.1 and x.2, 50 → 75. The total: 50 → 75.
        #expect(point.previous == 50 && point.current == 75)
        // On one version nothing is left out, and no list is given.
        #expect(ReportBuilder.trend(current: current, previous: current).sharedStatements == nil)
    }
}

@Suite("Quick Scan: the top three of what should improve first")
struct TopThreeTests {
    /// Four themes, the priority asked as a top three.
    static let bank = QuestionBank(
        version: "top",
        themes: ["a", "b", "c", "d"].map { id in
            theme(id, [statement(id + ".1", "Eén."), statement(id + ".2", "Twee.")])
        }, priorityScale: .topThree)

    @Test("After the themes one page offers every theme's priority as a choice; the theme pages no longer ask it")
    func onePageAfterTheThemes() throws {
        let questionnaire = Questionnaire(bank: Self.bank, customQuestions: [], group: .inwoners)
        #expect(questionnaire.pages.count == 5)
        #expect(questionnaire.pages.prefix(4).allSatisfy { page in !page.isTopThree && !page.items.contains { $0.kind == .priority } })
        let last = try #require(questionnaire.pages.last)
        #expect(last.isTopThree && last.items.map(\.id) == ["a.p", "b.p", "c.p", "d.p"])
        // Choosing is optional: a respondent who skipped it resumes nowhere near it.
        let answered = Dictionary(uniqueKeysWithValues: Self.bank.themes.flatMap { $0.statements.map { ($0.id, "3") } })
        #expect(questionnaire.firstOpenPage(draft: answered) == nil)
    }

    @Test(
        "Up to three ticked themes are kept as 5 and the rest as 1; four is an error that names the limit; other values are tampering",
        arguments: [
            (["a:a.p": "5", "a:c.p": "5"], "ok"),
            ([:], "none"),
            (["a:a.p": "5", "a:b.p": "5", "a:c.p": "5", "a:d.p": "5"], "too many"),
            (["a:a.p": "4"], "tampered"),
            (["a:a.1": "5"], "tampered"),
        ])
    func choosing(form: [String: String], outcome: String) {
        let questionnaire = Questionnaire(bank: Self.bank, customQuestions: [], group: .raad)
        switch (questionnaire.accept(page: 5, form: form), outcome) {
        case (.success(let answers), "ok"): #expect(answers == ["a.p": "5", "b.p": "1", "c.p": "5", "d.p": "1"])
        case (.success(let answers), "none"): #expect(answers.isEmpty)
        case (.failure(.fields(let errors)), "too many"):
            #expect(errors == [FieldError(field: Questionnaire.topThreeField, message: "error.top_three_limit", limit: 3)])
        case (.failure(.tampered), "tampered"): break
        case (let result, _): Issue.record("\(outcome): \(result)")
        }
    }

    @Test("A theme's priority is the share of the group that put it in their top three; from 40% with a low score it is a verbeterkans")
    func priorityIsAShare() throws {
        var distributions: [String: [RespondentGroup: Distribution]] = [:]
        for id in ["a", "b", "c", "d"] {
            distributions[id + ".1"] = [.inwoners: id == "a" ? dist(0, 10, 0, 0, 0, 0) : dist(0, 0, 0, 0, 10, 0)]
        }
        // Of ten inhabitants, six put a in their top three, four b, two c, none d.
        for (id, chosen) in [("a", 6), ("b", 4), ("c", 2), ("d", 0)] {
            distributions[id + ".p"] = [.inwoners: dist(0, 10 - chosen, 0, 0, 0, chosen)]
        }
        let report = ReportBuilder.build(
            ScanData(bank: Self.bank, groups: [.inwoners], responses: [.inwoners: 10], distributions: distributions))
        #expect(report.themes.map { $0.priorities[.inwoners]?.value } == [60, 40, 20, 0])
        #expect(report.priorities[.inwoners] == ["a", "b", "c", "d"])
        #expect(report.opportunities == [Opportunity(themeID: "a", group: .inwoners, score: 0, priority: 60)])
        let text = Narrative.write(report, bank: Self.bank, language: .nl)
        #expect(text.opportunities == ["Inwoners geven ‘Thema a’ 0 van 100; 60% van hen zet het in de top drie van wat eerst beter moet."])
    }
}
