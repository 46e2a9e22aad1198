import DemocracyKit
import Fluent
import Vapor

/// The emails about requests for offers: programme staff hear of new, withdrawn and evaluated requests; the
/// municipality's coordinators and facilitators hear of every step programme staff take.
enum RequestMessages {
    enum StaffEvent {
        case submitted, withdrawn, evaluated
    }

    static func toStaff(
        _ event: StaffEvent, offer: Offer, municipality: String, requestID: UUID, app: Application, on db: any Database
    ) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
        let (subject, body) =
            switch event {
            case .submitted:
                (t("mail.request_submitted.subject", [municipality]), t("mail.request_submitted.body", [municipality, offer.title.nl]))
            case .withdrawn:
                (t("mail.request_withdrawn.subject", [municipality]), t("mail.request_withdrawn.body", [municipality, offer.title.nl]))
            case .evaluated:
                (t("mail.request_evaluated.subject", [municipality]), t("mail.request_evaluated.body", [municipality, offer.title.nl]))
            }
        for person in try await MailPreferences.keep(staff, wanting: .requestNews, on: db) {
            let mail = Mail(
                kind: "request.staff", to: person.email, language: .nl, subject: subject,
                paragraphs: [t("mail.greeting", [person.name]), body],
                link: Letter.Link(label: t("mail.request.staff_link", []), url: RequestURL.staffShow(.value(requestID)).absolute(app)),
                app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }

    static func toMunicipality(
        _ status: RequestStatus, request: RequestStore.Item, municipality: String, note: String, app: Application, on db: any Database
    ) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let title = request.offer?.title.nl ?? request.offerSlug
        var paragraphs = [t("mail.request_step.body", [title, status.name.nl.lowercased()])]
        switch status {
        case .afgewezen: paragraphs.append(t("mail.request_step.reason", [note]))
        case .gepland: paragraphs.append(t("mail.request_step.planned", [Format.day(note, .nl)]))
        case .uitgevoerd: paragraphs.append(t("mail.request_step.evaluate", []))
        default: break
        }
        let people = try await AccountStore.people(with: [.trekker, .begeleider], in: request.municipalityCode, on: db)
        for person in try await MailPreferences.keep(people, wanting: .requestNews, on: db) {
            let mail = Mail(
                kind: "request.step", to: person.email, language: .nl,
                subject: t("mail.request_step.subject", [title, status.name.nl.lowercased()]),
                paragraphs: [t("mail.greeting", [person.name])] + paragraphs,
                link: Letter.Link(
                    label: t("mail.request.link", []),
                    url: RequestURL.show(.value(request.municipalityCode), .value(request.id)).absolute(app)),
                app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }
}
