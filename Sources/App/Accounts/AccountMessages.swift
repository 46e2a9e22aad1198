import DemocracyKit
import Vapor

/// The emails about an account.
enum AccountMessages {
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
