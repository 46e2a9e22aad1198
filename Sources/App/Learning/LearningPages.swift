import DemocracyKit
import Vapor

/// What the learning platform's pages show, made from the modules and the request's language.
enum LearningPages {
    typealias Link = ParticipationPages.Link

    /// What a visitor chose on the list of modules; nil means all.
    struct Filter: Sendable {
        let kind: LearningKind?
        let theme: LearningTheme?

        func matches(_ module: LearningModule) -> Bool {
            (kind.map { module.kind == $0 } ?? true) && (theme.map { module.theme == $0 } ?? true)
        }

        var isFiltered: Bool { kind != nil || theme != nil }
    }

    struct ModuleItem: Encodable {
        let title: String
        let url: String
        let aim: String
        let facts: String
    }

    struct ModulesContext: Encodable {
        let action: String
        let kind: FormField
        let theme: FormField
        let isFiltered: Bool
        let summary: String
        let items: [ModuleItem]
    }

    /// "Kennis · Geld en begroting · 45 minuten"
    static func facts(_ module: LearningModule, req: Request) -> String {
        [module.kind.name(req.language), module.theme.name(req.language), req.t("learning.minutes", String(module.minutes))]
            .joined(separator: " · ")
    }

    static func modules(_ modules: [LearningModule], filter: Filter, req: Request) -> ModulesContext {
        let language = req.language
        let form = FormState(req, values: ["soort": filter.kind?.rawValue ?? "", "thema": filter.theme?.rawValue ?? ""])
        let all = [(value: "", label: req.t("learning.all"))]
        let found = modules.filter(filter.matches).sorted { $0.title(language) < $1.title(language) }
        return ModulesContext(
            action: LearningURL.modules.path,
            kind: form.field(
                "soort", type: "select", label: req.t("learning.kind"),
                options: all + LearningKind.allCases.map { ($0.rawValue, $0.name(language)) }),
            theme: form.field(
                "thema", type: "select", label: req.t("learning.theme"),
                options: all + LearningTheme.allCases.map { ($0.rawValue, $0.name(language)) }),
            isFiltered: filter.isFiltered, summary: req.t("learning.count", String(found.count)),
            items: found.map {
                ModuleItem(
                    title: $0.title(language), url: LearningURL.module(.value($0.id)).path, aim: $0.aim(language),
                    facts: facts($0, req: req))
            })
    }

    struct Source: Encodable {
        let title: String
        let publisher: String
        let url: String
    }

    struct ModuleContext: Encodable {
        let listURL: String
        let title: String
        let aim: String
        let facts: [Fact]
        let lessons: [Link]
        let sources: [Source]
        let startURL: String
    }

    static func module(_ module: LearningModule, req: Request) -> ModuleContext {
        let language = req.language
        let id = Parameter.value(module.id)
        return ModuleContext(
            listURL: LearningURL.modules.path, title: module.title(language), aim: module.aim(language),
            facts: [
                Fact(label: req.t("learning.kind"), value: module.kind.name(language)),
                Fact(label: req.t("learning.theme"), value: module.theme.name(language)),
                Fact(label: req.t("learning.duration"), value: req.t("learning.minutes", String(module.minutes))),
                Fact(label: req.t("learning.competences"), value: module.competences.map { $0.name(language) }.joined(separator: ", ")),
                Fact(
                    label: req.t("learning.focus_areas"),
                    value: module.focusAreas.map { "\($0.rawValue). " + $0.name(language) }.joined(separator: ", ")),
            ],
            lessons: module.lessons.enumerated().map { index, lesson in
                Link(label: lesson.title(language), url: LearningURL.lesson(id, .value(index + 1)).path)
            },
            sources: module.sources.map { Source(title: $0.title, publisher: $0.publisher, url: $0.url) },
            startURL: LearningURL.lesson(id, .value(1)).path)
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    struct QuestionView: Encodable {
        let name: String
        let number: Int
        let text: String
        let options: [Option]
        let error: String?
        /// Once answered: whether it was right, and why.
        let verdict: String?
        let isCorrect: Bool
        let explanation: String?
        let rightAnswer: String?
    }

    struct LessonContext: Encodable {
        let moduleTitle: String
        let moduleURL: String
        let position: String
        let title: String
        let bodyHTML: String
        let action: String
        let lessonKey: String
        let errors: [ErrorSummaryItem]?
        let questions: [QuestionView]
        let score: String?
        let previousURL: String?
        let nextURL: String?
    }

    static func lesson(
        _ lesson: Lesson, number: Int, of module: LearningModule, form: FormState, attempt: QuizAttempt?, req: Request
    ) -> LessonContext {
        let language = req.language
        let id = Parameter.value(module.id)
        return LessonContext(
            moduleTitle: module.title(language), moduleURL: LearningURL.module(id).path,
            position: req.t("learning.lesson_of", String(number), String(module.lessons.count)), title: lesson.title(language),
            bodyHTML: SafeMarkdown.html(from: lesson.body(language), headingsFrom: 2),
            action: LearningURL.lesson(id, .value(number)).path, lessonKey: "\(module.id)/\(number)", errors: form.summary,
            questions: lesson.quiz.enumerated().map { index, question in
                let name = "q\(index + 1)"
                let result = attempt?.results[index]
                let chosen = result.map { String($0.chosen + 1) } ?? form.values[name] ?? ""
                return QuestionView(
                    name: name, number: index + 1, text: question.question(language),
                    options: question.displayOrder(place: "\(module.id)/\(number)/\(index + 1)").map { answerIndex in
                        Option(
                            value: String(answerIndex + 1), label: question.answers[answerIndex].text(language),
                            selected: chosen == String(answerIndex + 1))
                    },
                    error: form.errors.first { $0.field == name }.map { req.message(for: $0) },
                    verdict: result.map { req.t($0.isCorrect ? "learning.right" : "learning.wrong") },
                    isCorrect: result?.isCorrect ?? false,
                    explanation: result.map { question.answers[$0.chosen].explanation(language) },
                    rightAnswer: result.flatMap { result in
                        result.isCorrect
                            ? nil
                            : req.t(
                                "learning.right_answer", question.answers[question.correctIndex].text(language),
                                question.answers[question.correctIndex].explanation(language))
                    })
            },
            score: attempt.map { req.t("learning.score", String($0.correct), String($0.results.count)) },
            previousURL: number > 1 ? LearningURL.lesson(id, .value(number - 1)).path : nil,
            nextURL: number < module.lessons.count ? LearningURL.lesson(id, .value(number + 1)).path : nil)
    }
}
