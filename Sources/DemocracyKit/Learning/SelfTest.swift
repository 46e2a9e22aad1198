import Foundation
import Yams

/// One statement of the competence self-test, which a council member rates about themselves.
public struct SelfTestStatement: Codable, Sendable, Equatable {
    public let id: String
    public let competence: Competence
    public let text: LocalizedText
}

/// The competence self-test (docs/learning.md): statements rated from 1 ("dit kan ik nog niet") to 5 ("dit kan ik
/// heel goed"), a profile of 0–100 per competence, and advice on the modules for the weakest.
public struct SelfTest: Sendable {
    public let statements: [SelfTestStatement]

    public init(_ statements: [SelfTestStatement]) { self.statements = statements }

    public static let scale = 1...5
    public static let statementsPerCompetence = 3...5

    private struct File: Decodable {
        let version: Int
        let statements: [SelfTestStatement]
    }

    public static func load(yaml: String, file: String) throws -> SelfTest {
        let decoded: File
        do {
            decoded = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw QuestionBank.LoadError(file: file, line: nil, reason: "is not a valid self-test: \(error)")
        }
        let test = SelfTest(decoded.statements)
        if let problem = test.problems().first { throw QuestionBank.LoadError(file: file, line: nil, reason: problem) }
        return test
    }

    /// What is wrong with the statements: ids, texts, and how many each competence has.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for statement in statements {
            if !seen.insert(statement.id).inserted { problems.append("the id \(statement.id) is used twice") }
            if !statement.id.hasPrefix(statement.competence.rawValue + ".") {
                problems.append("\(statement.id): an id starts with its competence and a dot")
            }
            if statement.text.nl.trimmingCharacters(in: .whitespaces).isEmpty
                || statement.text.en.trimmingCharacters(in: .whitespaces).isEmpty
            {
                problems.append("\(statement.id): the text needs Dutch and English")
            }
        }
        for competence in Competence.allCases {
            let count = statements.filter { $0.competence == competence }.count
            if !Self.statementsPerCompetence.contains(count) {
                problems.append("\(competence.rawValue): has \(count) statements, not 3 to 5")
            }
        }
        return problems
    }

    /// The form's field for a statement.
    public static func field(_ statement: SelfTestStatement) -> String { "z-" + statement.id }

    /// Reads the form: every statement rated from 1 to 5. An unanswered statement or a rating out of range is named
    /// on its field.
    public func read(_ values: [String: String]) throws(StoreFailure) -> [String: Int] {
        var answers: [String: Int] = [:]
        var errors: [FieldError] = []
        for statement in statements {
            let field = Self.field(statement)
            let raw = values[field] ?? ""
            if raw.isEmpty {
                errors.append(FieldError(field: field, message: "learning.error.unrated"))
            } else if let rating = Validate.number(raw, in: Self.scale) {
                answers[statement.id] = rating
            } else {
                errors.append(FieldError(field: field, message: "error.form_tampered"))
            }
        }
        guard errors.isEmpty else { throw .fields(errors) }
        return answers
    }

    /// Per competence, the mean rating on a scale from 0 (every statement 1) to 100 (every statement 5).
    public func profile(_ answers: [String: Int]) -> CompetenceProfile {
        var scores: [Competence: Int] = [:]
        for competence in Competence.allCases {
            let ratings = statements.filter { $0.competence == competence }.compactMap { answers[$0.id] }
            guard !ratings.isEmpty else { continue }
            let mean = Double(ratings.reduce(0, +)) / Double(ratings.count)
            scores[competence] = Int(((mean - 1) / 4 * 100).rounded())
        }
        return CompetenceProfile(scores: scores)
    }
}

/// A council member's scores per competence, 0–100.
public struct CompetenceProfile: Sendable, Equatable {
    public let scores: [Competence: Int]

    public init(scores: [Competence: Int]) { self.scores = scores }

    /// Below this a competence counts as one to work on.
    public static let workOn = 75

    /// The competences to work on, weakest first (ties in the list's order), at most `limit`.
    public func weakest(limit: Int = 3) -> [Competence] {
        Competence.allCases.filter { (scores[$0] ?? 100) < Self.workOn }
            .sorted {
                (scores[$0] ?? 100, Competence.allCases.firstIndex(of: $0)!) < (scores[$1] ?? 100, Competence.allCases.firstIndex(of: $1)!)
            }
            .prefix(limit).map { $0 }
    }

    /// The change per competence since an earlier profile.
    public func change(since earlier: CompetenceProfile) -> [Competence: Int] {
        scores.reduce(into: [:]) { change, entry in
            if let before = earlier.scores[entry.key] { change[entry.key] = entry.value - before }
        }
    }

    /// As stored: the competence's id with its score.
    public var stored: [String: Int] { Dictionary(uniqueKeysWithValues: scores.map { ($0.key.rawValue, $0.value) }) }

    public init(stored: [String: Int]) {
        scores = Dictionary(uniqueKeysWithValues: stored.compactMap { key, value in Competence(rawValue: key).map { ($0, value) } })
    }
}

/// Personal learning advice: the modules that build the weakest competences, with the reason in one sentence.
public enum LearningAdvice {
    public struct Item: Sendable, Equatable {
        public let module: LearningModule
        public let competences: [Competence]
        public let reason: LocalizedText
    }

    public static let maxModules = 3

    /// Ranks each module by how much it builds of what is weak (the gap to 100 of each weak competence it names),
    /// then by fewer minutes, then by title; at most three. Nothing is weak: no advice.
    public static func advise(_ profile: CompetenceProfile, modules: [LearningModule]) -> [Item] {
        let weak = profile.weakest()
        guard !weak.isEmpty else { return [] }
        let ranked = modules.compactMap { module -> (LearningModule, [Competence], Int)? in
            let covered = weak.filter(module.competences.contains)
            guard !covered.isEmpty else { return nil }
            return (module, covered, covered.map { 100 - (profile.scores[$0] ?? 100) }.reduce(0, +))
        }
        .sorted { ($1.2, $0.0.minutes, $0.0.id) < ($0.2, $1.0.minutes, $1.0.id) }
        return ranked.prefix(maxModules).map { module, covered, _ in
            let parts = covered.map { competence in
                let score = profile.scores[competence] ?? 0
                return LocalizedText(
                    nl: competence.name.nl.lowercased() + " (\(score) van de 100)",
                    en: competence.name.en.lowercased() + " (\(score) out of 100)")
            }
            let names = ParticipationAdvisor.list(parts)
            return Item(
                module: module, competences: covered,
                reason: LocalizedText(nl: "Deze module werkt aan \(names.nl).", en: "This module works on \(names.en)."))
        }
    }
}
