import Foundation

/// Small decoders for checking rendered messages; written independently of MailFormat so they test it, not mirror it.
enum MailTestSupport {
    /// Splits a message at the first empty line into unfolded header lines and the body.
    static func split(_ message: String) -> (headers: [String], body: String) {
        guard let end = message.range(of: "\r\n\r\n") else { return ([], message) }
        let head = String(message[..<end.lowerBound])
            .replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: "\t")
        return (head.components(separatedBy: "\r\n"), String(message[end.upperBound...]))
    }

    /// The unfolded value of the first header with this name, or nil.
    static func header(_ name: String, in message: String) -> String? {
        let prefix = name.lowercased() + ":"
        guard let line = split(message).headers.first(where: { $0.lowercased().hasPrefix(prefix) }) else { return nil }
        return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Decodes RFC 2047 "B" encoded-words in an unstructured value; white space between two encoded-words is dropped.
    /// Every encoded-word must hold valid UTF-8 on its own, otherwise the word is returned as "<invalid>".
    static func decodeEncodedWords(_ value: String) -> String {
        var result = ""
        var previousWasEncoded = false
        for (index, word) in value.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let lowered = word.lowercased()
            if lowered.hasPrefix("=?utf-8?b?") && lowered.hasSuffix("?=") && word.count >= 12 {
                let payload = String(word.dropFirst(10).dropLast(2))
                let text = Data(base64Encoded: payload).flatMap { String(data: $0, encoding: .utf8) } ?? "<invalid>"
                if index > 0 && !previousWasEncoded { result += " " }
                result += text
                previousWasEncoded = true
            } else {
                if index > 0 { result += " " }
                result += word
                previousWasEncoded = false
            }
        }
        return result
    }

    /// All encoded-words ("=?...?=") in a header value.
    static func encodedWords(in value: String) -> [String] {
        value.split(whereSeparator: { $0 == " " || $0 == "\r\n" }).map(String.init).filter { $0.hasPrefix("=?") }
    }

    /// Decodes a quoted-printable body with CRLF line ends back to text (line ends stay CRLF).
    static func decodeQuotedPrintable(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let lines = encoded.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var characters = Array(line.utf8)
            let softBreak = characters.last == UInt8(ascii: "=")
            if softBreak { characters.removeLast() }
            var position = 0
            while position < characters.count {
                if characters[position] == UInt8(ascii: "="), position + 2 < characters.count,
                    let value = UInt8(String(decoding: characters[(position + 1)...(position + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                    position += 3
                } else {
                    bytes.append(characters[position])
                    position += 1
                }
            }
            if !softBreak && index < lines.count - 1 { bytes += [13, 10] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The lines of a message split at CRLF only.
    static func lines(_ message: String) -> [String] {
        message.components(separatedBy: "\r\n")
    }
}
