import Crypto
import Foundation

/// Random tokens for sessions, activation links and CSRF, and the hash under which they are stored: a copy of
/// the database then gives nobody a working link or session.
enum SecureToken {
    /// 256 bits of randomness, URL-safe.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A code a person can also type: 26 characters from A–Z and 2–7 (130 bits), in groups of four.
    /// Used for questionnaire links, which double as the code to resume later.
    static func makeCode() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<26).map { _ in alphabet[Int.random(in: 0..<32, using: &generator)] }
        return stride(from: 0, to: characters.count, by: 4).map { String(characters[$0..<min($0 + 4, characters.count)]) }
            .joined(separator: "-")
    }

    /// A typed code in the form it is hashed in: capitals, without spaces or dashes.
    static func normalizedCode(_ code: String) -> String {
        code.uppercased().filter { $0.isLetter || $0.isNumber }
    }

    /// SHA-256 in lowercase hexadecimal. Every request with a session or a link hashes once, so this writes
    /// the digits directly rather than formatting each byte.
    static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compares a secret that was sent with the expected one in time that does not depend on where they differ.
    static func matches(_ sent: String, _ expected: String) -> Bool {
        let x = Array(sent.utf8), y = Array(expected.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
