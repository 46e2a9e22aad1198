import Foundation
import Yams

/// What a question bank must be before scans use it: groups compared on statements they all answer, one judgement
/// per statement, inhabitants' words at language level B1, every text in Dutch and English, and about fifteen
/// minutes long. The newest bank is read against these in the tests; docs/quickscan.md explains each rule.
public enum BankReview {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public let id: String
        public let reason: String
        public var description: String { "\(id): \(reason)" }
    }

    /// Every theme needs at least this many statements that every group answers.
    public static let minimumCoreStatements = 2
    /// B1 for inhabitants: at most this many words in a sentence …
    public static let maxSentenceWords = 15
    /// … no word longer than this …
    public static let maxWordLetters = 15
    /// … and none of these words of the town hall, also not inside a compound ("burgerparticipatie").
    public static let jargon = [
        "college", "controle", "toerusting", "weerbaar", "stukken", "participatie", "ondermijning", "integer",
        "integriteit", "griffie", "rekenkamer", "dualisme", "amendement",
    ]
    /// Jargon only as a whole word ("motie", but not "emotie").
    public static let jargonWords = ["motie", "moties"]
    /// Jargon of more than one word.
    public static let jargonPhrases = ["toe te rusten"]

    /// The findings of a bank. `joinsChecked` names the statements whose "en"/"and" was read and joins no two
    /// judgements (for example "burgemeester en wethouders", one subject).
    public static func findings(_ bank: QuestionBank, joinsChecked: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for theme in bank.themes {
            let core = theme.coreStatements.count
            if core < minimumCoreStatements {
                findings.append(
                    Finding(
                        id: theme.id, reason: "has \(core) core statement(s); every group must answer at least \(minimumCoreStatements)"))
            }
            for statement in theme.statements where !joinsChecked.contains(statement.id) {
                let texts = [statement.text] + (statement.inwoners.map { [$0] } ?? [])
                if texts.contains(where: { words($0.nl).contains("en") || words($0.en).contains("and") }) {
                    findings.append(Finding(id: statement.id, reason: "joins two parts with 'en'/'and': one judgement per statement"))
                }
            }
            let themeName = theme.name(for: .inwoners)
            for (question, _) in theme.questions {
                for text in [question.text] + (question.inwoners.map { [$0] } ?? []) + [themeName] {
                    let (nl, en) = (text.nl.trimmingCharacters(in: .whitespaces), text.en.trimmingCharacters(in: .whitespaces))
                    if nl.isEmpty || en.isEmpty || nl == en {
                        findings.append(Finding(id: question.id, reason: "needs a Dutch text and its English translation"))
                    }
                }
            }
            for (question, _) in theme.questions(for: .inwoners) {
                for problem in b1Problems(question.wording(for: .inwoners).nl) {
                    findings.append(Finding(id: question.id, reason: problem))
                }
            }
            if !theme.questions(for: .inwoners).isEmpty {
                for problem in b1Problems(themeName.nl) { findings.append(Finding(id: theme.id, reason: "name: " + problem)) }
            }
        }
        return findings
    }

    /// Where a Dutch text for inhabitants is above the B1 measure.
    public static func b1Problems(_ text: String) -> [String] {
        var problems: [String] = []
        let sentences = text.split(whereSeparator: { ".?!;:".contains($0) }).map(String.init)
        for sentence in sentences where words(sentence).count > maxSentenceWords {
            problems.append("a sentence of \(words(sentence).count) words (B1: at most \(maxSentenceWords))")
        }
        for word in words(text) where word.count > maxWordLetters {
            problems.append("'\(word)' has \(word.count) letters (B1: at most \(maxWordLetters))")
        }
        let lower = text.lowercased()
        for term in jargon where words(lower).contains(where: { $0.hasPrefix(term) || $0.hasSuffix(term) }) {
            problems.append("'\(term)' is not a word for inhabitants")
        }
        for word in jargonWords where words(lower).contains(word) { problems.append("'\(word)' is not a word for inhabitants") }
        for phrase in jargonPhrases where lower.contains(phrase) { problems.append("'\(phrase)' is not a phrase for inhabitants") }
        return problems
    }

    /// The words of a text, lower case, without punctuation; "(uitdaagrecht)" is one word.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "'") })
            .map(String.init).filter { !$0.isEmpty && $0 != "-" }
    }

    /// How long a group's questionnaire is: its questions and an estimate of the minutes it takes.
    public struct Length: Sendable, Equatable {
        public let statements: Int
        public let priorities: Int
        public let openQuestions: Int
        /// The priorities are one page where the respondent picks a top three.
        public let topThree: Bool
        /// 8 seconds a statement; 6 a priority question, or 30 for the page of the top three; and 20 an open
        /// question (one in three people write an answer, which takes about a minute).
        public var seconds: Int { statements * 8 + (topThree ? 30 : priorities * 6) + openQuestions * 20 }
        public var minutes: Double { Double(seconds) / 60 }
    }

    public static let maxMinutes = 15.0

    public static func length(of bank: QuestionBank, for group: RespondentGroup) -> Length {
        let questions = bank.themes.flatMap { $0.questions(for: group) }
        return Length(
            statements: questions.filter { $0.kind == .statement }.count,
            priorities: questions.filter { $0.kind == .priority }.count,
            openQuestions: questions.filter { $0.kind == .open }.count, topThree: bank.priorityScale == .topThree)
    }
}

/// How the statements of one bank relate to the next: carried over (same id, same meaning in every group), changed
/// (a new id), new, or dropped. Read from `Resources/Data/quickscan/changes/`; start-up stops on a file that does
/// not fit its banks.
public struct BankChanges: Decodable, Sendable, Equatable {
    public struct Entry: Decodable, Sendable, Equatable {
        public let id: String
        public let reason: String
    }
    public struct Change: Decodable, Sendable, Equatable {
        public let from: String
        public let to: [String]
        public let reason: String
    }

    public let from: String
    public let to: String
    public let carried: [Entry]
    public let changed: [Change]
    public let new: [Entry]
    public let dropped: [Entry]

    public static func load(yaml: String, file: String) throws -> BankChanges {
        do {
            return try YAMLDecoder().decode(BankChanges.self, from: yaml)
        } catch {
            throw QuestionBank.LoadError(file: file, line: nil, reason: "is not a valid list of changes: \(error)")
        }
    }

    /// What does not fit: a statement of either bank not named, or named twice; a carried id that is not in both
    /// banks, or an id in both that is not carried (the trend would compare it); a reason left empty.
    public func problems(old: QuestionBank, new newBank: QuestionBank) -> [String] {
        var problems: [String] = []
        if old.version != from || newBank.version != to {
            problems.append("names \(from) → \(to), but the banks are \(old.version) → \(newBank.version)")
        }
        let (oldIDs, newIDs) = (old.statementIDs, newBank.statementIDs)
        let carriedIDs = carried.map(\.id)
        let namedOld = carriedIDs + changed.map(\.from) + dropped.map(\.id)
        let namedNew = carriedIDs + Array(Set(changed.flatMap(\.to))) + new.map(\.id)
        for id in oldIDs.sorted() where namedOld.filter({ $0 == id }).count != 1 {
            problems.append("\(id) of \(old.version) must be named once as carried, changed or dropped")
        }
        for id in newIDs.sorted() where namedNew.filter({ $0 == id }).count != 1 {
            problems.append("\(id) of \(newBank.version) must be named once as carried, the result of a change, or new")
        }
        for id in Set(namedOld).subtracting(oldIDs).sorted() { problems.append("\(id) is not a statement of \(old.version)") }
        for id in Set(namedNew).subtracting(newIDs).sorted() { problems.append("\(id) is not a statement of \(newBank.version)") }
        let shared = oldIDs.intersection(newIDs)
        for id in shared.subtracting(carriedIDs).sorted() {
            problems.append("\(id) is in both banks, so reports compare it: list it as carried or give it a new id")
        }
        let reasons = carried.map(\.reason) + changed.map(\.reason) + new.map(\.reason) + dropped.map(\.reason)
        if reasons.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { problems.append("every entry needs a reason") }
        return problems
    }
}
