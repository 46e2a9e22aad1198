import DemocracyKit
import Fluent
import Vapor

/// The emails about a sign-up: to the contact person in the language they signed up in, to programme staff in
/// Dutch.
enum SignupMessages {
    static func received(_ signup: Signup, municipality: String, app: Application) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, signup.language, arguments) }
        return Mail(
            kind: "signup.received", to: signup.email, language: signup.language, subject: t("mail.signup_received.subject", []),
            paragraphs: [
                t("mail.greeting", [signup.contactName]), t("mail.signup_received.body", [municipality]),
                t("mail.signup_received.next", []),
            ], app: app)
    }

    static func arrived(_ signup: Signup, municipality: String, to staff: String, app: Application) throws -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        return Mail(
            kind: "signup.new", to: staff, language: .nl, subject: t("mail.signup_new.subject", [municipality]),
            paragraphs: [
                t("mail.signup_new.body", [signup.contactName, signup.contactFunction.name(.nl), municipality]),
                t("mail.signup_new.decide", []),
            ],
            link: Letter.Link(label: t("mail.signup_new.link", []), url: SignupURL.show(.value(try signup.requireID())).absolute(app)),
            app: app)
    }

    static func accepted(_ signup: Signup, municipality: String, activationToken: String?, app: Application) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, signup.language, arguments) }
        var paragraphs = [t("mail.greeting", [signup.contactName]), t("mail.signup_accepted.body", [municipality])]
        let link: Letter.Link
        if let activationToken {
            paragraphs.append(t("mail.signup_accepted.activate", [String(ActivationToken.validDays)]))
            link = Letter.Link(
                label: t("mail.signup_accepted.activate_link", []), url: AccountStore.activationURL(activationToken, app: app))
        } else {
            paragraphs.append(t("mail.signup_accepted.sign_in", []))
            link = Letter.Link(label: t("mail.signup_accepted.sign_in_link", []), url: AccountURL.login.absolute(app))
        }
        return Mail(
            kind: "signup.accepted", to: signup.email, language: signup.language, subject: t("mail.signup_accepted.subject", []),
            paragraphs: paragraphs, link: link, app: app)
    }

    static func rejected(_ signup: Signup, municipality: String, app: Application) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, signup.language, arguments) }
        return Mail(
            kind: "signup.rejected", to: signup.email, language: signup.language, subject: t("mail.signup_rejected.subject", []),
            paragraphs: [
                t("mail.greeting", [signup.contactName]), t("mail.signup_rejected.body", [municipality]),
                signup.decisionReason ?? "", t("mail.signup_rejected.again", []),
            ],
            link: Letter.Link(label: t("mail.signup_rejected.link", []), url: SignupURL.form.absolute(app)), app: app)
    }

    /// The addresses of the programme's staff who want to hear of new sign-ups.
    static func staffAddresses(on db: any Database) async throws -> [String] {
        let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
        return try await MailPreferences.keep(staff, wanting: .signupNews, on: db).map(\.email)
    }

    /// For programme staff's weekly overview: the sign-ups waiting for a decision, and the new ones.
    static func digest(app: Application, week: DigestWeek) async throws -> [String] {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let waiting = try await Signup.query(on: app.db).filter(\.$status == .submitted).with(\.$municipality)
            .sort(\.$submittedAt).all()
        let new = try await Signup.query(on: app.db).filter(\.$submittedAt >= week.start).count()
        var paragraphs: [String] = []
        if !waiting.isEmpty {
            let names = waiting.prefix(10).map(\.municipality.name).joined(separator: ", ") + (waiting.count > 10 ? ", …" : "")
            paragraphs.append(t("mail.digest.signups_waiting", [String(waiting.count), names]))
        }
        if new > 0 { paragraphs.append(t("mail.digest.signups_new", [String(new)])) }
        return paragraphs
    }
}
