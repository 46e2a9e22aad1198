import Crypto
import Foundation
import Yams

/// What a module mostly builds, as the learning platform orders its offer.
public enum LearningKind: String, Codable, Sendable, CaseIterable {
    case kennis, vaardigheden, houding

    public var name: LocalizedText {
        switch self {
        case .kennis: LocalizedText(nl: "Kennis", en: "Knowledge")
        case .vaardigheden: LocalizedText(nl: "Vaardigheden", en: "Skills")
        case .houding: LocalizedText(nl: "Houding", en: "Attitude")
        }
    }
}

/// The subject a module is about.
public enum LearningTheme: String, Codable, Sendable, CaseIterable {
    case rolEnPositie = "rol-en-positie"
    case financien
    case ruimte
    case sociaalDomein = "sociaal-domein"
    case integriteit
    case regio
    case participatie
    case communicatie

    public var name: LocalizedText {
        switch self {
        case .rolEnPositie: LocalizedText(nl: "Rol en positie van de raad", en: "The council's role and position")
        case .financien: LocalizedText(nl: "Geld en begroting", en: "Money and budget")
        case .ruimte: LocalizedText(nl: "Ruimte en omgeving", en: "Spatial planning and environment")
        case .sociaalDomein: LocalizedText(nl: "Sociaal domein", en: "Social domain")
        case .integriteit: LocalizedText(nl: "Integriteit en weerbaarheid", en: "Integrity and resilience")
        case .regio: LocalizedText(nl: "Samenwerken in de regio", en: "Working together in the region")
        case .participatie: LocalizedText(nl: "Inwoners en participatie", en: "Inhabitants and participation")
        case .communicatie: LocalizedText(nl: "Debat en communicatie", en: "Debate and communication")
        }
    }
}

/// The competences a council member needs, as the self-test measures them and modules build them.
public enum Competence: String, Codable, Sendable, CaseIterable {
    case volksvertegenwoordigend
    case samenwerken
    case integriteit
    case politiekeSensitiviteit = "politieke-sensitiviteit"
    case analytisch
    case omgevingsbewustzijn
    case communicatief
    case overtuigingskracht

    public var name: LocalizedText {
        switch self {
        case .volksvertegenwoordigend: LocalizedText(nl: "Volksvertegenwoordigend vermogen", en: "Representing inhabitants")
        case .samenwerken: LocalizedText(nl: "Samenwerken", en: "Working together")
        case .integriteit: LocalizedText(nl: "Integriteit", en: "Integrity")
        case .politiekeSensitiviteit: LocalizedText(nl: "Politieke sensitiviteit", en: "Political sensitivity")
        case .analytisch: LocalizedText(nl: "Analytisch vermogen", en: "Analytical ability")
        case .omgevingsbewustzijn: LocalizedText(nl: "Omgevingsbewustzijn", en: "Awareness of the environment")
        case .communicatief: LocalizedText(nl: "Communicatief vermogen", en: "Communication")
        case .overtuigingskracht: LocalizedText(nl: "Overtuigingskracht", en: "Persuasion and negotiation")
        }
    }

    /// The name in a word or two, for the chart's labels.
    public var shortName: LocalizedText {
        switch self {
        case .volksvertegenwoordigend: LocalizedText(nl: "Vertegenwoordigen", en: "Representing")
        case .samenwerken: LocalizedText(nl: "Samenwerken", en: "Working together")
        case .integriteit: LocalizedText(nl: "Integriteit", en: "Integrity")
        case .politiekeSensitiviteit: LocalizedText(nl: "Politiek gevoel", en: "Political sense")
        case .analytisch: LocalizedText(nl: "Analyseren", en: "Analysing")
        case .omgevingsbewustzijn: LocalizedText(nl: "Omgeving kennen", en: "Environment")
        case .communicatief: LocalizedText(nl: "Communiceren", en: "Communicating")
        case .overtuigingskracht: LocalizedText(nl: "Overtuigen", en: "Persuading")
        }
    }
}

/// One multiple-choice question of a lesson: exactly one answer is right, and every answer explains itself.
public struct QuizQuestion: Codable, Sendable, Equatable {
    public struct Answer: Codable, Sendable, Equatable {
        public let text: LocalizedText
        public let correct: Bool
        public let explanation: LocalizedText
    }

    public let question: LocalizedText
    public let answers: [Answer]

    /// The position of the right answer.
    public var correctIndex: Int { answers.firstIndex(where: \.correct) ?? 0 }

    /// The order the answers are shown in. Writers tend to put the right answer first, so the page orders them by
    /// a hash of the question's place (`module/lesson/question`) and the answer's position instead: the same on
    /// every visit and for everyone, and not where the writer put the right one.
    public func displayOrder(place: String) -> [Int] {
        let keys = answers.indices.map { index in
            SHA256.hash(data: Data("\(place)/\(index)".utf8)).map { String(format: "%02x", $0) }.joined()
        }
        return answers.indices.sorted { keys[$0] < keys[$1] }
    }
}

public struct Lesson: Codable, Sendable, Equatable {
    public let title: LocalizedText
    /// Markdown, rendered with `SafeMarkdown`.
    public let body: LocalizedText
    public let quiz: [QuizQuestion]
}

/// A source a module rests on.
public struct LearningSource: Codable, Sendable, Equatable {
    public let title: String
    public let publisher: String
    public let url: String
}

/// A module of the learning platform for council members: about 45 minutes of lessons, each with a short quiz.
public struct LearningModule: Codable, Sendable, Equatable, Identifiable {
    public let id: String
    public let title: LocalizedText
    public let aim: LocalizedText
    public let theme: LearningTheme
    public let kind: LearningKind
    public let minutes: Int
    public let focusAreas: [FocusArea]
    public let competences: [Competence]
    public let lessons: [Lesson]
    public let sources: [LearningSource]

    public init(
        id: String, title: LocalizedText, aim: LocalizedText, theme: LearningTheme, kind: LearningKind, minutes: Int,
        focusAreas: [FocusArea], competences: [Competence], lessons: [Lesson], sources: [LearningSource]
    ) {
        self.id = id
        self.title = title
        self.aim = aim
        self.theme = theme
        self.kind = kind
        self.minutes = minutes
        self.focusAreas = focusAreas
        self.competences = competences
        self.lessons = lessons
        self.sources = sources
    }

    public static let minutesRange = 15...90
    public static let lessonsRange = 2...6
    public static let questionsRange = 1...5
    public static let answersRange = 2...5

    /// The lesson with this number, counted from 1.
    public func lesson(_ number: Int) -> Lesson? { lessons.indices.contains(number - 1) ? lessons[number - 1] : nil }
}

/// Every module, checked when read: a wrong file stops start-up with the file and the reason.
public struct LearningCatalogue: Sendable {
    public let modules: [LearningModule]
    /// Each module's version: 0 as shipped in its file, then one more with every edit saved in the platform.
    public let versions: [String: Int]
    /// Made once, since the modules do not change between edits: each lesson's text as HTML, per module and
    /// language, and each question's order of answers.
    private let lessonHTML: [String: [LocalizedText]]
    private let answerOrders: [String: [[[Int]]]]

    public init(_ modules: [LearningModule], versions: [String: Int] = [:]) {
        self.modules = modules.sorted { $0.id < $1.id }
        self.versions = versions
        var html: [String: [LocalizedText]] = [:]
        var orders: [String: [[[Int]]]] = [:]
        for module in modules {
            html[module.id] = module.lessons.map {
                LocalizedText(
                    nl: SafeMarkdown.html(from: $0.body.nl, headingsFrom: 2), en: SafeMarkdown.html(from: $0.body.en, headingsFrom: 2))
            }
            orders[module.id] = module.lessons.enumerated().map { number, lesson in
                lesson.quiz.enumerated().map { index, question in question.displayOrder(place: "\(module.id)/\(number + 1)/\(index + 1)") }
            }
        }
        lessonHTML = html
        answerOrders = orders
    }

    /// The module's version (0: as shipped).
    public func version(of id: String) -> Int { versions[id] ?? 0 }

    /// The modules that belong in the offer catalogue under this filter: they are e-learning of the pillar lokaal
    /// maatwerk for the council, so another pillar, audience or form leaves them out; a focus area and the words
    /// searched (in the title or aim, either language, accents optional) narrow them.
    public func inCatalogue(_ filter: CatalogueFilter, language: Language = .nl) -> [LearningModule] {
        guard filter.pillar.map({ $0 == .lokaalMaatwerk }) ?? true, filter.audience.map({ $0 == .raad }) ?? true,
            filter.form.map({ $0 == .eLearning }) ?? true
        else { return [] }
        let words = Format.searchKey(filter.search).split(separator: " ").map(String.init)
        return byTitle(language).filter { module in
            let text = Format.searchKey([module.title.nl, module.title.en, module.aim.nl, module.aim.en].joined(separator: " "))
            return (filter.focusArea.map { module.focusAreas.contains($0) } ?? true) && words.allSatisfy { text.contains($0) }
        }
    }

    /// Grows with every saved edit of any module: for pages that show modules and are kept.
    public var revision: Int { versions.values.reduce(0, +) }

    /// A lesson's text as safe HTML, its headings from h2 down.
    public func html(module id: String, lesson number: Int, _ language: Language) -> String {
        guard let texts = lessonHTML[id], texts.indices.contains(number - 1) else { return "" }
        return texts[number - 1](language)
    }

    /// The order a lesson's question shows its answers in (`QuizQuestion.displayOrder`).
    public func answerOrder(module id: String, lesson number: Int, question index: Int) -> [Int] {
        guard let lessons = answerOrders[id], lessons.indices.contains(number - 1), lessons[number - 1].indices.contains(index) else {
            return module(id)?.lesson(number)?.quiz[index].answers.indices.map { $0 } ?? []
        }
        return lessons[number - 1][index]
    }

    public func module(_ id: String) -> LearningModule? { modules.first { $0.id == id } }

    /// The modules by title as a reader looks them up: "De begroting …" before "De Omgevingswet …".
    public func byTitle(_ language: Language) -> [LearningModule] {
        modules.sorted { Format.searchKey($0.title(language)) < Format.searchKey($1.title(language)) }
    }

    /// Reads one file per module; `files` pairs each file's name (without `.yaml`) with its text.
    public static func load(files: [(name: String, text: String)]) throws -> LearningCatalogue {
        var modules: [LearningModule] = []
        for file in files {
            let module: LearningModule
            do {
                module = try YAMLDecoder().decode(LearningModule.self, from: file.text)
            } catch {
                throw QuestionBank.LoadError(file: file.name + ".yaml", line: nil, reason: "is not a valid module: \(error)")
            }
            if module.id != file.name {
                throw QuestionBank.LoadError(file: file.name + ".yaml", line: nil, reason: "its id is \(module.id), not its file's name")
            }
            modules.append(module)
        }
        let catalogue = LearningCatalogue(modules)
        if let problem = catalogue.problems().first { throw QuestionBank.LoadError(file: "learning modules", line: nil, reason: problem) }
        return catalogue
    }

    /// What is wrong with the modules: ids, lengths, quizzes, texts, sources.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        func empty(_ text: LocalizedText) -> Bool {
            text.nl.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                || text.en.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        for module in modules {
            let id = module.id
            if !seen.insert(id).inserted { problems.append("the id \(id) is used twice") }
            if id.isEmpty || id.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "-") }) {
                problems.append("\(id): an id is lower case letters, digits and hyphens")
            }
            if !LearningModule.minutesRange.contains(module.minutes) { problems.append("\(id): minutes run from 15 to 90") }
            if !LearningModule.lessonsRange.contains(module.lessons.count) { problems.append("\(id): a module has 2 to 6 lessons") }
            if module.focusAreas.isEmpty || module.competences.isEmpty { problems.append("\(id): name a focus area and a competence") }
            if module.sources.isEmpty { problems.append("\(id): name at least one source") }
            if module.sources.contains(where: { !$0.url.hasPrefix("https://") || $0.title.isEmpty }) {
                problems.append("\(id): every source has a title and an https address")
            }
            if empty(module.title) || empty(module.aim) { problems.append("\(id): the title and aim need Dutch and English") }
            for (index, lesson) in module.lessons.enumerated() {
                let place = "\(id), lesson \(index + 1)"
                if empty(lesson.title) || empty(lesson.body) { problems.append("\(place): the title and text need Dutch and English") }
                if [lesson.body.nl, lesson.body.en].contains(where: { $0.contains("<") }) {
                    problems.append("\(place): lessons are Markdown without HTML")
                }
                if !LearningModule.questionsRange.contains(lesson.quiz.count) { problems.append("\(place): a quiz has 1 to 5 questions") }
                for (number, question) in lesson.quiz.enumerated() {
                    let where_ = "\(place), question \(number + 1)"
                    if question.answers.filter(\.correct).count != 1 { problems.append("\(where_): exactly one answer is right") }
                    if !LearningModule.answersRange.contains(question.answers.count) { problems.append("\(where_): 2 to 5 answers") }
                    if empty(question.question) || question.answers.contains(where: { empty($0.text) || empty($0.explanation) }) {
                        problems.append("\(where_): the question, every answer and its explanation need Dutch and English")
                    }
                }
            }
        }
        return problems
    }
}

/// A council member's answers to one lesson's quiz, as sent: each question's chosen answer, counted from 1.
public struct QuizAttempt: Sendable, Equatable {
    public struct Result: Sendable, Equatable {
        public let question: QuizQuestion
        /// The chosen answer's position, from 0.
        public let chosen: Int
        public var isCorrect: Bool { chosen == question.correctIndex }
    }

    public let results: [Result]

    public var correct: Int { results.filter(\.isCorrect).count }
    public var allCorrect: Bool { correct == results.count }

    /// Reads the form of a lesson's quiz (`q1`, `q2`, … with the answer's number), and the lesson it says it is for
    /// (`lesson`: "module/number"): answers for another lesson, an unanswered question or a number out of range are
    /// refused, each with its own message.
    public static func read(_ values: [String: String], lesson: Lesson, module: String, number: Int) throws(StoreFailure) -> QuizAttempt {
        guard values["lesson"] == "\(module)/\(number)" else { throw StoreFailure.conflict("learning.error.other_lesson") }
        return try read(values, quiz: lesson.quiz)
    }

    /// Reads the answers (`q1`, `q2`, …) to these questions: every one answered, each with a number in range.
    public static func read(_ values: [String: String], quiz: [QuizQuestion]) throws(StoreFailure) -> QuizAttempt {
        var errors: [FieldError] = []
        var results: [Result] = []
        for (index, question) in quiz.enumerated() {
            let field = "q\(index + 1)"
            let raw = values[field] ?? ""
            guard !raw.isEmpty else {
                errors.append(FieldError(field: field, message: "learning.error.unanswered"))
                continue
            }
            guard let chosen = Validate.number(raw, in: 1...question.answers.count) else {
                errors.append(FieldError(field: field, message: "error.form_tampered"))
                continue
            }
            results.append(Result(question: question, chosen: chosen - 1))
        }
        guard errors.isEmpty else { throw .fields(errors) }
        return QuizAttempt(results: results)
    }
}
