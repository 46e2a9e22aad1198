import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Configuration and start-up")
struct ConfigurationTests {
    @Test("Without DATABASE_URL the platform uses an SQLite file in DIA_DATA_DIR")
    func sqliteIsTheDefault() throws {
        // act
        let config = try AppConfig.fromEnvironment(["DIA_DATA_DIR": "/srv/dia"])
        // check
        #expect(config.database == .sqliteFile(path: "/srv/dia/dia.sqlite"))
        #expect(try AppConfig.fromEnvironment([:]).database == .sqliteFile(path: "./var/dia.sqlite"))
    }

    @Test("A malformed DATABASE_URL stops start-up with a line naming the variable and no password")
    func malformedDatabaseURL() {
        // act, check
        for bad in ["mysql://user:geheim@db/dia", "not a url", "postgres://"] {
            #expect {
                try AppConfig.fromEnvironment(["DATABASE_URL": bad])
            } throws: { error in
                let text = String(describing: error)
                return text.hasPrefix("DATABASE_URL:") && !text.contains("geheim")
            }
        }
    }

    @Test(
        "A bad DIA_SMTP_URL, DIA_MAIL_FROM or DIA_SECRET_KEY stops start-up with one line naming it, never the password",
        arguments: [
            ("DIA_SMTP_URL", "smtp://griffie:geheim-wachtwoord@mail.example.nl:99999"),
            ("DIA_SMTP_URL", "http://griffie:geheim-wachtwoord@mail.example.nl"),
            ("DIA_MAIL_FROM", "Democratie in Actie <geen adres>"), ("DIA_SECRET_KEY", "te-kort-geheim-wachtwoord"),
        ])
    func badMailAndKeySettings(variable: String, value: String) throws {
        #expect { try AppConfig.fromEnvironment([variable: value]) } throws: {
            let line = String(describing: $0)
            return line.hasPrefix(variable + ":") && !line.contains("geheim") && !line.contains("\n")
        }
    }

    @Test("Mail settings are read as given: the server, the sender with its name, and the key")
    func mailSettings() throws {
        let config = try AppConfig.fromEnvironment([
            "DIA_SMTP_URL": "smtps://griffie:p%40ss@mail.example.nl", "DIA_MAIL_FROM": "Democratie in Actie <noreply@dia.example.nl>",
            "DIA_SECRET_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        ])
        #expect(
            config.smtp
                == SMTPConfiguration(host: "mail.example.nl", port: 465, username: "griffie", password: "p@ss", security: .implicitTLS))
        #expect(config.mailFrom == MailAddress(name: "Democratie in Actie", address: "noreply@dia.example.nl"))
        #expect(config.secretKey?.count == 32)
        #expect(try AppConfig.fromEnvironment([:]).smtp == nil)
    }

    @Test("A bad DIA_BCRYPT_COST, DIA_PUBLIC_URL or too short DIA_METRICS_TOKEN is refused by name")
    func otherBadValues() throws {
        #expect { try AppConfig.fromEnvironment(["DIA_METRICS_TOKEN": "short"]) } throws: {
            String(describing: $0).hasPrefix("DIA_METRICS_TOKEN:") && !String(describing: $0).contains("short")
        }
        #expect(try AppConfig.fromEnvironment(["DIA_METRICS_TOKEN": String(repeating: "a", count: 24)]).metricsToken?.count == 24)
        #expect(try AppConfig.fromEnvironment([:]).metricsToken == nil)
        #expect { try AppConfig.fromEnvironment(["DIA_BCRYPT_COST": "99"]) } throws: {
            String(describing: $0).hasPrefix("DIA_BCRYPT_COST:")
        }
        #expect { try AppConfig.fromEnvironment(["DIA_PUBLIC_URL": "ftp://x"]) } throws: {
            String(describing: $0).hasPrefix("DIA_PUBLIC_URL:")
        }
    }

    @Test("An HTTPS public address makes cookies Secure")
    func httpsMakesCookiesSecure() throws {
        #expect(try AppConfig.fromEnvironment(["DIA_PUBLIC_URL": "https://dia.example.nl/"]).secureCookies)
        #expect(try AppConfig.fromEnvironment(["DIA_PUBLIC_URL": "https://dia.example.nl/"]).publicURL == "https://dia.example.nl")
        #expect(try !AppConfig.fromEnvironment([:]).secureCookies)
    }

    @Test("An unreachable PostgreSQL server gives one line naming DATABASE_URL, without the password")
    func unreachablePostgres() async throws {
        // setup
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        try await configure(app, config: testConfig(.postgres(url: "postgres://dia:geheim@127.0.0.1:1/dia")))
        // act
        let problem = await startupProblem(app)
        try await app.asyncShutdown()
        // check
        let line = try #require(problem)
        #expect(line.hasPrefix("DATABASE_URL: the PostgreSQL server at 127.0.0.1:1 does not answer"))
        #expect(!line.contains("geheim"))
        #expect(!line.contains("\n"))
    }

    @Test("The SQLite file is created and migrated on first start, in WAL mode")
    func sqliteFileIsCreatedInWALMode() async throws {
        // setup
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dia-\(UUID().uuidString)/data").path
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.fluent.migrationLogLevel = .debug
        do {
            try await configure(app, config: testConfig(.sqliteFile(path: folder + "/dia.sqlite")))
            // act
            try await migrate(app)
            let mode = try await app.db.sql().raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let count = try await Municipality.query(on: app.db).count()
            // check
            #expect(FileManager.default.fileExists(atPath: folder + "/dia.sqlite"))
            #expect(mode == "wal")
            #expect(count == 342)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
