import DemocracyKit
import Vapor

extension Capability {
    /// Email: the outbox every capability writes to (`Outbox.send`), its delivery over SMTP when `DIA_SMTP_URL`
    /// is set, and the outbox page for programme staff.
    static var mail: Capability {
        Capability(
            routes: [OutboxController(), MailPreferencesController()],
            migrations: [CreateOutboxMessage(), CreateMailPreference(), CreateDigestRun()],
            commands: [("digest", DigestCommand())],
            urls: MailURL.routes.map(\.path),
            links: [
                SiteLink(place: .dashboard, position: 40, labelKey: "mail.title", url: MailURL.outbox, audience: .programmeStaff)
            ],
            codeAuthorizedPaths: [MailURL.unsubscribePrefix],
            setUp: { app in
                // Only the server delivers: a command such as `dia migrate` ends before a delivery could finish.
                guard let smtp = app.config.smtp, app.isServing else { return }
                app.lifecycle.use(MailDeliveryLifecycle(delivery: MailDelivery(app: app, configuration: smtp, from: app.config.mailFrom)))
            })
    }
}

extension Application {
    /// Whether this process runs `dia serve` (the default command), rather than a one-off command or the tests,
    /// which deliver when they choose.
    var isServing: Bool {
        let command = environment.arguments.dropFirst().first { !$0.hasPrefix("-") }
        return environment != .testing && (command == nil || command == "serve")
    }
}
