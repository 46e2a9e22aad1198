import Foundation

/// The questionnaire one respondent group sees: one page per theme, then a page with the municipality's own
/// questions, and the rules for what a page may send.
public struct Questionnaire: Sendable {
    public static let fieldPrefix = "a:"
    public static let maxOpenAnswerLength = 5000

    public struct Item: Sendable, Equatable {
        public let id: String
        public let kind: QuestionBank.QuestionKind
        public let text: LocalizedText
    }

    public struct Page: Sendable, Equatable {
        public let number: Int
        /// The theme's id, or nil for the page with the municipality's own questions.
        public let themeID: String?
        public let title: LocalizedText
        public let items: [Item]
    }

    public enum Problem: Error, Equatable {
        /// The form names a question that is not on this page for this group, or a value off the scale:
        /// it did not come from our page.
        case tampered
        /// Answers that need fixing by the respondent (too long).
        case fields([FieldError])
    }

    public let group: RespondentGroup
    public let pages: [Page]
    /// The scale of the priority questions, for their labels.
    public let priorityScale: QuestionBank.PriorityScale

    public init(bank: QuestionBank, customQuestions: [CustomQuestion], group: RespondentGroup) {
        self.group = group
        priorityScale = bank.priorityScale
        var pages = bank.themes(for: group).enumerated().map { index, theme in
            Page(
                number: index + 1, themeID: theme.id, title: theme.name(for: group),
                items: theme.questions(for: group).map { Item(id: $0.question.id, kind: $0.kind, text: $0.question.wording(for: group)) })
        }
        let own = customQuestions.filter { $0.groups.contains(group) }
        if !own.isEmpty {
            pages.append(
                Page(
                    number: pages.count + 1, themeID: nil,
                    title: LocalizedText(nl: "Vragen van uw gemeente", en: "Questions from your municipality"),
                    items: own.map { Item(id: $0.id, kind: $0.kind, text: LocalizedText(nl: $0.text, en: $0.text)) }))
        }
        self.pages = pages
    }

    public var questionIDs: Set<String> { Set(pages.flatMap { $0.items.map(\.id) }) }

    public func page(_ number: Int) -> Page? {
        number >= 1 && number <= pages.count ? pages[number - 1] : nil
    }

    /// The answers a page sent, checked. Blank answers are allowed (a respondent may skip a question) and
    /// mean "no answer"; the result holds only what was answered on this page.
    public func accept(page number: Int, form: [String: String]) -> Result<[String: String], Problem> {
        guard let page = page(number) else { return .failure(.tampered) }
        let items = Dictionary(uniqueKeysWithValues: page.items.map { ($0.id, $0) })
        var answers: [String: String] = [:]
        var errors: [FieldError] = []
        for (key, raw) in form where key.hasPrefix(Self.fieldPrefix) {
            let id = String(key.dropFirst(Self.fieldPrefix.count))
            guard let item = items[id] else { return .failure(.tampered) }
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty { continue }
            switch item.kind {
            case .statement, .priority:
                guard let number = Int(value), ScaleAnswer(rawValue: number) != nil else { return .failure(.tampered) }
                answers[id] = String(number)
            case .open:
                if value.count > Self.maxOpenAnswerLength {
                    errors.append(FieldError(field: key, message: "error.answer_too_long", limit: Self.maxOpenAnswerLength))
                }
                answers[id] = value
            }
        }
        return errors.isEmpty ? .success(answers) : .failure(.fields(errors))
    }

    /// Replaces the answers of one page in a saved draft.
    public func merge(draft: [String: String], page number: Int, answers: [String: String]) -> [String: String] {
        let onPage = Set(page(number)?.items.map(\.id) ?? [])
        return draft.filter { !onPage.contains($0.key) && questionIDs.contains($0.key) }.merging(answers) { $1 }
    }

    /// The first page with a scale question not yet answered, to resume at; nil when all are answered. Open
    /// questions are optional and most people skip them, so they do not hold a respondent back.
    public func firstOpenPage(draft: [String: String]) -> Int? {
        pages.first { page in page.items.contains { $0.kind != .open && draft[$0.id] == nil } }?.number
    }

    /// Splits a finished draft into scale answers and open answers, ready to store. Nil when nothing was answered.
    public func finish(draft: [String: String]) -> (scale: [String: ScaleAnswer], open: [String: String])? {
        var scale: [String: ScaleAnswer] = [:]
        var open: [String: String] = [:]
        for page in pages {
            for item in page.items {
                guard let value = draft[item.id] else { continue }
                if item.kind == .open {
                    open[item.id] = String(value.prefix(Self.maxOpenAnswerLength))
                } else if let number = Int(value), let answer = ScaleAnswer(rawValue: number) {
                    scale[item.id] = answer
                }
            }
        }
        return scale.isEmpty && open.isEmpty ? nil : (scale, open)
    }
}
