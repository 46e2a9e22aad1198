import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// The personal link in an invitation or reminder, as a code.
private func code(in message: OutboxMessage) -> String? {
    message.textBody.firstMatch(of: /\/vragenlijst\/([A-Z0-9-]+)/).map { String($0.output.1) }
}

@Suite("Email: Quick Scan invitations that keep respondents anonymous")
struct MailInvitationTests {
    @Test("A coordinator invites 1,000 addresses and reminds the half that did not start, without ever seeing who answered")
    func thousandAddressesAndAReminder() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let addresses = (1...1000).map { "raadslid\($0)@gemeente.example" }
            let pasted =
                "\u{FEFF}e-mail;naam\n" + addresses.map { "\($0);Raadslid \($0.prefix(12))" }.joined(separator: "\n")
                + "\nraadslid1@gemeente.example;dubbel\ngeen adres hier\n"
            // act: the coordinator pastes the list
            try await fixture.coordinator.get(fixture.base)
            let invited = try await fixture.coordinator.post(fixture.url(ScanURL.invite), ["mailGroup": "raad", "addresses": pasted])
            let page = try await fixture.coordinator.get(fixture.base)
            let invitations = try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.invitation").all()
            let codes = Dictionary(uniqueKeysWithValues: invitations.map { ($0.recipient, code(in: $0)!) })
            // the mail server takes them all (through SMTP in the next test; here as the delivery marks them)
            for message in invitations { try await Outbox.delivered(message, now: app.clock.now(), on: app.db) }
            // half of them start: their first save moves their answers to a code of their own
            let starters = addresses.filter { Int($0.dropFirst("raadslid".count).prefix { $0.isNumber })! % 2 == 0 }
            for address in starters {
                let invitation = try #require(try await ScanStore.invitation(code: codes[address]!, on: app.db))
                _ = try await ScanStore.saveDraft(["rol-raad.richting": "4"], for: invitation, on: app.db)
            }
            try await fixture.coordinator.get(fixture.base)
            let remindedPage = try await fixture.coordinator.post(fixture.url(ScanURL.remind))
            let afterReminder = try await fixture.coordinator.get(fixture.base)
            let reminders = try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.reminder").all()
            let kept = try await app.db.sql().raw("SELECT address_sealed, code_sealed FROM scan_mail_invitations").all()
            let reminded = reminders.map { ($0.recipient, code(in: $0)) }
            for message in reminders { try await Outbox.delivered(message, now: app.clock.now(), on: app.db) }
            let outbox = try await OutboxMessage.query(on: app.db).filter(\.$kind ~~ ["scan.invitation", "scan.reminder"]).all()
            // check: every address got its own link; the page says what was taken and what not, and shows no address
            #expect(invited.status == .seeOther)
            #expect(invitations.count == 1000 && Set(codes.values).count == 1000)
            #expect(page.html.contains("1.000 uitnodigingen staan klaar"))
            #expect(page.html.contains("1 adres stond dubbel in de lijst; het krijgt één uitnodiging."))
            #expect(page.html.contains("1 regel had geen geldig e-mailadres en is overgeslagen: regel 1003 (geen adres hier)"))
            #expect(!page.html.contains("@gemeente.example") && !afterReminder.html.contains("@gemeente.example"))
            // check: the reminder went to the other half only, with the link they had
            #expect(remindedPage.status == .seeOther)
            #expect(Set(reminded.map(\.0)) == Set(addresses).subtracting(starters) && reminded.count == 500)
            #expect(reminded.allSatisfy { $0.1 == codes[$0.0] })
            #expect(afterReminder.html.contains("De herinneringen staan klaar en worden verstuurd naar iedereen die nog niet begon."))
            // check: the database keeps no address of anyone who started, and none readable
            #expect(kept.count == 500)
            let sealed = try kept.map { try $0.decode(column: "address_sealed", as: String.self) }
            #expect(sealed.allSatisfy { !$0.contains("@") })
            let opened = Set(try sealed.map { try app.secrets.open($0) })
            #expect(opened.isDisjoint(with: starters) && opened.count == 500)
            #expect(outbox.count == 1500)
            #expect(
                outbox.allSatisfy { $0.recipient == Outbox.erased && !$0.textBody.contains("@") && !$0.htmlBody.contains("vragenlijst") })
            // check: closing the scan erases the rest
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            #expect(try await ScanMailInvitation.query(on: app.db).count() == 0)
        }
    }

    @Test("An address invited again while its link is unused gets the same link; a second reminder waits two days")
    func sameLinkAndReminderPace() async throws {
        let moving = MovableClock(Date())
        try await withTestApp({ $0.clock = moving.clock }) { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await fixture.open()
            let scan = try await fixture.reload()
            // act
            _ = try await ScanStore.inviteByEmail(scan, group: "college", addresses: "wethouder@gemeente.example", app: app)
            _ = try await ScanStore.inviteByEmail(scan, group: "college", addresses: "Wethouder@Gemeente.example", app: app)
            let first = try await ScanStore.remindByEmail(scan, app: app)
            let tooSoon = try await ScanStore.remindByEmail(scan, app: app)
            moving.advance(2 * 24 * 3600 + 60)
            let later = try await ScanStore.remindByEmail(scan, app: app)
            let messages = try await OutboxMessage.query(on: app.db).filter(\.$kind ~~ ["scan.invitation", "scan.reminder"]).all()
            let server = try await SMTPTestServer.start()
            try await delivery(app, to: server).deliverDue()
            try await server.stop()
            // check
            #expect(Set(messages.compactMap(code(in:))).count == 1)
            let received = server.received().filter { $0.to == ["wethouder@gemeente.example"] }
            #expect(received.count == 4)
            #expect(received.allSatisfy { plainText(of: $0.data).contains(QuestionnaireURL.start(.value(code(in: messages[0])!)).path) })
            let erased = try await OutboxMessage.query(on: app.db).filter(\.$kind ~~ ["scan.invitation", "scan.reminder"]).all()
            #expect(erased.allSatisfy { $0.status == .sent && $0.recipient == Outbox.erased && $0.textBody == Outbox.erased })
            #expect(try await ScanMailInvitation.query(on: app.db).count() == 1)
            #expect(try await ScanInvitation.query(on: app.db).filter(\.$group == .college).count() == 1)
            #expect(first == 1 && tooSoon == 0 && later == 1)
        }
    }

    @Test("Inviting needs an open scan, a group the scan invites and at least one address; each is a clear message")
    func badInvitations() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            let concept = try await fixture.reload()
            // act
            await #expect(throws: StoreFailure.self) {
                _ = try await ScanStore.inviteByEmail(concept, group: "raad", addresses: "a@gemeente.example", app: app)
            }
            try await fixture.open()
            try await fixture.coordinator.get(fixture.base)
            let wrong = try await fixture.coordinator.post(
                fixture.url(ScanURL.invite), ["mailGroup": "bestaat-niet", "addresses": "geen adres\n<x@y>\r\nBcc: z@evil.example"])
            // check
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.html.contains("Vul minstens één geldig e-mailadres in, één per regel."))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.invitation").count() == 0)
        }
    }

    @Test("A server started with another key than the one the database's secrets were sealed with stops with a clear line")
    func wrongKeyStops() async throws {
        try await withTestApp { app in
            // setup: the key check was sealed when the test app migrated
            var config = app.config
            config.secretKey = Data(base64Encoded: SecretBox.newKey())
            app.config = config
            // act and check
            await #expect(throws: SecretKeyCheck.WrongKey.self) { try await SecretKeyCheck.verify(app: app) }
            #expect(String(describing: SecretKeyCheck.WrongKey()).hasPrefix("DIA_SECRET_KEY:"))
        }
    }
}
