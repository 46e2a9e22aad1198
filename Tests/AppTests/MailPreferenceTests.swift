import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Email: what people choose to receive, and the weekly overview")
struct MailPreferenceTests {
    /// Monday 7 December 2026, 09:00 in the Netherlands.
    static let monday = Date(timeIntervalSince1970: 1_796_630_400)

    @Test("The weekly overview goes out once on Monday from 08:00, to staff and to coordinators with news, and skips who has none")
    func weeklyOverview() async throws {
        let moving = MovableClock(Self.monday.addingTimeInterval(-3 * 24 * 3600))
        try await withTestApp({ $0.clock = moving.clock }) { app in
            // setup: during the week a sign-up arrives and Groningen's scan gets answers; Amsterdam has nothing going on
            try await makeUser(app, email: "staf@programma.example", name: "Anouk", roles: [(.programma, nil)])
            try await makeUser(app, email: "trekker@amsterdam.example", roles: [(.trekker, "GM0363")])
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let codes = try await fixture.links(.raad, count: 2)
            for code in codes { _ = try await answerAll(Browser(app), code: code) }
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0034", contactName: "Fenna", contactFunction: "griffier", email: "griffie@almere.example",
                    acceptsTerms: true), language: .nl, app: app)
            // act
            let early = try await Digests.sendIfDue(app: app)
            moving.advance(3 * 24 * 3600)
            let due = try await Digests.sendIfDue(app: app)
            let again = try await Digests.sendIfDue(app: app)
            // check
            #expect(early == nil && again == nil && due == 2)
            let digests = try await OutboxMessage.query(on: app.db).filter(\.$kind == "digest").sort(\.$recipient).all()
            #expect(digests.map(\.recipient) == ["griffie@groningen.example", "staf@programma.example"])
            let coordinator = digests[0].textBody
            #expect(digests[0].subject == "Het overzicht van de week, 7 december 2026")
            #expect(coordinator.contains("Groningen – Quick Scan 2026: 2 nieuwe antwoorden deze week, 2 in totaal."))
            let staff = digests[1].textBody
            #expect(staff.contains("Beste Anouk,") && staff.contains("Aanmeldingen die wachten op een besluit: 1. Het gaat om: Almere."))
            #expect(staff.contains("Wekelijks overzicht uitzetten: http://localhost:8080/afmelden/"))
        }
    }

    @Test("The link in the overview turns it off without signing in, after one click on a button; a forged link does nothing")
    func unsubscribeWithoutSigningIn() async throws {
        try await withTestApp { app in
            // setup
            let id = try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            let other = try await makeUser(app, email: "ander@programma.example", roles: [(.programma, nil)])
            let token = MailPreferences.unsubscribeToken(for: id, app: app)
            let forged = other.uuidString + "." + token.split(separator: ".")[1]
            let visitor = Browser(app)
            // act
            let page = try await visitor.get(MailURL.unsubscribe(.value(token)).path)
            let offBeforeClick = try await MailPreferences.off(for: id, on: app.db)
            let done = try await visitor.post(MailURL.unsubscribe(.value(token)).path, withCSRF: false)
            let refused = try await visitor.post(MailURL.unsubscribe(.value(forged)).path, withCSRF: false)
            // check
            #expect(page.status == .ok && page.html.contains("staf@programma.example") && offBeforeClick.isEmpty)
            #expect(done.status == .ok && done.html.contains("U krijgt het wekelijkse overzicht niet meer."))
            #expect(try await MailPreferences.off(for: id, on: app.db) == [.digest])
            let otherOff = try await MailPreferences.off(for: other, on: app.db)
            #expect(refused.status == .notFound && otherOff.isEmpty)
        }
    }

    @Test("A person turns off news they do not want; it stops, while messages they wait for still come")
    func preferencesAreKept() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            let form = try await staff.get(MailURL.preferences.path)
            // act: only the weekly overview stays on
            let saved = try await staff.post(MailURL.preferences.path, pairs: [("topics[]", "digest")])
            let after = try await staff.get(MailURL.preferences.path)
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0034", contactName: "Fenna", contactFunction: "griffier", email: "griffie@almere.example",
                    acceptsTerms: true), language: .nl, app: app)
            let reset = try await AccountStore.requestPasswordReset(
                email: "staf@programma.example", address: "127.0.0.1", language: .nl, app: app)
            // check
            #expect(form.html.contains("Nieuwe aanmeldingen") && !form.html.contains("Nieuws over de scans"))
            #expect(saved.status == .seeOther)
            #expect(after.html.contains(#"value="digest" checked"#) && !after.html.contains(#"value="signupNews" checked"#))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "signup.new").count() == 0)
            let resetMails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "account.password_reset").count()
            #expect(reset == .answered && resetMails == 1)
        }
    }
}

@Suite("Email: the week of the overview")
struct DigestScheduleTests {
    @Test("The overview is due on Monday from 08:00 Dutch time for a day, named by that Monday, also in summer time")
    func schedule() {
        let monday = MailPreferenceTests.monday
        #expect(DigestSchedule.due(at: monday.addingTimeInterval(-14 * 3600)) == nil)  // Sunday evening
        #expect(DigestSchedule.due(at: monday.addingTimeInterval(-70 * 60)) == nil)  // Monday 07:50
        #expect(DigestSchedule.due(at: monday) == "2026-12-07")
        #expect(DigestSchedule.due(at: monday.addingTimeInterval(22 * 3600)) == "2026-12-07")  // Tuesday 07:00
        #expect(DigestSchedule.due(at: monday.addingTimeInterval(25 * 3600)) == nil)  // Tuesday 10:00
        // 6 July 2026, 08:30 in the Netherlands is 06:30 UTC
        #expect(DigestSchedule.due(at: Date(timeIntervalSince1970: 1_783_319_400)) == "2026-07-06")
    }
}

@Suite("Passwords people choose")
struct CommonPasswordTests {
    @Test("A common password is refused when choosing one, whatever its capitals, with a message that says why")
    func commonPasswordRefused() async throws {
        try await withTestApp { app in
            // setup
            let user = try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let token = try await AccountStore.issueActivationToken(for: user, on: app.db, now: app.clock.now())
            let browser = Browser(app)
            try await browser.get(AccountURL.activate(.value(token)).path)
            // act
            let refused = try await browser.post(
                AccountURL.activate(.value(token)).path, ["password": "WachtWoord123", "passwordConfirmation": "WachtWoord123"])
            // check
            #expect(app.commonPasswords.count > 1000 && app.commonPasswords.contains("qwertyuiop"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("Dit wachtwoord wordt veel gebruikt en is daardoor makkelijk te raden."))
        }
    }
}
