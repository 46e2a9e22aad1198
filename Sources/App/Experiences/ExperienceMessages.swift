import DemocracyKit
import Fluent
import Vapor

/// The emails about experiences: programme staff hear when one is sent for review; the municipality's
/// coordinators and facilitators hear when it is published, sent back or taken offline by programme staff.
enum ExperienceMessages {
    static func after(
        _ action: ExperienceAction, item: ExperienceStore.Item, municipality: String, app: Application, on db: any Database
    ) async throws {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let title = item.experience.title.nl
        switch action {
        case .submit:
            let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
            for person in try await MailPreferences.keep(staff, wanting: .experienceNews, on: db) {
                try await Outbox.send(
                    Mail(
                        kind: "experience.staff", to: person.email, language: .nl,
                        subject: t("mail.experience_submitted.subject", [municipality]),
                        paragraphs: [t("mail.greeting", [person.name]), t("mail.experience_submitted.body", [municipality, title])],
                        link: Letter.Link(
                            label: t("mail.experience.staff_link", []), url: ExperienceURL.review(.value(item.id)).absolute(app)),
                        app: app), app: app, on: db)
            }
        case .publish, .sendBack, .unpublish:
            var subject = t("mail.experience_published.subject", [title])
            var paragraphs = [t("mail.experience_published.body", [title])]
            if case .sendBack(let remark) = action {
                subject = t("mail.experience_sent_back.subject", [title])
                paragraphs = [
                    t("mail.experience_sent_back.body", [title]),
                    t("mail.experience_sent_back.remark", [remark.trimmingCharacters(in: .whitespacesAndNewlines)]),
                ]
            } else if case .unpublish = action {
                subject = t("mail.experience_offline.subject", [title])
                paragraphs = [t("mail.experience_offline.body", [title])]
            }
            let people = try await AccountStore.people(with: [.trekker, .begeleider], in: item.municipalityCode, on: db)
            for person in try await MailPreferences.keep(people, wanting: .experienceNews, on: db) {
                try await Outbox.send(
                    Mail(
                        kind: "experience.step", to: person.email, language: .nl, subject: subject,
                        paragraphs: [t("mail.greeting", [person.name])] + paragraphs,
                        link: Letter.Link(
                            label: t("mail.experience.link", []),
                            url: ExperienceURL.edit(.value(item.municipalityCode), .value(item.id)).absolute(app)),
                        app: app), app: app, on: db)
            }
        case .save, .recall:
            break
        }
    }
}
