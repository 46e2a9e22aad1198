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

    static func modules(_ modules: LearningCatalogue, filter: Filter, req: Request) -> ModulesContext {
        let language = req.language
        let form = FormState(req, values: ["soort": filter.kind?.rawValue ?? "", "thema": filter.theme?.rawValue ?? ""])
        let all = [(value: "", label: req.t("learning.all"))]
        let found = modules.byTitle(language).filter(filter.matches)
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

    struct LessonLink: Encodable {
        let label: String
        let url: String
        /// For a signed-in person: done, or the best result so far.
        let state: String?
    }

    struct ModuleContext: Encodable {
        let listURL: String
        let title: String
        let aim: String
        let facts: [Fact]
        let lessons: [LessonLink]
        let progress: String?
        let progressURL: String?
        let sources: [Source]
        let startURL: String
        /// For programme staff: where to edit the module and each lesson, and its versions.
        let editing: Editing?
    }

    struct Editing: Encodable {
        let version: String
        let moduleURL: String
        let lessons: [Link]
        let versionsURL: String
    }

    static func module(_ module: LearningModule, version: Int, progress: ModuleProgress?, canEdit: Bool, req: Request) -> ModuleContext {
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
                LessonLink(
                    label: lesson.title(language), url: LearningURL.lesson(id, .value(index + 1)).path,
                    state: progress.map { progress in
                        guard let result = progress.result(of: index + 1) else { return req.t("learning.state_not_started") }
                        return result.isDone
                            ? req.t("learning.state_done") : req.t("learning.state_best", String(result.best), String(result.questions))
                    })
            },
            progress: progress.map { req.t("learning.module_progress", String($0.done), String(module.lessons.count)) },
            progressURL: progress == nil ? nil : LearningURL.progress.path,
            sources: module.sources.map { Source(title: $0.title, publisher: $0.publisher, url: $0.url) },
            startURL: LearningURL.lesson(id, .value(1)).path,
            editing: canEdit
                ? Editing(
                    version: version == 0 ? req.t("learning.edit.version_shipped") : req.t("learning.edit.version", String(version)),
                    moduleURL: LearningURL.editModule(id).path,
                    lessons: module.lessons.enumerated().map { index, lesson in
                        Link(
                            label: req.t("learning.edit.lesson_link", String(index + 1), lesson.title(language)),
                            url: LearningURL.editLesson(id, .value(index + 1)).path)
                    }, versionsURL: LearningURL.versions(id).path) : nil)
    }

    struct QuestionView: Encodable {
        /// The question as the shared radios partial renders it: its answers in display order, the chosen one kept.
        let field: FormField
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
        /// For a signed-in person: what was kept, and the certificate earned now.
        let kept: String?
        let certificateURL: String?
        let previousURL: String?
        let nextURL: String?
    }

    static func lesson(
        _ lesson: Lesson, number: Int, of module: LearningModule, catalogue: LearningCatalogue, form: FormState, attempt: QuizAttempt?,
        kept: LessonKept?, req: Request
    ) -> LessonContext {
        let language = req.language
        let id = Parameter.value(module.id)
        return LessonContext(
            moduleTitle: module.title(language), moduleURL: LearningURL.module(id).path,
            position: req.t("learning.lesson_of", String(number), String(module.lessons.count)), title: lesson.title(language),
            bodyHTML: catalogue.html(module: module.id, lesson: number, language),
            action: LearningURL.lesson(id, .value(number)).path, lessonKey: "\(module.id)/\(number)", errors: form.summary,
            questions: quizQuestions(
                lesson.quiz, orders: lesson.quiz.indices.map { catalogue.answerOrder(module: module.id, lesson: number, question: $0) },
                attempt: attempt, form: form, req: req),
            score: attempt.map { req.t("learning.score", String($0.correct), String($0.results.count)) },
            kept: kept.map { kept in
                kept.certificateCode != nil
                    ? req.t("learning.kept_certificate")
                    : req.t((attempt?.allCorrect ?? false) ? "learning.kept_done" : "learning.kept_try_again")
            },
            certificateURL: kept?.certificateCode.map { LearningURL.certificate.with([("code", $0)]) },
            previousURL: number > 1 ? LearningURL.lesson(id, .value(number - 1)).path : nil,
            nextURL: number < module.lessons.count ? LearningURL.lesson(id, .value(number + 1)).path : nil)
    }
}

extension LearningPages {
    struct ProgressRow: Encodable {
        let title: String
        let url: String
        let done: String
        let lessons: [String]
        let certificateURL: String?
    }

    struct ProgressContext: Encodable {
        let rows: [ProgressRow]
        let modulesURL: String
        let selfTestURL: String
        let checkURL: String
    }

    static func progress(
        _ results: [LearningResultRecord], certificates: [LearningCertificate], modules: LearningCatalogue, req: Request
    ) -> ProgressContext {
        let language = req.language
        let started = Dictionary(grouping: results, by: \.moduleID)
        let rows = modules.modules.filter { started[$0.id] != nil }.map { module in
            let progress = ModuleProgress(module: module, results: (started[module.id] ?? []).map(\.result))
            return ProgressRow(
                title: module.title(language), url: LearningURL.module(.value(module.id)).path,
                done: req.t("learning.module_progress", String(progress.done), String(module.lessons.count)),
                lessons: progress.results.sorted { $0.lesson < $1.lesson }.map {
                    req.t("learning.lesson_result", String($0.lesson), String($0.best), String($0.questions))
                },
                certificateURL: certificates.first { $0.moduleID == module.id }.map { LearningURL.certificate.with([("code", $0.code)]) })
        }
        return ProgressContext(
            rows: rows, modulesURL: LearningURL.modules.path, selfTestURL: LearningURL.selfTest.path, checkURL: LearningURL.certificate.path
        )
    }

    struct CertificateContext: Encodable {
        let action: String
        let errors: [ErrorSummaryItem]?
        let code: FormField
        let holder: String?
        let module: String?
        let minutes: String?
        let issued: String?
        let certificateCode: String?
        let checkURL: String
    }

    /// A quiz's questions as the shared radios partial renders them (`q1`, `q2`, … in the given order of answers),
    /// and once answered, whether each was right and why: a lesson's quiz and the undermining quiz's levels.
    static func quizQuestions(_ quiz: [QuizQuestion], orders: [[Int]], attempt: QuizAttempt?, form: FormState, req: Request)
        -> [QuestionView]
    {
        let language = req.language
        return quiz.enumerated().map { index, question in
            let result = attempt?.results[index]
            return QuestionView(
                field: form.field(
                    "q\(index + 1)", type: "radios", label: "\(index + 1). " + question.question(language),
                    options: orders[index].map { (String($0 + 1), question.answers[$0].text(language)) }),
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
        }
    }

    static func check(_ form: FormState, req: Request) -> CertificateContext {
        CertificateContext(
            action: LearningURL.certificate.path, errors: form.summary,
            code: form.field("code", label: req.t("learning.field_code"), hint: req.t("learning.hint_code")), holder: nil, module: nil,
            minutes: nil, issued: nil, certificateCode: nil, checkURL: LearningURL.certificate.path)
    }

    static func certificate(_ certificate: LearningCertificate, module: LearningModule?, req: Request) -> CertificateContext {
        CertificateContext(
            action: LearningURL.certificate.path, errors: nil, code: FormState(req).field("code", label: req.t("learning.field_code")),
            holder: certificate.holder, module: module?.title(req.language) ?? certificate.moduleID,
            minutes: module.map { req.t("learning.minutes", String($0.minutes)) }, issued: Format.date(certificate.issuedAt, req.language),
            certificateCode: certificate.code, checkURL: LearningURL.certificate.path)
    }
}
