import DemocracyKit
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing

@testable import App

/// Tests for the SMTP client against the in-process `SMTPTestServer`.
@Suite("SMTPClient")
struct SMTPClientTests {
    let message = MailFormat.render(
        from: MailAddress(name: "Democratie in Actie", address: "noreply@dia.example"),
        to: MailAddress(name: "Jan", address: "jan@example.nl"),
        subject: "Uw stem is geteld ✔",
        text: "Hallo Jan,\n.Deze regel begint met een punt.\n..En deze met twee.\n.\nGroet",
        html: "<p>Hallo Jan</p>\n.<p>punt</p>",
        messageID: MailFormat.messageID(domain: "dia.example"),
        date: Date())

    func client(
        _ port: Int, host: String = "127.0.0.1", user: String? = nil, password: String? = nil,
        security: SMTPConfiguration.Security = .startTLSWhenOffered, tls: TLSConfiguration = .makeClientConfiguration(),
        // Long: the whole test run shares two cores, and a test waiting its turn must not look like a silent server.
        // The test of the timeout itself sets a short one.
        timeout: TimeAmount = .seconds(180)
    ) -> SMTPClient {
        SMTPClient(
            configuration: SMTPConfiguration(host: host, port: port, username: user, password: password, security: security),
            eventLoopGroup: SMTPTestServer.group, tlsConfiguration: tls, timeout: timeout, heloName: "dia.test")
    }

    /// Runs `body` and returns the SMTPError it throws, or nil when it throws nothing (any other error fails the test).
    func smtpError(_ body: () async throws -> Void) async -> SMTPError? {
        do {
            try await body()
            return nil
        } catch let error as SMTPError {
            return error
        } catch {
            Issue.record("expected an SMTPError, got \(error)")
            return nil
        }
    }

    func isTransient(_ error: SMTPError?) -> Bool {
        if case .transient = error { return true }
        return false
    }

    func isPermanent(_ error: SMTPError?) -> Bool {
        if case .permanent = error { return true }
        return false
    }

    @Test("a message arrives with the right envelope and body, lines starting with '.' surviving dot-stuffing")
    func delivers() async throws {
        let server = try await SMTPTestServer.start()
        try await client(server.port).send(from: "noreply@dia.example", to: ["jan@example.nl", "piet@example.nl"], message: message)
        try await server.stop()
        let received = server.received()
        #expect(received == [.init(from: "noreply@dia.example", to: ["jan@example.nl", "piet@example.nl"], data: message)])
        #expect(message.contains("\r\n.Deze regel begint met een punt.\r\n..En deze met twee.\r\n.\r\n"))
        #expect(server.commands() == ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"])
    }

    @Test("the client falls back to HELO when the server refuses EHLO")
    func heloFallback() async throws {
        let server = try await SMTPTestServer.start(mode: .refuseEHLO)
        try await client(server.port).send(from: "", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received() == [.init(from: "", to: ["jan@example.nl"], data: message)])
        #expect(server.commands() == ["EHLO", "HELO", "MAIL", "RCPT", "DATA", "QUIT"])
    }

    @Test("the client dot-stuffs, makes every line end CRLF and adds the closing dot line")
    func dataBlock() {
        func block(_ text: String) -> String { String(buffer: SMTPClient.dataBlock(text)) }
        #expect(block(".a\nb\r\n..c\rd") == "..a\r\nb\r\n...c\r\nd\r\n.\r\n")
        #expect(block("x\r\n.\r\n") == "x\r\n..\r\n.\r\n")
        #expect(block("x\r\n") == "x\r\n.\r\n")
        #expect(block("") == ".\r\n")
        #expect(block("a\n.\nb") == "a\r\n..\r\nb\r\n.\r\n")
    }

    @Test("AUTH PLAIN with the right credentials works over loopback without TLS")
    func authPlain() async throws {
        let server = try await SMTPTestServer.start(requireAuth: (user: "mailer", password: "p@ss wörd"))
        try await client(server.port, user: "mailer", password: "p@ss wörd").send(
            from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received().count == 1)
        #expect(server.commands() == ["EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"])
    }

    @Test("AUTH LOGIN is used when the server offers only LOGIN")
    func authLogin() async throws {
        let server = try await SMTPTestServer.start(requireAuth: (user: "mailer", password: "geheim"), authMechanisms: ["LOGIN"])
        try await client(server.port, host: "localhost", user: "mailer", password: "geheim").send(
            from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received().count == 1)
    }

    @Test("wrong credentials give a permanent error and no message")
    func wrongCredentials() async throws {
        let server = try await SMTPTestServer.start(requireAuth: (user: "mailer", password: "geheim"))
        let error = await smtpError {
            try await client(server.port, user: "mailer", password: "fout").send(
                from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(isPermanent(error))
        #expect(error?.description.contains("535") == true)
        #expect(error?.description.contains("fout") == false)
        #expect(server.received().isEmpty)
    }

    @Test("sending without credentials to a server that requires them is a permanent error")
    func missingCredentials() async throws {
        let server = try await SMTPTestServer.start(requireAuth: (user: "mailer", password: "geheim"))
        let error = await smtpError {
            try await client(server.port).send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(isPermanent(error))
    }

    @Test("credentials are not sent over a connection without TLS to a host other than localhost")
    func noCredentialsInClearText() async throws {
        let server = try await SMTPTestServer.start(requireAuth: (user: "mailer", password: "geheim"), host: "127.0.0.2")
        let error = await smtpError {
            try await client(server.port, host: "127.0.0.2", user: "mailer", password: "geheim").send(
                from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(error == .permanent("server offers no TLS; the password is not sent in clear text"))
        #expect(!server.commands().contains("AUTH"))
    }

    @Test("a refused recipient gives a permanent error")
    func refusedRecipient() async throws {
        let server = try await SMTPTestServer.start(mode: .refuseRecipients)
        let error = await smtpError {
            try await client(server.port).send(from: "noreply@dia.example", to: ["nobody@example.nl"], message: message)
        }
        try await server.stop()
        #expect(isPermanent(error))
        #expect(error?.description.contains("550") == true)
        #expect(server.received().isEmpty)
    }

    @Test("a 451 reply gives a transient error, and the same client succeeds once the server accepts again")
    func temporaryFailure() async throws {
        let server = try await SMTPTestServer.start(mode: .tempFail)
        let smtp = client(server.port)
        let error = await smtpError {
            try await smtp.send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        #expect(isTransient(error))
        #expect(error?.description.contains("451") == true)
        server.setMode(.accept)
        try await smtp.send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received().count == 1)
    }

    @Test("a port where nothing listens gives a transient error")
    func nothingListening() async throws {
        let server = try await SMTPTestServer.start()
        let port = server.port
        try await server.stop()
        let error = await smtpError {
            try await client(port).send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        #expect(isTransient(error))
    }

    @Test("a server that drops the connection mid-way gives a transient error")
    func droppedMidWay() async throws {
        let server = try await SMTPTestServer.start(mode: .hangUpOnData)
        let error = await smtpError {
            try await client(server.port).send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(isTransient(error))
        #expect(server.received().isEmpty)
    }

    @Test("a server stopped while the client waits for a reply gives a transient error")
    func serverStopped() async throws {
        let server = try await SMTPTestServer.start(mode: .silentAfterGreeting)
        let smtp = client(server.port, timeout: .seconds(20))
        async let outcome = smtpError {
            try await smtp.send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await Task.sleep(for: .milliseconds(300))
        try await server.stop()
        #expect(isTransient(await outcome))
    }

    @Test("a server that stops answering makes the client give up after its timeout with a transient error")
    func timeout() async throws {
        let server = try await SMTPTestServer.start(mode: .silentAfterGreeting)
        let error = await smtpError {
            try await client(server.port, timeout: .milliseconds(300)).send(
                from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(error == .transient("no reply to EHLO dia.test within 300 ms"))
    }

    @Test(
        "invalid envelope addresses are refused before connecting",
        arguments: ["a b@c.nl", "a@b.nl\r\nRCPT TO:<x@y.nl>", "<a@b.nl>", "ab.nl"])
    func invalidEnvelope(address: String) async {
        let error = await smtpError {
            try await client(1).send(from: "noreply@dia.example", to: [address], message: message)
        }
        #expect(error == .permanent("an envelope address is not valid"))
        #expect(await smtpError { try await client(1).send(from: address, to: ["a@b.nl"], message: message) } == error)
        #expect(await smtpError { try await client(1).send(from: "", to: [], message: message) } == .permanent("no recipients"))
    }

    @Test("STARTTLS is used when offered, then AUTH and the message go over TLS")
    func startTLS() async throws {
        let server = try await SMTPTestServer.start(
            requireAuth: (user: "mailer", password: "geheim"), tls: .startTLS(try TestCertificate.serverContext()))
        try await client(server.port, host: "localhost", user: "mailer", password: "geheim", tls: try TestCertificate.clientConfiguration())
            .send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received().map(\.data) == [message])
        #expect(server.commands() == ["EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"])
    }

    @Test("a STARTTLS certificate that cannot be verified gives a transient error and sends no credentials")
    func startTLSUntrusted() async throws {
        let server = try await SMTPTestServer.start(
            requireAuth: (user: "mailer", password: "geheim"), tls: .startTLS(try TestCertificate.serverContext()))
        let error = await smtpError {
            try await client(server.port, host: "localhost", user: "mailer", password: "geheim").send(
                from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(isTransient(error))
        #expect(server.commands() == ["EHLO", "STARTTLS"])
    }

    @Test("clear text that the server sends after agreeing to STARTTLS is refused, not taken for a reply under TLS")
    func startTLSInjection() async throws {
        let server = try await SMTPTestServer.start(
            mode: .injectAfterStartTLS, requireAuth: (user: "mailer", password: "geheim"),
            tls: .startTLS(try TestCertificate.serverContext()))
        let error = await smtpError {
            try await client(
                server.port, host: "localhost", user: "mailer", password: "geheim", tls: try TestCertificate.clientConfiguration()
            )
            .send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        }
        try await server.stop()
        #expect(error == .permanent("server sent clear text after agreeing to STARTTLS"))
        // The client may still say QUIT (over TLS), but it never sends EHLO again, logs in or starts a message.
        #expect(server.commands().filter { $0 != "QUIT" } == ["EHLO", "STARTTLS"])
    }

    @Test("implicit TLS (smtps) delivers a message")
    func implicitTLS() async throws {
        let server = try await SMTPTestServer.start(
            requireAuth: (user: "mailer", password: "geheim"), tls: .implicit(try TestCertificate.serverContext()))
        try await client(
            server.port, host: "localhost", user: "mailer", password: "geheim", security: .implicitTLS,
            tls: try TestCertificate.clientConfiguration()
        ).send(from: "noreply@dia.example", to: ["jan@example.nl"], message: message)
        try await server.stop()
        #expect(server.received().map(\.data) == [message])
        #expect(server.commands() == ["EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"])
    }
}
