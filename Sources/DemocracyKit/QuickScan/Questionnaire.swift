import Foundation

/// The questionnaire one respondent group sees: one page per theme, then a page with the municipality's own
/// questions, and the rules for what a page may send.
public struct Questionnaire: Sendable {
    public static let fieldPrefix = "a:"
    public static let maxOpenAnswerLength = 5000
    /// How many themes a respondent may put in their top three.
    public static let topThree = 3
    /// The field an error on the top-three page is about: the group of choices as a whole.
    public static let topThreeField = fieldPrefix + "top-drie"

    public struct Item: Sendable, Equatable {
        public let id: String
        public let kind: QuestionBank.QuestionKind
        public let text: LocalizedText
    }

    public struct Page: Sendable, Equatable {
        public let number: Int
        /// The theme's id, or nil for the page with the municipality's own questions and the top three.
        public let themeID: String?
        public let title: LocalizedText
        public let items: [Item]
        /// The page where the respondent picks at most three themes to improve first: its items are the themes'
        /// priority questions, each a choice.
        public var isTopThree = false
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
        let choosing = bank.priorityScale == .topThree
        let themes = bank.themes(for: group)
        var pages = themes.enumerated().map { index, theme in
            Page(
                number: index + 1, themeID: theme.id, title: theme.name(for: group),
                items: theme.questions(for: group).filter { !(choosing && $0.kind == .priority) }.map {
                    Item(id: $0.question.id, kind: $0.kind, text: $0.question.wording(for: group))
                })
        }
        let priorities = themes.map(\.priority).filter { $0.isAsked(of: group) }
        if choosing && !priorities.isEmpty {
            var page = Page(
                number: pages.count + 1, themeID: nil,
                title: LocalizedText(nl: "Wat moet als eerste beter?", en: "What should improve first?"),
                items: priorities.map { Item(id: $0.id, kind: .priority, text: $0.wording(for: group)) })
            page.isTopThree = true
            pages.append(page)
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
        if page.isTopThree { return acceptTopThree(page, form: form) }
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

    /// The top three: a ticked theme sends 5; at most three. The chosen ones are kept as 5 and the others as 1, so
    /// the counts give each theme's share of the top three; nothing ticked is no answer.
    private func acceptTopThree(_ page: Page, form: [String: String]) -> Result<[String: String], Problem> {
        let ids = Set(page.items.map(\.id))
        var chosen = Set<String>()
        for (key, raw) in form where key.hasPrefix(Self.fieldPrefix) {
            let id = String(key.dropFirst(Self.fieldPrefix.count))
            guard ids.contains(id), raw == String(ScaleAnswer.five.rawValue) else { return .failure(.tampered) }
            chosen.insert(id)
        }
        guard chosen.count <= Self.topThree else {
            return .failure(.fields([FieldError(field: Self.topThreeField, message: "error.top_three_limit", limit: Self.topThree)]))
        }
        guard !chosen.isEmpty else { return .success([:]) }
        return .success(
            Dictionary(uniqueKeysWithValues: ids.map { ($0, String((chosen.contains($0) ? ScaleAnswer.five : .one).rawValue)) }))
    }

    /// Replaces the answers of one page in a saved draft.
    public func merge(draft: [String: String], page number: Int, answers: [String: String]) -> [String: String] {
        let onPage = Set(page(number)?.items.map(\.id) ?? [])
        return draft.filter { !onPage.contains($0.key) && questionIDs.contains($0.key) }.merging(answers) { $1 }
    }

    /// The first page with a scale question not yet answered, to resume at; nil when all are answered. Open
    /// questions and the top three are optional, so they do not hold a respondent back.
    public func firstOpenPage(draft: [String: String]) -> Int? {
        pages.first { page in !page.isTopThree && page.items.contains { $0.kind != .open && draft[$0.id] == nil } }?.number
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
