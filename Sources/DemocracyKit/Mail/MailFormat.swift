import Foundation

/// A mailbox for the From and To headers: an email address with an optional display name.
///
/// The address is expected to have passed `MailFormat.envelopeAddress(_:)`; the formatter still makes any value safe
/// to put into a header, so a bad value can never break the message structure.
public struct MailAddress: Sendable, Equatable {
    /// The display name shown by mail programs, such as "Democratie in Actie"; nil or empty for none.
    public let name: String?
    /// The bare address, such as "info@example.nl", without angle brackets.
    public let address: String

    /// Creates a mailbox from an address and an optional display name.
    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}

/// Builds RFC 5322 / MIME messages as text and checks envelope addresses, without any network access.
///
/// Everything here is a pure function of its input (apart from the random MIME boundary and Message-ID),
/// so the output can be tested byte for byte and handed to any SMTP client.
public enum MailFormat {
    /// The whole message with CRLF line ends, ready for SMTP DATA (without the final "." line and without dot-stuffing).
    ///
    /// The message has From, To, Subject, Date, Message-ID and MIME-Version headers, then the extra `headers`, then
    /// either a single UTF-8 text/plain body (when `html` is nil) or a multipart/alternative body with a text/plain and
    /// a text/html part. Bodies are quoted-printable, so every line stays short and readable. CR and LF in any header
    /// value are replaced by a space, so no value can add a header. Extra headers with an invalid name, or with a name
    /// that this function writes itself (From, Content-Type, ...), are left out. The result always ends with CRLF.
    public static func render(
        from: MailAddress,
        to: MailAddress,
        subject: String,
        text: String,
        html: String?,
        messageID: String,
        date: Date,
        headers: [(String, String)] = []
    ) -> String {
        var lines = [
            mailboxHeader("From", from),
            mailboxHeader("To", to),
            unstructuredHeader("Subject", subject),
            "Date: " + rfc5322Date(date),
            unstructuredHeader("Message-ID", messageID),
            "MIME-Version: 1.0",
        ]
        for (name, value) in headers {
            guard let name = headerName(name) else { continue }
            lines.append(unstructuredHeader(name, value))
        }
        guard let html else {
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(quotedPrintable(text))
            let message = lines.joined(separator: "\r\n")
            return message.hasSuffix("\r\n") ? message : message + "\r\n"
        }
        // "=_" can never occur in quoted-printable output, so the boundary cannot clash with a body.
        let boundary = "=_dia_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        for (subtype, body) in [("plain", text), ("html", html)] {
            lines.append("--" + boundary)
            lines.append("Content-Type: text/\(subtype); charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines.append(quotedPrintable(body))
        }
        lines.append("--" + boundary + "--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Checks an email address the way a sender must before putting it into an SMTP envelope: one "@", a local part and
    /// a domain of allowed characters, no spaces, no CR/LF, no "<>" , at most 254 characters. Returns the address trimmed
    /// and lower-cased in the domain part, or nil.
    ///
    /// Only plain ASCII addresses are accepted (no SMTPUTF8). The local part is a dot-atom of at most 64 characters; the
    /// domain is one or more labels of letters, digits and inner hyphens. Leading and trailing spaces and tabs are
    /// trimmed; any other whitespace makes the address invalid.
    public static func envelopeAddress(_ raw: String) -> String? {
        let address = raw.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 254, parts.count == 2 else { return nil }
        let local = parts[0]
        let domain = parts[1]
        guard isDotAtom(local), local.utf8.count <= 64, isDomain(domain) else { return nil }
        return "\(local)@\(domain.lowercased())"
    }

    /// A new Message-ID value like "<uuid@domain>" for a domain.
    ///
    /// Characters that may not appear in a domain are dropped, and "localhost" is used when nothing is left, so the
    /// value is always a valid msg-id.
    public static func messageID(domain: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-".unicodeScalars)
        let cleaned = String(String.UnicodeScalarView(domain.lowercased().unicodeScalars.filter { allowed.contains($0) }))
        let host = cleaned.isEmpty ? "localhost" : String(cleaned.prefix(200))
        return "<\(UUID().uuidString.lowercased())@\(host)>"
    }

    // MARK: - Headers

    /// Header names that `render` writes itself; extra headers with these names are dropped to avoid duplicates.
    private static let ownHeaderNames: Set<String> = [
        "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// Returns `name` when it is a valid header field name (printable ASCII without ":", 1 to 76 characters) that
    /// `render` does not write itself, or nil.
    private static func headerName(_ name: String) -> String? {
        let valid =
            (1...76).contains(name.utf8.count)
            && name.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: ":") }
        return valid && !ownHeaderNames.contains(name.lowercased()) ? name : nil
    }

    /// Replaces CR and LF by a space, so a value can never start a new header line.
    private static func singleLine(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    /// Whether an unstructured value must be written as encoded-words: it has bytes outside printable ASCII, a word
    /// that a reader would take for an encoded-word, or a word too long to fold into a 998-octet line.
    private static func needsEncoding(_ value: String) -> Bool {
        if !value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) { return true }
        return value.split(separator: " ").contains { word in
            (word.hasPrefix("=?") && word.hasSuffix("?=")) || word.utf8.count > 900
        }
    }

    /// A header line for free text such as the Subject: plain ASCII folded at spaces near 78 characters, or
    /// RFC 2047 encoded-words when the text needs them.
    static func unstructuredHeader(_ name: String, _ value: String) -> String {
        let value = singleLine(value)
        let prefix = name + ":"
        if needsEncoding(value) {
            return prefix + " " + encodedWords(value, firstLineUsed: prefix.utf8.count + 1)
        }
        var header = prefix
        var lineLength = prefix.utf8.count
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            // Fold (CRLF before the space) only before a non-empty word, so no line is made of whitespace alone.
            if index > 0 && !word.isEmpty && lineLength + 1 + word.utf8.count > 78 {
                header += "\r\n"
                lineLength = 0
            }
            header += " " + word
            lineLength += 1 + word.utf8.count
        }
        return header
    }

    /// A From or To header line: the display name (plain, quoted or encoded) followed by the address in angle brackets.
    static func mailboxHeader(_ name: String, _ mailbox: MailAddress) -> String {
        let prefix = name + ": "
        // The address should already be valid; whatever it is, keep it to one short line of printable ASCII.
        let kept = mailbox.address.unicodeScalars.filter { (0x21...0x7E).contains($0.value) && $0 != "<" && $0 != ">" }
        let address = String(String.UnicodeScalarView(kept.prefix(254)))
        let displayName = singleLine(mailbox.name ?? "").trimmingCharacters(in: .whitespaces)
        if displayName.isEmpty {
            return prefix + address
        }
        let phrase: String
        if needsEncoding(displayName) || displayName.utf8.count > 200 {
            phrase = encodedWords(displayName, firstLineUsed: prefix.utf8.count)
        } else if displayName.unicodeScalars.allSatisfy({ $0 == " " || isAtext($0) }) {
            phrase = displayName
        } else {
            let escaped = displayName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            phrase = "\"" + escaped + "\""
        }
        let header = prefix + phrase
        let lastLine = header.components(separatedBy: "\r\n").last ?? header
        let separator = lastLine.utf8.count + address.utf8.count + 3 > 78 ? "\r\n " : " "
        return header + separator + "<" + address + ">"
    }

    /// Writes `value` as RFC 2047 "B" encoded-words of at most 75 characters, joined by folding whitespace.
    ///
    /// Words are cut between characters (grapheme clusters); a character too long for one word is cut between its
    /// Unicode scalars, so a UTF-8 sequence is never split. The first word is kept small enough that the first line,
    /// which already holds `firstLineUsed` characters, stays within 76 characters where possible.
    static func encodedWords(_ value: String, firstLineUsed: Int) -> String {
        // An encoded-word is "=?utf-8?B?" + base64 + "?=": 12 characters plus 4 for every 3 bytes.
        func maximumBytes(wordLength: Int) -> Int { max(3, (wordLength - 12) / 4 * 3) }
        let fullWordBytes = maximumBytes(wordLength: 75)
        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = min(fullWordBytes, maximumBytes(wordLength: 76 - firstLineUsed))
        func flush() {
            words.append("=?utf-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
            budget = fullWordBytes
        }
        for character in value {
            let bytes = Array(character.utf8)
            let pieces = bytes.count <= fullWordBytes ? [bytes] : character.unicodeScalars.map { Array(String($0).utf8) }
            for piece in pieces {
                if !chunk.isEmpty && chunk.count + piece.count > budget { flush() }
                chunk += piece
            }
        }
        if !chunk.isEmpty || words.isEmpty { flush() }
        return words.joined(separator: "\r\n ")
    }

    /// Whether a scalar is an ASCII letter or digit.
    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// Whether a scalar is RFC 5322 "atext": it may appear in an atom without quoting.
    private static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
    }

    /// Whether `local` is a dot-atom: atext runs separated by single dots, with no dot at either end.
    private static func isDotAtom(_ local: Substring) -> Bool {
        let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in !atom.isEmpty && atom.unicodeScalars.allSatisfy(isAtext) }
    }

    /// Whether `domain` is a host name: dot-separated labels of 1 to 63 letters, digits and inner hyphens.
    private static func isDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            let characters = label.unicodeScalars
            return (1...63).contains(characters.count)
                && characters.allSatisfy { isLetterOrDigit($0) || $0 == "-" }
                && characters.first != "-" && characters.last != "-"
        }
    }

    // MARK: - Date

    /// The date in RFC 5322 form in UTC, such as "Tue, 01 Jul 2025 09:05:00 +0000", with English names whatever the
    /// locale of the machine.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        let day = days[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        let time = "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second))"
        return "\(day), \(twoDigits(parts.day)) \(month) \(parts.year ?? 1970) \(time) +0000"
    }

    // MARK: - Quoted-printable

    /// Encodes a body as quoted-printable (RFC 2045) with CRLF line ends.
    ///
    /// Any line end in the input (CRLF, LF or a lone CR) becomes CRLF. Lines longer than 76 characters get soft breaks
    /// ("=" at the end of a line); "=", control characters and the UTF-8 bytes of non-ASCII characters become "=XX", as
    /// do a space or tab at the end of a line, which transport might otherwise strip.
    static func quotedPrintable(_ text: String) -> String {
        var output: [String] = []
        for line in lines(of: Array(text.utf8)) {
            var current = ""
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let literal = (byte == 0x20 || byte == 0x09) ? !isLast : (33...126).contains(byte) && byte != UInt8(ascii: "=")
                let token = literal ? String(UnicodeScalar(byte)) : hexEscape(byte)
                // A line may hold 76 characters; one that continues needs room for the soft break "=".
                if current.utf8.count + token.utf8.count > (isLast ? 76 : 75) {
                    output.append(current + "=")
                    current = ""
                }
                current += token
            }
            output.append(current)
        }
        return output.joined(separator: "\r\n")
    }

    /// "=XX" with two upper-case hex digits for one byte.
    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Splits bytes into lines at CRLF, LF or a lone CR; text ending in a line end gives an empty last line.
    private static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                result.append(current)
                current = []
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        result.append(current)
        return result
    }
}
