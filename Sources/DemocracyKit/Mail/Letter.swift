import Foundation

/// The body of an email the platform sends: a greeting, a few paragraphs, at most one button-like link and a
/// closing line. The same letter gives the plain text and the simple, accessible HTML of the message, so the two
/// never say different things.
public struct Letter: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        public let label: String
        public let url: String

        public init(label: String, url: String) {
            self.label = label
            self.url = url
        }
    }

    public var paragraphs: [String]
    public var link: Link?
    /// Below a line: why the person gets this message, and where to change that.
    public var footer: String
    /// In the footer: the link that stops messages like this one, without signing in.
    public var unsubscribe: Link?

    public init(paragraphs: [String], link: Link? = nil, footer: String) {
        self.paragraphs = paragraphs
        self.link = link
        self.footer = footer
    }

    /// Paragraphs apart by an empty line; the link as its label and then the address on a line of its own, so mail
    /// programs make it clickable.
    public var text: String {
        var parts = paragraphs
        if let link { parts.append(link.label + ":\n" + link.url) }
        parts.append("-- \n" + footer + (unsubscribe.map { "\n" + $0.label + ": " + $0.url } ?? ""))
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// A complete HTML document in the given language: one column, system fonts, the link as an underlined
    /// text with its address written out as well, every text escaped.
    public func html(subject: String, language: Language) -> String {
        var body = paragraphs.map { "<p>\(Self.escape($0))</p>" }
        if let link {
            body.append(
                "<p><a href=\"\(Self.escape(link.url))\" style=\"color:#154273;font-weight:bold\">\(Self.escape(link.label))</a></p>")
            body.append("<p style=\"font-size:0.9em;word-break:break-all\">\(Self.escape(link.url))</p>")
        }
        body.append("<hr><p style=\"font-size:0.9em;color:#444\">\(Self.escape(footer))</p>")
        if let unsubscribe {
            body.append(
                "<p style=\"font-size:0.9em\"><a href=\"\(Self.escape(unsubscribe.url))\" style=\"color:#154273\">\(Self.escape(unsubscribe.label))</a></p>"
            )
        }
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(Self.escape(subject))</title></head>
            <body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:16px;\
            line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em">
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Text made safe for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension MailAddress {
    /// Reads `noreply@gemeente.nl` or `Democratie in Actie <noreply@gemeente.nl>`; nil when it is neither.
    public static func parse(_ text: String) -> MailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard Validate.isEmail(address), !name.contains(where: \.isNewline) else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, address: address)
        }
        return Validate.isEmail(trimmed) ? MailAddress(address: trimmed) : nil
    }
}
