import DemocracyKit
import Fluent
import Vapor

/// The emails about a scan round: to its coordinators and facilitators when it opens, to the council members when
/// the report is shared with them.
enum ScanMessages {
    enum Event {
        case opened
        case reportShared

        /// Who hears of it.
        var roles: [Role] {
            switch self {
            case .opened: [.trekker, .begeleider]
            case .reportShared: [.raadslid]
            }
        }
    }

    /// Writes the message of an event to each of the municipality's people it concerns, in the caller's transaction.
    static func send(_ event: Event, about scan: Scan, app: Application, on db: any Database) async throws {
        guard let municipality = try await MunicipalityQueries.find(code: scan.$municipality.id, on: db) else { return }
        for person in try await AccountStore.people(with: event.roles, in: municipality.code, on: db) {
            try await Outbox.send(mail(event, scan: scan, municipality: municipality.name, to: person, app: app), app: app, on: db)
        }
    }

    static func mail(_ event: Event, scan: Scan, municipality: String, to person: AccountStore.Person, app: Application) throws -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let code = Parameter<String>.value(scan.$municipality.id)
        let id = Parameter<UUID>.value(try scan.requireID())
        switch event {
        case .opened:
            return Mail(
                kind: "scan.opened", to: person.email, language: .nl, subject: t("mail.scan_opened.subject", [municipality]),
                paragraphs: [
                    t("mail.greeting", [person.name]),
                    t("mail.scan_opened.body", [scan.title, Format.day(scan.opensOn, .nl), Format.day(scan.closesOn, .nl)]),
                    t("mail.scan_opened.next", []),
                ],
                link: Letter.Link(label: t("mail.scan_opened.link", []), url: ScanURL.show(code, id).absolute(app)), app: app)
        case .reportShared:
            return Mail(
                kind: "scan.report_shared", to: person.email, language: .nl, subject: t("mail.report_shared.subject", [municipality]),
                paragraphs: [
                    t("mail.greeting", [person.name]), t("mail.report_shared.body", [scan.title, municipality]),
                    t("mail.report_shared.next", []),
                ],
                link: Letter.Link(label: t("mail.report_shared.link", []), url: ScanURL.report(code, id).absolute(app)), app: app)
        }
    }

    /// A personal link by email, or the reminder of one. Written in Dutch: the municipality chose the addresses,
    /// not the language of the people behind them.
    static func invitation(
        scan: Scan, municipality: String, group: RespondentGroup, to address: String, code: String, reminder: Bool, app: Application
    ) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let subject = reminder ? t("mail.scan_reminder.subject", [municipality]) : t("mail.scan_invitation.subject", [municipality])
        let asks = [municipality, group.description(.nl)]
        var mail = Mail(
            kind: "scan." + (reminder ? "reminder" : "invitation"), to: address, language: .nl, subject: subject,
            paragraphs: [
                t("mail.scan_invitation.greeting", []),
                reminder ? t("mail.scan_reminder.body", asks) : t("mail.scan_invitation.body", asks),
                t("mail.scan_invitation.anonymous", []), t("mail.scan_invitation.until", [Format.day(scan.closesOn, .nl)]),
            ],
            link: Letter.Link(label: t("mail.scan_invitation.link", []), url: QuestionnaireURL.start(.value(code)).absolute(app)), app: app)
        mail.eraseWhenDone = true
        return mail
    }
}
