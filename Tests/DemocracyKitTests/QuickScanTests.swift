import DemocracyKit
import Foundation
import Testing

/// A file that ships with the platform, from the project's root.
func shippedFile(_ path: String) throws -> (text: String, path: String) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let full = root.appendingPathComponent(path).path
    return (try String(contentsOfFile: full, encoding: .utf8), full)
}

/// A question bank that ships with the platform.
func shippedBank(_ version: String = "2026.1") throws -> QuestionBank {
    let file = try shippedFile("Resources/Data/quickscan/\(version).yaml")
    return try QuestionBank.load(yaml: file.text, file: file.path)
}

/// A small bank for rules: two themes, one question only for the council.
let miniBank = QuestionBank(
    version: "test",
    themes: [
        .init(
            id: "a", name: .init(nl: "Thema A", en: "Theme A"), focusAreas: [.beterBetrokkenInwoners],
            statements: [
                .init(id: "a.1", text: .init(nl: "A1", en: "A1"), inwoners: .init(nl: "A1 eenvoudig", en: "A1 simple")),
                .init(id: "a.2", text: .init(nl: "A2", en: "A2"), groups: [.raad]),
            ],
            priority: .init(id: "a.p", text: .init(nl: "Belang A", en: "Importance A")),
            open: .init(id: "a.o", text: .init(nl: "Open A", en: "Open A"))),
        .init(
            id: "b", name: .init(nl: "Thema B", en: "Theme B"), focusAreas: [.krachtigeGemeenteraad],
            statements: [.init(id: "b.1", text: .init(nl: "B1", en: "B1"))],
            priority: .init(id: "b.p", text: .init(nl: "Belang B", en: "Importance B")), open: nil),
    ])

/// Distribution helper: counts for weet niet and 1 to 5.
func dist(_ counts: Int...) -> Distribution { Distribution(counts: counts) }

@Suite("Quick Scan: the question bank")
struct QuestionBankTests {
    @Test("Every shipped bank loads and covers all seven focus areas, one page per theme", arguments: ["2026.1", "2026.2"])
    func shippedBankIsComplete(version: String) throws {
        let bank = try shippedBank(version)
        #expect(bank.version == version)
        #expect(Set(bank.themes.flatMap(\.focusAreas)) == Set(FocusArea.allCases))
        for group in RespondentGroup.allCases {
            let questionnaire = Questionnaire(bank: bank, customQuestions: [], group: group)
            let count = questionnaire.questionIDs.count
            #expect((25...60).contains(count), "\(group): \(count) questions")
            // one page per theme, and with a top three one page after them for it
            let extra = bank.priorityScale == .topThree ? 1 : 0
            #expect(questionnaire.pages.count == bank.themes(for: group).count + extra)
        }
        let early = try #require(bank.find("burgerparticipatie.vroeg"))
        #expect(early.question.wording(for: .inwoners).nl == "De gemeente vraagt inwoners mee te denken als er nog iets te kiezen is.")
        #expect(early.question.wording(for: .raad).nl.hasPrefix("De gemeente betrekt inwoners vroeg bij plannen"))
    }

    @Test(
        "A wrong bank is refused with the file, the line and the reason",
        arguments: [
            ("version: \"1\"\nthemes: [\n", "is not valid YAML"),
            (
                "version: \"1\"\nthemes:\n  - id: a\n    name: { nl: A, en: A }\n    focusAreas: [9]\n    statements: []\n    priority: { id: a.p, text: { nl: P, en: P } }\n",
                "themes[0].focusAreas[0]"
            ),
            (
                "version: \"1\"\nthemes:\n  - id: a\n    name: { nl: A, en: A }\n    focusAreas: [1]\n    statements:\n      - id: a.1\n        text: { nl: X }\n    priority: { id: a.p, text: { nl: P, en: P } }\n",
                "the key 'en' is missing"
            ),
            (
                "version: \"1\"\nthemes:\n  - id: a\n    name: { nl: A, en: A }\n    focusAreas: [1]\n    statements:\n      - id: a.1\n        text: { nl: X, en: X }\n      - id: a.1\n        text: { nl: Y, en: Y }\n    priority: { id: a.p, text: { nl: P, en: P } }\n",
                "the id a.1 is used twice"
            ),
            (
                "version: \"1\"\nthemes:\n  - id: a\n    name: { nl: A, en: A }\n    focusAreas: [1]\n    statements:\n      - id: b.1\n        text: { nl: X, en: X }\n    priority: { id: a.p, text: { nl: P, en: P } }\n",
                "must start with its theme's id"
            ),
        ])
    func badBanks(yaml: String, reason: String) {
        #expect { try QuestionBank.load(yaml: yaml, file: "vragen.yaml") } throws: { error in
            guard let error = error as? QuestionBank.LoadError else { return false }
            return error.file == "vragen.yaml" && error.line != nil && error.description.contains(reason)
        }
    }

    @Test("A municipality adds at most four custom questions, each with a text, a kind and groups")
    func customQuestionRules() {
        #expect(CustomQuestion.validate(text: "Vraag?", kind: "statement", groups: ["raad"], existing: 3).isEmpty)
        #expect(
            CustomQuestion.validate(text: "Vraag?", kind: "statement", groups: ["raad"], existing: 4).map(\.message) == [
                "error.custom_question_limit"
            ])
        #expect(
            Set(CustomQuestion.validate(text: "", kind: "priority", groups: ["keizer"], existing: 0).map(\.field)) == [
                "text", "kind", "questionGroups",
            ])
    }
}

@Suite("Quick Scan: the questionnaire")
struct QuestionnaireTests {
    let custom = [CustomQuestion(id: "eigen.1", kind: .open, text: "Wat nog?", groups: [.inwoners])]

    @Test("Each group sees its own questions and wording, one page per theme, own questions last")
    func pagesPerGroup() {
        let raad = Questionnaire(bank: miniBank, customQuestions: custom, group: .raad)
        let inwoners = Questionnaire(bank: miniBank, customQuestions: custom, group: .inwoners)
        #expect(raad.pages.map { $0.items.map(\.id) } == [["a.1", "a.2", "a.p", "a.o"], ["b.1", "b.p"]])
        #expect(inwoners.pages.map { $0.items.map(\.id) } == [["a.1", "a.p", "a.o"], ["b.1", "b.p"], ["eigen.1"]])
        #expect(inwoners.pages[0].items[0].text.nl == "A1 eenvoudig")
    }

    @Test(
        "A page accepts blanks, scale values and open text; anything else is a tampered form",
        arguments: [
            (["a:a.1": "4", "a:a.p": "", "a:a.o": " Meer overleg "], true),
            (["a:a.1": "0"], true),
            (["a:onbekend": "3"], false),
            (["a:a.1": "9"], false),
            (["a:a.1": "drie"], false),
            (["a:a.2": "3"], false),
            (["a:eigen.1": "ja"], false),
            (["a:b.1": "3"], false),
        ])
    func acceptPage(form: [String: String], valid: Bool) {
        let inwoners = Questionnaire(bank: miniBank, customQuestions: [], group: .inwoners)
        switch inwoners.accept(page: 1, form: form) {
        case .success: #expect(valid)
        case .failure(let problem): #expect(!valid && problem == .tampered)
        }
    }

    @Test("An over-long open answer is a field error that names the limit, not a tampered form")
    func longOpenAnswer() {
        let raad = Questionnaire(bank: miniBank, customQuestions: [], group: .raad)
        let result = raad.accept(page: 1, form: ["a:a.o": String(repeating: "x", count: 50_000)])
        #expect(result == .failure(.fields([FieldError(field: "a:a.o", message: "error.answer_too_long", limit: 5000)])))
    }

    @Test("Saving a page replaces that page's answers, keeps the others and finds where to resume")
    func draftAndResume() {
        let raad = Questionnaire(bank: miniBank, customQuestions: [], group: .raad)
        var draft = raad.merge(draft: [:], page: 1, answers: ["a.1": "4", "a.2": "2"])
        draft = raad.merge(draft: draft, page: 2, answers: ["b.1": "5"])
        draft = raad.merge(draft: draft, page: 1, answers: ["a.1": "3"])
        #expect(draft == ["a.1": "3", "b.1": "5"])
        #expect(raad.firstOpenPage(draft: draft) == 1)
        // A skipped open question does not send a returning respondent back to its page.
        #expect(raad.firstOpenPage(draft: ["a.1": "3", "a.2": "4", "a.p": "2"]) == 2)
        #expect(raad.firstOpenPage(draft: ["a.1": "3", "a.2": "4", "a.p": "2", "b.1": "1", "b.p": "0"]) == nil)
        let finished = raad.finish(draft: draft)
        #expect(finished?.scale == ["a.1": .three, "b.1": .five])
        #expect(raad.finish(draft: [:]) == nil)
    }
}

@Suite("Quick Scan: scoring and the report")
struct ReportTests {
    @Test("Scores run from 0 to 100 over the scale answers; weet niet is left out and counted apart")
    func scoring() {
        let d = dist(2, 1, 0, 0, 0, 1)
        #expect(d.mean == 50)
        #expect(d.scaled == 2 && d.total == 4 && d.dontKnowShare == 0.5)
        #expect(dist(0, 0, 0, 0, 5, 0).mean == 75)
        #expect(dist(3, 0, 0, 0, 0, 0).mean == nil)
        #expect(ScaleAnswer.one.score == 0 && ScaleAnswer.five.score == 100 && ScaleAnswer.dontKnow.score == nil)
    }

    static func data(collegeAnswers: Distribution = dist(0, 0, 0, 0, 0, 4)) -> ScanData {
        ScanData(
            bank: miniBank, groups: [.raad, .college, .inwoners],
            responses: [.raad: 10, .college: 4, .inwoners: 40],
            distributions: [
                "a.1": [.raad: dist(0, 0, 0, 2, 6, 2), .college: collegeAnswers, .inwoners: dist(0, 10, 20, 10, 0, 0)],
                "a.2": [.raad: dist(0, 0, 2, 4, 4, 0)],
                "a.p": [.raad: dist(0, 4, 4, 2, 0, 0), .inwoners: dist(0, 0, 0, 0, 20, 20)],
                "b.1": [.raad: dist(0, 0, 0, 0, 5, 5), .inwoners: dist(0, 0, 0, 0, 30, 10)],
                "b.p": [.raad: dist(0, 5, 5, 0, 0, 0), .inwoners: dist(0, 10, 10, 10, 10, 0)],
            ])
    }

    @Test("A group under five respondents is left out of every number, the total included")
    func suppression() {
        let report = ReportBuilder.build(Self.data())
        #expect(report.shownGroups == [.raad, .inwoners])
        #expect(report.suppressedGroups == [.college])
        let a = report.themes[0]
        #expect(a.scores[.college] == nil && a.distribution[.college] == nil)
        #expect(a.total == ((a.scores[.raad]!.value + a.scores[.inwoners]!.value) / 2))
        #expect(report.statements["a.1"]?[.college] == nil)
        #expect(!report.gaps.contains { $0.higher == .college || $0.lower == .college })
    }

    @Test("Whatever the small group answered, no number in the report changes: nothing can be found by subtraction")
    func noSubtraction() {
        let one = ReportBuilder.build(Self.data(collegeAnswers: dist(0, 4, 0, 0, 0, 0)))
        let other = ReportBuilder.build(Self.data(collegeAnswers: dist(0, 0, 0, 0, 0, 4)))
        #expect(one.themes.map(\.total) == other.themes.map(\.total))
        #expect(one.themes.map { $0.distribution } == other.themes.map { $0.distribution })
        #expect(one.gaps == other.gaps && one.opportunities == other.opportunities)
    }

    @Test("Gaps between groups come largest first; a group's low score with a high priority is a verbeterkans")
    func gapsAndOpportunities() {
        let report = ReportBuilder.build(Self.data())
        #expect(report.gaps.map(\.difference) == report.gaps.map(\.difference).sorted(by: >))
        let first = try! #require(report.gaps.first)
        #expect(first.themeID == "a" && first.higher == .raad && first.lower == .inwoners)
        // Inhabitants score theme a at 25 and want it improved (priority 87.5): an opportunity.
        #expect(report.opportunities == [Opportunity(themeID: "a", group: .inwoners, score: 25, priority: 87.5)])
        #expect(report.priorities[.inwoners] == ["a", "b"])
        let text = Narrative.write(report, bank: miniBank, language: .nl)
        #expect(text.opportunities == ["Inwoners geven ‘Thema A’ 25 van 100 en noemen het een prioriteit (88 van 100)."])
    }

    @Test("Strengths start at 65 and points to improve lie below 50, on the total")
    func strengthsAndImprovements() {
        let report = ReportBuilder.build(Self.data())
        // Theme a: raad 65 (statements a.1 and a.2 pooled), inwoners 25 → total 45; theme b: raad 87.5, inwoners 81.25.
        #expect(report.themes.map(\.total) == [45, 84.375])
        #expect(report.strengths == ["b"])
        #expect(report.improvements == ["a"])
    }

    @Test("A score and its bar of answers rest on at least five answers, else neither is shown")
    func fewAnswers() {
        var data = Self.data()
        data = ScanData(
            bank: data.bank, groups: data.groups, responses: data.responses,
            distributions: data.distributions.merging(["b.1": [.raad: dist(6, 0, 0, 0, 2, 2), .inwoners: dist(0, 0, 0, 0, 30, 10)]]) { $1 })
        let report = ReportBuilder.build(data)
        #expect(report.themes[1].scores[.raad] == nil)
        #expect(report.themes[1].distribution[.raad] == nil)
        #expect(report.statements["b.1"]?[.raad] == nil)
        #expect(report.themes[1].scores[.inwoners] != nil)
        #expect(report.themes[1].distribution[.inwoners] != nil)
    }

    @Test("The comparison with other municipalities needs at least five of them")
    func comparison() {
        #expect(ReportBuilder.compare([60, 70, 80, 50]).mean == nil)
        #expect(ReportBuilder.compare([60, 70, 80, 50, 40]) == Comparison(mean: 60, municipalities: 5))
    }

    @Test("The trend gives the change per theme with a 95% interval; no change is not a clear change, a large one is")
    func trend() {
        let before = ReportBuilder.build(Self.data())
        let same = ReportBuilder.trend(current: before, previous: before)
        #expect(same.map(\.change) == [0, 0])
        #expect(same.allSatisfy { !$0.isClear && $0.margin > 0 })

        var better = Self.data().distributions
        better["a.1"]?[.inwoners] = dist(0, 0, 0, 10, 20, 10)
        let after = ReportBuilder.build(
            ScanData(
                bank: miniBank, groups: [.raad, .college, .inwoners],
                responses: [.raad: 10, .college: 4, .inwoners: 40], distributions: better))
        let point = try! #require(ReportBuilder.trend(current: after, previous: before).first { $0.themeID == "a" })
        // Inhabitants moved from 25 to 75 on theme a; the total (mean of two groups) rises by 25.
        #expect(point.change == 25)
        #expect(point.isClear)
        // The margin follows the documented formula: 1.96 × √(Σ var/n / k²) for both rounds.
        func totalVariance(_ theme: ThemeResult) -> Double {
            let k = Double(theme.scores.count)
            return theme.scores.values.reduce(0.0) { $0 + $1.variance / Double(max(1, $1.respondents)) } / (k * k)
        }
        let varianceNow = totalVariance(after.themes[0]), varianceBefore = totalVariance(before.themes[0])
        #expect(abs(point.margin - 1.96 * (varianceNow + varianceBefore).squareRoot()) < 1e-9)
    }

    @Test("Scan rounds move only from concept to open to closed to report")
    func statusMoves() {
        #expect(ScanStatus.concept.canMove(to: .open))
        #expect(ScanStatus.open.canMove(to: .closed))
        #expect(ScanStatus.closed.canMove(to: .report))
        #expect(!ScanStatus.concept.canMove(to: .closed))
        #expect(!ScanStatus.closed.canMove(to: .open))
        #expect(!ScanStatus.report.canMove(to: .concept))
        #expect(ScanStatus.closed.hasReport && !ScanStatus.open.hasReport)
    }
}

@Suite("Quick Scan: the comparison never tells one other municipality's scores")
struct ComparisonRuleTests {
    @Test(
        "A group's figures appear from five members and change only after five more joined or changed",
        arguments: [
            (4, 4, false, false), (5, 5, false, true), (6, 1, true, false), (9, 4, true, false), (10, 5, true, true),
            (40, 12, true, true),
        ])
    func publication(members: Int, changes: Int, published: Bool, publishes: Bool) {
        #expect(ComparisonRule.publishes(members: members, changesSincePublished: changes, published: published) == publishes)
    }

    @Test(
        "The size-class figure is left out while one to four municipalities are outside the class, so national minus class tells nothing",
        arguments: [(5, 5, true), (6, 5, false), (9, 5, false), (10, 5, true), (342, 40, true)])
    func sizeClassBesideNational(national: Int, sizeClass: Int, shown: Bool) {
        #expect(ComparisonRule.showsSizeClass(nationalMembers: national, sizeClassMembers: sizeClass) == shown)
    }

    @Test("Whatever order municipalities close in, two published versions of a group differ by at least five of them")
    func versionsNeverDifferByOne() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var members = 0
            var changes = 0
            var published = false
            var changedSinceLastVersion = 0
            for _ in 0..<60 {
                // a municipality closes a scan: it joins, or changes its totals
                if members == 0 || Bool.random(using: &generator) { members += 1 }
                changes += 1
                changedSinceLastVersion += 1
                if ComparisonRule.publishes(members: members, changesSincePublished: changes, published: published) {
                    #expect(changedSinceLastVersion >= 5 || !published)
                    #expect(members >= 5)
                    published = true
                    changes = 0
                    changedSinceLastVersion = 0
                }
            }
        }
    }
}
