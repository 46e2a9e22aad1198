import Foundation
import Yams

/// The sectors the signals of undermining crime are grouped by.
public enum UnderminingSector: String, CaseIterable, Codable, Sendable {
    case vastgoed, horeca, vergunningen, subsidies, bedrijventerreinen, buitengebied, bestuur

    public var name: LocalizedText {
        switch self {
        case .vastgoed: LocalizedText(nl: "Vastgoed en wonen", en: "Real estate and housing")
        case .horeca: LocalizedText(nl: "Horeca en winkels", en: "Hospitality and shops")
        case .vergunningen: LocalizedText(nl: "Vergunningen", en: "Permits")
        case .subsidies: LocalizedText(nl: "Subsidies", en: "Subsidies")
        case .bedrijventerreinen: LocalizedText(nl: "Bedrijventerreinen", en: "Business parks")
        case .buitengebied: LocalizedText(nl: "Buitengebied", en: "Rural areas")
        case .bestuur: LocalizedText(nl: "Bestuur en politiek", en: "Government and politics")
        }
    }
}

/// A signal of undermining crime: what one may see, why it matters, and what to do. A signal is never proof.
public struct UnderminingSignal: Codable, Sendable, Equatable, Identifiable {
    public let id: String
    public let sector: UnderminingSector
    public let title: LocalizedText
    public let signal: LocalizedText
    public let why: LocalizedText
    public let action: LocalizedText
}

/// An article of the knowledge base: Markdown, rendered with `SafeMarkdown`, with the public sources it rests on.
public struct KnowledgeArticle: Codable, Sendable, Equatable, Identifiable {
    public let id: String
    public let title: LocalizedText
    public let summary: LocalizedText
    public let body: LocalizedText
    public let sources: [LearningSource]
}

/// A level of the quiz: its questions in the format of the learning platform's quizzes.
public struct QuizLevel: Codable, Sendable, Equatable {
    public let level: Int
    public let title: LocalizedText
    public let intro: LocalizedText
    public let questions: [QuizQuestion]
}

/// The knowledge of "Ondermijning: herkennen en melden", read from `Resources/Data/resilience/` at start-up and
/// checked: a wrong file stops start-up with the file and the reason.
public struct UnderminingLibrary: Sendable {
    public let signals: [UnderminingSignal]
    public let articles: [KnowledgeArticle]
    public let levels: [QuizLevel]

    public init(signals: [UnderminingSignal], articles: [KnowledgeArticle], levels: [QuizLevel]) {
        self.signals = signals
        self.articles = articles
        self.levels = levels.sorted { $0.level < $1.level }
    }

    private struct SignalFile: Codable { let signals: [UnderminingSignal] }
    private struct ArticleFile: Codable { let articles: [KnowledgeArticle] }
    private struct QuizFile: Codable { let levels: [QuizLevel] }

    public static func load(signals: String, articles: String, quiz: String) throws -> UnderminingLibrary {
        func fail(_ file: String, _ reason: String) -> QuestionBank.LoadError {
            QuestionBank.LoadError(file: file, line: nil, reason: reason)
        }
        let library = UnderminingLibrary(
            signals: try YAMLDecoder().decode(SignalFile.self, from: signals).signals,
            articles: try YAMLDecoder().decode(ArticleFile.self, from: articles).articles,
            levels: try YAMLDecoder().decode(QuizFile.self, from: quiz).levels)
        func complete(_ text: LocalizedText) -> Bool {
            !text.nl.trimmingCharacters(in: .whitespaces).isEmpty && !text.en.trimmingCharacters(in: .whitespaces).isEmpty
        }
        let signalIDs = library.signals.map(\.id)
        guard !signalIDs.isEmpty, Set(signalIDs).count == signalIDs.count else {
            throw fail("signals.yaml", "every signal needs its own id")
        }
        for signal in library.signals where ![signal.title, signal.signal, signal.why, signal.action].allSatisfy(complete) {
            throw fail("signals.yaml", "signal \(signal.id) needs every text in Dutch and English")
        }
        let articleIDs = library.articles.map(\.id)
        guard !articleIDs.isEmpty, Set(articleIDs).count == articleIDs.count else {
            throw fail("articles.yaml", "every article needs its own id")
        }
        for article in library.articles {
            guard [article.title, article.summary, article.body].allSatisfy(complete), !article.sources.isEmpty else {
                throw fail("articles.yaml", "article \(article.id) needs its texts in Dutch and English and a source")
            }
        }
        guard library.levels.map(\.level) == Array(1...max(1, library.levels.count)), !library.levels.isEmpty else {
            throw fail("quiz.yaml", "the levels must be numbered 1, 2, 3, … without gaps")
        }
        for level in library.levels {
            guard !level.questions.isEmpty else { throw fail("quiz.yaml", "level \(level.level) has no questions") }
            for (index, question) in level.questions.enumerated()
            where question.answers.filter(\.correct).count != 1 || question.answers.count < 2 {
                throw fail("quiz.yaml", "level \(level.level), question \(index + 1): give two or more answers, exactly one right")
            }
        }
        return library
    }

    public func article(_ id: String) -> KnowledgeArticle? { articles.first { $0.id == id } }
    public func level(_ number: Int) -> QuizLevel? { levels.first { $0.level == number } }
    public func signals(in sector: UnderminingSector?) -> [UnderminingSignal] {
        sector.map { sector in signals.filter { $0.sector == sector } } ?? signals
    }
}

/// The quiz's levels: the first is open to everyone; each next one opens once the one before was passed with at
/// least 80% right.
public enum QuizLevels {
    public static let passPercent = 80

    public static func passes(correct: Int, of total: Int) -> Bool {
        total > 0 && correct * 100 >= total * passPercent
    }

    /// Whether a level may be played by someone who passed these levels.
    public static func isOpen(_ level: Int, passed: Set<Int>) -> Bool {
        level == 1 || passed.contains(level - 1)
    }

    /// The order of a question's answers on the page, the same for everyone.
    public static func place(level: Int, question index: Int) -> String { "ondermijning/\(level)/\(index + 1)" }
}

/// What a reported signal goes through with the municipality's contact.
public enum SignalReportStatus: String, CaseIterable, Codable, Sendable {
    case ontvangen
    case inBehandeling = "in-behandeling"
    case afgerond

    public var name: LocalizedText {
        switch self {
        case .ontvangen: LocalizedText(nl: "Ontvangen", en: "Received")
        case .inBehandeling: LocalizedText(nl: "In behandeling", en: "Being looked into")
        case .afgerond: LocalizedText(nl: "Afgerond", en: "Closed")
        }
    }
}

/// A signal as the reporter writes it. No name, no address: only what they saw, where and when.
public struct SignalReport: Codable, Sendable, Equatable {
    public static let fieldNames = ["sector", "what", "place", "moment"]
    public static let maxText = 4_000
    public static let maxLine = 300

    public let sector: UnderminingSector?
    public let what: String
    public let place: String
    public let moment: String

    public init(sector: UnderminingSector?, what: String, place: String, moment: String) {
        self.sector = sector
        self.what = what
        self.place = place
        self.moment = moment
    }

    /// The report as typed: what was seen is required; the sector ("weet ik niet" is empty), where and when are not.
    public static func read(_ values: [String: String]) -> Result<SignalReport, StoreFailure> {
        var errors: [FieldError] = []
        func text(_ field: String) -> String { values[field, default: ""].trimmingCharacters(in: .whitespacesAndNewlines) }
        let rawSector = text("sector")
        let sector = UnderminingSector(rawValue: rawSector)
        if !rawSector.isEmpty, sector == nil { errors.append(FieldError(field: "sector", message: "error.form_tampered")) }
        if let error = Validate.required(text("what"), field: "what", max: maxText, message: "ondermijning.error.what") {
            errors.append(error)
        }
        for field in ["place", "moment"] {
            if let error = Validate.optional(text(field), field: field, max: maxLine) { errors.append(error) }
        }
        guard errors.isEmpty else { return .failure(.fields(errors)) }
        return .success(SignalReport(sector: sector, what: text("what"), place: text("place"), moment: text("moment")))
    }
}

/// The contact's handling of a report: the new status and, if wanted, a message the reporter reads with their code.
public struct SignalReply: Sendable, Equatable {
    public static let fieldNames = ["status", "reply", "version"]
    public static let maxReply = 2_000

    public let status: SignalReportStatus
    public let reply: String

    public init(status: SignalReportStatus, reply: String) {
        self.status = status
        self.reply = reply
    }

    public static func read(_ values: [String: String]) -> Result<SignalReply, StoreFailure> {
        guard let status = SignalReportStatus(rawValue: values["status", default: ""]) else {
            return .failure(.fields([FieldError(field: "status", message: "ondermijning.error.status")]))
        }
        let reply = values["reply", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = Validate.optional(reply, field: "reply", max: maxReply) { return .failure(.fields([error])) }
        return .success(SignalReply(status: status, reply: reply))
    }
}

/// A news item as programme staff write it: a title and a text in Markdown, in Dutch and, if given, English.
public struct UnderminingNewsForm: Sendable, Equatable {
    public static let fieldNames = ["titleNl", "titleEn", "bodyNl", "bodyEn"]
    public static let maxTitle = 150
    public static let maxBody = 6_000

    public let title: LocalizedText
    public let body: LocalizedText

    /// English falls back to Dutch where it was left empty.
    public static func read(_ values: [String: String]) -> Result<UnderminingNewsForm, StoreFailure> {
        var errors: [FieldError] = []
        func text(_ field: String) -> String { values[field, default: ""].trimmingCharacters(in: .whitespacesAndNewlines) }
        if let error = Validate.required(text("titleNl"), field: "titleNl", max: maxTitle, message: "ondermijning.error.news_title") {
            errors.append(error)
        }
        if let error = Validate.optional(text("titleEn"), field: "titleEn", max: maxTitle) { errors.append(error) }
        if let error = Validate.required(text("bodyNl"), field: "bodyNl", max: maxBody, message: "ondermijning.error.news_body") {
            errors.append(error)
        }
        if let error = Validate.optional(text("bodyEn"), field: "bodyEn", max: maxBody) { errors.append(error) }
        guard errors.isEmpty else { return .failure(.fields(errors)) }
        return .success(
            UnderminingNewsForm(
                title: LocalizedText(nl: text("titleNl"), en: text("titleEn").isEmpty ? text("titleNl") : text("titleEn")),
                body: LocalizedText(nl: text("bodyNl"), en: text("bodyEn").isEmpty ? text("bodyNl") : text("bodyEn"))))
    }
}
