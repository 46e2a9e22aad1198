import Crypto
import Foundation

// Step 1 of a burgerberaad by lot: the sample of addresses, the published seed, the uniform draw and the
// registration codes on the letters (docs/lottery.md). Everything here is deterministic given the file and the
// seed, so anyone holding both can repeat the draw with `dia lottery verify` or the few lines of Python in the doc.

/// A sample of addresses as the municipality exports it from its register: one address a line, in one or more
/// columns (comma or semicolon), no names. Lines are read as the doc says, so a re-run reads them the same way.
public struct AddressSample: Sendable, Equatable {
    public static let maxLines = 1_000_000
    public static let maxLineLength = 300

    /// The addresses in normal form (lower case, single spaces, columns joined by ", "), each once, in file order.
    public let addresses: [String]
    public let lines: Int
    public let emptyLines: Int
    public let duplicates: Int
    /// Lines without a digit: a header row, or a line that cannot be an address (every address has a number).
    public let skipped: Int

    /// Reads the file's text. A byte order mark, Windows line ends, empty lines and repeated addresses are
    /// handled; a file with no address, too many lines or an over-long line is refused with a field error.
    public static func read(_ text: String, field: String = "addresses") throws -> AddressSample {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var addresses: [String] = []
        var seen = Set<String>()
        var lines = 0
        var empty = 0
        var duplicates = 0
        var skipped = 0
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lines += 1
            if lines > maxLines {
                throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_too_many_lines", limit: maxLines)])
            }
            if line.count > maxLineLength {
                throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_line_too_long", limit: lines)])
            }
            let address = normalize(line)
            if address.isEmpty {
                empty += 1
            } else if !address.contains(where: \.isNumber) {
                skipped += 1
            } else if seen.insert(address).inserted {
                addresses.append(address)
            } else {
                duplicates += 1
            }
        }
        // A file ending in a line break has one empty "line" after it that nobody would count.
        if body.last?.isNewline == true {
            lines -= 1
            empty -= 1
        }
        guard !addresses.isEmpty else { throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_no_addresses")]) }
        return AddressSample(addresses: addresses, lines: lines, emptyLines: empty, duplicates: duplicates, skipped: skipped)
    }

    /// One line in normal form: columns split on the separator the line uses (quotes respected), each trimmed,
    /// empty columns dropped, joined by ", ", lower case, runs of spaces made one.
    public static func normalize<S: StringProtocol>(_ line: S) -> String {
        let separator: Character = line.contains(";") ? ";" : ","
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == separator && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return
            fields
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
            .joined(separator: ", ")
            .lowercased()
    }

    /// The file's fingerprint, the same whatever the order of its lines: SHA-256 over the sorted SHA-256 digests
    /// of its addresses. The audit report shows it, so a re-run can prove it used the same file.
    public var fingerprint: String {
        let digests = addresses.map { Array(SHA256.hash(data: Data($0.utf8))) }.sorted { $0.lexicographicallyPrecedes($1) }
        var hasher = SHA256()
        for digest in digests { hasher.update(data: digest) }
        return Lottery.hex(hasher.finalize())
    }
}

/// The seed of a draw: a text announced before the draw (for example a number read out in the council). Once
/// published it cannot change; the draw refuses to run without one.
public enum LotterySeed {
    public static let maxLength = 100

    /// The seed as the draw uses it: trimmed, single spaces. Refused when empty, too long or holding control
    /// characters, which a person reading it out could not say.
    public static func read(_ text: String, field: String = "seed") throws -> String {
        let seed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if seed.isEmpty { throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_seed_required")]) }
        if seed.count > maxLength { throw StoreFailure.fields([FieldError(field: field, message: "error.too_long", limit: maxLength)]) }
        if seed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_seed_characters")])
        }
        return seed
    }
}

public enum Lottery {
    /// Each address's ticket is SHA-256 of the seed, a line break and the address; the addresses with the lowest
    /// tickets are drawn, lowest first. With SHA-256 as a fair die, every set of `count` addresses is equally
    /// likely, and the order of the file does not matter.
    public static func draw(_ sample: AddressSample, count: Int, seed: String, field: String = "letters") throws -> [String] {
        guard count >= 1 else { throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_letters_count")]) }
        guard count <= sample.addresses.count else {
            throw StoreFailure.fields([
                FieldError(field: field, message: "lottery.error_more_letters_than_addresses", limit: sample.addresses.count)
            ])
        }
        let prefix = Data((seed + "\n").utf8)
        var tickets: [(key: UInt64, index: Int)] = []
        tickets.reserveCapacity(sample.addresses.count)
        for (index, address) in sample.addresses.enumerated() {
            var hasher = SHA256()
            hasher.update(data: prefix)
            hasher.update(data: Data(address.utf8))
            let digest = hasher.finalize()
            let key = digest.withUnsafeBytes { bytes in bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            tickets.append((key, index))
        }
        // Two equal 64-bit prefixes are rare enough to compare whole tickets only then.
        tickets.sort { lhs, rhs in
            lhs.key != rhs.key ? lhs.key < rhs.key : ticket(seed, sample.addresses[lhs.index]) < ticket(seed, sample.addresses[rhs.index])
        }
        return tickets.prefix(count).map { sample.addresses[$0.index] }
    }

    /// An address's full ticket as hex, as the audit report and the doc's Python lines show it.
    public static func ticket(_ seed: String, _ address: String) -> String {
        hex(SHA256.hash(data: Data((seed + "\n" + address).utf8)))
    }

    /// The fingerprint of a draw: SHA-256 over the drawn addresses in draw order, one a line.
    public static func fingerprint(of drawn: [String]) -> String {
        hex(SHA256.hash(data: Data(drawn.map { $0 + "\n" }.joined().utf8)))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// The personal code on a letter, typed by hand: 12 characters in groups of four from an alphabet without
/// look-alikes (no 0/O, 1/I/L), about 60 bits. Typing is forgiving: case, spaces and dashes do not matter.
public enum RegistrationCode {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 12

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let characters = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: length, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as stored, or nil when the text cannot be a code.
    public static func normalize(_ text: String) -> String? {
        let characters = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard characters.count == length, characters.allSatisfy(alphabet.contains) else { return nil }
        let array = Array(characters)
        return stride(from: 0, to: length, by: 4).map { String(array[$0..<$0 + 4]) }.joined(separator: "-")
    }
}

/// A generator that gives the same numbers for the same seed and purpose: SHA-256 of the seed, the purpose and a
/// counter. Used where a step must be repeatable from a published seed (the panel's selection).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private let prefix: Data
    private var counter: UInt64 = 0
    private var buffer: [UInt64] = []

    public init(seed: String, purpose: String) {
        prefix = Data((seed + "\n" + purpose + "\n").utf8)
    }

    public mutating func next() -> UInt64 {
        if buffer.isEmpty {
            var hasher = SHA256()
            hasher.update(data: prefix)
            hasher.update(data: Data(String(counter).utf8))
            counter += 1
            let bytes = Array(hasher.finalize())
            buffer = stride(from: 0, to: 32, by: 8).map { start in bytes[start..<start + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        }
        return buffer.removeLast()
    }
}
