import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The weekly overview by email: on Monday from 08:00 for programme staff and for the coordinators and
/// facilitators of each municipality, from what the capabilities contribute (`Capability.digest`). It goes once
/// per week, whichever instance gets there first, and skips people with nothing to read.
enum Digests {
    /// Sends this week's overview if it is due and has not gone yet. Returns how many messages were written, or
    /// nil when nothing was due.
    @discardableResult
    static func sendIfDue(app: Application) async throws -> Int? {
        guard let monday = DigestSchedule.due(at: app.clock.now()) else { return nil }
        return try await send(week: monday, app: app)
    }

    /// Sends the overview of the week before `monday` (yyyy-MM-dd) if it has not gone yet; nil if it has.
    static func send(week monday: String, app: Application) async throws -> Int? {
        guard let noon = Format.parseDay(monday) else { return nil }
        let firstDay = Format.day(noon.addingTimeInterval(-7 * 24 * 3600))
        guard let start = Format.startOfDay(firstDay) else { return nil }
        let week = DigestWeek(monday: monday, firstDay: firstDay, start: start)
        let sent = try await app.db.sql().raw("SELECT week FROM digest_runs WHERE week = \(bind: monday)").first()
        guard sent == nil else { return nil }
        let messages = try await compose(week, app: app)
        return try await app.db.transaction { db -> Int? in
            // The unique week decides which instance sends: a second insert fails and sends nothing.
            let claimed = try await db.sql().raw(
                """
                INSERT INTO digest_runs (id, week, sent_at) VALUES (\(bind: UUID()), \(bind: monday), \(bind: app.clock.now())) \
                ON CONFLICT (week) DO NOTHING RETURNING week
                """
            ).first()
            guard claimed != nil else { return nil }
            for mail in messages { try await Outbox.send(mail, app: app, on: db) }
            return messages.count
        }
    }

    /// One message per person who wants the overview and has something in it.
    static func compose(_ week: DigestWeek, app: Application) async throws -> [Mail] {
        let contributions = app.registered.digests
        var mails: [Mail] = []
        var staffParagraphs: [String] = []
        for contribution in contributions { staffParagraphs += try await contribution.forStaff(app, week) }
        if !staffParagraphs.isEmpty {
            let staff = try await AccountStore.people(with: [.programma], in: nil, on: app.db)
            for person in try await MailPreferences.keep(staff, wanting: .digest, on: app.db) {
                mails.append(mail(to: person, paragraphs: staffParagraphs, week: week, link: DashboardURL.home, app: app))
            }
        }
        let memberships = try await MembershipRecord.query(on: app.db).filter(\.$role ~~ [.trekker, .begeleider]).all()
        let codes = Set(memberships.compactMap(\.municipalityCode))
        var perPerson: [UUID: (person: AccountStore.Person, paragraphs: [String])] = [:]
        for code in codes.sorted() {
            var paragraphs: [String] = []
            for contribution in contributions { paragraphs += try await contribution.forMunicipality(app, code, week) }
            guard !paragraphs.isEmpty else { continue }
            let people = try await AccountStore.people(with: [.trekker, .begeleider], in: code, on: app.db)
            for person in try await MailPreferences.keep(people, wanting: .digest, on: app.db) {
                perPerson[person.id, default: (person, [])].paragraphs += paragraphs
            }
        }
        for (person, paragraphs) in perPerson.values.sorted(by: { $0.person.email < $1.person.email }) {
            mails.append(mail(to: person, paragraphs: paragraphs, week: week, link: DashboardURL.home, app: app))
        }
        return mails
    }

    private static func mail(
        to person: AccountStore.Person, paragraphs: [String], week: DigestWeek, link: DashboardURL, app: Application
    ) -> Mail {
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let sunday = Format.parseDay(week.monday).map { Format.date($0.addingTimeInterval(-24 * 3600), .nl) } ?? week.monday
        var mail = Mail(
            kind: "digest", to: person.email, language: .nl, subject: t("mail.digest.subject", [Format.day(week.monday, .nl)]),
            paragraphs: [t("mail.greeting", [person.name]), t("mail.digest.intro", [Format.day(week.firstDay, .nl), sunday])] + paragraphs,
            link: Letter.Link(label: t("mail.digest.link", []), url: link.absolute(app)), app: app)
        mail.letter.unsubscribe = Letter.Link(
            label: t("mail.digest.unsubscribe", []),
            url: MailURL.unsubscribe(.value(MailPreferences.unsubscribeToken(for: person.id, app: app))).absolute(app))
        return mail
    }
}
