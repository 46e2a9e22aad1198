import DemocracyKit
import Vapor

/// What the ParticipatieWijzer's pages show, made from the methods and the request's language.
enum ParticipationPages {
    struct Link: Encodable {
        let label: String
        let url: String
    }

    struct MethodItem: Encodable {
        let name: String
        let url: String
        let summary: String
        let facts: String
        let reaches: String?
    }

    struct MethodsContext: Encodable {
        let action: String
        let phase: FormField
        let influence: FormField
        let group: FormField
        let isFiltered: Bool
        let summary: String
        let items: [MethodItem]
        let advisorURL: String
    }

    static func range(_ range: ParticipationMethod.Range, _ language: Language) -> String {
        range.from == range.to
            ? Format.number(range.from, language) : Format.number(range.from, language) + "–" + Format.number(range.to, language)
    }

    /// "4–12 weken"; "1 week".
    static func weeks(_ range: ParticipationMethod.Range, req: Request) -> String {
        req.t("participation.weeks", Self.range(range, req.language), String(range.to))
    }

    static func euros(_ range: ParticipationMethod.Range, _ language: Language) -> String {
        "€ " + Format.number(range.from, language) + " – € " + Format.number(range.to, language)
    }

    /// "Raadplegen tot adviseren · 4–12 weken · € 5.000 – € 30.000"
    static func facts(_ method: ParticipationMethod, req: Request) -> String {
        let language = req.language
        let levels = method.influence.sorted()
        let influence =
            levels.count > 1
            ? req.t("participation.influence_range", levels[0].name(language), levels.last!.name(language).lowercased())
            : levels[0].name(language)
        return [influence, weeks(method.weeks, req: req), euros(method.cost, language)]
            .joined(separator: " · ")
    }

    /// "Jongeren" for a label; the names are written for use inside a sentence.
    static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    static func list(_ groups: [ParticipantGroup], _ language: Language) -> String {
        groups.map { $0.name(language) }.joined(separator: ", ")
    }

    static func methods(_ methods: [ParticipationMethod], filter: MethodFilter, req: Request) -> MethodsContext {
        let language = req.language
        let form = FormState(
            req,
            values: [
                "fase": filter.phase?.rawValue ?? "", "invloed": filter.influence?.rawValue ?? "", "groep": filter.group?.rawValue ?? "",
            ])
        let all = [(value: "", label: req.t("participation.all"))]
        return MethodsContext(
            action: ParticipationURL.methods.path,
            phase: form.field(
                "fase", type: "select", label: req.t("participation.phase"),
                options: all + PolicyPhase.allCases.map { ($0.rawValue, $0.name(language)) }),
            influence: form.field(
                "invloed", type: "select", label: req.t("participation.influence"),
                options: all + InfluenceLevel.allCases.map { ($0.rawValue, $0.name(language)) }),
            group: form.field(
                "groep", type: "select", label: req.t("participation.reaches_filter"),
                options: all + ParticipantGroup.allCases.map { ($0.rawValue, capitalized($0.name(language))) }),
            isFiltered: filter.isFiltered, summary: req.t("participation.count", String(methods.count)),
            items: methods.sorted { $0.name(language) < $1.name(language) }.map { method in
                MethodItem(
                    name: method.name(language), url: ParticipationURL.method(.value(method.id)).path, summary: method.summary(language),
                    facts: facts(method, req: req),
                    reaches: method.reaches.isEmpty ? nil : req.t("participation.reaches_list", list(method.reaches, language)))
            },
            advisorURL: ParticipationURL.advisor.path)
    }

    struct Example: Encodable {
        let text: String
        let source: String
    }

    struct Rating: Encodable {
        let name: String
        let score: Int
        let text: String
    }

    struct MethodContext: Encodable {
        let listURL: String
        let name: String
        let summary: String
        let phases: String
        let influence: String
        let scale: String
        let weeks: String
        let cost: String
        let online: String
        let ratings: [Rating]
        let reaches: String?
        let misses: String?
        let pitfalls: [String]
        let examples: [Example]
        let offers: [Link]
        let focusAreas: String
        let advisorURL: String
    }

    static func method(_ method: ParticipationMethod, offers: [Offer], req: Request) -> MethodContext {
        let language = req.language
        return MethodContext(
            listURL: ParticipationURL.methods.path, name: method.name(language), summary: method.summary(language),
            phases: capitalized(method.phases.map { $0.shortName(language) }.joined(separator: ", ")),
            influence: method.influence.sorted().map { $0.name(language) }.joined(separator: ", "),
            scale: capitalized(method.scale.map { $0.shortName(language) }.joined(separator: ", ")),
            weeks: weeks(method.weeks, req: req), cost: euros(method.cost, language),
            online: req.t(method.online ? "participation.online_yes" : "participation.online_no"),
            ratings: DemocraticValue.allCases.map { value in
                Rating(
                    name: value.name(language), score: method.value(value),
                    text: req.t("participation.rating", String(method.value(value))))
            },
            reaches: method.reaches.isEmpty ? nil : list(method.reaches, language),
            misses: method.misses.isEmpty ? nil : list(method.misses, language),
            pitfalls: method.pitfalls.map { $0(language) },
            examples: method.examples.map { Example(text: $0.text(language), source: $0.source) },
            offers: method.offers.compactMap { slug in
                offers.first { $0.slug == slug && $0.status.isAvailable }.map {
                    Link(label: $0.title(language), url: CatalogueURL.show(.value(slug)).path)
                }
            },
            focusAreas: method.focusAreas.map { "\($0.rawValue). " + $0.name(language) }.joined(separator: ", "),
            advisorURL: ParticipationURL.advisor.path)
    }

    struct PickItem: Encodable {
        let number: Int
        let name: String
        let url: String
        let facts: String
        let reasons: [String]
    }

    /// The advisor's question, asked the same way on the advisor and on a participation plan.
    struct QuestionFields: Encodable {
        let project: FormField
        let phase: FormField
        let influence: FormField
        let groups: FormField
        let scale: FormField
        let weeks: FormField
        let budget: FormField
    }

    static func questionFields(_ form: FormState, req: Request) -> QuestionFields {
        let language = req.language
        return QuestionFields(
            project: form.field("project", label: req.t("participation.project"), hint: req.t("participation.project_hint")),
            phase: form.field(
                "phase", type: "radios", label: req.t("participation.phase"),
                options: PolicyPhase.allCases.map { ($0.rawValue, $0.name(language)) }),
            influence: form.field(
                "influence", type: "radios", label: req.t("participation.influence_question"), hint: req.t("participation.influence_hint"),
                options: InfluenceLevel.allCases.map { ($0.rawValue, $0.name(language) + ": " + $0.explanation(language)) }),
            groups: form.field(
                "groups", type: "checkboxes", label: req.t("participation.groups"), optional: true,
                options: ParticipantGroup.allCases.map { ($0.rawValue, capitalized($0.name(language))) }),
            scale: form.field(
                "scale", type: "select", label: req.t("participation.scale"),
                options: [("", req.t("participation.choose"))] + ParticipationScale.allCases.map { ($0.rawValue, $0.name(language)) }),
            weeks: form.field("weeks", label: req.t("participation.weeks_question"), hint: req.t("participation.weeks_hint")),
            budget: form.field("budget", label: req.t("participation.budget"), hint: req.t("participation.budget_hint")))
    }

    struct AdvisorContext: Encodable {
        let action: String
        let errors: [ErrorSummaryItem]?
        let question: QuestionFields
        let adviceFor: String?
        let picks: [PickItem]
        let warnings: [String]
        /// "Maak er een participatieplan van" for each municipality the person writes plans for.
        let planLinks: [Link]
        /// Example questions to start from, while there is no advice.
        let examples: [Link]
        let methodsURL: String
    }

    /// `planFor` names the municipalities (code, name) whose plans the person writes.
    static func advisor(form: FormState, advice: (AdvisorQuestion, Advice)?, planFor: [(String, String)], req: Request) -> AdvisorContext {
        let language = req.language
        let query = req.url.query.map { "?" + $0 } ?? ""
        return AdvisorContext(
            action: ParticipationURL.advisor.path, errors: form.summary, question: questionFields(form, req: req),
            adviceFor: advice.map { req.t("participation.advice_for", $0.0.project) },
            picks: (advice?.1.picks ?? []).enumerated().map { index, pick in
                PickItem(
                    number: index + 1, name: pick.method.name(language), url: ParticipationURL.method(.value(pick.method.id)).path,
                    facts: facts(pick.method, req: req), reasons: pick.reasons.map { $0(language) })
            },
            warnings: (advice?.1.warnings ?? []).map { $0(language) },
            planLinks: advice == nil
                ? []
                : planFor.map { code, name in
                    Link(label: req.t("plan.from_advice", name), url: PlanURL.new(.value(code)).path + query)
                },
            examples: advice != nil
                ? []
                : AdvisorQuestion.examples.map { Link(label: $0.title(language), url: ParticipationURL.advisor.with($0.question.query)) },
            methodsURL: ParticipationURL.methods.path)
    }
}
