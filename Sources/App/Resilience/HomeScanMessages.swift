import DemocracyKit
import Fluent
import Vapor

/// The woningscan's emails. None holds the address or the phone: programme staff hear that a request came in, the
/// requester hears the day of the visit and that the advice is ready on their page. The requester's messages are
/// erased from the outbox once sent, since they tell whose home is visited when.
enum HomeScanMessages {
    static func requested(_ record: HomeScanRequestRecord, municipality: String, app: Application, on db: any Database) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
        let url = HomeScanURL.staffShow(.value(try record.requireID())).absolute(app)
        for person in try await MailPreferences.keep(staff, wanting: .requestNews, on: db) {
            let mail = Mail(
                kind: "woningscan.requested", to: person.email, language: .nl,
                subject: t("mail.woningscan_requested.subject", [record.reference]),
                paragraphs: [
                    t("mail.greeting", [person.name]),
                    t("mail.woningscan_requested.body", [record.office.name.nl.lowercased(), municipality, record.reference]),
                ],
                link: Letter.Link(label: t("mail.woningscan_requested.link", []), url: url), app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }

    static func planned(_ record: HomeScanRequestRecord, on day: String, app: Application, on db: any Database) async throws {
        guard let requester = try await User.find(record.userID, on: db) else { return }
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        var mail = Mail(
            kind: "woningscan.planned", to: requester.email, language: .nl, subject: t("mail.woningscan_planned.subject", []),
            paragraphs: [t("mail.greeting", [requester.name]), t("mail.woningscan_planned.body", [Format.day(day, .nl)])],
            link: Letter.Link(label: t("mail.woningscan.link", []), url: HomeScanURL.mine(.value(try record.requireID())).absolute(app)),
            app: app)
        mail.eraseWhenDone = true
        try await Outbox.send(mail, app: app, on: db)
    }

    static func done(_ record: HomeScanRequestRecord, app: Application, on db: any Database) async throws {
        guard let requester = try await User.find(record.userID, on: db) else { return }
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        var mail = Mail(
            kind: "woningscan.done", to: requester.email, language: .nl, subject: t("mail.woningscan_done.subject", []),
            paragraphs: [t("mail.greeting", [requester.name]), t("mail.woningscan_done.body", [])],
            link: Letter.Link(label: t("mail.woningscan.link", []), url: HomeScanURL.mine(.value(try record.requireID())).absolute(app)),
            app: app)
        mail.eraseWhenDone = true
        try await Outbox.send(mail, app: app, on: db)
    }
}
