import Foundation
import Yams

/// When in the policy cycle a method fits.
public enum PolicyPhase: String, Codable, Sendable, CaseIterable {
    case agenda, plan, besluit, uitvoering, evaluatie

    public var name: LocalizedText {
        switch self {
        case .agenda: LocalizedText(nl: "Agenda: wat is het probleem?", en: "Agenda: what is the problem?")
        case .plan: LocalizedText(nl: "Plan: welke oplossingen zijn er?", en: "Plan: which solutions are there?")
        case .besluit: LocalizedText(nl: "Besluit: wat kiezen we?", en: "Decision: what do we choose?")
        case .uitvoering: LocalizedText(nl: "Uitvoering: hoe doen we het?", en: "Execution: how do we do it?")
        case .evaluatie: LocalizedText(nl: "Evaluatie: werkte het?", en: "Evaluation: did it work?")
        }
    }

    /// The phase in one word, for a list.
    public var shortName: LocalizedText {
        switch self {
        case .agenda: LocalizedText(nl: "agenda", en: "agenda")
        case .plan: LocalizedText(nl: "plan", en: "plan")
        case .besluit: LocalizedText(nl: "besluit", en: "decision")
        case .uitvoering: LocalizedText(nl: "uitvoering", en: "execution")
        case .evaluatie: LocalizedText(nl: "evaluatie", en: "evaluation")
        }
    }
}

/// The participation ladder, from least to most influence.
public enum InfluenceLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case informeren, raadplegen, adviseren, coproduceren, meebeslissen

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (a: InfluenceLevel, b: InfluenceLevel) -> Bool { a.rank < b.rank }

    public var name: LocalizedText {
        switch self {
        case .informeren: LocalizedText(nl: "Informeren", en: "Informing")
        case .raadplegen: LocalizedText(nl: "Raadplegen", en: "Consulting")
        case .adviseren: LocalizedText(nl: "Adviseren", en: "Advising")
        case .coproduceren: LocalizedText(nl: "Coproduceren", en: "Co-producing")
        case .meebeslissen: LocalizedText(nl: "Meebeslissen", en: "Deciding together")
        }
    }

    /// What the level promises inhabitants, in one B1 sentence.
    public var explanation: LocalizedText {
        switch self {
        case .informeren:
            LocalizedText(nl: "inwoners horen wat er gaat gebeuren.", en: "inhabitants hear what is going to happen.")
        case .raadplegen:
            LocalizedText(
                nl: "inwoners geven hun mening; de gemeente weegt die mee.",
                en: "inhabitants give their opinion; the municipality takes it into account.")
        case .adviseren:
            LocalizedText(
                nl: "inwoners geven advies; de raad volgt het, of legt uit waarom niet.",
                en: "inhabitants give advice; the council follows it, or explains why not.")
        case .coproduceren:
            LocalizedText(
                nl: "inwoners en gemeente maken samen het plan.", en: "inhabitants and the municipality make the plan together.")
        case .meebeslissen:
            LocalizedText(
                nl: "inwoners beslissen mee; de raad neemt hun keuze over.",
                en: "inhabitants decide too; the council adopts their choice.")
        }
    }
}

/// Groups a method reaches well, or tends to miss.
public enum ParticipantGroup: String, Codable, Sendable, CaseIterable {
    case jongeren, laaggeletterden, ouderen, anderstaligen, ouders, ondernemers

    public var name: LocalizedText {
        switch self {
        case .jongeren: LocalizedText(nl: "jongeren", en: "young people")
        case .laaggeletterden: LocalizedText(nl: "mensen die moeite hebben met lezen", en: "people who find reading hard")
        case .ouderen: LocalizedText(nl: "ouderen", en: "older people")
        case .anderstaligen: LocalizedText(nl: "mensen die weinig Nederlands spreken", en: "people who speak little Dutch")
        case .ouders: LocalizedText(nl: "drukke ouders", en: "busy parents")
        case .ondernemers: LocalizedText(nl: "ondernemers", en: "entrepreneurs")
        }
    }
}

/// The democratic values a method is rated on, 1 to 5.
public enum DemocraticValue: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    case inclusiviteit, toegankelijkheid, transparantie, invloed, deliberatie, representativiteit, efficientie

    public var name: LocalizedText {
        switch self {
        case .inclusiviteit: LocalizedText(nl: "inclusiviteit", en: "inclusiveness")
        case .toegankelijkheid: LocalizedText(nl: "toegankelijkheid", en: "accessibility")
        case .transparantie: LocalizedText(nl: "transparantie", en: "transparency")
        case .invloed: LocalizedText(nl: "invloed", en: "influence")
        case .deliberatie: LocalizedText(nl: "samen afwegen", en: "deliberation")
        case .representativiteit: LocalizedText(nl: "representativiteit", en: "representativeness")
        case .efficientie: LocalizedText(nl: "efficiëntie", en: "efficiency")
        }
    }
}

/// Where a method works.
public enum ParticipationScale: String, Codable, Sendable, CaseIterable {
    case buurt, wijk, gemeente, regio

    public var name: LocalizedText {
        switch self {
        case .buurt: LocalizedText(nl: "Een buurt of straat", en: "A street or block")
        case .wijk: LocalizedText(nl: "Een wijk of dorp", en: "A neighbourhood or village")
        case .gemeente: LocalizedText(nl: "De hele gemeente", en: "The whole municipality")
        case .regio: LocalizedText(nl: "Meer gemeenten in de regio", en: "Several municipalities in the region")
        }
    }

    /// The scale in a word or two, for a list.
    public var shortName: LocalizedText {
        switch self {
        case .buurt: LocalizedText(nl: "buurt", en: "street or block")
        case .wijk: LocalizedText(nl: "wijk of dorp", en: "neighbourhood or village")
        case .gemeente: LocalizedText(nl: "gemeente", en: "municipality")
        case .regio: LocalizedText(nl: "regio", en: "region")
        }
    }
}

/// One participation method of the ParticipatieWijzer, read from `Resources/Data/participation/methods.yaml`.
public struct ParticipationMethod: Codable, Sendable, Equatable, Identifiable {
    public struct Range: Codable, Sendable, Equatable {
        public let from: Int
        public let to: Int

        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    public struct Example: Codable, Sendable, Equatable {
        public let nl: String
        public let en: String
        public let source: String

        public var text: LocalizedText { LocalizedText(nl: nl, en: en) }
    }

    public let id: String
    public let name: LocalizedText
    public let summary: LocalizedText
    public let phases: [PolicyPhase]
    public let influence: [InfluenceLevel]
    public let reaches: [ParticipantGroup]
    public let misses: [ParticipantGroup]
    public let values: [DemocraticValue: Int]
    /// Euros.
    public let cost: Range
    public let weeks: Range
    public let scale: [ParticipationScale]
    public let online: Bool
    public let pitfalls: [LocalizedText]
    public let examples: [Example]
    public let focusAreas: [FocusArea]
    /// Slugs of offers in the catalogue that help with this method.
    public let offers: [String]

    public init(
        id: String, name: LocalizedText, summary: LocalizedText, phases: [PolicyPhase], influence: [InfluenceLevel],
        reaches: [ParticipantGroup], misses: [ParticipantGroup], values: [DemocraticValue: Int], cost: Range, weeks: Range,
        scale: [ParticipationScale], online: Bool, pitfalls: [LocalizedText], examples: [Example], focusAreas: [FocusArea],
        offers: [String]
    ) {
        self.id = id
        self.name = name
        self.summary = summary
        self.phases = phases
        self.influence = influence
        self.reaches = reaches
        self.misses = misses
        self.values = values
        self.cost = cost
        self.weeks = weeks
        self.scale = scale
        self.online = online
        self.pitfalls = pitfalls
        self.examples = examples
        self.focusAreas = focusAreas
        self.offers = offers
    }

    /// The most influence the method can give.
    public var highestInfluence: InfluenceLevel { influence.max() ?? .informeren }

    public func value(_ value: DemocraticValue) -> Int { values[value] ?? 1 }
}

/// Every method, checked when read: a wrong file stops start-up with the file and the reason.
public struct MethodCatalogue: Sendable {
    public let methods: [ParticipationMethod]

    public init(_ methods: [ParticipationMethod]) { self.methods = methods }

    public func method(_ id: String) -> ParticipationMethod? { methods.first { $0.id == id } }

    private struct File: Decodable {
        let version: Int
        let methods: [ParticipationMethod]
    }

    public static func load(yaml: String, file: String) throws -> MethodCatalogue {
        let decoded: File
        do {
            decoded = try YAMLDecoder().decode(File.self, from: yaml)
        } catch {
            throw QuestionBank.LoadError(file: file, line: nil, reason: "is not a valid list of methods: \(error)")
        }
        let catalogue = MethodCatalogue(decoded.methods)
        if let problem = catalogue.problems().first { throw QuestionBank.LoadError(file: file, line: nil, reason: problem) }
        return catalogue
    }

    /// What is wrong with the methods: ids, ratings, ranges, groups, texts.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for method in methods {
            let id = method.id
            if !seen.insert(id).inserted { problems.append("the id \(id) is used twice") }
            if id.isEmpty || id.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "-") }) {
                problems.append("\(id): an id is lower case letters, digits and hyphens")
            }
            for value in DemocraticValue.allCases where !(1...5).contains(method.values[value] ?? 0) {
                problems.append("\(id): \(value.rawValue) needs a rating from 1 to 5")
            }
            if method.phases.isEmpty || method.influence.isEmpty || method.scale.isEmpty {
                problems.append("\(id): needs at least one phase, one level of influence and one scale")
            }
            if !Set(method.reaches).isDisjoint(with: method.misses) {
                problems.append("\(id): a group cannot be both reached and missed")
            }
            if method.cost.from < 0 || method.cost.from > method.cost.to || method.weeks.from < 1 || method.weeks.from > method.weeks.to {
                problems.append("\(id): cost and weeks run from a lower to a higher number")
            }
            let texts = [method.name, method.summary] + method.pitfalls + method.examples.map(\.text)
            if texts.contains(where: {
                $0.nl.trimmingCharacters(in: .whitespaces).isEmpty || $0.en.trimmingCharacters(in: .whitespaces).isEmpty
            }) {
                problems.append("\(id): every text needs Dutch and English")
            }
            if method.examples.contains(where: { $0.source.trimmingCharacters(in: .whitespaces).isEmpty }) {
                problems.append("\(id): every example names its source")
            }
            if method.pitfalls.isEmpty { problems.append("\(id): name at least one pitfall") }
        }
        return problems
    }
}
