import Foundation
import Yams

/// The questions of the Quick Scan, read from a versioned YAML file. A scan keeps the version it was opened
/// with, so wording can improve without changing the meaning of earlier answers.
public struct QuestionBank: Sendable, Equatable {
    public let version: String
    public let themes: [Theme]
    /// The scale of the priority questions.
    public let priorityScale: PriorityScale

    /// How a bank asks how important improvement is.
    public enum PriorityScale: String, Codable, Sendable {
        /// 2026.1: per theme, niet belangrijk … zeer dringend. One negative label against four positive ones,
        /// importance mixed with urgency, and answers that cluster at the top.
        case importance
        /// From 2026.2: one page after the themes where each respondent picks at most three themes to improve
        /// first. A chosen theme's priority question is stored as 5, the others as 1, so its score (0–100) is the
        /// share of the group that put it in their top three.
        case topThree

        public func label(_ value: Int) -> LocalizedText {
            switch (self, value) {
            case (.importance, 1): LocalizedText(nl: "Niet belangrijk", en: "Not important")
            case (.importance, 2): LocalizedText(nl: "Een beetje belangrijk", en: "Slightly important")
            case (.importance, 3): LocalizedText(nl: "Belangrijk", en: "Important")
            case (.importance, 4): LocalizedText(nl: "Heel belangrijk", en: "Very important")
            case (.importance, 5): LocalizedText(nl: "Zeer dringend", en: "Very urgent")
            case (.topThree, ScaleAnswer.five.rawValue): LocalizedText(nl: "In mijn top drie", en: "In my top three")
            case (.topThree, _): LocalizedText(nl: "Niet gekozen", en: "Not chosen")
            default: LocalizedText(nl: "Weet niet", en: "Don't know")
            }
        }

        /// A group's "verbeterkans" needs at least this priority (see `ReportRules`).
        public var opportunityFrom: Double {
            switch self {
            case .importance: ReportRules.opportunityPriorityFrom
            case .topThree: ReportRules.opportunityTopThreeFrom
            }
        }
    }

    public struct Theme: Codable, Sendable, Equatable {
        public let id: String
        public let name: LocalizedText
        /// The name inhabitants see (language level B1), where it differs.
        public let inwoners: LocalizedText?
        public let focusAreas: [FocusArea]
        public let statements: [Question]
        public let priority: Question
        public let open: Question?

        public init(
            id: String, name: LocalizedText, inwoners: LocalizedText? = nil, focusAreas: [FocusArea], statements: [Question],
            priority: Question, open: Question?
        ) {
            self.id = id
            self.name = name
            self.inwoners = inwoners
            self.focusAreas = focusAreas
            self.statements = statements
            self.priority = priority
            self.open = open
        }

        /// Every question of the theme, in the order a respondent meets them.
        public var questions: [(question: Question, kind: QuestionKind)] {
            statements.map { ($0, .statement) } + [(priority, .priority)] + (open.map { [($0, .open)] } ?? [])
        }

        public func questions(for group: RespondentGroup) -> [(question: Question, kind: QuestionKind)] {
            questions.filter { $0.question.isAsked(of: group) }
        }

        public func name(for group: RespondentGroup) -> LocalizedText { group == .inwoners ? (inwoners ?? name) : name }

        /// The statements every group answers: groups are compared on these only.
        public var coreStatements: [Question] { statements.filter(\.isCore) }
    }

    public struct Question: Codable, Sendable, Equatable {
        public let id: String
        public let text: LocalizedText
        /// Wording for inhabitants (language level B1), where it differs.
        public let inwoners: LocalizedText?
        /// The groups that see this question; nil means all four.
        public let groups: [RespondentGroup]?

        public init(id: String, text: LocalizedText, inwoners: LocalizedText? = nil, groups: [RespondentGroup]? = nil) {
            self.id = id
            self.text = text
            self.inwoners = inwoners
            self.groups = groups
        }

        public func isAsked(of group: RespondentGroup) -> Bool { groups?.contains(group) ?? true }

        /// Asked of every group, in wording fit for each and with the same meaning.
        public var isCore: Bool { RespondentGroup.allCases.allSatisfy(isAsked(of:)) }

        public func wording(for group: RespondentGroup) -> LocalizedText {
            group == .inwoners ? (inwoners ?? text) : text
        }
    }

    public enum QuestionKind: String, Codable, Sendable, CaseIterable {
        /// How it works now: agreement on the five-point scale, or "weet niet".
        case statement
        /// How important improvement is.
        case priority
        /// A free answer.
        case open
    }

    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public let file: String
        public let line: Int?
        public let reason: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }

        public init(file: String, line: Int?, reason: String) {
            self.file = file
            self.line = line
            self.reason = reason
        }
    }

    public init(version: String, themes: [Theme], priorityScale: PriorityScale = .importance) {
        self.version = version
        self.themes = themes
        self.priorityScale = priorityScale
    }

    /// Every statement id of the bank.
    public var statementIDs: Set<String> { Set(themes.flatMap { $0.statements.map(\.id) }) }

    /// The same bank with only the statements the other banks have too (same id), each for the groups that
    /// answer it in every one of them; a theme left without statements is left out. Reports built on it compare
    /// two versions, or municipalities on different versions, on the same statements put to the same groups.
    public func restricted(toStatementsOf others: [QuestionBank]) -> QuestionBank {
        let kept = themes.compactMap { theme -> Theme? in
            let statements = theme.statements.compactMap { statement -> Question? in
                var groups = RespondentGroup.allCases.filter(statement.isAsked(of:))
                for other in others {
                    guard let match = other.find(statement.id), match.kind == .statement else { return nil }
                    groups = groups.filter(match.question.isAsked(of:))
                }
                guard !groups.isEmpty else { return nil }
                return Question(
                    id: statement.id, text: statement.text, inwoners: statement.inwoners,
                    groups: groups.count == RespondentGroup.allCases.count ? nil : groups)
            }
            guard !statements.isEmpty else { return nil }
            return Theme(
                id: theme.id, name: theme.name, inwoners: theme.inwoners, focusAreas: theme.focusAreas, statements: statements,
                priority: theme.priority, open: theme.open)
        }
        return QuestionBank(version: version, themes: kept, priorityScale: priorityScale)
    }

    public func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }

    /// The question with this id, its theme and kind.
    public func find(_ questionID: String) -> (theme: Theme, question: Question, kind: QuestionKind)? {
        for theme in themes {
            if let match = theme.questions.first(where: { $0.question.id == questionID }) {
                return (theme, match.question, match.kind)
            }
        }
        return nil
    }

    /// The themes a group answers, in order: one page of the questionnaire each.
    public func themes(for group: RespondentGroup) -> [Theme] {
        themes.filter { !$0.questions(for: group).isEmpty }
    }

    private struct File: Decodable {
        let version: String
        let themes: [Theme]
        let priorityScale: PriorityScale?
    }

    /// Reads and checks a bank. Every problem names the file and, where it can be found, the line.
    public static func load(yaml: String, file: String) throws -> QuestionBank {
        let decoded: File
        do {
            decoded = try YAMLDecoder().decode(File.self, from: yaml)
        } catch let error as YamlError {
            throw LoadError(file: file, line: line(of: error), reason: "is not valid YAML: \(error)")
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, let yamlError = context.underlyingError as? YamlError {
                throw LoadError(file: file, line: line(of: yamlError), reason: "is not valid YAML: \(yamlError)")
            }
            let (path, reason) = describe(error)
            let where_ = path.reduce("") { text, key in
                key.intValue.map { text + "[\($0)]" } ?? (text.isEmpty ? key.stringValue : text + "." + key.stringValue)
            }
            throw LoadError(file: file, line: line(forPath: path, in: yaml), reason: "\(where_): \(reason)")
        }
        let bank = QuestionBank(
            version: decoded.version, themes: decoded.themes, priorityScale: decoded.priorityScale ?? .importance)
        try bank.validate(yaml: yaml, file: file)
        return bank
    }

    private func validate(yaml: String, file: String) throws {
        func fail(_ id: String?, _ reason: String) -> LoadError {
            let line = id.flatMap { id in
                yaml.split(separator: "\n", omittingEmptySubsequences: false)
                    .firstIndex { $0.contains("id: \(id)") }.map { $0 + 1 }
            }
            return LoadError(file: file, line: line, reason: reason)
        }
        guard !version.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(nil, "the version is empty") }
        guard !themes.isEmpty else { throw fail(nil, "there are no themes") }
        var seen = Set<String>()
        for theme in themes {
            guard seen.insert(theme.id).inserted else { throw fail(theme.id, "the id \(theme.id) is used twice") }
            guard !theme.focusAreas.isEmpty else { throw fail(theme.id, "theme \(theme.id) has no focus area") }
            guard !theme.statements.isEmpty else { throw fail(theme.id, "theme \(theme.id) has no statements") }
            for (question, _) in theme.questions {
                guard seen.insert(question.id).inserted else { throw fail(question.id, "the id \(question.id) is used twice") }
                guard question.id.hasPrefix(theme.id + ".") else {
                    throw fail(question.id, "the id \(question.id) must start with its theme's id \(theme.id).")
                }
                guard question.groups.map({ !$0.isEmpty }) ?? true else {
                    throw fail(question.id, "\(question.id) has an empty list of groups")
                }
                for text in [question.text] + (question.inwoners.map { [$0] } ?? [])
                where text.nl.trimmingCharacters(in: .whitespaces).isEmpty || text.en.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw fail(question.id, "\(question.id) needs a Dutch and an English text")
                }
            }
            for group in RespondentGroup.allCases
            where theme.questions(for: group).contains(where: { $0.kind == .statement })
                && !theme.priority.isAsked(of: group)
            {
                throw fail(
                    theme.priority.id, "\(theme.priority.id) must be asked of \(group.rawValue), who answer statements of \(theme.id)")
            }
        }
    }

    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath, "the key '\(key.stringValue)' is missing")
        case .typeMismatch(_, let context): (context.codingPath, context.debugDescription)
        case .valueNotFound(_, let context): (context.codingPath, "a value is missing")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
    }

    /// The line of the n-th theme (and, within it, the n-th statement) that a decoding path points into.
    private static func line(forPath path: [any CodingKey], in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard path.count >= 2, path[0].stringValue == "themes", let themeIndex = path[1].intValue else { return nil }
        let themeStarts = lines.indices.filter { lines[$0].hasPrefix("  - ") }
        guard themeIndex < themeStarts.count else { return nil }
        var line = themeStarts[themeIndex]
        if path.count >= 4, path[2].stringValue == "statements", let statementIndex = path[3].intValue {
            let end = themeIndex + 1 < themeStarts.count ? themeStarts[themeIndex + 1] : lines.count
            let statementStarts = (line..<end).filter { lines[$0].hasPrefix("      - ") }
            if statementIndex < statementStarts.count { line = statementStarts[statementIndex] }
        }
        return line + 1
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}

/// A question a municipality adds to its own scan (at most four): a statement or an open question.
public struct CustomQuestion: Codable, Sendable, Equatable {
    public static let maximum = 4
    public static let maxLength = 300

    public let id: String
    public let kind: QuestionBank.QuestionKind
    public let text: String
    public let groups: [RespondentGroup]

    public init(id: String, kind: QuestionBank.QuestionKind, text: String, groups: [RespondentGroup]) {
        self.id = id
        self.kind = kind
        self.text = text
        self.groups = groups
    }

    /// Problems with a new custom question, given how many the scan has already.
    public static func validate(text: String, kind: String, groups: [String], existing: Int) -> [FieldError] {
        var errors: [FieldError] = []
        if existing >= maximum { errors.append(FieldError(field: "text", message: "error.custom_question_limit", limit: maximum)) }
        if let error = Validate.required(text, field: "text", max: maxLength) { errors.append(error) }
        if ![QuestionBank.QuestionKind.statement.rawValue, QuestionBank.QuestionKind.open.rawValue].contains(kind) {
            errors.append(FieldError(field: "kind", message: "error.choose_question_kind"))
        }
        if groups.isEmpty || groups.contains(where: { RespondentGroup(rawValue: $0) == nil }) {
            errors.append(FieldError(field: "questionGroups", message: "error.choose_groups"))
        }
        return errors
    }
}
