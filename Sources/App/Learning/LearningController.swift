import DemocracyKit
import Vapor

/// The learning platform's modules for everyone: the list with filters, a module, and a lesson whose quiz is checked
/// on the spot with an explanation for each answer.
struct LearningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(LearningURL.modules, use: modules)
        routes.get(LearningURL.module(.key), use: module)
        routes.get(LearningURL.lesson(.key, .key), use: lesson)
        routes.post(LearningURL.lesson(.key, .key), use: answer)
    }

    func modules(req: Request) async throws -> Response {
        let filter = LearningPages.Filter(
            kind: req.query[String.self, at: "soort"].flatMap(LearningKind.init(rawValue:)),
            theme: req.query[String.self, at: "thema"].flatMap(LearningTheme.init(rawValue:)))
        let context = LearningPages.modules(req.application.learningModules.modules, filter: filter, req: req)
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
        return try await req.render("learning/module", title: module.title(req.language), LearningPages.module(module, req: req))
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
            return try await renderLesson(
                req, module: module, number: number, lesson: lesson, form: FormState(req, values: values), attempt: attempt)
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
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = LearningPages.lesson(lesson, number: number, of: module, form: form, attempt: attempt, req: req)
        return try await req.render(
            "learning/lesson", title: lesson.title(req.language) + " – " + module.title(req.language), context, hasErrors: form.hasErrors,
            status: status)
    }
}
