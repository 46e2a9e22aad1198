import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Seals what must not lie readable in the database (invitation addresses, and later home addresses and integrity
/// files) with AES-GCM under the key of `DIA_SECRET_KEY`. A sealed value is base64 of nonce, ciphertext and tag.
struct SecretBox: Sendable {
    private let key: SymmetricKey

    init(key: Data) {
        self.key = SymmetricKey(data: key)
    }

    struct CannotOpen: Error {}

    func seal(_ text: String) throws -> String {
        try seal(data: Data(text.utf8))
    }

    func open(_ sealed: String) throws -> String {
        String(decoding: try openData(sealed), as: UTF8.self)
    }

    /// Seals bytes, such as an uploaded document, the same way.
    func seal(data: Data) throws -> String {
        guard let combined = try AES.GCM.seal(data, using: key).combined else { throw CannotOpen() }
        return combined.base64EncodedString()
    }

    func openData(_ sealed: String) throws -> Data {
        guard let data = Data(base64Encoded: sealed) else { throw CannotOpen() }
        return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
    }

    /// A keyed fingerprint (HMAC-SHA256, hex): the same text gives the same value, but without the key nobody can
    /// tell which text it came from by trying guesses.
    func fingerprint(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random key, base64, as `DIA_SECRET_KEY` takes it.
    static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }
}

extension Application {
    /// The box for secrets at rest, with the configured key (`configure` refuses to start without one).
    var secrets: SecretBox { SecretBox(key: config.secretKey ?? Data()) }
}

/// One sealed known value in the database, so a server started with another key than the one its secrets were
/// sealed with stops at once, instead of failing later at every reminder.
struct SecretKeyCheck {
    static let known = "Democratie in Actie"

    struct WrongKey: Error, CustomStringConvertible {
        var description: String {
            "DIA_SECRET_KEY: this is not the key the database's secrets were sealed with; start with the key used before"
        }
    }

    static func verify(app: Application) async throws {
        let sql = try app.db.sql()
        if let row = try await sql.raw("SELECT sealed FROM secret_key_checks").first() {
            let sealed = try row.decode(column: "sealed", as: String.self)
            guard (try? app.secrets.open(sealed)) == known else { throw WrongKey() }
        } else {
            try await sql.raw("INSERT INTO secret_key_checks (sealed) VALUES (\(bind: try app.secrets.seal(known)))").run()
        }
    }
}

struct CreateSecretKeyCheck: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSecretKeyCheck" }

    func prepare(on database: any Database) async throws {
        try await database.sql().create(table: "secret_key_checks").column("sealed", type: .text, .notNull).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(table: "secret_key_checks").run()
    }
}
