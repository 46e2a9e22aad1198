import DemocracyKit
import Vapor

/// The emails about an account.
enum AccountMessages {
    /// To someone given an account: what for, and the link to choose a password.
    static func added(_ user: User, role: Role, municipality: String?, token: String, app: Application) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let what = municipality.map { t("mail.account_added.role_in", [role.name(.nl).lowercased(), $0]) } ?? role.name(.nl).lowercased()
        return Mail(
            kind: "account.added", to: user.email, language: .nl, subject: t("mail.account_added.subject", []),
            paragraphs: [
                t("mail.greeting", [user.name]), t("mail.account_added.body", [what]),
                t("mail.signup_accepted.activate", [String(ActivationToken.validDays)]),
            ],
            link: Letter.Link(label: t("mail.signup_accepted.activate_link", []), url: AccountStore.activationURL(token, app: app)),
            app: app)
    }

    static func passwordReset(to user: User, token: String, language: Language, app: Application) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, language, arguments) }
        return Mail(
            kind: "account.password_reset", to: user.email, language: language, subject: t("mail.password_reset.subject", []),
            paragraphs: [
                t("mail.greeting", [user.name]), t("mail.password_reset.body", []),
                t("mail.password_reset.validity", [String(Int(AccountStore.resetValidity / 3600))]),
                t("mail.password_reset.not_you", []),
            ],
            link: Letter.Link(label: t("mail.password_reset.link", []), url: AccountStore.activationURL(token, app: app)), app: app)
    }
}
