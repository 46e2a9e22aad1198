import DemocracyKit
import Fluent
import Vapor

/// Which email a signed-in person gets, and the link in every weekly overview that turns it off without
/// signing in.
struct MailPreferencesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(MailURL.preferences, use: form)
        signedIn.post(MailURL.preferences, use: save)
        routes.get(MailURL.unsubscribe(.key), use: unsubscribeForm)
        routes.post(MailURL.unsubscribe(.key), use: unsubscribe)
    }

    struct FormContext: Encodable {
        let topics: FormField
        let action = MailURL.preferences.path
        let backURL = DashboardURL.home.path
    }

    func form(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let topics = MailTopic.topics(for: user.memberships)
        let off = try await MailPreferences.off(for: user.id, on: req.db)
        let state = FormState(req, values: ["topics": topics.filter { !off.contains($0) }.map(\.rawValue).joined(separator: ",")])
        let context = FormContext(
            topics: state.field(
                "topics", type: "checkboxes", label: req.t("preferences.topics"), hint: req.t("preferences.always"),
                options: topics.map { ($0.rawValue, req.t("preferences.topic.\($0.rawValue)")) }))
        return try await req.render("mail/preferences", title: req.t("preferences.title"), context)
    }

    func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let chosen = Set(req.formList("topics").compactMap(MailTopic.init(rawValue:)))
        let off = Set(MailTopic.topics(for: user.memberships)).subtracting(chosen)
        try await MailPreferences.set(off, for: user.id, on: req.db)
        req.flash(req.t("preferences.saved"))
        return req.redirect(to: MailURL.preferences)
    }

    struct UnsubscribeContext: Encodable {
        let email: String
        let done: Bool
        let preferencesURL = MailURL.preferences.path
    }

    private func person(_ req: Request) async throws -> User {
        guard let id = MailPreferences.person(fromUnsubscribe: req.parameters.get("token") ?? "", app: req.application),
            let user = try await User.find(id, on: req.db)
        else { throw PageError(.notFound, "error.link_unusable") }
        return user
    }

    /// A page with a button rather than turning off at once: mail scanners open every link in a message.
    func unsubscribeForm(req: Request) async throws -> Response {
        let user = try await person(req)
        return try await req.render(
            "mail/unsubscribe", title: req.t("unsubscribe.title"), UnsubscribeContext(email: user.email, done: false))
    }

    func unsubscribe(req: Request) async throws -> Response {
        let user = try await person(req)
        let id = try user.requireID()
        try await MailPreferences.set(try await MailPreferences.off(for: id, on: req.db).union([.digest]), for: id, on: req.db)
        return try await req.render(
            "mail/unsubscribe", title: req.t("unsubscribe.title"), UnsubscribeContext(email: user.email, done: true))
    }
}

/// `dia digest`: sends this week's overview now, if it has not gone yet (the server sends it on Monday from 08:00
/// by itself when a mail server is set).
struct DigestCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Writes this week's overview to the outbox, unless it went already." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let week = DigestSchedule.week(containing: app.clock.now()).key
        if let count = try await Digests.send(week: week, app: app) {
            context.console.print("The overview of the week before \(week) is in the outbox: \(count) messages.")
        } else {
            context.console.print("The overview of the week before \(week) went out already.")
        }
    }
}
