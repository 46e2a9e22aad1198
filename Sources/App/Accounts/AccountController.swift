import DemocracyKit
import Fluent
import Vapor

/// Signing in and out, activating an account, changing a password.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountURL.login, use: loginForm)
        routes.post(AccountURL.login, use: login)
        routes.post(AccountURL.logout, use: logout)
        routes.get(AccountURL.activate(.key), use: activationForm)
        routes.post(AccountURL.activate(.key), use: activate)
        routes.get(AccountURL.forgotPassword, use: forgotPasswordForm)
        routes.post(AccountURL.forgotPassword, use: forgotPassword)
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(AccountURL.password, use: passwordForm)
        signedIn.post(AccountURL.password, use: changePassword)
    }

    struct LoginContext: Encodable {
        let email: FormField
        let password: FormField
        let returnPath: String
        let errors: [ErrorSummaryItem]?
        let notice: String?
        let action = AccountURL.login.path
        let forgotURL = AccountURL.forgotPassword.path
    }

    private func renderLogin(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let notice = req.query[String.self, at: "uitgelogd"] != nil ? req.t("login.signed_out") : nil
        let context = LoginContext(
            email: form.field("email", type: "email", label: req.t("field.email"), autocomplete: "username"),
            password: form.field("password", type: "password", label: req.t("field.password"), autocomplete: "current-password"),
            returnPath: req.safeReturnPath(form.values["terug"]) ?? "",
            errors: form.summary,
            notice: notice)
        return try await req.render(
            "accounts/login", title: req.t("login.title"), context,
            hasErrors: form.hasErrors, status: status)
    }

    func loginForm(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: DashboardURL.home) }
        return try await renderLogin(req, form: FormState(req, values: ["terug": req.query[String.self, at: "terug"] ?? ""]))
    }

    func login(req: Request) async throws -> Response {
        let values = req.formValues(["email", "password", "terug"])
        var form = FormState(req, values: values)
        if let error = Validate.email(values["email"]!) { form.errors.append(error) }
        if values["password"]!.isEmpty { form.errors.append(FieldError(field: "password", message: "error.password_required")) }
        guard !form.hasErrors else { return try await renderLogin(req, form: form, status: .unprocessableEntity) }

        let outcome = try await AccountStore.authenticate(
            email: values["email"]!, password: values["password"]!,
            address: req.clientAddress,
            throttle: req.application.config.loginThrottle,
            hashing: PasswordHashing(req.application), dummyHash: req.application.dummyPasswordHash, on: req.db,
            now: req.clock.now())
        switch outcome {
        case .success(let user):
            try await startSession(for: user, on: req)
            return req.redirect(to: req.safeReturnPath(values["terug"]) ?? DashboardURL.home.path)
        case .invalid:
            form.errors.append(FieldError(field: "email", message: "error.login_failed"))
            return try await renderLogin(req, form: form, status: .unauthorized)
        case .throttled(let minutes):
            form.errors.append(FieldError(field: "email", message: "error.login_throttled", limit: minutes))
            return try await renderLogin(req, form: form, status: .tooManyRequests)
        }
    }

    /// A fresh session id at sign-in, so a session id planted before cannot be taken over.
    private func startSession(for user: CurrentUser, on req: Request) async throws {
        if let old = req.session.id {
            try await DatabaseSessions().deleteSession(old, for: req)
            req.session.id = nil
        }
        req.session.data = SessionData()
        req.session.data[CurrentUserMiddleware.sessionKey] = user.id.uuidString
        req.currentUser = user
    }

    func logout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: AccountURL.login.with([("uitgelogd", "1")]))
    }

    struct ActivationContext: Encodable {
        let valid: Bool
        let email: String
        let password: FormField
        let passwordConfirmation: FormField
        let errors: [ErrorSummaryItem]?
        let validDays = String(ActivationToken.validDays)
        let resetHours = String(Int(AccountStore.resetValidity / 3600))
        let forgotURL = AccountURL.forgotPassword.path
    }

    private func renderActivation(_ req: Request, form: FormState, email: String?, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let context = ActivationContext(
            valid: email != nil,
            email: email ?? "",
            password: form.field(
                "password", type: "password", label: req.t("field.new_password"),
                hint: req.t("hint.password", String(Validate.minPasswordLength)), autocomplete: "new-password"),
            passwordConfirmation: form.field(
                "passwordConfirmation", type: "password", label: req.t("field.password_confirmation"),
                autocomplete: "new-password"),
            errors: form.summary)
        return try await req.render(
            "accounts/activate", title: req.t(email == nil ? "activate.invalid_title" : "activate.title"), context,
            hasErrors: form.hasErrors, status: email == nil ? .notFound : status)
    }

    func activationForm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let activation = try await AccountStore.validActivation(token, on: req.db, now: req.clock.now())
        return try await renderActivation(req, form: FormState(req), email: activation?.user.email)
    }

    func activate(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let values = req.formValues(["password", "passwordConfirmation"])
        let outcome = try await AccountStore.activate(
            token: token, password: values["password"]!,
            confirmation: values["passwordConfirmation"]!,
            hashing: PasswordHashing(req.application), now: req.clock.now(), on: req.db)
        switch outcome {
        case .activated(_, let userID):
            // The person just proved they hold the link: they are signed in, on their own start page.
            if let user = try await AccountStore.currentUser(id: userID, on: req.db) { try await startSession(for: user, on: req) }
            req.flash(req.t("activate.done"))
            return req.redirect(to: DashboardURL.home)
        case .invalidLink:
            return try await renderActivation(req, form: FormState(req), email: nil)
        case .passwordProblems(let errors, let email):
            return try await renderActivation(req, form: FormState(req, errors: errors), email: email, status: .unprocessableEntity)
        }
    }

    struct PasswordContext: Encodable {
        let currentPassword: FormField
        let password: FormField
        let passwordConfirmation: FormField
        let errors: [ErrorSummaryItem]?
        let action = AccountURL.password.path
    }

    private func renderPassword(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let context = PasswordContext(
            currentPassword: form.field(
                "currentPassword", type: "password", label: req.t("field.current_password"),
                autocomplete: "current-password"),
            password: form.field(
                "password", type: "password", label: req.t("field.new_password"),
                hint: req.t("hint.password", String(Validate.minPasswordLength)), autocomplete: "new-password"),
            passwordConfirmation: form.field(
                "passwordConfirmation", type: "password", label: req.t("field.password_confirmation"),
                autocomplete: "new-password"),
            errors: form.summary)
        return try await req.render(
            "accounts/password", title: req.t("password.title"), context,
            hasErrors: form.hasErrors, status: status)
    }

    func passwordForm(req: Request) async throws -> Response {
        try await renderPassword(req, form: FormState(req))
    }

    func changePassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let values = req.formValues(["currentPassword", "password", "passwordConfirmation"])
        do {
            try await AccountStore.changePassword(
                userID: user.id, current: values["currentPassword"]!, new: values["password"]!,
                confirmation: values["passwordConfirmation"]!, keeping: req.session.id, hashing: PasswordHashing(req.application),
                on: req.db)
        } catch StoreFailure.fields(let errors) {
            return try await renderPassword(req, form: FormState(req, errors: errors), status: .unprocessableEntity)
        }
        req.flash(req.t("password.changed"))
        return req.redirect(to: DashboardURL.home)
    }
}

extension AccountController {
    struct ForgotContext: Encodable {
        let email: FormField
        let errors: [ErrorSummaryItem]?
        /// After a request: the same words whether or not the address has an account.
        let sentTo: String?
        let action = AccountURL.forgotPassword.path
        let loginURL = AccountURL.login.path
        let resetHours = String(Int(AccountStore.resetValidity / 3600))
    }

    private func renderForgot(_ req: Request, form: FormState, sentTo: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let context = ForgotContext(
            email: form.field("email", type: "email", label: req.t("field.email"), autocomplete: "username"), errors: form.summary,
            sentTo: sentTo)
        return try await req.render("accounts/forgot", title: req.t("forgot.title"), context, hasErrors: form.hasErrors, status: status)
    }

    func forgotPasswordForm(req: Request) async throws -> Response {
        try await renderForgot(req, form: FormState(req))
    }

    func forgotPassword(req: Request) async throws -> Response {
        let values = req.formValues(["email"])
        var form = FormState(req, values: values)
        if let error = Validate.email(values["email"]!) { form.errors.append(error) }
        guard !form.hasErrors else { return try await renderForgot(req, form: form, status: .unprocessableEntity) }
        switch try await AccountStore.requestPasswordReset(
            email: values["email"]!, address: req.clientAddress, language: req.language, app: req.application)
        {
        case .answered:
            return try await renderForgot(req, form: FormState(req), sentTo: Validate.normalizedEmail(values["email"]!))
        case .throttled(let minutes):
            form.errors.append(FieldError(field: "email", message: "error.reset_throttled", limit: minutes))
            return try await renderForgot(req, form: form, status: .tooManyRequests)
        }
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A bcrypt hash of nothing in particular, checked against when an email is unknown.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}
