import Ink

/// Markdown that people write on the platform (offer descriptions, stories, lessons), rendered with Ink and then
/// made harmless: Ink passes raw HTML through, so its output is read again and only a short list of elements
/// survives, with only the attributes that cannot run code or fetch from elsewhere. Everything else is shown as
/// the text that was typed, so nothing a writer meant to say disappears silently.
public enum SafeMarkdown {
    /// Every heading is at least this level, so a description never competes with the page's own headings.
    public static func html(from markdown: String, headingsFrom lowestLevel: Int = 3) -> String {
        var sanitizer = Sanitizer(headingsFrom: min(max(lowestLevel, 1), 6))
        return sanitizer.clean(MarkdownParser().html(from: markdown))
    }

    /// Whether a link may point here: web and mail addresses, and places on this site. `javascript:`, `data:`,
    /// `vbscript:` and every other scheme are refused, however they are written (entities, case, spaces).
    public static func isSafeLink(_ raw: String) -> Bool {
        guard let value = decoded(raw) else { return false }
        let compact = String(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let beforeColon = compact[..<colon]
        if beforeColon.contains(where: { "/?#".contains($0) }) { return true }
        return ["http", "https", "mailto"].contains(String(beforeColon))
    }

    /// Whether an image may be loaded from here: only from this site, so reading a page tells no one else.
    public static func isLocalImage(_ raw: String) -> Bool {
        guard let value = decoded(raw) else { return false }
        return value.hasPrefix("/") && !value.hasPrefix("//") && !value.hasPrefix("/\\")
            && !value.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\\" }
    }

    /// An attribute's value with the character references Ink or a writer used, or nil when it holds one this
    /// reader does not know (then the value is refused rather than guessed).
    static func decoded(_ raw: String) -> String? {
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { return nil }
            let name = rest[rest.index(after: amp)..<semicolon]
            switch name {
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos", "#39": result += "'"
            case "lt": result += "<"
            case "gt": result += ">"
            default:
                guard name.hasPrefix("#"), let scalar = numericScalar(name.dropFirst()) else { return nil }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    private static func numericScalar(_ digits: Substring) -> Unicode.Scalar? {
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = digits.count <= 7 ? UInt32(digits.dropFirst(), radix: 16) : nil
        } else {
            value = digits.count <= 8 ? UInt32(digits) : nil
        }
        return value.flatMap(Unicode.Scalar.init)
    }

    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Reads Ink's HTML once, left to right, keeping the allowed elements balanced.
private struct Sanitizer {
    static let containers: Set<String> = [
        "p", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "del", "s", "a",
        "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6",
    ]
    static let voids: Set<String> = ["br", "hr", "img"]

    let headingsFrom: Int
    var open: [String] = []
    var out = ""

    init(headingsFrom: Int) {
        self.headingsFrom = headingsFrom
    }

    mutating func clean(_ html: String) -> String {
        var rest = Substring(html)
        while let lt = rest.firstIndex(where: { $0 == "<" || $0 == ">" || $0 == "&" }) {
            out += rest[..<lt]
            rest = rest[lt...]
            switch rest.first {
            case "<":
                if let (tag, after) = Tag.parse(rest) {
                    emit(tag)
                    rest = after
                } else {
                    out += "&lt;"
                    rest = rest.dropFirst()
                }
            case ">":
                out += "&gt;"
                rest = rest.dropFirst()
            default:
                let reference = rest.prefix(12)
                if let semicolon = reference.firstIndex(of: ";"), SafeMarkdown.decoded(String(rest[...semicolon])) != nil {
                    out += rest[...semicolon]
                    rest = rest[rest.index(after: semicolon)...]
                } else {
                    out += "&amp;"
                    rest = rest.dropFirst()
                }
            }
        }
        out += rest
        while let name = open.popLast() { out += "</\(name)>" }
        return out
    }

    private mutating func emit(_ tag: Tag) {
        var name = tag.name
        if let level = Self.headingLevel(name) { name = "h\(max(level, headingsFrom))" }
        guard Self.containers.contains(name) || Self.voids.contains(name) else {
            out += SafeMarkdown.escape(tag.source)
            return
        }
        if tag.isClosing {
            guard let index = open.lastIndex(of: name) else { return }
            while open.count > index { out += "</\(open.removeLast())>" }
            return
        }
        switch name {
        case "a":
            let href = tag.attributes["href"].flatMap { SafeMarkdown.isSafeLink($0) ? SafeMarkdown.decoded($0) : nil }
            out += href.map { "<a href=\"\(SafeMarkdown.escape($0))\">" } ?? "<a>"
        case "img":
            let alt = tag.attributes["alt"].flatMap(SafeMarkdown.decoded) ?? ""
            if let src = tag.attributes["src"], SafeMarkdown.isLocalImage(src), let path = SafeMarkdown.decoded(src) {
                out += "<img src=\"\(SafeMarkdown.escape(path))\" alt=\"\(SafeMarkdown.escape(alt))\">"
            } else {
                out += SafeMarkdown.escape(alt)
            }
            return
        default:
            out += "<\(name)>"
        }
        if Self.containers.contains(name) { open.append(name) }
    }

    private static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.first == "h", let level = Int(name.dropFirst()), (1...6).contains(level) else { return nil }
        return level
    }
}

/// One tag as written: `<name attr="value" ...>` or `</name>`. Anything that does not read as a tag stays text.
private struct Tag {
    let name: String
    let isClosing: Bool
    let attributes: [String: String]
    let source: Substring

    static func parse(_ text: Substring) -> (Tag, Substring)? {
        var index = text.index(after: text.startIndex)
        let isClosing = index < text.endIndex && text[index] == "/"
        if isClosing { index = text.index(after: index) }
        let nameStart = index
        while index < text.endIndex, text[index].isASCII, text[index].isLetter || text[index].isNumber { index = text.index(after: index) }
        guard index > nameStart, text[nameStart].isLetter else { return nil }
        let name = text[nameStart..<index].lowercased()
        var attributes: [String: String] = [:]
        while index < text.endIndex {
            let character = text[index]
            if character == ">" {
                let end = text.index(after: index)
                return (Tag(name: name, isClosing: isClosing, attributes: attributes, source: text[..<end]), text[end...])
            }
            if character.isWhitespace || character == "/" {
                index = text.index(after: index)
                continue
            }
            guard let (attribute, value, next) = Self.attribute(in: text, at: index) else { return nil }
            if attributes[attribute] == nil { attributes[attribute] = value }
            index = next
        }
        return nil
    }

    private static func attribute(in text: Substring, at start: Substring.Index) -> (String, String, Substring.Index)? {
        var index = start
        while index < text.endIndex, !text[index].isWhitespace, !"=>/\"'<".contains(text[index]) { index = text.index(after: index) }
        guard index > start else { return nil }
        let name = text[start..<index].lowercased()
        guard index < text.endIndex, text[index] == "=" else { return (name, "", index) }
        index = text.index(after: index)
        guard index < text.endIndex else { return nil }
        if text[index] == "\"" || text[index] == "'" {
            let quote = text[index]
            let valueStart = text.index(after: index)
            guard let close = text[valueStart...].firstIndex(of: quote) else { return nil }
            return (name, String(text[valueStart..<close]), text.index(after: close))
        }
        let valueStart = index
        while index < text.endIndex, !text[index].isWhitespace, text[index] != ">" { index = text.index(after: index) }
        return (name, String(text[valueStart..<index]), index)
    }
}
