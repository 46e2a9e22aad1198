import Foundation

/// What a municipality asks the advisor: its question, and what it can promise and spend.
public struct AdvisorQuestion: Codable, Sendable, Equatable {
    public static let maxProjectLength = 300

    public let project: String
    public let phase: PolicyPhase
    /// The influence the council is willing to give.
    public let influence: InfluenceLevel
    /// Groups that must be heard.
    public let groups: [ParticipantGroup]
    public let scale: ParticipationScale
    /// Weeks until the result is needed.
    public let weeks: Int
    /// Euros available.
    public let budget: Int

    public init(
        project: String, phase: PolicyPhase, influence: InfluenceLevel, groups: [ParticipantGroup], scale: ParticipationScale,
        weeks: Int, budget: Int
    ) {
        self.project = project
        self.phase = phase
        self.influence = influence
        self.groups = groups
        self.scale = scale
        self.weeks = weeks
        self.budget = budget
    }

    /// Questions a municipality might bring, for the advisor's page to start from: each gives a full mix on the
    /// published methods (a test holds them to it).
    public static let examples: [(title: LocalizedText, question: AdvisorQuestion)] = [
        (
            LocalizedText(
                nl: "Een wijk aardgasvrij maken, met ouderen en mensen die weinig Nederlands spreken",
                en: "Making a neighbourhood gas-free, with older people and people who speak little Dutch"),
            AdvisorQuestion(
                project: "Een wijk aardgasvrij maken", phase: .plan, influence: .coproduceren, groups: [.ouderen, .anderstaligen],
                scale: .wijk, weeks: 30, budget: 60_000)
        ),
        (
            LocalizedText(
                nl: "Een nieuw speelplein in de buurt, samen met jongeren en ouders",
                en: "A new playground in the neighbourhood, together with young people and parents"),
            AdvisorQuestion(
                project: "Een nieuw speelplein in de buurt", phase: .plan, influence: .meebeslissen, groups: [.jongeren, .ouders],
                scale: .buurt, weeks: 16, budget: 25_000)
        ),
        (
            LocalizedText(
                nl: "Een advies van inwoners over de Omgevingsvisie van de hele gemeente",
                en: "Advice from inhabitants on the whole municipality's environmental vision"),
            AdvisorQuestion(
                project: "Advies van inwoners over de Omgevingsvisie", phase: .agenda, influence: .adviseren,
                groups: [.jongeren, .laaggeletterden, .ondernemers], scale: .gemeente, weeks: 40, budget: 150_000)
        ),
    ]

    /// The question as the advisor's address carries it, so a link can open its advice.
    public var query: [(String, String)] {
        [
            ("advies", "ja"), ("project", project), ("phase", phase.rawValue), ("influence", influence.rawValue),
        ] + groups.map { ("groups[]", $0.rawValue) } + [
            ("scale", scale.rawValue), ("weeks", String(weeks)), ("budget", String(budget)),
        ]
    }

    public static let weeksRange = 1...260
    public static let budgetRange = 0...10_000_000

    /// Reads the form. Every field is checked at the edge; a form with nothing chosen gets a message per field
    /// (`StoreFailure.fields`).
    public static func read(_ values: [String: String], groups: [String]) throws -> AdvisorQuestion {
        var errors: [FieldError] = []
        let project = (values["project"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = Validate.required(project, field: "project", max: maxProjectLength) { errors.append(error) }
        let phase = PolicyPhase(rawValue: values["phase"] ?? "")
        if phase == nil { errors.append(FieldError(field: "phase", message: "participation.error.phase")) }
        let influence = InfluenceLevel(rawValue: values["influence"] ?? "")
        if influence == nil { errors.append(FieldError(field: "influence", message: "participation.error.influence")) }
        let chosen = groups.compactMap(ParticipantGroup.init(rawValue:))
        if chosen.count != groups.count { errors.append(FieldError(field: "groups", message: "error.form_tampered")) }
        let scale = ParticipationScale(rawValue: values["scale"] ?? "")
        if scale == nil { errors.append(FieldError(field: "scale", message: "participation.error.scale")) }
        let weeks = Validate.number(values["weeks"], in: weeksRange)
        if weeks == nil {
            errors.append(FieldError(field: "weeks", message: "participation.error.weeks", limit: weeksRange.upperBound))
        }
        let budget = Validate.number(values["budget"]?.replacingOccurrences(of: ".", with: ""), in: budgetRange)
        if budget == nil { errors.append(FieldError(field: "budget", message: "participation.error.budget")) }
        guard errors.isEmpty, let phase, let influence, let scale, let weeks, let budget else { throw StoreFailure.fields(errors) }
        return AdvisorQuestion(
            project: project, phase: phase, influence: influence, groups: ParticipantGroup.allCases.filter(chosen.contains),
            scale: scale, weeks: weeks, budget: budget)
    }
}

/// The advised mix: two to four methods, ranked, each with its reasons, and the warnings.
public struct Advice: Sendable, Equatable {
    public struct Pick: Sendable, Equatable {
        public let method: ParticipationMethod
        public let reasons: [LocalizedText]
    }

    public let picks: [Pick]
    public let warnings: [LocalizedText]
}

/// The ParticipatieWijzer's advice (docs/participation.md): pure and deterministic, so the same question always gets
/// the same mix. Methods that do not fit the phase, the scale, the time or the budget are left out. The first pick
/// is the method that best fits the question on its own; each next pick is the one that adds most to the mix so
/// far: groups nobody in the mix reaches yet, values the mix is weak in, and the promised influence when the mix
/// does not give it yet. The mix stops at four, or from two on when the next method would add little or would
/// bring neither a group nor a strength the mix lacks (its reasons would have nothing to say).
public enum ParticipationAdvisor {
    public static let maxPicks = 4
    public static let minPicks = 2
    /// A value of at least this counts as a strength of the mix.
    public static let strongValue = 4
    /// Below this gain a third or fourth method is not worth its cost.
    public static let minimumGain = 6.0

    public static func advise(_ question: AdvisorQuestion, methods: [ParticipationMethod]) -> Advice {
        let candidates = methods.filter { method in
            method.phases.contains(question.phase) && method.scale.contains(question.scale)
                && method.weeks.from <= question.weeks && method.cost.from <= question.budget
        }.sorted { $0.id < $1.id }
        var picks: [(method: ParticipationMethod, reasons: [LocalizedText])] = []
        var remaining = candidates
        while picks.count < maxPicks, !remaining.isEmpty {
            let mix = picks.map(\.method)
            let scored = remaining.map { ($0, gain(of: $0, to: mix, for: question)) }
            guard let best = scored.max(by: { ($0.1, $1.0.id) < ($1.1, $0.0.id) }) else { break }
            if picks.count >= minPicks && (best.1 < minimumGain || !adds(best.0, to: mix, for: question)) { break }
            picks.append((best.0, reasons(for: best.0, joining: mix, question: question)))
            remaining.removeAll { $0.id == best.0.id }
        }
        return Advice(
            picks: picks.map { Advice.Pick(method: $0.method, reasons: $0.reasons) }, warnings: warnings(picks.map(\.method), question))
    }

    /// What a method adds to the mix so far for this question; for an empty mix, how well it fits on its own.
    static func gain(of method: ParticipationMethod, to mix: [ParticipationMethod], for question: AdvisorQuestion) -> Double {
        let reachedBefore = Set(mix.flatMap(\.reaches))
        let needed = Set(question.groups)
        // Groups that must be heard: reaching one nobody in the mix reaches is worth most; missing one costs.
        let newGroups = Set(method.reaches).intersection(needed).subtracting(reachedBefore).count
        let missedGroups = Set(method.misses).intersection(needed).subtracting(reachedBefore).count
        var gain = Double(newGroups) * 12 - Double(missedGroups) * 6
        // The promised influence: a mix that cannot give it yet gains most from a method that can.
        let mixGives = mix.map(\.highestInfluence).max()
        if method.highestInfluence >= question.influence {
            gain += (mixGives.map { $0 >= question.influence } ?? false) ? 2 : 14
        } else {
            gain -= Double(question.influence.rank - method.highestInfluence.rank) * 3
        }
        // Values: what the question leans on counts double; a value the mix already has strongly counts little.
        for value in DemocraticValue.allCases {
            let rating = Double(method.value(value))
            let best = Double(mix.map { $0.value(value) }.max() ?? 0)
            let weight = emphasis(value, question)
            gain += weight * (best >= Double(strongValue) ? max(0, rating - best) * 0.5 + 0.2 * rating : max(0, rating - best))
        }
        // The same kind twice adds little: an online method next to an online one.
        if !mix.isEmpty && mix.contains(where: { $0.online == method.online && $0.online }) { gain -= 4 }
        return gain
    }

    /// Whether a method brings the mix a group that must be heard or a strength it lacks.
    static func adds(_ method: ParticipationMethod, to mix: [ParticipationMethod], for question: AdvisorQuestion) -> Bool {
        let reachedBefore = Set(mix.flatMap(\.reaches))
        let newGroup = question.groups.contains { method.reaches.contains($0) && !reachedBefore.contains($0) }
        let newStrength = DemocraticValue.allCases.contains { value in
            method.value(value) >= strongValue && (mix.map { $0.value(value) }.max() ?? 0) < strongValue
        }
        return newGroup || newStrength
    }

    /// How much a value counts for this question.
    static func emphasis(_ value: DemocraticValue, _ question: AdvisorQuestion) -> Double {
        let high = question.influence >= .adviseren
        switch value {
        case .invloed: return high ? 2 : 1
        case .deliberatie: return high ? 1.5 : 0.5
        case .inclusiviteit, .representativiteit: return question.groups.isEmpty ? 1 : 2
        case .toegankelijkheid: return question.groups.isEmpty ? 0.5 : 1.5
        case .transparantie: return 1
        case .efficientie: return question.budget < 20_000 || question.weeks < 8 ? 1.5 : 0.5
        }
    }

    /// Why a method is in the mix, in short B1 sentences.
    static func reasons(for method: ParticipationMethod, joining mix: [ParticipationMethod], question: AdvisorQuestion)
        -> [LocalizedText]
    {
        var reasons: [LocalizedText] = []
        let level = method.highestInfluence
        reasons.append(
            LocalizedText(
                nl: "Past in de fase ‘\(question.phase.name.nl)’ en geeft invloed tot en met \(level.name.nl.lowercased()).",
                en: "Fits the phase ‘\(question.phase.name.en)’ and gives influence up to \(level.name.en.lowercased())."))
        let reachedBefore = Set(mix.flatMap(\.reaches))
        let reached = question.groups.filter(method.reaches.contains)
        let newlyReached = reached.filter { !reachedBefore.contains($0) }
        if !newlyReached.isEmpty {
            let names = list(newlyReached.map(\.name))
            reasons.append(
                mix.isEmpty
                    ? LocalizedText(nl: "Bereikt \(names.nl).", en: "Reaches \(names.en).")
                    : LocalizedText(
                        nl: "Vult aan: bereikt \(names.nl), die de methoden hiervoor minder goed bereiken.",
                        en: "Adds to the mix: reaches \(names.en), whom the methods above reach less well."))
        }
        let strengths = DemocraticValue.allCases.filter { value in
            method.value(value) >= strongValue && (mix.map { $0.value(value) }.max() ?? 0) < strongValue
        }
        if !strengths.isEmpty {
            let names = list(strengths.map(\.name))
            reasons.append(
                mix.isEmpty
                    ? LocalizedText(nl: "Sterk in \(names.nl).", en: "Strong in \(names.en).")
                    : LocalizedText(
                        nl: "Vult aan: sterk in \(names.nl), waar de mix nog zwak was.",
                        en: "Adds to the mix: strong in \(names.en), where the mix was still weak."))
        }
        let missed = question.groups.filter(method.misses.contains)
        if !missed.isEmpty {
            let names = list(missed.map(\.name))
            reasons.append(LocalizedText(nl: "Bereikt minder goed: \(names.nl).", en: "Reaches less well: \(names.en)."))
        }
        if let pitfall = method.pitfalls.first {
            reasons.append(LocalizedText(nl: "Let op: " + pitfall.nl, en: "Watch out: " + pitfall.en))
        }
        return reasons
    }

    /// Where the promise and the mix do not match, and which groups the mix does not reach.
    static func warnings(_ mix: [ParticipationMethod], _ question: AdvisorQuestion) -> [LocalizedText] {
        var warnings: [LocalizedText] = []
        if mix.isEmpty {
            return [
                LocalizedText(
                    nl: "Geen methode past bij deze fase, schaal, tijd en dit budget. Geef meer tijd of geld, of kies een andere schaal.",
                    en: "No method fits this phase, scale, time and budget. Allow more time or money, or choose another scale.")
            ]
        }
        let gives = mix.map(\.highestInfluence).max() ?? .informeren
        if gives < question.influence {
            warnings.append(
                LocalizedText(
                    nl:
                        "U belooft \(question.influence.name.nl.lowercased()), maar deze methoden geven hoogstens \(gives.name.nl.lowercased()). Beloof minder, of geef meer tijd of geld voor een methode die meer invloed geeft.",
                    en:
                        "You promise \(question.influence.name.en.lowercased()), but these methods give at most \(gives.name.en.lowercased()). Promise less, or allow more time or money for a method that gives more influence."
                ))
        }
        if gives > question.influence && mix.contains(where: { $0.influence.allSatisfy { $0 > question.influence } }) {
            warnings.append(
                LocalizedText(
                    nl:
                        "Een methode in deze mix wekt de verwachting van meer invloed dan u belooft (\(question.influence.name.nl.lowercased())). Zeg vooraf duidelijk wat er met de uitkomst gebeurt.",
                    en:
                        "A method in this mix raises the expectation of more influence than you promise (\(question.influence.name.en.lowercased())). Say clearly beforehand what happens with the outcome."
                ))
        }
        let unreached = question.groups.filter { group in !mix.contains { $0.reaches.contains(group) } }
        if !unreached.isEmpty {
            let names = list(unreached.map(\.name))
            warnings.append(
                LocalizedText(
                    nl: "Geen methode in deze mix bereikt goed: \(names.nl). Zoek samenwerking met organisaties die deze mensen kennen.",
                    en: "No method in this mix reaches well: \(names.en). Work with organisations that know these people."))
        }
        return warnings
    }

    /// "a, b en c" / "a, b and c".
    static func list(_ names: [LocalizedText]) -> LocalizedText {
        func join(_ parts: [String], _ and: String) -> String {
            parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " \(and) " + parts.last!
        }
        return LocalizedText(nl: join(names.map(\.nl), "en"), en: join(names.map(\.en), "and"))
    }
}
