import DemocracyKit
import Testing

@Suite("Ondermijning: the shipped knowledge, the quiz's levels and what a reporter may send")
struct UnderminingTests {
    static func shipped() throws -> UnderminingLibrary {
        try UnderminingLibrary.load(
            signals: try shippedFile("Resources/Data/resilience/signals.yaml").text,
            articles: try shippedFile("Resources/Data/resilience/articles.yaml").text,
            quiz: try shippedFile("Resources/Data/resilience/quiz.yaml").text)
    }

    @Test(
        "The platform ships 20 signals over every sector, 10 articles with sources, and three levels of ten questions with one right answer each"
    )
    func shippedContent() throws {
        let library = try Self.shipped()
        #expect(library.signals.count == 20)
        #expect(Set(library.signals.map(\.sector)) == Set(UnderminingSector.allCases))
        #expect(library.articles.count == 10 && library.articles.allSatisfy { !$0.sources.isEmpty })
        #expect(library.levels.map(\.level) == [1, 2, 3])
        #expect(library.levels.allSatisfy { $0.questions.count == 10 })
        for level in library.levels {
            let firsts = level.questions.enumerated().filter { index, question in
                question.displayOrder(place: QuizLevels.place(level: level.level, question: index)).first == question.correctIndex
            }
            #expect(firsts.count < 7, "level \(level.level) shows the right answer first in \(firsts.count) of 10")
        }
    }

    @Test("A file with two right answers, a gap in the levels or a signal without English stops loading, naming the file")
    func wrongFilesStop() throws {
        let signals = try shippedFile("Resources/Data/resilience/signals.yaml").text
        let articles = try shippedFile("Resources/Data/resilience/articles.yaml").text
        let quiz = try shippedFile("Resources/Data/resilience/quiz.yaml").text
        #expect(throws: QuestionBank.LoadError.self) {
            try UnderminingLibrary.load(
                signals: signals, articles: articles, quiz: quiz.replacingOccurrences(of: "  - level: 2", with: "  - level: 4"))
        }
        #expect(throws: QuestionBank.LoadError.self) {
            try UnderminingLibrary.load(
                signals: signals, articles: articles, quiz: quiz.replacingOccurrences(of: "correct: false", with: "correct: true"))
        }
        let noEnglish = signals.replacingOccurrences(
            of: #"title: { nl: "Pand gekocht met onduidelijk geld", en: "Property bought with unclear money" }"#,
            with: #"title: { nl: "Pand gekocht met onduidelijk geld", en: "" }"#)
        #expect(noEnglish != signals)
        #expect(throws: QuestionBank.LoadError.self) { try UnderminingLibrary.load(signals: noEnglish, articles: articles, quiz: quiz) }
    }

    @Test(
        "A level passes at 80% right, and a level opens only after the one before it passed",
        arguments: [(7, false), (8, true), (10, true)])
    func passMark(correct: Int, passes: Bool) {
        #expect(QuizLevels.passes(correct: correct, of: 10) == passes)
        #expect(QuizLevels.isOpen(2, passed: passes ? [1] : []) == passes)
        #expect(QuizLevels.isOpen(1, passed: []))
        #expect(!QuizLevels.isOpen(3, passed: [1]), "passing level 1 does not open level 3")
        #expect(!QuizLevels.passes(correct: 0, of: 0))
    }

    @Test("A report needs what was seen; the sector is optional but must be one of the list; nothing is longer than its limit")
    func reportForm() throws {
        #expect(
            try SignalReport.read(["what": " Lege stal met busjes ", "sector": "buitengebied"]).get()
                == SignalReport(sector: .buitengebied, what: "Lege stal met busjes", place: "", moment: ""))
        #expect(try SignalReport.read(["what": "Iets", "sector": ""]).get().sector == nil)
        func fields(_ values: [String: String]) -> [String] {
            guard case .failure(.fields(let errors)) = SignalReport.read(values) else { return [] }
            return errors.map(\.field)
        }
        #expect(fields(["what": "  "]) == ["what"])
        #expect(fields(["what": "Iets", "sector": "casino"]) == ["sector"])
        #expect(fields(["what": "Iets", "place": String(repeating: "a", count: SignalReport.maxLine + 1)]) == ["place"])
    }

    @Test("The contact's answer needs a known status; news needs a Dutch title and text, and English falls back to Dutch")
    func replyAndNews() throws {
        #expect(try SignalReply.read(["status": "afgerond", "reply": " Dank u "]).get() == SignalReply(status: .afgerond, reply: "Dank u"))
        guard case .failure(.fields(let errors)) = SignalReply.read(["status": "weg"]) else {
            Issue.record("an unknown status passes")
            return
        }
        #expect(errors.map(\.field) == ["status"])
        let news = try UnderminingNewsForm.read(["titleNl": "Titel", "bodyNl": "Tekst"]).get()
        #expect(news.title.en == "Titel" && news.body.en == "Tekst")
        guard case .failure(.fields(let missing)) = UnderminingNewsForm.read(["titleEn": "Title"]) else {
            Issue.record("news without Dutch passes")
            return
        }
        #expect(Set(missing.map(\.field)) == ["titleNl", "bodyNl"])
    }
}
