import Foundation

/// A list of email addresses as a coordinator pastes or uploads it: one per line, or a spreadsheet saved as CSV
/// (with semicolons, commas or tabs, a byte order mark, a header row). Each line's first field that is an address
/// counts; the rest of the line (a name, a department) is ignored and never stored.
public struct AddressList: Sendable, Equatable {
    /// The most addresses one list may hold.
    public static let maxAddresses = 10_000
    /// How many refused lines are listed by number; the rest are only counted.
    public static let listedProblems = 20

    public struct Problem: Sendable, Equatable {
        public let line: Int
        /// The line as it was, shortened.
        public let text: String
    }

    /// Valid, lower-cased, each once, in the order given.
    public let addresses: [String]
    /// Lines whose address was already in the list.
    public let duplicates: Int
    /// Lines with text but no valid address (the first `listedProblems`).
    public let problems: [Problem]
    public let problemCount: Int
    /// Addresses beyond `maxAddresses`, left out.
    public let overLimit: Int

    public init(parsing text: String) {
        var addresses: [String] = []
        var seen = Set<String>()
        var duplicates = 0
        var problems: [Problem] = []
        var problemCount = 0
        var overLimit = 0
        let lines = text.replacingOccurrences(of: "\u{FEFF}", with: "").split(omittingEmptySubsequences: false) { $0.isNewline }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            // "Jan Jansen <jan@gemeente.nl>", as a mail program copies it, counts as its address.
            let fields = trimmed.split { ";,\t".contains($0) }.map { field -> String in
                let inner = field.firstMatch(of: /<([^<>]+)>/).map { String($0.output.1) } ?? String(field)
                return inner.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
            guard let address = fields.first(where: Validate.isEmail).map(Validate.normalizedEmail) else {
                // A first line without an address is the spreadsheet's header row.
                if index == 0 && !trimmed.contains("@") { continue }
                problemCount += 1
                if problems.count < Self.listedProblems { problems.append(Problem(line: index + 1, text: String(trimmed.prefix(80)))) }
                continue
            }
            if !seen.insert(address).inserted {
                duplicates += 1
            } else if addresses.count >= Self.maxAddresses {
                overLimit += 1
            } else {
                addresses.append(address)
            }
        }
        self.addresses = addresses
        self.duplicates = duplicates
        self.problems = problems
        self.problemCount = problemCount
        self.overLimit = overLimit
    }
}
