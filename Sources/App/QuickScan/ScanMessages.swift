import DemocracyKit
import Fluent
import Vapor

/// The emails about a scan round: to its coordinators and facilitators when it opens or opens again, to the council
/// members when the report is shared with them.
enum ScanMessages {
    enum Event {
        case opened
        /// A closed scan opened again: the facilitator waiting for the report hears it comes later.
        case reopened
        case reportShared

        /// Who hears of it.
        var roles: [Role] {
            switch self {
            case .opened, .reopened: [.trekker, .begeleider]
            case .reportShared: [.raadslid]
            }
        }
    }

    /// Writes the message of an event to each of the municipality's people it concerns, in the caller's transaction.
    static func send(_ event: Event, about scan: Scan, app: Application, on db: any Database) async throws {
        guard let municipality = try await MunicipalityQueries.find(code: scan.$municipality.id, on: db) else { return }
        let people = try await AccountStore.people(with: event.roles, in: municipality.code, on: db)
        for person in try await MailPreferences.keep(people, wanting: .scanNews, on: db) {
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
        case .reopened:
            return Mail(
                kind: "scan.reopened", to: person.email, language: .nl, subject: t("mail.scan_reopened.subject", [municipality]),
                paragraphs: [
                    t("mail.greeting", [person.name]),
                    t("mail.scan_reopened.body", [scan.title, Format.day(scan.closesOn, .nl)]),
                    t("mail.scan_reopened.next", []),
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

    /// For programme staff's weekly overview: how many scans are open, and which closed this week.
    static func digestForStaff(app: Application, week: DigestWeek) async throws -> [String] {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let open = try await Scan.query(on: app.db).filter(\.$status == .open).count()
        let closed = try await Scan.query(on: app.db).filter(\.$closedOn >= week.firstDay).filter(\.$closedOn < week.monday).count()
        guard open + closed > 0 else { return [] }
        return [t("mail.digest.scans_staff", [String(open), String(closed)])]
    }

    /// For a municipality's coordinators and facilitators: the responses of the week per open scan, and the scans
    /// that closed.
    static func digestForMunicipality(app: Application, code: String, week: DigestWeek) async throws -> [String] {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        guard let municipality = try await MunicipalityQueries.find(code: code, on: app.db) else { return [] }
        var paragraphs: [String] = []
        for scan in try await Scan.query(on: app.db).filter(\.$municipality.$id == code).filter(\.$status == .open).all() {
            let scanID = try scan.requireID()
            let total = try await ResponseStore.responseCounts(of: scanID, on: app.db).values.reduce(0, +)
            let thisWeek = try await ScanResponse.query(on: app.db).filter(\.$scan.$id == scanID)
                .filter(\.$submittedOn >= week.firstDay).filter(\.$submittedOn < week.monday).count()
            paragraphs.append(
                t(
                    "mail.digest.scan_open",
                    [municipality.name, scan.title, String(thisWeek), String(total), Format.day(scan.closesOn, .nl)]))
        }
        let closed = try await Scan.query(on: app.db).filter(\.$municipality.$id == code)
            .filter(\.$closedOn >= week.firstDay).filter(\.$closedOn < week.monday).all()
        for scan in closed { paragraphs.append(t("mail.digest.scan_closed", [municipality.name, scan.title])) }
        return paragraphs
    }
}
