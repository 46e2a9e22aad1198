import DemocracyKit
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import App

/// A clock a test can move forward.
final class MovableClock: Sendable {
    private let moment: NIOLockedValueBox<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_796_000_000)) {
        moment = NIOLockedValueBox(start)
    }

    var clock: Clock { Clock { [moment] in moment.withLockedValue { $0 } } }

    func advance(_ seconds: TimeInterval) {
        moment.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// The outbox's delivery against an SMTP server on this machine's loopback.
func delivery(_ app: Application, to server: SMTPTestServer) -> MailDelivery {
    MailDelivery(
        app: app, configuration: SMTPConfiguration(host: "127.0.0.1", port: server.port, security: .startTLSWhenOffered),
        from: MailAddress(name: "Democratie in Actie", address: "noreply@democratie.example"))
}

/// The plain text part of a delivered message, decoded.
func plainText(of data: String) -> String {
    guard let part = data.range(of: "Content-Type: text/plain; charset=utf-8"),
        let headersEnd = data.range(of: "\r\n\r\n", range: part.upperBound..<data.endIndex)
    else { return "" }
    let rest = data[headersEnd.upperBound...]
    let body = rest.range(of: "\r\n--").map { rest[..<$0.lowerBound] } ?? rest
    return MailTestSupport.decodeQuotedPrintable(String(body))
}

@Suite("Email: the outbox and its delivery")
struct MailTests {
    @Test("A sign-up writes a message to the contact person in their language and one to each of the programme's staff")
    func signupMessages() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await makeUser(app, email: "tweede@programma.example", roles: [(.programma, nil)])
            let browser = Browser(app)
            try await browser.get(SignupURL.form.with([("lang", "en")]))
            // act
            let response = try await browser.post(SignupURL.form.path, SignupTests.validFields)
            // check
            #expect(response.status == .seeOther)
            let messages = try await OutboxMessage.query(on: app.db).sort(\.$recipient).all()
            #expect(messages.map(\.recipient) == ["griffie@groningen.example", "staf@programma.example", "tweede@programma.example"])
            let received = messages[0]
            #expect(received.kind == "signup.received" && received.language == .en)
            #expect(received.subject == "We have received your sign-up")
            #expect(received.textBody.contains("Dear Ineke de Griffier,") && received.textBody.contains("Groningen"))
            let staff = messages[1]
            #expect(staff.kind == "signup.new" && staff.language == .nl && staff.subject == "Nieuwe aanmelding: Groningen")
            let signup = try #require(try await Signup.query(on: app.db).first())
            #expect(staff.textBody.contains(SignupURL.show(.value(signup.id!)).absolute(app)))
            #expect(staff.htmlBody.contains("<html lang=\"nl\">") && staff.htmlBody.contains("<a href=\"http://localhost:8080/beheer/"))
            #expect(messages.allSatisfy { $0.status == .waiting && $0.attempts == 0 })
        }
    }

    @Test("A change that rolls back leaves no message behind")
    func rollbackSendsNothing() async throws {
        struct Failure: Error {}
        try await withTestApp { app in
            // act
            await #expect(throws: Failure.self) {
                try await app.db.transaction { db in
                    try await Outbox.send(
                        Mail(kind: "test", to: "a@example.nl", language: .nl, subject: "Onderwerp", paragraphs: ["Tekst"], app: app),
                        app: app, on: db)
                    throw Failure()
                }
            }
            // check
            let left = try await OutboxMessage.query(on: app.db).count()
            #expect(left == 0)
        }
    }

    @Test("Accepting a sign-up mails the activation link; the message arrives with its headers, text and HTML")
    func deliveredWithLink() async throws {
        let server = try await SMTPTestServer.start()
        try await withTestApp { app in
            // setup
            let staff = try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await SignupStore.submit(
                SignupForm(
                    municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier",
                    email: "ineke@groningen.example", acceptsTerms: true), language: .nl, app: app)
            let signup = try #require(try await Signup.query(on: app.db).first())
            let acceptance = try await SignupStore.accept(signup.requireID(), by: staff, app: app)
            let token = try #require(acceptance.activationToken)
            // act
            let result = try await delivery(app, to: server).deliverDue()
            // check
            #expect(result.sent == 3 && result.notSent == 0)
            let welcome = try #require(server.received().first { $0.data.contains("Subject: Welkom bij Democratie in Actie") })
            #expect(welcome.to == ["ineke@groningen.example"] && welcome.from == "noreply@democratie.example")
            #expect(MailTestSupport.header("From", in: welcome.data)?.contains("<noreply@democratie.example>") == true)
            let stored = try #require(try await OutboxMessage.query(on: app.db).filter(\.$kind == "signup.accepted").first())
            #expect(MailTestSupport.header("Message-ID", in: welcome.data) == stored.messageID)
            #expect(welcome.data.contains("multipart/alternative") && welcome.data.contains("Content-Type: text/html"))
            #expect(plainText(of: welcome.data).contains(AccountStore.activationURL(token, app: app)))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 3)
            // the link in the email opens the activation page
            let page = try await Browser(app).get(AccountURL.activate(.value(token)).path)
            #expect(page.status == .ok && page.html.contains("ineke@groningen.example"))
        }
        try await server.stop()
    }

    @Test("With the mail server down, messages wait and are tried again later; once it is up, each arrives once, in order")
    func serverDownThenUp() async throws {
        let moving = MovableClock()
        try await withTestApp({ $0.clock = moving.clock }) { app in
            // setup: three messages, and a port where nothing listens
            for number in 1...3 {
                try await Outbox.send(
                    Mail(
                        kind: "test", to: "p\(number)@example.nl", language: .nl, subject: "Bericht \(number)", paragraphs: ["Tekst"],
                        app: app),
                    app: app, on: app.db)
                moving.advance(1)
            }
            let down = try await SMTPTestServer.start()
            let downDelivery = delivery(app, to: down)
            try await down.stop()
            // act
            let first = try await downDelivery.deliverDue()
            let tooSoon = try await downDelivery.deliverDue()
            moving.advance(61)
            let server = try await SMTPTestServer.start()
            let second = try await delivery(app, to: server).deliverDue()
            let third = try await delivery(app, to: server).deliverDue()
            // check
            #expect(first.sent == 0 && first.notSent == 3)
            #expect(tooSoon.sent == 0 && tooSoon.notSent == 0)
            #expect(second.sent == 3 && third.sent == 0)
            #expect(server.received().map { MailTestSupport.header("Subject", in: $0.data) } == ["Bericht 1", "Bericht 2", "Bericht 3"])
            let messages = try await OutboxMessage.query(on: app.db).all()
            #expect(messages.allSatisfy { $0.status == .sent && $0.attempts == 2 && $0.lastError == nil })
            try await server.stop()
        }
    }

    @Test("A refusal is tried again for a day and then shown as failed; a refused recipient fails at once")
    func refusedThenFailed() async throws {
        let moving = MovableClock()
        let server = try await SMTPTestServer.start(mode: .tempFail)
        try await withTestApp({ $0.clock = moving.clock }) { app in
            // setup
            let staff = try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await Outbox.send(
                Mail(kind: "test", to: "later@example.nl", language: .nl, subject: "Later", paragraphs: ["Tekst"], app: app),
                app: app, on: app.db)
            let mailer = delivery(app, to: server)
            // act: attempts for a day and a bit
            var attempts = 0
            for _ in 0..<60 {
                attempts += try await mailer.deliverDue().notSent
                moving.advance(3600)
            }
            server.setMode(.refuseRecipients)
            try await Outbox.send(
                Mail(kind: "test", to: "onbekend@example.nl", language: .nl, subject: "Onbekend", paragraphs: ["Tekst"], app: app),
                app: app, on: app.db)
            let refused = try await mailer.deliverDue()
            let browser = Browser(app)
            try await browser.signIn("staf@programma.example")
            let page = try await browser.get(MailURL.outbox.path)
            // check
            let later = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "later@example.nl").first())
            #expect(later.status == .failed && later.attempts == attempts && attempts > 5 && attempts < 30)
            #expect(later.lastError?.contains("451") == true)
            #expect(refused.notSent == 1)
            let unknown = try #require(try await OutboxMessage.query(on: app.db).filter(\.$recipient == "onbekend@example.nl").first())
            #expect(unknown.status == .failed && unknown.attempts == 1 && unknown.lastError?.contains("550") == true)
            #expect(page.status == .ok && page.html.contains("Mislukt") && page.html.contains("onbekend@example.nl"))
            #expect(server.received().isEmpty)
            _ = staff
        }
        try await server.stop()
    }

    @Test("Two instances delivering at the same time send each message once")
    func twoInstances() async throws {
        let server = try await SMTPTestServer.start()
        try await withTestApp { app in
            // setup
            for number in 1...40 {
                try await Outbox.send(
                    Mail(
                        kind: "test", to: "p\(number)@example.nl", language: .nl, subject: "Bericht \(number)", paragraphs: ["Tekst"],
                        app: app),
                    app: app, on: app.db)
            }
            let one = delivery(app, to: server)
            let other = delivery(app, to: server)
            // act
            var rounds = 0
            while try await OutboxMessage.query(on: app.db).filter(\.$status == .waiting).count() > 0, rounds < 10 {
                async let a = one.deliverDue()
                async let b = other.deliverDue()
                _ = try await (a, b)
                rounds += 1
            }
            // check
            let subjects = server.received().compactMap { MailTestSupport.header("Subject", in: $0.data) }
            #expect(subjects.count == 40 && Set(subjects).count == 40)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 40)
        }
        try await server.stop()
    }

    @Test("Opening a scan mails the municipality's coordinators and facilitators; sharing the report mails its council members")
    func scanMessages() async throws {
        try await withTestApp { app in
            // setup
            let fixture = try await ScanFixture.make(app)
            try await makeUser(app, email: "begeleider@groningen.example", name: "Ruben", roles: [(.begeleider, "GM0014")])
            try await makeUser(app, email: "raadslid@groningen.example", name: "Youssef", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "raadslid@amsterdam.example", roles: [(.raadslid, "GM0363")])
            // act
            try await fixture.open()
            let opened = try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.opened").sort(\.$recipient).all()
            try await fixture.coordinator.get(fixture.base)
            try await fixture.coordinator.post(fixture.url(ScanURL.close))
            try await fixture.coordinator.get(fixture.base)
            let shared = try await fixture.coordinator.post(fixture.url(ScanURL.share))
            let told = try await OutboxMessage.query(on: app.db).filter(\.$kind == "scan.report_shared").all()
            // check
            #expect(opened.map(\.recipient) == ["begeleider@groningen.example", "griffie@groningen.example"])
            #expect(opened.first?.subject == "De Quick Scan van Groningen is open")
            #expect(opened.first?.textBody.contains(ScanURL.show(.value("GM0014"), .value(fixture.scan.id!)).absolute(app)) == true)
            #expect(shared.status == .seeOther)
            #expect(told.map(\.recipient) == ["raadslid@groningen.example"])
            #expect(told.first?.textBody.contains("Beste Youssef,") == true)
            #expect(told.first?.textBody.contains(ScanURL.report(.value("GM0014"), .value(fixture.scan.id!)).absolute(app)) == true)
        }
    }

    @Test("Only programme staff read the outbox; a coordinator is refused")
    func outboxIsForStaff() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            try await Outbox.send(
                Mail(kind: "test", to: "iemand@example.nl", language: .nl, subject: "Uw link", paragraphs: ["Geheime link"], app: app),
                app: app, on: app.db)
            let id = try #require(try await OutboxMessage.query(on: app.db).first()?.id)
            let staff = Browser(app)
            try await staff.signIn("staf@programma.example")
            let coordinator = Browser(app)
            try await coordinator.signIn("griffie@groningen.example")
            // act
            let list = try await staff.get(MailURL.outbox.path)
            let message = try await staff.get(MailURL.message(.value(id)).path)
            let refused = try await coordinator.get(MailURL.message(.value(id)).path)
            let unknown = try await staff.get(MailURL.message(.value(UUID())).path)
            // check
            #expect(list.status == .ok && list.html.contains("Uw link") && list.html.contains("Er is geen mailserver ingesteld"))
            #expect(message.status == .ok && message.html.contains("Geheime link"))
            #expect(refused.status == .forbidden && !refused.html.contains("Geheime link"))
            #expect(unknown.status == .notFound)
        }
    }
}

@Suite("Email: a forgotten password")
struct ForgottenPasswordTests {
    @Test("Known or unknown address, the answer is the same; only an account gets a link, which sets a new password once")
    func sameAnswerAndOneLink() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", name: "Ineke", roles: [(.trekker, "GM0014")])
            let browser = Browser(app)
            try await browser.get(AccountURL.forgotPassword.path)
            // act
            let known = try await browser.post(AccountURL.forgotPassword.path, ["email": "Griffie@Groningen.example"])
            let unknown = try await browser.post(AccountURL.forgotPassword.path, ["email": "niemand@groningen.example"])
            let message = try #require(try await OutboxMessage.query(on: app.db).first())
            let link = try #require(message.textBody.firstMatch(of: /http:\/\/localhost:8080(\/activeren\/[A-Za-z0-9_-]+)/)?.output.1)
            let form = try await browser.get(String(link))
            let set = try await browser.post(
                String(link), ["password": "een-nieuw-wachtwoord", "passwordConfirmation": "een-nieuw-wachtwoord"])
            let again = try await browser.get(String(link))
            let signedIn = try await Browser(app).signIn("griffie@groningen.example", password: "een-nieuw-wachtwoord")
            // check
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(
                known.html.replacingOccurrences(of: "griffie@groningen.example", with: "X")
                    == unknown.html.replacingOccurrences(of: "niemand@groningen.example", with: "X"))
            #expect(try await OutboxMessage.query(on: app.db).count() == 1)
            #expect(message.kind == "account.password_reset" && message.recipient == "griffie@groningen.example")
            #expect(message.textBody.contains("Beste Ineke,") && message.textBody.contains("2 uur"))
            #expect(form.status == .ok && set.status == .seeOther)
            #expect(again.status == .notFound)
            #expect(signedIn.location == DashboardURL.home.path)
        }
    }

    @Test("A new password ends the account's other sessions; changing it keeps the session that changed it")
    func newPasswordEndsSessions() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let laptop = Browser(app)
            try await laptop.signIn("griffie@groningen.example")
            let phone = Browser(app)
            try await phone.signIn("griffie@groningen.example")
            let stolen = Browser(app)
            try await stolen.signIn("griffie@groningen.example")
            // act: a change on the laptop, then a reset link
            try await laptop.get(AccountURL.password.path)
            let changed = try await laptop.post(
                AccountURL.password.path,
                ["currentPassword": "een-goed-wachtwoord", "password": "nog-een-wachtwoord", "passwordConfirmation": "nog-een-wachtwoord"])
            let laptopAfterChange = try await laptop.get(DashboardURL.home.path)
            let phoneAfterChange = try await phone.get(DashboardURL.home.path)
            let user = try #require(try await AccountStore.user(email: "griffie@groningen.example", on: app.db))
            let token = try await AccountStore.issueActivationToken(for: user.requireID(), on: app.db, now: app.clock.now())
            let reset = Browser(app)
            try await reset.get(AccountURL.activate(.value(token)).path)
            try await reset.post(
                AccountURL.activate(.value(token)).path, ["password": "derde-wachtwoord", "passwordConfirmation": "derde-wachtwoord"])
            let laptopAfterReset = try await laptop.get(DashboardURL.home.path)
            // check
            #expect(changed.status == .seeOther)
            #expect(laptopAfterChange.status == .ok)
            #expect(phoneAfterChange.status == .seeOther && phoneAfterChange.location?.hasPrefix(AccountURL.login.path) == true)
            #expect(laptopAfterReset.status == .seeOther)
            _ = stolen
        }
    }

    @Test("Three links an hour per account and ten requests per network address; more are not sent")
    func rateLimited() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let browser = Browser(app)
            try await browser.get(AccountURL.forgotPassword.path)
            // act
            var statuses: [UInt] = []
            for _ in 1...5 {
                statuses.append(try await browser.post(AccountURL.forgotPassword.path, ["email": "griffie@groningen.example"]).status.code)
            }
            for number in 6...11 {
                statuses.append(try await browser.post(AccountURL.forgotPassword.path, ["email": "p\(number)@example.nl"]).status.code)
            }
            let last = try await browser.post(AccountURL.forgotPassword.path, ["email": "p12@example.nl"])
            // check
            #expect(statuses == Array(repeating: 200, count: 10) + [429])
            #expect(try await OutboxMessage.query(on: app.db).count() == 3)
            #expect(last.status == .tooManyRequests && last.html.contains("te veel links aangevraagd"))
        }
    }

    @Test(
        "An address that could add a mail header, or is not an address, is refused with a message and nothing is sent",
        arguments: [
            "griffie@groningen.example\r\nBcc: aanvaller@evil.example", "griffie@groningen.example\nBcc: x@evil.example",
            "<griffie@groningen.example>", "geen-adres", String(repeating: "a", count: 300) + "@example.nl", "",
        ])
    func hostileAddresses(email: String) async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "griffie@groningen.example", roles: [(.trekker, "GM0014")])
            let browser = Browser(app)
            try await browser.get(AccountURL.forgotPassword.path)
            // act
            let response = try await browser.post(AccountURL.forgotPassword.path, ["email": email])
            // check
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains("Fout:"))
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
        }
    }
}
