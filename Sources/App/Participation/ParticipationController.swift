import DemocracyKit
import Vapor

/// The ParticipatieWijzer for everyone: the methods with filters, each method, and the advisor. Nothing is stored;
/// the advisor's form is sent with GET, so an advice can be bookmarked and shared.
struct ParticipationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ParticipationURL.methods, use: methods)
        routes.get(ParticipationURL.method(.key), use: method)
        routes.get(ParticipationURL.advisor, use: advisor)
    }

    func methods(req: Request) async throws -> Response {
        let filter = MethodFilter(
            phase: req.query[String.self, at: "fase"].flatMap(PolicyPhase.init(rawValue:)),
            influence: req.query[String.self, at: "invloed"].flatMap(InfluenceLevel.init(rawValue:)),
            group: req.query[String.self, at: "groep"].flatMap(ParticipantGroup.init(rawValue:)))
        let found = req.application.participationMethods.methods.filter(filter.matches)
        let context = ParticipationPages.methods(found, filter: filter, req: req)
        return try await req.render("participation/methods", title: req.t("participation.methods_title"), context)
    }

    func method(req: Request) async throws -> Response {
        guard let method = req.application.participationMethods.method(req.parameters.get("methodID") ?? "") else {
            throw StoreFailure.notFound("participation.error.not_found")
        }
        let offers = try await CatalogueStore.catalogue(app: req.application, on: req.db).0.offers
        let context = ParticipationPages.method(method, offers: offers, req: req)
        return try await req.render("participation/method", title: method.name(req.language), context)
    }

    /// The form, and with `advies=ja` the advice for what was filled in, or the form again with its errors.
    func advisor(req: Request) async throws -> Response {
        let names = ["project", "phase", "influence", "scale", "weeks", "budget"]
        var values = Dictionary(uniqueKeysWithValues: names.map { ($0, String((req.query[String.self, at: $0] ?? "").prefix(1_000))) })
        let groups = Array((req.query[[String].self, at: "groups"] ?? []).prefix(ParticipantGroup.allCases.count + 1))
        values["groups"] = groups.joined(separator: ",")
        guard req.query[String.self, at: "advies"] == "ja" else {
            return try await renderAdvisor(req, form: FormState(req, values: values), advice: nil)
        }
        do {
            let question = try AdvisorQuestion.read(values, groups: groups)
            let advice = ParticipationAdvisor.advise(question, methods: req.application.participationMethods.methods)
            return try await renderAdvisor(req, form: FormState(req, values: values), advice: (question, advice))
        } catch StoreFailure.fields(let errors) {
            return try await renderAdvisor(
                req, form: FormState(req, values: values, errors: errors), advice: nil, status: .unprocessableEntity)
        }
    }

    private func renderAdvisor(
        _ req: Request, form: FormState, advice: (AdvisorQuestion, Advice)?, status: HTTPStatus = .ok
    ) async throws -> Response {
        var planFor: [(String, String)] = []
        if advice != nil, let user = req.currentUser {
            let codes = Access.municipalities(of: user.memberships).filter {
                Access.allows(user.memberships, .planParticipation, municipality: $0)
            }
            let names = try await MunicipalityQueries.names(of: Set(codes), on: req.db)
            planFor = codes.map { ($0, names[$0] ?? $0) }
        }
        let context = ParticipationPages.advisor(form: form, advice: advice, planFor: planFor, req: req)
        return try await req.render(
            "participation/advisor", title: req.t("participation.advisor_title"), context, hasErrors: form.hasErrors, status: status)
    }
}

/// What a visitor chose on the list of methods; nil means all.
struct MethodFilter: Sendable {
    let phase: PolicyPhase?
    let influence: InfluenceLevel?
    let group: ParticipantGroup?

    func matches(_ method: ParticipationMethod) -> Bool {
        (phase.map(method.phases.contains) ?? true) && (influence.map(method.influence.contains) ?? true)
            && (group.map(method.reaches.contains) ?? true)
    }

    var isFiltered: Bool { phase != nil || influence != nil || group != nil }
}
