import DemocracyKit
import Foundation
import Testing

/// A small module with known answers, written as a module file is.
let sampleModule = """
    id: voorbeeldmodule
    title: { nl: "De raad en de begroting", en: "The council and the budget" }
    aim: { nl: "U weet wie de begroting vaststelt.", en: "You know who adopts the budget." }
    theme: financien
    kind: kennis
    minutes: 30
    focusAreas: [1, 2]
    competences: [analytisch]
    lessons:
      - title: { nl: "Wie beslist", en: "Who decides" }
        body:
          nl: "De **raad** stelt de begroting vast."
          en: "The **council** adopts the budget."
        quiz:
          - question: { nl: "Wie stelt de begroting vast?", en: "Who adopts the budget?" }
            answers:
              - text: { nl: "Het college", en: "The executive" }
                correct: false
                explanation: { nl: "Het college stelt haar op.", en: "The executive drafts it." }
              - text: { nl: "De raad", en: "The council" }
                correct: true
                explanation: { nl: "Zo staat het in de Gemeentewet.", en: "So says the Municipalities Act." }
              - text: { nl: "De provincie", en: "The province" }
                correct: false
                explanation: { nl: "De provincie houdt toezicht.", en: "The province supervises." }
          - question: { nl: "Wanneer?", en: "When?" }
            answers:
              - text: { nl: "Voor 15 november", en: "Before 15 November" }
                correct: true
                explanation: { nl: "Dan moet zij naar de provincie.", en: "Then it goes to the province." }
              - text: { nl: "In januari", en: "In January" }
                correct: false
                explanation: { nl: "Dan is het jaar al begonnen.", en: "The year has begun by then." }
      - title: { nl: "Lezen", en: "Reading" }
        body: { nl: "Lees de drie W-vragen.", en: "Read the three W questions." }
        quiz:
          - question: { nl: "Hoeveel W-vragen?", en: "How many W questions?" }
            answers:
              - text: { nl: "Drie", en: "Three" }
                correct: true
                explanation: { nl: "Wat, wat en wat kost het.", en: "What, what and at what cost." }
              - { text: { nl: "Vijf", en: "Five" }, correct: false, explanation: { nl: "Het zijn er drie.", en: "There are three." } }
    sources:
      - title: "Gemeentewet"
        publisher: "wetten.overheid.nl"
        url: "https://wetten.overheid.nl/BWBR0005416"
    """

@Suite("Leerplatform: modules and their quizzes")
struct LearningModuleTests {
    func load(_ text: String, name: String = "voorbeeldmodule") throws -> LearningCatalogue {
        try LearningCatalogue.load(files: [(name, text)])
    }

    @Test("A module file loads with its lessons, quiz and sources, each lesson found by its number from 1")
    func loads() throws {
        let module = try #require(try load(sampleModule).module("voorbeeldmodule"))
        #expect(module.lessons.count == 2 && module.kind == .kennis && module.theme == .financien)
        #expect(module.lesson(1)?.quiz.first?.correctIndex == 1)
        #expect(module.lesson(0) == nil && module.lesson(3) == nil)
        #expect(module.focusAreas == [.krachtigeGemeenteraad, .toegerustePolitiekeAmbtsdragers])
    }

    @Test(
        "A module that breaks a rule stops start-up with the reason",
        arguments: [
            ("en: \"Five\" }, correct: false", "en: \"Five\" }, correct: true", "exactly one answer is right"),
            ("minutes: 30", "minutes: 300", "minutes run from 15 to 90"),
            ("De **raad** stelt", "De <script>alert(1)</script> raad stelt", "Markdown without HTML"),
            ("url: \"https://wetten", "url: \"javascript:wetten", "https address"),
            (
                "explanation: { nl: \"Het college stelt haar op.\", en: \"The executive drafts it.\" }",
                "explanation: { nl: \"Het college stelt haar op.\", en: \" \" }", "need Dutch and English"
            ),
            ("competences: [analytisch]", "competences: [zwemmen]", "not a valid module"),
        ])
    func refuses(original: String, replacement: String, reason: String) {
        let broken = sampleModule.replacingOccurrences(of: original, with: replacement)
        #expect(broken != sampleModule, "the case changes the file")
        do {
            _ = try load(broken)
            Issue.record("loaded: \(reason)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test("A file whose id is not its name is refused")
    func idIsName() {
        #expect(throws: QuestionBank.LoadError.self) { try load(sampleModule, name: "andere-naam") }
    }

    @Test("A quiz is checked per question; an unanswered question, a number out of range or answers of another lesson are refused")
    func attempt() throws {
        let module = try #require(try load(sampleModule).module("voorbeeldmodule"))
        let lesson = try #require(module.lesson(1))
        let attempt = try QuizAttempt.read(
            ["lesson": "voorbeeldmodule/1", "q1": "2", "q2": "2"], lesson: lesson, module: module.id, number: 1)
        #expect(attempt.results.map(\.isCorrect) == [true, false] && attempt.correct == 1 && !attempt.allCorrect)
        #expect(throws: StoreFailure.conflict("learning.error.other_lesson")) {
            try QuizAttempt.read(["lesson": "voorbeeldmodule/2", "q1": "2", "q2": "1"], lesson: lesson, module: module.id, number: 1)
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "q2", message: "learning.error.unanswered")])) {
            try QuizAttempt.read(["lesson": "voorbeeldmodule/1", "q1": "2"], lesson: lesson, module: module.id, number: 1)
        }
        for hostile in ["0", "3", "-1", "9223372036854775808", "NaN", "١"] {
            #expect(throws: StoreFailure.fields([FieldError(field: "q2", message: "error.form_tampered")])) {
                try QuizAttempt.read(
                    ["lesson": "voorbeeldmodule/1", "q1": "1", "q2": hostile], lesson: lesson, module: module.id, number: 1)
            }
        }
    }
}

@Suite("Leerplatform: the competence self-test and its advice")
struct SelfTestTests {
    static func shipped() throws -> SelfTest {
        let file = try shippedFile("Resources/Data/learning/selftest.yaml")
        return try SelfTest.load(yaml: file.text, file: file.path)
    }

    /// Every statement rated `rating`, and those of `low` rated 1.
    static func answers(_ test: SelfTest, rating: Int = 5, low: [Competence: Int] = [:]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: test.statements.map { (SelfTest.field($0), String(low[$0.competence] ?? rating)) })
    }

    @Test("The self-test has about thirty statements, three to five for each of the eight competences, in Dutch and English")
    func shippedStatements() throws {
        let test = try Self.shipped()
        #expect((28...34).contains(test.statements.count))
        #expect(test.problems().isEmpty)
    }

    @Test("A competence rated 1 throughout scores 0, rated 5 scores 100, and the weakest under 75 come first, at most three")
    func profile() throws {
        let test = try Self.shipped()
        let profile = test.profile(try test.read(Self.answers(test, rating: 4, low: [.analytisch: 1, .integriteit: 3, .communicatief: 2])))
        #expect(profile.scores[.analytisch] == 0 && profile.scores[.communicatief] == 25 && profile.scores[.integriteit] == 50)
        #expect(profile.scores[.samenwerken] == 75)
        #expect(profile.weakest() == [.analytisch, .communicatief, .integriteit])
        #expect(test.profile(try test.read(Self.answers(test))).weakest().isEmpty)
        let earlier = CompetenceProfile(scores: [.analytisch: 10, .samenwerken: 75])
        #expect(profile.change(since: earlier) == [.analytisch: -10, .samenwerken: 0])
        #expect(CompetenceProfile(stored: profile.stored) == profile)
    }

    @Test("Advice names the modules that build the weakest competences, the weakest first, with the scores in the reason")
    func advice() throws {
        let module = { (id: String, competences: [Competence], minutes: Int) in
            LearningModule(
                id: id, title: .init(nl: id, en: id), aim: .init(nl: "Doel", en: "Aim"), theme: .financien, kind: .kennis,
                minutes: minutes, focusAreas: [.toegerustePolitiekeAmbtsdragers], competences: competences, lessons: [], sources: [])
        }
        let modules = [
            module("begroting", [.analytisch], 45), module("debat", [.communicatief, .overtuigingskracht], 45),
            module("regio", [.omgevingsbewustzijn], 30), module("integer", [.integriteit], 40),
        ]
        let profile = CompetenceProfile(scores: [.analytisch: 20, .communicatief: 60, .integriteit: 90, .omgevingsbewustzijn: 80])
        let advice = LearningAdvice.advise(profile, modules: modules)
        #expect(advice.map(\.module.id) == ["begroting", "debat"], "only modules for competences under 75, the largest gap first")
        #expect(advice[0].reason.nl == "Deze module werkt aan analytisch vermogen (20 van de 100).")
        #expect(advice[1].reason.en == "This module works on communication (60 out of 100).")
        #expect(LearningAdvice.advise(CompetenceProfile(scores: [.analytisch: 80]), modules: modules).isEmpty)
    }

    @Test("An unrated statement is named on its field, and a rating outside 1 to 5 is refused")
    func reading() throws {
        let test = try Self.shipped()
        var values = Self.answers(test)
        let first = SelfTest.field(test.statements[0])
        values[first] = nil
        #expect(throws: StoreFailure.fields([FieldError(field: first, message: "learning.error.unrated")])) { try test.read(values) }
        for hostile in ["0", "6", "-1", "3.5", "99999999999999999999", "٣"] {
            values[first] = hostile
            #expect(throws: StoreFailure.fields([FieldError(field: first, message: "error.form_tampered")])) { try test.read(values) }
        }
    }
}

@Suite("Leerplatform: progress through a module")
struct ModuleProgressTests {
    @Test("A lesson is done once its quiz was all right, the best result is kept, and the module is complete when every lesson is done")
    func progress() throws {
        let module = try #require(try LearningCatalogue.load(files: [("voorbeeldmodule", sampleModule)]).module("voorbeeldmodule"))
        let lesson = try #require(module.lesson(1))
        let wrong = try QuizAttempt.read(
            ["lesson": "voorbeeldmodule/1", "q1": "1", "q2": "1"], lesson: lesson, module: module.id, number: 1)
        let right = try QuizAttempt.read(
            ["lesson": "voorbeeldmodule/1", "q1": "2", "q2": "1"], lesson: lesson, module: module.id, number: 1)
        let first = ModuleProgress.best(nil, after: wrong, lesson: 1)
        let second = ModuleProgress.best(first, after: right, lesson: 1)
        let third = ModuleProgress.best(second, after: wrong, lesson: 1)
        #expect(!first.isDone && first.best == 1 && second.isDone && third.isDone, "a worse try later does not undo a lesson")
        #expect(ModuleProgress(module: module, results: [third]).done == 1)
        #expect(!ModuleProgress(module: module, results: [third]).isComplete)
        let complete = ModuleProgress(module: module, results: [third, LessonResult(lesson: 2, best: 1, questions: 1)])
        #expect(complete.isComplete && complete.done == 2)
    }
}

@Suite("Leerplatform: programme staff edit a module")
struct ModuleEditingTests {
    let module = try! LearningCatalogue.load(files: [("voorbeeldmodule", sampleModule)]).modules[0]

    @Test("A form filled in from a module and saved unchanged gives the same module back, details and every lesson")
    func roundTrip() throws {
        #expect(try ModuleEditing.details(ModuleEditing.values(of: module), of: module).get() == module)
        for (index, lesson) in module.lessons.enumerated() {
            #expect(try ModuleEditing.lesson(ModuleEditing.values(of: lesson), number: index + 1, of: module).get() == module)
        }
    }

    @Test("Changing the right answer moves it: the old one is wrong, the chosen one right, and nothing else changes")
    func rightAnswerMoves() throws {
        let lesson = try #require(module.lesson(1))
        var values = ModuleEditing.values(of: lesson)
        let other = lesson.quiz[0].answers.indices.first { $0 != lesson.quiz[0].correctIndex } ?? 0
        values["q1-correct"] = String(other + 1)
        values["q1-nl"] = "Wie stelt de begroting vast, volgens de Gemeentewet?"
        let edited = try ModuleEditing.lesson(values, number: 1, of: module).get()
        #expect(edited.lessons[0].quiz[0].correctIndex == other)
        #expect(edited.lessons[0].quiz[0].question.nl == "Wie stelt de begroting vast, volgens de Gemeentewet?")
        #expect(edited.lessons.dropFirst() == module.lessons.dropFirst())
        #expect(edited.title == module.title)
    }

    @Test(
        "Every missing translation, HTML in a lesson, an unchosen right answer or minutes out of range is named on its field",
        arguments: [
            ("title-en", " ", "learning.edit.error.required"), ("body-nl", "Tekst <script>alert(1)</script>", "learning.edit.error.html"),
            ("q1-correct", "", "learning.edit.error.correct"), ("q1-correct", "9", "learning.edit.error.correct"),
            ("q1-a1-why-en", "", "learning.edit.error.required"),
        ])
    func lessonErrors(field: String, typed: String, message: String) throws {
        var values = ModuleEditing.values(of: try #require(module.lesson(1)))
        values[field] = typed
        guard case .failure(.fields(let errors)) = ModuleEditing.lesson(values, number: 1, of: module) else {
            Issue.record("saved with \(field)=\(typed)")
            return
        }
        #expect(errors.contains(FieldError(field: field, message: message)))
    }

    @Test("Minutes outside 15 to 90, a kind or subject not on the list, and an empty note are refused")
    func detailErrors() {
        var values = ModuleEditing.values(of: module)
        values["minutes"] = "200"
        values["kind"] = "anders"
        guard case .failure(.fields(let errors)) = ModuleEditing.details(values, of: module) else {
            Issue.record("saved")
            return
        }
        #expect(Set(errors.map(\.field)) == ["minutes", "kind"])
        guard case .failure = ModuleEditing.note("  ") else {
            Issue.record("an empty note was accepted")
            return
        }
    }

    @Test("Lesson HTML and answer orders are made once per catalogue, as the pages would make them")
    func madeOnce() throws {
        let catalogue = LearningCatalogue([module])
        #expect(catalogue.html(module: module.id, lesson: 1, .nl) == SafeMarkdown.html(from: module.lessons[0].body.nl, headingsFrom: 2))
        #expect(
            catalogue.answerOrder(module: module.id, lesson: 1, question: 0)
                == module.lessons[0].quiz[0].displayOrder(place: "\(module.id)/1/1"))
        #expect(catalogue.html(module: module.id, lesson: 9, .nl) == "")
    }
}
