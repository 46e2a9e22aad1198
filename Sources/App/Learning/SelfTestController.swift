import DemocracyKit
import Vapor

/// The competence self-test. Anyone may take it and see the profile and advice; a signed-in person's result is
/// kept, for them alone, so the next one shows the change.
struct SelfTestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(LearningURL.selfTest, use: form)
        routes.post(LearningURL.selfTest, use: submit)
        routes.grouped(RequireSignIn()).get(LearningURL.selfTestResult(.key), use: result)
    }

    func form(req: Request) async throws -> Response {
        try await renderForm(req, form: FormState(req))
    }

    private func renderForm(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        var earlier: [SelfTestResult] = []
        if let user = req.currentUser { earlier = try await SelfTestStore.results(of: user, on: req.db) }
        let context = SelfTestPages.form(req.application.selfTest, form: form, earlier: earlier, signedIn: req.currentUser != nil, req: req)
        return try await req.render(
            "learning/selftest", title: req.t("learning.selftest_title"), context, hasErrors: form.hasErrors, status: status)
    }

    func submit(req: Request) async throws -> Response {
        let test = req.application.selfTest
        let values = req.formValues(test.statements.map(SelfTest.field))
        let read = Result { () throws(StoreFailure) in try test.read(values) }
        guard case .success(let answers) = read else {
            if case .failure(.fields(let errors)) = read {
                return try await renderForm(req, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
            }
            throw Abort(.badRequest)
        }
        let profile = test.profile(answers)
        guard let user = req.currentUser else {
            return try await renderResult(req, profile: profile, previous: nil, takenAt: nil)
        }
        let result = try await SelfTestStore.save(answers, profile: profile, for: user, app: req.application)
        return req.redirect(to: LearningURL.selfTestResult(.value(try result.requireID())))
    }

    func result(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let result = try await SelfTestStore.find(req.parameters.get("resultID").flatMap(UUID.init(uuidString:)), of: user, on: req.db)
        let previous = try await SelfTestStore.results(of: user, on: req.db).first { $0.takenAt < result.takenAt }
        return try await renderResult(req, profile: result.profile, previous: previous, takenAt: result.takenAt)
    }

    private func renderResult(_ req: Request, profile: CompetenceProfile, previous: SelfTestResult?, takenAt: Date?) async throws
        -> Response
    {
        var earlier: (CompetenceProfile, Date)?
        if let previous { earlier = (previous.profile, previous.takenAt) }
        let context = SelfTestPages.result(
            profile, previous: earlier, takenAt: takenAt, modules: req.application.learningModules.modules, req: req)
        return try await req.render("learning/selftest_result", title: req.t("learning.result_title"), context)
    }
}
