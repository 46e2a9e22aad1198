import Foundation
import Yams

/// Interface text, one file per capability (`Resources/Locales/<capability>.yaml`), each key with its Dutch and
/// English side by side:
///
/// ```yaml
/// signup.title:
///   nl: "Doe mee"
///   en: "Take part"
/// ```
///
/// A key without both languages, an empty text, a key in two files, or placeholders (`{0}`, `{1}` …) that differ
/// between the languages stop loading with a message naming the file and the key.
public struct StringTable: Sendable, Equatable {
    public private(set) var texts: [String: [Language: String]] = [:]
    /// The file each key came from, for messages.
    public private(set) var files: [String: String] = [:]

    public init() {}

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let file: String
        public let key: String
        public let reason: String
        public var description: String { "\(file): \(key): \(reason)" }

        public init(file: String, key: String, reason: String) {
            self.file = file
            self.key = key
            self.reason = reason
        }
    }

    /// Adds one file's strings.
    public mutating func add(yaml: String, file: String) throws {
        let parsed: [String: [String: String]]
        do {
            parsed = try YAMLDecoder().decode([String: [String: String]].self, from: yaml)
        } catch {
            throw Problem(file: file, key: "-", reason: "is not a table of keys with nl and en: \(error)")
        }
        for (key, values) in parsed {
            if let other = files[key] { throw Problem(file: file, key: key, reason: "is also in \(other)") }
            var texts: [Language: String] = [:]
            for language in Language.allCases {
                guard let text = values[language.rawValue], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem(file: file, key: key, reason: "has no \(language.rawValue) text")
                }
                texts[language] = text
            }
            let unknown = Set(values.keys).subtracting(Language.allCases.map(\.rawValue))
            if !unknown.isEmpty { throw Problem(file: file, key: key, reason: "has an unknown language \(unknown.sorted())") }
            if Self.placeholders(texts[.nl]!) != Self.placeholders(texts[.en]!) {
                throw Problem(file: file, key: key, reason: "uses other placeholders in nl than in en")
            }
            self.texts[key] = texts
            files[key] = file
        }
    }

    /// The placeholders a text uses, `{0}` → 0; a plural choice `{0|gemeente|gemeenten}` uses 0 too.
    public static func placeholders(_ text: String) -> Set<Int> {
        Set(parts(text).compactMap { if case .argument(let index, _) = $0 { index } else { nil } })
    }

    /// The text with `{0}`, `{1}` … replaced by the arguments, and each plural choice `{0|one|other}` by its first
    /// word when argument 0 is exactly "1", otherwise by its second: "{0} {0|gemeente|gemeenten}" reads
    /// "1 gemeente" and "12 gemeenten".
    public static func fill(_ text: String, _ arguments: [String]) -> String {
        var result = ""
        for part in parts(text) {
            switch part {
            case .literal(let literal): result += literal
            case .argument(let index, let forms):
                guard arguments.indices.contains(index) else {
                    result += "{\(index)}"
                    continue
                }
                if let forms { result += arguments[index] == "1" ? forms.one : forms.other } else { result += arguments[index] }
            }
        }
        return result
    }

    private enum Part {
        case literal(Substring)
        case argument(Int, forms: (one: Substring, other: Substring)?)
    }

    private static func parts(_ text: String) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let inside = after[..<close].split(separator: "|", omittingEmptySubsequences: false)
            parts.append(.literal(rest[..<open]))
            if let index = inside.first.flatMap({ Int($0) }), inside.count == 1 || inside.count == 3 {
                parts.append(.argument(index, forms: inside.count == 3 ? (inside[1], inside[2]) : nil))
            } else {
                parts.append(.literal(rest[open...close]))
            }
            rest = after[after.index(after: close)...]
        }
        parts.append(.literal(rest))
        return parts
    }
}
