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
    /// The same addresses as written in the file (case kept), for the letters' envelopes.
    public let written: [String]
    public let lines: Int
    public let emptyLines: Int
    public let duplicates: Int
    /// Lines without a digit: a header row, or a line that cannot be an address (every address has a number).
    public let skipped: Int

    /// A sample of addresses as written (columns joined, spaces single) and each once, as the platform keeps them
    /// between upload and draw.
    public init(written: [String]) {
        self.init(written: written, lines: written.count, emptyLines: 0, duplicates: 0, skipped: 0)
    }

    init(written: [String], lines: Int, emptyLines: Int, duplicates: Int, skipped: Int) {
        self.written = written
        self.addresses = written.map { $0.lowercased() }
        self.lines = lines
        self.emptyLines = emptyLines
        self.duplicates = duplicates
        self.skipped = skipped
    }

    /// Reads the file's text. A byte order mark, Windows line ends, empty lines and repeated addresses are
    /// handled; a file with no address, too many lines or an over-long line is refused with a field error.
    public static func read(_ text: String, field: String = "addresses") throws -> AddressSample {
        // Read as bytes: a file of half a million lines is read in well under a second this way.
        let bytes = Array(text.utf8)
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var written: [String] = []
        var seen = Set<String>()
        var lines = 0
        var empty = 0
        var duplicates = 0
        var skipped = 0
        while position < bytes.count {
            var end = position
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            lines += 1
            if lines > maxLines {
                throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_too_many_lines", limit: maxLines)])
            }
            if end - position > maxLineLength {
                throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_line_too_long", limit: lines)])
            }
            let line = bytes[position..<end]
            let address = columns(line)
            if address.isEmpty {
                empty += 1
            } else if !address.utf8.contains(where: { (0x30...0x39).contains($0) }) {
                skipped += 1
            } else if seen.insert(address.lowercased()).inserted {
                written.append(address)
            } else {
                duplicates += 1
            }
            // CR LF, LF or CR ends a line; a line break at the very end starts no new line.
            position = end + (end + 1 < bytes.count && bytes[end] == 0x0D && bytes[end + 1] == 0x0A ? 2 : 1)
        }
        guard !written.isEmpty else { throw StoreFailure.fields([FieldError(field: field, message: "lottery.error_no_addresses")]) }
        return AddressSample(written: written, lines: lines, emptyLines: empty, duplicates: duplicates, skipped: skipped)
    }

    /// One line in normal form: its columns as `columns` joins them, in lower case.
    public static func normalize<S: StringProtocol>(_ line: S) -> String { columns(Array(line.utf8)[...]).lowercased() }

    /// One line's columns, split on `;` when the line has one and on `,` otherwise (text between double quotes
    /// kept together), each trimmed with runs of spaces and tabs made one space, empty columns dropped, joined
    /// by ", ".
    static func columns(_ line: ArraySlice<UInt8>) -> String {
        let separator: UInt8 = line.contains(0x3B) ? 0x3B : 0x2C
        var out: [UInt8] = []
        out.reserveCapacity(line.count + 8)
        var quoted = false
        var fieldStart = 0
        var pendingSpace = false
        for byte in line {
            if byte == 0x22 {
                quoted.toggle()
            } else if byte == separator && !quoted {
                // A column ends: an empty one leaves nothing; otherwise the next starts after ", ".
                if out.count > fieldStart {
                    out.append(contentsOf: [0x2C, 0x20])
                    fieldStart = out.count
                }
                pendingSpace = false
            } else if byte == 0x20 || byte == 0x09 {
                pendingSpace = out.count > fieldStart
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        // A separator after the last column left ", " behind.
        if out.count == fieldStart && out.count >= 2 { out.removeLast(2) }
        return String(decoding: out, as: UTF8.self)
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
        try drawIndices(sample, count: count, seed: seed, field: field).map { sample.addresses[$0] }
    }

    /// The positions in the sample of the drawn addresses, in draw order.
    public static func drawIndices(_ sample: AddressSample, count: Int, seed: String, field: String = "letters") throws -> [Int] {
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
        return tickets.prefix(count).map(\.index)
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
