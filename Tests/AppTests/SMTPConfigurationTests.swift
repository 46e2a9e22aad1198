import Testing

@testable import App

/// Tests for reading DIA_SMTP_URL.
@Suite("SMTPConfiguration.parse")
struct SMTPConfigurationTests {
    @Test("smtp:// with user and password means STARTTLS when offered, with AUTH")
    func submissionURL() throws {
        let configuration = try SMTPConfiguration.parse("smtp://mailer:geheim@smtp.example.nl:587")
        #expect(
            configuration
                == SMTPConfiguration(
                    host: "smtp.example.nl", port: 587, username: "mailer", password: "geheim", security: .startTLSWhenOffered))
    }

    @Test("smtps:// means implicit TLS, on port 465 unless another is given")
    func implicitTLSURL() throws {
        let configuration = try SMTPConfiguration.parse("smtps://mailer:geheim@smtp.example.nl")
        #expect(configuration.security == .implicitTLS)
        #expect(configuration.port == 465)
        #expect(configuration.username == "mailer")
        #expect(try SMTPConfiguration.parse("SMTPS://h.example:2465").port == 2465)
    }

    @Test("smtp://host without user means no AUTH, on port 25 unless another is given")
    func relayURL() throws {
        let configuration = try SMTPConfiguration.parse("smtp://localhost")
        #expect(configuration == SMTPConfiguration(host: "localhost", port: 25, security: .startTLSWhenOffered))
        #expect(try SMTPConfiguration.parse("smtp://127.0.0.1:25/").port == 25)
        #expect(try SMTPConfiguration.parse("smtp://[::1]:2525").host == "::1")
        #expect(try SMTPConfiguration.parse("smtp://[::1]:2525").port == 2525)
        #expect(try SMTPConfiguration.parse(" smtp://relay.internal\n").host == "relay.internal")
    }

    @Test("user and password are percent-decoded, and an unencoded @ in the password still works")
    func percentDecoding() throws {
        let configuration = try SMTPConfiguration.parse("smtp://info%40dia.example:p%40ss%3Aw%2Frd%25@mail.example:587")
        #expect(configuration.username == "info@dia.example")
        #expect(configuration.password == "p@ss:w/rd%")
        #expect(configuration.host == "mail.example")
        #expect(try SMTPConfiguration.parse("smtp://u:a@b@mail.example").password == "a@b")
        #expect(try SMTPConfiguration.parse("smtp://user@mail.example").password == nil)
    }

    @Test(
        "bad URLs throw a one-line error that never contains the password",
        arguments: [
            "http://u:Geheim123@mail.example", "Geheim123", "smtp://", "smtp://u:Geheim123@", "smtp://u:Geheim123@:25",
            "smtp://u:Geheim123@mail.example:0", "smtp://u:Geheim123@mail.example:70000", "smtp://u:Geheim123@mail.example:abc",
            "smtp://u:Geheim123@mail.example:", "smtp://u:Geheim123@mail.example:-1", "smtp://u:Geheim123",
            "smtp://u:Geheim123@mail.example/path", "smtp://u:Geheim123@mail.example?x=1", "smtp://u:Geheim%ZZ123@mail.example",
            "smtp://:Geheim123@mail.example", "smtp://u:Geheim123@mail example", "smtp://u:Geheim123@[::1",
        ])
    func badURLs(url: String) {
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration.parse(url) }
        do {
            _ = try SMTPConfiguration.parse(url)
        } catch {
            let text = "\(error)"
            #expect(!text.contains("Geheim"))
            #expect(!text.contains("\n") && !text.contains("\r"))
            #expect(text.hasPrefix("Invalid DIA_SMTP_URL: "))
        }
    }

    @Test("printing or dumping a configuration hides the password")
    func descriptionHidesPassword() throws {
        let configuration = try SMTPConfiguration.parse("smtp://mailer:Geheim123@mail.example:587")
        #expect("\(configuration)" == "smtp://mailer:***@mail.example:587")
        #expect(!String(reflecting: configuration).contains("Geheim"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("Geheim"))
    }
}
