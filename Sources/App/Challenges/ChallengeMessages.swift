import DemocracyKit
import Fluent
import Vapor

/// The emails of the uitdaagrecht: the group hears of every step with its follow-up link; the municipality's
/// handlers and coordinator hear of new challenges, of what the group does and of missed terms.
enum ChallengeMessages {
    enum HandlerEvent {
        case submitted
        case groupActed(String)
        case overdue(String)
    }

    /// To the group, right after submitting: what happens now, and the link to follow it.
    static func received(_ record: ChallengeRecord, token: String, municipality: String, app: Application, on db: any Database) async throws
    {
        let language = record.language
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, language, arguments) }
        var mail = Mail(
            kind: "challenge.received", to: record.contactEmail, language: language,
            subject: t("mail.challenge_received.subject", [municipality]),
            paragraphs: [
                t("mail.greeting", [record.contactName]), t("mail.challenge_received.body", [record.task, municipality]),
                t("mail.challenge_received.link_note", []),
            ],
            link: Letter.Link(label: t("mail.challenge.link", []), url: ChallengeURL.follow(.value(token)).absolute(app)), app: app)
        mail.eraseWhenDone = true
        try await Outbox.send(mail, app: app, on: db)
    }

    /// To the group, when the municipality took a step or asked something.
    static func stepToGroup(
        _ record: ChallengeRecord, action: String, status: ChallengeStatus, note: String, municipality: String, app: Application,
        on db: any Database
    ) async throws {
        let language = record.language
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, language, arguments) }
        var paragraphs = [t("mail.greeting", [record.contactName])]
        if action == "vraag" {
            paragraphs.append(t("mail.challenge_question.body", [municipality, record.task]))
        } else {
            paragraphs.append(t("mail.challenge_step.body", [record.task, status.name(language).lowercased()]))
        }
        if !note.isEmpty { paragraphs.append(note) }
        let token = try app.secrets.open(record.tokenSealed)
        var mail = Mail(
            kind: "challenge.step", to: record.contactEmail, language: language,
            subject: t(action == "vraag" ? "mail.challenge_question.subject" : "mail.challenge_step.subject", [municipality]),
            paragraphs: paragraphs,
            link: Letter.Link(label: t("mail.challenge.link", []), url: ChallengeURL.follow(.value(token)).absolute(app)), app: app)
        mail.eraseWhenDone = true
        try await Outbox.send(mail, app: app, on: db)
    }

    /// To the municipality's handlers and coordinator.
    static func toHandlers(
        _ event: HandlerEvent, _ record: ChallengeRecord, municipality: String, app: Application, on db: any Database
    ) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let (subject, body): (String, String) =
            switch event {
            case .submitted:
                (t("mail.challenge_new.subject", [municipality]), t("mail.challenge_new.body", [record.groupName, record.task]))
            case .groupActed(let action):
                (
                    t("mail.challenge_group.subject", [record.groupName]),
                    t("mail.challenge_group.body", [record.groupName, t(ChallengePages.actionKey(action), [])])
                )
            case .overdue(let due):
                (
                    t("mail.challenge_overdue.subject", [record.groupName]),
                    t("mail.challenge_overdue.body", [record.task, record.groupName, Format.day(due, .nl)])
                )
            }
        let id = try record.requireID()
        for person in try await AccountStore.people(with: [.behandelaar, .trekker], in: record.municipalityCode, on: db) {
            let mail = Mail(
                kind: "challenge.handler", to: person.email, language: .nl, subject: subject,
                paragraphs: [t("mail.greeting", [person.name]), body],
                link: Letter.Link(
                    label: t("mail.challenge.handler_link", []),
                    url: ChallengeURL.handle(.value(record.municipalityCode), .value(id)).absolute(app)),
                app: app)
            try await Outbox.send(mail, app: app, on: db)
        }
    }

    /// To a person who became a handler: what for, and the link to choose a password when they have none yet.
    static func handlerAdded(_ user: User, municipality: Municipality, activationToken: String?, app: Application) -> Mail {
        if let activationToken {
            return AccountMessages.added(user, role: .behandelaar, municipality: municipality.name, token: activationToken, app: app)
        }
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        return Mail(
            kind: "challenge.handler_added", to: user.email, language: .nl,
            subject: t("mail.challenge_handler.subject", [municipality.name]),
            paragraphs: [t("mail.greeting", [user.name]), t("mail.challenge_handler.body", [municipality.name])],
            link: Letter.Link(label: t("mail.challenge.handler_link", []), url: ChallengeURL.desk(.value(municipality.code)).absolute(app)),
            app: app)
    }
}
