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

    /// The letters of a code: digits and capitals without I, L, O and U (Crockford's base 32), so nothing can
    /// be read as something else.
    static let codeAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let codeLength = 16

    /// A code a person can type from a letter: 16 characters (80 bits) in groups of four, such as
    /// `7K2M-QX4D-9RTA-HW3B`. Used for questionnaire links, which double as the code to resume later. A longer code
    /// (26 characters, 130 bits) guards what must never be guessed, such as a reported signal's follow-up.
    static func makeCode(length: Int = codeLength) -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in codeAlphabet[Int.random(in: 0..<codeAlphabet.count, using: &generator)] }
        return grouped(String(characters))
    }

    /// A typed code in the form it is hashed in: capitals, without spaces or dashes, and for a code of today's
    /// length O read as 0 and I or L as 1, as people type them. Codes of 26 characters from before stay as typed.
    static func normalizedCode(_ code: String) -> String {
        let plain = code.uppercased().filter { ($0.isLetter || $0.isNumber) && $0.isASCII }
        guard plain.count == codeLength else { return plain }
        return String(
            plain.map { character -> Character in
                switch character {
                case "O": "0"
                case "I", "L": "1"
                default: character
                }
            })
    }

    /// Whether a normalized code has the length of a code of today or of before; anything else is never looked up.
    static func isCodeLength(_ normalized: String) -> Bool {
        normalized.count == codeLength || normalized.count == 26
    }

    /// A code as people read it: groups of four joined by dashes.
    static func grouped(_ code: String) -> String {
        let characters = Array(normalizedCode(code))
        return stride(from: 0, to: characters.count, by: 4).map { String(characters[$0..<min($0 + 4, characters.count)]) }
            .joined(separator: "-")
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
