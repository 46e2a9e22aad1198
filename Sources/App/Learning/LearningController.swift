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
        let context = LearningPages.modules(try await req.learningModules(), filter: filter, req: req)
        return try await req.render("learning/modules", title: req.t("learning.title"), context)
    }

    /// Visitors get the page from memory, kept per module version; a signed-in person's shows their progress.
    func module(req: Request) async throws -> Response {
        let (catalogue, module) = try await req.learningModule()
        let key = "module|\(module.id)|\(catalogue.version(of: module.id))"
        return try await req.renderSharedWithVisitors(req.application.learningPages, key: key) {
            var progress: ModuleProgress?
            if let user = req.currentUser {
                let results = try await LearningProgressStore.results(of: user, module: module.id, on: req.db)
                progress = ModuleProgress(module: module, results: results.map(\.result))
            }
            let context = LearningPages.module(
                module, version: catalogue.version(of: module.id), progress: progress, canEdit: req.currentUser?.isProgrammeStaff == true,
                req: req)
            return try await req.render("learning/module", title: module.title(req.language), context)
        }
    }

    /// The person's modules: lessons done, best quiz results, and certificates.
    func progress(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let results = try await LearningProgressStore.results(of: user, on: req.db)
        let certificates = try await LearningProgressStore.certificates(of: user, on: req.db)
        let context = LearningPages.progress(
            results, certificates: certificates, modules: try await req.learningModules(), req: req)
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
                certificate, module: try await req.learningModules().module(certificate.moduleID), req: req)
            return try await req.render("learning/certificate", title: req.t("learning.certificate_title"), context)
        } catch StoreFailure.fields(let errors) {
            let form = FormState(req, values: ["code": typed], errors: errors)
            return try await req.render(
                "learning/certificate", title: req.t("learning.check_title"), LearningPages.check(form, req: req), hasErrors: true,
                status: errors.contains { $0.message == "learning.error.check_limit" } ? .tooManyRequests : .notFound)
        }
    }

    /// Rendered for each request, since its quiz carries the visitor's own form token; the lesson's HTML and the
    /// order of the answers are made once in the catalogue.
    func lesson(req: Request) async throws -> Response {
        let (catalogue, module, number, lesson) = try await req.learningLesson()
        return try await renderLesson(
            req, catalogue: catalogue, module: module, number: number, lesson: lesson, form: FormState(req), attempt: nil)
    }

    func answer(req: Request) async throws -> Response {
        let (catalogue, module, number, lesson) = try await req.learningLesson()
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
                req, catalogue: catalogue, module: module, number: number, lesson: lesson, form: FormState(req, values: values),
                attempt: attempt, kept: kept)
        } catch StoreFailure.fields(let errors) {
            return try await renderLesson(
                req, catalogue: catalogue, module: module, number: number, lesson: lesson,
                form: FormState(req, values: values, errors: errors), attempt: nil,
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let form = FormState(req, errors: [FieldError(field: "q1", message: key)])
            return try await renderLesson(
                req, catalogue: catalogue, module: module, number: number, lesson: lesson, form: form, attempt: nil, status: .conflict)
        }
    }

    private func renderLesson(
        _ req: Request, catalogue: LearningCatalogue, module: LearningModule, number: Int, lesson: Lesson, form: FormState,
        attempt: QuizAttempt?,
        kept: LessonKept? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = LearningPages.lesson(
            lesson, number: number, of: module, catalogue: catalogue, form: form, attempt: attempt, kept: kept, req: req)
        return try await req.render(
            "learning/lesson", title: lesson.title(req.language) + " – " + module.title(req.language), context, hasErrors: form.hasErrors,
            status: status)
    }
}
