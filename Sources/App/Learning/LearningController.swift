import DemocracyKit
import Vapor

/// What was kept of a signed-in person's quiz: and the certificate's code when it completed the module.
struct LessonKept {
    let certificateCode: String?
}

/// The learning platform's modules for everyone: the list with filters, a module, and a lesson whose quiz is checked
/// on the spot with an explanation for each answer.
struct LearningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(LearningURL.modules, use: modules)
        routes.get(LearningURL.module(.key), use: module)
        routes.get(LearningURL.lesson(.key, .key), use: lesson)
        routes.post(LearningURL.lesson(.key, .key), use: answer)
        routes.grouped(RequireSignIn()).get(LearningURL.progress, use: progress)
        routes.get(LearningURL.certificate, use: certificate)
    }

    func modules(req: Request) async throws -> Response {
        let filter = LearningPages.Filter(
            kind: req.query[String.self, at: "soort"].flatMap(LearningKind.init(rawValue:)),
            theme: req.query[String.self, at: "thema"].flatMap(LearningTheme.init(rawValue:)))
        let context = LearningPages.modules(req.application.learningModules, filter: filter, req: req)
        return try await req.render("learning/modules", title: req.t("learning.title"), context)
    }

    private func find(_ req: Request) throws -> LearningModule {
        guard let module = req.application.learningModules.module(req.parameters.get("moduleID") ?? "") else {
            throw StoreFailure.notFound("learning.error.not_found")
        }
        return module
    }

    func module(req: Request) async throws -> Response {
        let module = try find(req)
        var progress: ModuleProgress?
        if let user = req.currentUser {
            let results = try await LearningProgressStore.results(of: user, module: module.id, on: req.db)
            progress = ModuleProgress(module: module, results: results.map(\.result))
        }
        return try await req.render(
            "learning/module", title: module.title(req.language), LearningPages.module(module, progress: progress, req: req))
    }

    /// The person's modules: lessons done, best quiz results, and certificates.
    func progress(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let results = try await LearningProgressStore.results(of: user, on: req.db)
        let certificates = try await LearningProgressStore.certificates(of: user, on: req.db)
        let context = LearningPages.progress(
            results, certificates: certificates, modules: req.application.learningModules, req: req)
        return try await req.render("learning/progress", title: req.t("learning.progress_title"), context)
    }

    /// Checks a certificate's code: the certificate itself, printable, or the form with the reason.
    func certificate(req: Request) async throws -> Response {
        let typed = String((req.query[String.self, at: "code"] ?? "").prefix(100))
        guard !typed.isEmpty else {
            return try await req.render(
                "learning/certificate", title: req.t("learning.check_title"), LearningPages.check(FormState(req), req: req))
        }
        do {
            let certificate = try await LearningProgressStore.check(typed, from: req.clientAddress, app: req.application)
            let context = LearningPages.certificate(
                certificate, module: req.application.learningModules.module(certificate.moduleID), req: req)
            return try await req.render("learning/certificate", title: req.t("learning.certificate_title"), context)
        } catch StoreFailure.fields(let errors) {
            let form = FormState(req, values: ["code": typed], errors: errors)
            return try await req.render(
                "learning/certificate", title: req.t("learning.check_title"), LearningPages.check(form, req: req), hasErrors: true,
                status: errors.contains { $0.message == "learning.error.check_limit" } ? .tooManyRequests : .notFound)
        }
    }

    private func findLesson(_ req: Request) throws -> (LearningModule, Int, Lesson) {
        let module = try find(req)
        guard let number = Validate.number(req.parameters.get("lesson"), in: 1...module.lessons.count), let lesson = module.lesson(number)
        else { throw StoreFailure.notFound("learning.error.lesson_not_found") }
        return (module, number, lesson)
    }

    func lesson(req: Request) async throws -> Response {
        let (module, number, lesson) = try findLesson(req)
        return try await renderLesson(req, module: module, number: number, lesson: lesson, form: FormState(req), attempt: nil)
    }

    func answer(req: Request) async throws -> Response {
        let (module, number, lesson) = try findLesson(req)
        let values = req.formValues(["lesson"] + lesson.quiz.indices.map { "q\($0 + 1)" })
        do {
            let attempt = try QuizAttempt.read(values, lesson: lesson, module: module.id, number: number)
            var kept: LessonKept?
            if let user = req.currentUser {
                let certificate = try await LearningProgressStore.record(
                    attempt, lesson: number, of: module, by: user, app: req.application)
                kept = LessonKept(certificateCode: certificate?.code)
            }
            return try await renderLesson(
                req, module: module, number: number, lesson: lesson, form: FormState(req, values: values), attempt: attempt, kept: kept)
        } catch StoreFailure.fields(let errors) {
            return try await renderLesson(
                req, module: module, number: number, lesson: lesson, form: FormState(req, values: values, errors: errors), attempt: nil,
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let form = FormState(req, errors: [FieldError(field: "q1", message: key)])
            return try await renderLesson(req, module: module, number: number, lesson: lesson, form: form, attempt: nil, status: .conflict)
        }
    }

    private func renderLesson(
        _ req: Request, module: LearningModule, number: Int, lesson: Lesson, form: FormState, attempt: QuizAttempt?,
        kept: LessonKept? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = LearningPages.lesson(lesson, number: number, of: module, form: form, attempt: attempt, kept: kept, req: req)
        return try await req.render(
            "learning/lesson", title: lesson.title(req.language) + " – " + module.title(req.language), context, hasErrors: form.hasErrors,
            status: status)
    }
}
