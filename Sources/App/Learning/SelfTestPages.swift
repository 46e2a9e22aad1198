import DemocracyKit
import Vapor

/// What the self-test's pages show.
enum SelfTestPages {
    typealias Link = ParticipationPages.Link

    struct FormContext: Encodable {
        let action: String
        let errors: [ErrorSummaryItem]?
        let statements: [FormField]
        let earlier: [Link]
        let signedIn: Bool
    }

    /// The scale's words, from 1 to 5.
    static func scale(_ req: Request) -> [String] {
        [
            req.t("learning.scale_1"), req.t("learning.scale_2"), req.t("learning.scale_3"), req.t("learning.scale_4"),
            req.t("learning.scale_5"),
        ]
    }

    static func form(_ test: SelfTest, form: FormState, earlier: [SelfTestResult], signedIn: Bool, req: Request) -> FormContext {
        let words = scale(req)
        return FormContext(
            action: LearningURL.selfTest.path, errors: form.summary,
            statements: test.statements.enumerated().map { index, statement in
                form.field(
                    SelfTest.field(statement), type: "radios", label: "\(index + 1). " + statement.text(req.language),
                    options: SelfTest.scale.map { (String($0), words[$0 - 1]) })
            },
            earlier: earlier.compactMap { result in
                result.id.map {
                    Link(label: Format.dateTime(result.takenAt, req.language), url: LearningURL.selfTestResult(.value($0)).path)
                }
            }, signedIn: signedIn)
    }

    struct Row: Encodable {
        let name: String
        let score: Int
        let change: String?
    }

    struct AdviceItem: Encodable {
        let title: String
        let url: String
        let reason: String
        let facts: String
    }

    struct ResultContext: Encodable {
        let takenAt: String?
        let previous: String?
        let chart: String
        let rows: [Row]
        let advice: [AdviceItem]
        let retakeURL: String
        let modulesURL: String
        let signedIn: Bool
    }

    static func result(
        _ profile: CompetenceProfile, previous: (CompetenceProfile, Date)?, takenAt: Date?, modules: [LearningModule], req: Request
    ) -> ResultContext {
        let language = req.language
        let change = previous.map { profile.change(since: $0.0) } ?? [:]
        let competences = Competence.allCases.filter { profile.scores[$0] != nil }
        let chart = SVGChart.horizontalBars(
            competences.map {
                SVGChart.Bar(
                    label: $0.shortName(language), value: Double(profile.scores[$0] ?? 0), valueLabel: String(profile.scores[$0] ?? 0))
            },
            maximum: 100, title: req.t("learning.chart_title"), description: req.t("learning.chart_description"), id: "profiel")
        return ResultContext(
            takenAt: takenAt.map { req.t("learning.taken_at", Format.dateTime($0, language)) },
            previous: previous.map { req.t("learning.compared_with", Format.dateTime($0.1, language)) }, chart: chart,
            rows: competences.map { competence in
                Row(
                    name: competence.name(language), score: profile.scores[competence] ?? 0,
                    change: change[competence].map { $0 > 0 ? "+\($0)" : ($0 == 0 ? "0" : "−\(-$0)") })
            },
            advice: LearningAdvice.advise(profile, modules: modules).map { item in
                AdviceItem(
                    title: item.module.title(language), url: LearningURL.module(.value(item.module.id)).path, reason: item.reason(language),
                    facts: LearningPages.facts(item.module, req: req))
            },
            retakeURL: LearningURL.selfTest.path, modulesURL: LearningURL.modules.path, signedIn: req.currentUser != nil)
    }
}
