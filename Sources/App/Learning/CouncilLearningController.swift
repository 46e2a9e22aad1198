import DemocracyKit
import Fluent
import SQLKit
import Vapor

/// The council's learning (docs/learning.md): the griffier's totals per module, and the persoonlijk
/// opleidingsbudget: members ask, the griffie sets budgets, decides and records spending, and downloads the ledger.
struct CouncilLearningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(CouncilLearningURL.overview(.key), use: overview)
        signedIn.get(CouncilLearningURL.budget(.key), use: budget)
        signedIn.get(CouncilLearningURL.newRequest(.key), use: newRequest)
        signedIn.post(CouncilLearningURL.newRequest(.key), use: createRequest)
        signedIn.get(CouncilLearningURL.request(.key, .key), use: request)
        signedIn.post(CouncilLearningURL.request(.key, .key), use: decide)
        signedIn.post(CouncilLearningURL.setBudget(.key), use: setBudget)
        signedIn.get(CouncilLearningURL.export(.key), use: export)
    }

    /// Totals only: how many of the council's members answered a module's quizzes and how many finished it, and how
    /// many took the self-test. No page shows one member's results to the griffier.
    func overview(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .manageCouncilLearning, refusal: "council_learning.error.forbidden")
        let members = try await AccountStore.people(with: [.raadslid], in: municipality.code, on: req.db).map(\.id)
        var started: [String: Int] = [:]
        var finished: [String: Int] = [:]
        var selfTested = 0
        if !members.isEmpty {
            let sql = try req.db.sql()
            let people = SQLFunction("COUNT", args: SQLRaw("DISTINCT user_id"))
            for row in try await sql.select().column("module_id").column(SQLAlias(people, as: SQLIdentifier("n")))
                .from(LearningResultRecord.schema).where("user_id", .in, members).groupBy("module_id").all()
            {
                started[try row.decode(column: "module_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            for row in try await sql.select().column("module_id").column(SQLAlias(people, as: SQLIdentifier("n")))
                .from(LearningCertificate.schema).where("user_id", .in, members).groupBy("module_id").all()
            {
                finished[try row.decode(column: "module_id", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            selfTested =
                try await sql.select().column(SQLAlias(people, as: SQLIdentifier("n"))).from(SelfTestResult.schema)
                .where("user_id", .in, members).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let context = CouncilLearningPages.overview(
            municipality: municipality, members: members.count, selfTested: selfTested, started: started, finished: finished,
            modules: req.application.learningModules, req: req)
        return try await req.render("learning/council", title: req.t("council_learning.title", municipality.name), context)
    }

    /// The municipality, for a member who asks or the griffie; anyone else of it is refused.
    private func budgetMunicipality(_ req: Request) async throws -> (Municipality, CurrentUser) {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        guard CouncilLearningPages.canSeeBudget(user, municipality: municipality.code) else {
            throw StoreFailure.notAllowed("budget.error.forbidden")
        }
        return (municipality, user)
    }

    /// The year in the address or form (`jaar`), this year without one; a year outside the ledger's range is not found.
    private func year(_ req: Request, typed: String? = nil) throws -> (Int, ClosedRange<Int>) {
        let years = BudgetStore.years(around: req.application.clock.now())
        guard let typed = typed ?? req.query[String.self, at: "jaar"] else {
            return (BudgetStore.currentYear(req.application.clock.now()), years)
        }
        guard let year = Validate.number(typed, in: years) else { throw StoreFailure.notFound("budget.error.year") }
        return (year, years)
    }

    func budget(req: Request) async throws -> Response {
        let (municipality, user) = try await budgetMunicipality(req)
        return try await renderBudget(req, municipality: municipality, user: user, form: FormState(req))
    }

    private func renderBudget(
        _ req: Request, municipality: Municipality, user: CurrentUser, form: FormState, typedYear: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (year, years) = try year(req, typed: typedYear)
        let code = municipality.code
        var own: (ledger: BudgetLedger, requests: [SpendingRequestRecord])?
        if Access.allows(user.memberships, .requestEducationBudget, municipality: code) {
            own = (
                try await BudgetStore.ledger(of: user.id, in: code, year: year, on: req.db),
                try await BudgetStore.requests(of: code, year: year, member: user.id, on: req.db)
            )
        }
        var griffie: CouncilLearningPages.GriffieView?
        if Access.allows(user.memberships, .manageCouncilLearning, municipality: code) {
            griffie = (
                try await BudgetStore.budgets(of: code, year: year, on: req.db),
                try await BudgetStore.ledgers(of: code, year: year, on: req.db),
                try await BudgetStore.requests(of: code, year: year, on: req.db)
            )
        }
        req.wantsForm = griffie != nil
        let context = CouncilLearningPages.budget(
            municipality: municipality, year: year, years: years, own: own, griffie: griffie, form: form, req: req)
        return try await req.render(
            "learning/budget", title: req.t("budget.title", municipality.name, String(year)), context, hasErrors: form.hasErrors,
            status: status)
    }

    func newRequest(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .requestEducationBudget, refusal: "budget.error.not_council_member")
        return try await renderRequestForm(req, municipality: municipality, user: user, form: FormState(req))
    }

    func createRequest(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .requestEducationBudget, refusal: "budget.error.not_council_member")
        let values = req.formValues(SpendingRequestForm.fieldNames)
        do {
            let record = try await BudgetStore.request(
                SpendingRequestForm(values: values), by: user, municipality: municipality, app: req.application)
            req.flash(req.t("budget.requested_done"))
            return req.redirect(to: CouncilLearningURL.request(.value(municipality.code), .value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderRequestForm(
                req, municipality: municipality, user: user, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
    }

    private func renderRequestForm(
        _ req: Request, municipality: Municipality, user: CurrentUser, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let year = BudgetStore.currentYear(req.application.clock.now())
        let ledger = try await BudgetStore.ledger(of: user.id, in: municipality.code, year: year, on: req.db)
        let context = CouncilLearningPages.requestForm(municipality: municipality, available: ledger, year: year, form: form, req: req)
        return try await req.render(
            "learning/budget_request", title: req.t("budget.new_title"), context, hasErrors: form.hasErrors, status: status)
    }

    /// The request of the path, for the member who made it or the griffie; to anyone else it is not found.
    private func findRequest(_ req: Request) async throws -> (Municipality, CurrentUser, SpendingRequestRecord) {
        let (municipality, user) = try await budgetMunicipality(req)
        let record = try await BudgetStore.find(
            req.parameters.get("spendingID").flatMap(UUID.init(uuidString:)), of: municipality.code, on: req.db)
        guard record.userID == user.id || Access.allows(user.memberships, .manageCouncilLearning, municipality: municipality.code) else {
            throw StoreFailure.notFound("budget.error.not_found")
        }
        return (municipality, user, record)
    }

    func request(req: Request) async throws -> Response {
        let (municipality, user, record) = try await findRequest(req)
        return try await renderRequest(req, municipality: municipality, user: user, record: record, form: FormState(req))
    }

    private func renderRequest(
        _ req: Request, municipality: Municipality, user: CurrentUser, record: SpendingRequestRecord, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let ledger = try await BudgetStore.ledger(of: record.userID, in: municipality.code, year: record.year, on: req.db)
        let canDecide = Access.allows(user.memberships, .manageCouncilLearning, municipality: municipality.code)
        req.wantsForm = canDecide
        let context = CouncilLearningPages.request(
            record, municipality: municipality, ledger: ledger, isOwn: record.userID == user.id, canDecide: canDecide, form: form, req: req)
        return try await req.render("learning/budget_decision", title: record.what, context, hasErrors: form.hasErrors, status: status)
    }

    /// The griffie's decision or recorded spending (`stap` goedkeuren, afwijzen or besteed), or the member's withdrawal.
    func decide(req: Request) async throws -> Response {
        let (municipality, user, record) = try await findRequest(req)
        let values = req.formValues(["stap", "version"] + SpendingDecision.fieldNames)
        guard let step = SpendingStep(rawValue: values["stap"] ?? ""), let seen = Validate.number(values["version"], in: 1...Int(Int32.max))
        else {
            let errors = [
                FieldError(field: "stap", message: values["stap", default: ""].isEmpty ? "budget.error.choose" : "error.form_tampered")
            ]
            return try await renderRequest(
                req, municipality: municipality, user: user, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        let allowed =
            step.isGriffie
            ? Access.allows(user.memberships, .manageCouncilLearning, municipality: municipality.code) : record.userID == user.id
        guard allowed else { throw StoreFailure.notAllowed("budget.error.forbidden_step") }
        do {
            try await BudgetStore.decide(
                SpendingDecision(step: step, values: values), on: record, seenVersion: seen, municipality: municipality, by: user,
                app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderRequest(
                req, municipality: municipality, user: user, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let latest = try await BudgetStore.find(record.id, of: municipality.code, on: req.db)
            return try await renderRequest(
                req, municipality: municipality, user: user, record: latest,
                form: FormState(req, values: values, errors: [FieldError(field: "stap", message: key)]), status: .conflict)
        }
        switch step {
        case .approve: req.flash(req.t("budget.done_approve"))
        case .decline: req.flash(req.t("budget.done_decline"))
        case .withdraw: req.flash(req.t("budget.done_withdraw"))
        case .recordSpent: req.flash(req.t("budget.done_spent"))
        }
        return req.redirect(to: CouncilLearningURL.request(.value(municipality.code), .value(try record.requireID())))
    }

    func setBudget(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .manageCouncilLearning, refusal: "budget.error.forbidden")
        let values = req.formValues(["member", "amount", "jaar"])
        let (year, _) = try year(req, typed: values["jaar"].flatMap { $0.isEmpty ? nil : $0 })
        let typedMember = values["member", default: ""]
        do {
            var member: UUID?
            if !typedMember.isEmpty {
                guard let id = UUID(uuidString: typedMember) else {
                    throw StoreFailure.fields([FieldError(field: "member", message: "budget.error.not_member")])
                }
                member = id
            }
            try await BudgetStore.setBudget(
                values["amount", default: ""], year: year, member: member, municipality: municipality, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderBudget(
                req, municipality: municipality, user: user, form: FormState(req, values: values, errors: errors), typedYear: String(year),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderBudget(
                req, municipality: municipality, user: user,
                form: FormState(req, values: values, errors: [FieldError(field: "amount", message: key)]),
                typedYear: String(year), status: .conflict)
        }
        req.flash(req.t("budget.set_done"))
        return req.redirect(to: CouncilLearningURL.budget(.value(municipality.code)).with([("jaar", String(year))]))
    }

    func export(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .manageCouncilLearning, refusal: "budget.error.forbidden")
        let (year, _) = try year(req)
        let body = try await BudgetStore.csv(of: municipality.code, year: year, language: req.language, app: req.application)
        try await AuditLog.record(
            .budgetDownloaded, by: AuditLog.Actor(user), municipality: municipality.code, subject: "Opleidingsbudget \(year)",
            app: req.application,
            on: req.db)
        return req.csvDownload(body, filename: "opleidingsbudget-\(municipality.code)-\(year).csv")
    }
}
