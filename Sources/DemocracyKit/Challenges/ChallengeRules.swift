import Foundation

/// A condition a challenge must meet, as participatieverordeningen name them (docs/challenges.md). A municipality
/// chooses which of these its rules hold; the first check and the official advice assess each chosen one.
public enum ChallengeCondition: String, CaseIterable, Codable, Sendable {
    case bestaandeTaak = "bestaande-taak"
    case geworteld
    case meerwaarde
    case capaciteit
    case draagvlak
    case rechtsvorm
    case kosten
    case geenWettelijkeTaak = "geen-wettelijke-taak"
    case geenMarktpartij = "geen-marktpartij"

    public var name: LocalizedText {
        switch self {
        case .bestaandeTaak: LocalizedText(nl: "Het is een taak die de gemeente nu doet", en: "It is a task the municipality does now")
        case .geworteld: LocalizedText(nl: "U bent een groep uit de buurt of het dorp", en: "You are a group from the area")
        case .meerwaarde: LocalizedText(nl: "Het is goed voor de buurt of het dorp", en: "It adds social value to the area")
        case .capaciteit: LocalizedText(nl: "U kunt het ook echt doen", en: "You can really do it")
        case .draagvlak: LocalizedText(nl: "Mensen in de buurt steunen het", en: "People in the area support it")
        case .rechtsvorm: LocalizedText(nl: "U bent een stichting, vereniging of coöperatie", en: "You are a legal entity")
        case .kosten: LocalizedText(nl: "Het kost niet meer dan nu", en: "It costs no more than now")
        case .geenWettelijkeTaak:
            LocalizedText(nl: "Het is geen taak die alleen de overheid mag doen", en: "It is not a task only the government may do")
        case .geenMarktpartij: LocalizedText(nl: "U bent geen bedrijf dat winst wil maken", en: "You are not a company seeking profit")
        }
    }

    /// What the condition asks, in one or two plain sentences.
    public var explanation: LocalizedText {
        switch self {
        case .bestaandeTaak:
            LocalizedText(
                nl: "U neemt een taak over die de gemeente nu zelf doet of laat doen, en waar nu geld voor is.",
                en: "You take over a task the municipality does now, or has done, and that has a budget now.")
        case .geworteld:
            LocalizedText(
                nl: "De groep bestaat uit mensen die in de buurt of het dorp wonen of werken.",
                en: "The group is made up of people who live or work in the area.")
        case .meerwaarde:
            LocalizedText(
                nl: "U doet het beter, slimmer of dichter bij de mensen. Bijvoorbeeld: meer mensen doen mee of de buurt wordt schoner.",
                en: "You do it better, smarter or closer to people. For example: more people take part, or the area gets cleaner.")
        case .capaciteit:
            LocalizedText(
                nl: "U heeft genoeg mensen, kennis en tijd om de taak goed en lang genoeg te doen.",
                en: "You have enough people, knowledge and time to do the task well, and for long enough.")
        case .draagvlak:
            LocalizedText(
                nl: "U laat zien dat mensen in de buurt het plan steunen, bijvoorbeeld met handtekeningen of een bijeenkomst.",
                en: "You show that people in the area support the plan, for example with signatures or a meeting.")
        case .rechtsvorm:
            LocalizedText(
                nl: "Voor een afspraak met de gemeente is een stichting, vereniging of coöperatie nodig. Die mag nog in oprichting zijn.",
                en: "An agreement with the municipality needs a foundation, association or cooperative. It may still be in formation.")
        case .kosten:
            LocalizedText(
                nl: "De gemeente betaalt voor de taak niet meer dan zij nu betaalt.",
                en: "The municipality pays no more for the task than it pays now.")
        case .geenWettelijkeTaak:
            LocalizedText(
                nl: "Taken die de wet alleen aan de overheid geeft, zoals vergunningen en handhaving, kunt u niet overnemen.",
                en: "Tasks the law gives only to the government, such as permits and enforcement, cannot be taken over.")
        case .geenMarktpartij:
            LocalizedText(
                nl: "Het uitdaagrecht is voor inwoners. Een bedrijf dat winst wil maken, kan meedoen aan een aanbesteding.",
                en: "The right to challenge is for inhabitants. A company seeking profit can take part in a tender.")
        }
    }
}

/// A term of the procedure: how many weeks the municipality has for a step, and from which moment it counts.
public enum ChallengeTerm: String, CaseIterable, Codable, Sendable {
    /// The first check, from the day the challenge came in.
    case ontvankelijkheid
    /// The first conversation with civil servants, from the day the challenge passed the first check.
    case gesprek
    /// The official advice, from the day the worked-out proposal came in.
    case advies
    /// The college's decision, from the day the worked-out proposal came in.
    case besluit
    /// The agreement, from the day of the college's decision.
    case overeenkomst

    public var defaultWeeks: Int {
        switch self {
        case .ontvankelijkheid: 4
        case .gesprek: 4
        case .advies: 4
        case .besluit: 8
        case .overeenkomst: 6
        }
    }

    public var name: LocalizedText {
        switch self {
        case .ontvankelijkheid: LocalizedText(nl: "Eerste toets", en: "First check")
        case .gesprek: LocalizedText(nl: "Eerste gesprek", en: "First conversation")
        case .advies: LocalizedText(nl: "Ambtelijk advies", en: "Official advice")
        case .besluit: LocalizedText(nl: "Besluit van het college", en: "Decision of the college")
        case .overeenkomst: LocalizedText(nl: "Overeenkomst", en: "Agreement")
        }
    }

    /// The sentence on the public page: "Binnen {0} weken na …".
    public var sentenceKey: String {
        switch self {
        case .ontvankelijkheid: return "challenge.term_sentence.ontvankelijkheid"
        case .gesprek: return "challenge.term_sentence.gesprek"
        case .advies: return "challenge.term_sentence.advies"
        case .besluit: return "challenge.term_sentence.besluit"
        case .overeenkomst: return "challenge.term_sentence.overeenkomst"
        }
    }
}

/// A municipality's own rules for the uitdaagrecht, from its participatieverordening.
public struct ChallengeRules: Equatable, Sendable {
    public var enabled: Bool
    /// The municipality's own introduction (Markdown), Dutch and English.
    public var intro: LocalizedText
    /// Tasks it names as open to a challenge, one per line.
    public var openTasks: [String]
    /// Tasks it names as excluded.
    public var excludedTasks: [String]
    public var conditions: [ChallengeCondition]
    public var weeks: [ChallengeTerm: Int]

    public static let maxIntro = 4_000
    public static let maxTask = 160
    public static let maxTasks = 40
    public static let weekRange = 1...52

    public init(
        enabled: Bool, intro: LocalizedText, openTasks: [String], excludedTasks: [String], conditions: [ChallengeCondition],
        weeks: [ChallengeTerm: Int]
    ) {
        self.enabled = enabled
        self.intro = intro
        self.openTasks = openTasks
        self.excludedTasks = excludedTasks
        self.conditions = ChallengeCondition.allCases.filter(conditions.contains)
        self.weeks = weeks
    }

    /// Switched off, with every condition and the usual terms: where a municipality starts.
    public static let starting = ChallengeRules(
        enabled: false, intro: LocalizedText(nl: "", en: ""), openTasks: [], excludedTasks: [], conditions: ChallengeCondition.allCases,
        weeks: [:])

    public func weeks(_ term: ChallengeTerm) -> Int { weeks[term] ?? term.defaultWeeks }

    /// Tasks typed one per line: trimmed, empty lines dropped, each only once.
    public static func lines(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// What is wrong with rules as typed. Switched on, they need at least one open task and one condition.
    public static func problems(
        enabled: Bool, introNl: String, introEn: String, openTasks: String, excludedTasks: String, conditions: [String],
        weeks: [ChallengeTerm: String]
    ) -> [FieldError] {
        var errors: [FieldError] = []
        for (field, value) in [("introNl", introNl), ("introEn", introEn)] {
            if let error = Validate.optional(value, field: field, max: maxIntro) { errors.append(error) }
        }
        for (field, text) in [("openTasks", openTasks), ("excludedTasks", excludedTasks)] {
            let tasks = lines(text)
            if tasks.count > maxTasks {
                errors.append(FieldError(field: field, message: "challenge.error.too_many_tasks", limit: maxTasks))
            } else if tasks.contains(where: { $0.count > maxTask }) {
                errors.append(FieldError(field: field, message: "challenge.error.task_too_long", limit: maxTask))
            }
        }
        if enabled && lines(openTasks).isEmpty {
            errors.append(FieldError(field: "openTasks", message: "challenge.error.open_tasks_required"))
        }
        let open = Set(lines(openTasks).map { $0.lowercased() })
        if lines(excludedTasks).contains(where: { open.contains($0.lowercased()) }) {
            errors.append(FieldError(field: "excludedTasks", message: "challenge.error.task_both"))
        }
        if conditions.contains(where: { ChallengeCondition(rawValue: $0) == nil }) {
            errors.append(FieldError(field: "conditions", message: "error.form_tampered"))
        } else if enabled && conditions.isEmpty {
            errors.append(FieldError(field: "conditions", message: "challenge.error.conditions_required"))
        }
        for term in ChallengeTerm.allCases where Validate.number(weeks[term], in: weekRange) == nil {
            errors.append(FieldError(field: "weeks-\(term.rawValue)", message: "challenge.error.weeks", limit: weekRange.upperBound))
        }
        return errors
    }
}
