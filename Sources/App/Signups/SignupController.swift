import DemocracyKit
import Fluent
import Vapor

/// "Doe mee": a municipality signs up; programme staff accept or reject the sign-up.
struct SignupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(SignupURL.form, use: new)
        routes.post(SignupURL.form, use: create)
        routes.get(SignupURL.thanks, use: thanks)
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(SignupURL.list, use: index)
        staff.get(SignupURL.show(.key), use: show)
        staff.post(SignupURL.accept(.key), use: accept)
        staff.post(SignupURL.reject(.key), use: reject)
        staff.post(SignupURL.newLink(.key), use: newLink)
    }

    static let fields = ["municipalityCode", "contactName", "contactFunction", "email", "phone", "motivation", "acceptsTerms"]

    struct FormContext: Encodable {
        let municipality: FormField
        let contactName: FormField
        let contactFunction: FormField
        let email: FormField
        let phone: FormField
        let motivation: FormField
        let acceptsTerms: FormField
        let errors: [ErrorSummaryItem]?
        let action = SignupURL.form.path
        let termsURL = HomeURL.terms.path
        let privacyURL = HomeURL.privacy.path
    }

    private func renderForm(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let municipalities = try await Municipality.query(on: req.db).filter(\.$validUntil == nil).sort(\.$name).all()
        let context = FormContext(
            municipality: form.field(
                "municipalityCode", type: "select", label: req.t("field.municipality"),
                options: [("", req.t("form.choose"))]
                    + municipalities.map {
                        ($0.code, "\($0.name) (\($0.code))" + ($0.isDemo ? " – " + req.t("demo.badge") : ""))
                    }),
            contactName: form.field("contactName", label: req.t("field.contact_name"), autocomplete: "name"),
            contactFunction: form.field(
                "contactFunction", type: "select", label: req.t("field.contact_function"),
                options: [("", req.t("form.choose"))]
                    + ContactFunction.allCases.map { ($0.rawValue, $0.name(req.language)) }),
            email: form.field(
                "email", type: "email", label: req.t("field.email"), hint: req.t("hint.signup_email"),
                autocomplete: "email"),
            phone: form.field("phone", type: "tel", label: req.t("field.phone"), autocomplete: "tel", optional: true),
            motivation: form.field(
                "motivation", type: "textarea", label: req.t("field.motivation"),
                hint: req.t("hint.motivation", String(SignupForm.maxMotivationLength)), optional: true),
            acceptsTerms: form.field("acceptsTerms", type: "checkbox", label: req.t("field.accepts_terms")),
            errors: form.summary)
        return try await req.render("signups/new", title: req.t("signup.title"), context, hasErrors: form.hasErrors, status: status)
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, form: FormState(req, values: ["municipalityCode": req.query[String.self, at: "gemeente"] ?? ""]))
    }

    func create(req: Request) async throws -> Response {
        let values = req.formValues(Self.fields)
        let form = SignupForm(
            municipalityCode: values["municipalityCode"]!, contactName: values["contactName"]!,
            contactFunction: values["contactFunction"]!, email: values["email"]!, phone: values["phone"]!,
            motivation: values["motivation"]!, acceptsTerms: !values["acceptsTerms"]!.isEmpty)
        do {
            try await SignupStore.submit(form, language: req.language, address: req.clientAddress, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(req, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch let tooMany as SignupStore.TooMany {
            let error = FieldError(field: "municipalityCode", message: "error.signup_throttled", limit: tooMany.minutes)
            return try await renderForm(req, form: FormState(req, values: values, errors: [error]), status: .tooManyRequests)
        }
        return req.redirect(to: SignupURL.thanks)
    }

    func thanks(req: Request) async throws -> Response {
        try await req.render("signups/thanks", title: req.t("signup.thanks_title"), NoContent())
    }

    struct Row: Encodable {
        let url: String
        let municipality: String
        let contactName: String
        let status: String
        let submittedAt: String
    }

    struct IndexContext: Encodable {
        let open: [Row]
        let decided: [Row]
        /// Set when there are more decided sign-ups than the list shows.
        let decidedNote: String?
    }

    /// The most decided sign-ups the list shows; those waiting for a decision are always all shown.
    static let decidedShown = 200

    func index(req: Request) async throws -> Response {
        func rows(_ status: [SignupStatus], limit: Int? = nil) async throws -> [Row] {
            var query = Signup.query(on: req.db).with(\.$municipality).filter(\.$status ~~ status).sort(\.$submittedAt, .descending)
            if let limit { query = query.limit(limit) }
            return try await query.all().map { signup in
                Row(
                    url: signup.id.map { SignupURL.show(.value($0)).path } ?? "", municipality: signup.municipality.name,
                    contactName: signup.contactName,
                    status: signup.status.name(req.language),
                    submittedAt: signup.submittedAt.map { Format.date($0, req.language) } ?? "")
            }
        }
        let decidedStatuses = SignupStatus.allCases.filter { $0 != .submitted }
        let decided = try await rows(decidedStatuses, limit: Self.decidedShown)
        let decidedCount =
            decided.count < Self.decidedShown
            ? decided.count : try await Signup.query(on: req.db).filter(\.$status ~~ decidedStatuses).count()
        return try await req.render(
            "signups/index", title: req.t("signups.title"),
            IndexContext(
                open: try await rows([.submitted]), decided: decided,
                decidedNote: decidedCount > decided.count
                    ? req.t("signups.decided_newest", String(decided.count), String(decidedCount)) : nil))
    }

    struct ShowContext: Encodable {
        let acceptURL: String
        let rejectURL: String
        let listURL = SignupURL.list.path
        let municipality: String
        let municipalityCode: String
        let isDemo: Bool
        let contactName: String
        let contactFunction: String
        let email: String
        let phone: String
        let motivation: String
        let submittedAt: String
        let acceptedTermsAt: String
        let status: String
        let isOpen: Bool
        let decisionReason: String?
        let decidedAt: String?
        let reason: FormField
        let errors: [ErrorSummaryItem]?
        let activationURL: String?
        let coordinatorEmail: String?
        let activationDays = String(ActivationToken.validDays)
        /// Set while the accepted coordinator has not chosen a password: where to ask for a new link.
        let newLinkURL: String?
    }

    private func loadSignup(_ req: Request) async throws -> Signup {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
            let signup = try await Signup.query(on: req.db).filter(\.$id == id).with(\.$municipality).first()
        else {
            throw PageError(.notFound, "error.page.404.message")
        }
        return signup
    }

    private func renderShow(
        _ req: Request, signup: Signup, form: FormState? = nil,
        acceptance: SignupStore.Acceptance? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let form = form ?? FormState(req)
        let id = try signup.requireID()
        let context = ShowContext(
            acceptURL: SignupURL.accept(.value(id)).path, rejectURL: SignupURL.reject(.value(id)).path,
            municipality: signup.municipality.name,
            municipalityCode: signup.municipality.code,
            isDemo: signup.municipality.isDemo,
            contactName: signup.contactName,
            contactFunction: signup.contactFunction.name(req.language),
            email: signup.email,
            phone: signup.phone,
            motivation: signup.motivation,
            submittedAt: signup.submittedAt.map { Format.date($0, req.language) } ?? "",
            acceptedTermsAt: Format.date(signup.acceptedTermsAt, req.language),
            status: signup.status.name(req.language),
            isOpen: signup.status == .submitted,
            decisionReason: signup.decisionReason,
            decidedAt: signup.decidedAt.map { Format.date($0, req.language) },
            reason: form.field(
                "reason", type: "textarea", label: req.t("field.reject_reason"),
                hint: req.t("hint.reject_reason")),
            errors: form.summary,
            activationURL: acceptance?.activationToken.map { AccountStore.activationURL($0, app: req.application) },
            coordinatorEmail: acceptance?.coordinatorEmail,
            newLinkURL: try await SignupStore.awaitsActivation(signup, on: req.db) ? SignupURL.newLink(.value(id)).path : nil)
        return try await req.render(
            "signups/show", title: req.t("signup.show_title", signup.municipality.name), context,
            hasErrors: form.hasErrors, status: status)
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, signup: try await loadSignup(req))
    }

    func accept(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let signup = try await loadSignup(req)
        let acceptance = try await SignupStore.accept(try signup.requireID(), by: user.id, app: req.application)
        return try await renderShow(req, signup: try await loadSignup(req), acceptance: acceptance)
    }

    func reject(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let signup = try await loadSignup(req)
        let values = req.formValues(["reason"])
        do {
            try await SignupStore.reject(try signup.requireID(), reason: values["reason"]!, by: user.id, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, signup: signup, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        req.flash(req.t("signup.rejected"))
        return req.redirect(to: SignupURL.list)
    }

    /// A new activation link for a coordinator who lost theirs; mailed, and shown once like the first.
    func newLink(req: Request) async throws -> Response {
        let signup = try await loadSignup(req)
        let acceptance = try await SignupStore.reissueActivation(try signup.requireID(), app: req.application)
        return try await renderShow(req, signup: try await loadSignup(req), acceptance: acceptance)
    }
}
