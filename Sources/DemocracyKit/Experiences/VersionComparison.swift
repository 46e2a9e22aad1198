/// What changed between two versions of an experience, part by part, for programme staff who review it again and
/// for the municipality that wrote it. Texts are compared line by line, so a changed paragraph shows as the old
/// line taken out and the new one put in.
public enum VersionComparison {
    /// The parts of an experience, in the order its form shows them.
    public enum Part: String, CaseIterable, Sendable {
        case title, summary, story, worked, didNotWork, outcome, visibility, focusAreas, offers, instruments, period

        /// The parts a municipality writes in both languages; the others are choices with one name each.
        public var isWrittenText: Bool { [.title, .summary, .story, .worked, .didNotWork].contains(self) }
    }

    public struct Line: Sendable, Equatable {
        public enum Kind: String, Sendable { case same, removed, added }
        public let kind: Kind
        public let text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// One part that differs: its lines in Dutch and, for the texts a municipality writes in two languages, in
    /// English, each marked as kept, taken out or put in.
    public struct Change: Sendable, Equatable {
        public let part: Part
        public let dutch: [Line]
        public let english: [Line]
    }

    /// Longer texts than this many lines are compared as a whole (taken out, put in), so a page never grows with the
    /// square of a text's length.
    public static let maxLines = 400

    /// The parts that differ between `old` and `new`, in the form's order; empty when nothing changed.
    public static func changes(from old: Experience, to new: Experience) -> [Change] {
        Part.allCases.compactMap { part in
            let (before, after) = (text(of: part, in: old), text(of: part, in: new))
            guard before != after else { return nil }
            let english = part.isWrittenText ? lines(from: before.en, to: after.en) : []
            return Change(part: part, dutch: lines(from: before.nl, to: after.nl), english: english)
        }
    }

    /// A part as text in both languages; lists one item a line; offers by their address in the catalogue.
    static func text(of part: Part, in experience: Experience) -> LocalizedText {
        func same(_ text: String) -> LocalizedText { LocalizedText(nl: text, en: text) }
        switch part {
        case .title: return experience.title
        case .summary: return experience.summary
        case .story: return experience.story
        case .worked: return experience.worked
        case .didNotWork: return experience.didNotWork
        case .outcome: return experience.outcome.name
        case .visibility: return experience.visibility.name
        case .focusAreas:
            return LocalizedText(
                nl: experience.focusAreas.map { $0.name(.nl) }.joined(separator: "\n"),
                en: experience.focusAreas.map { $0.name(.en) }.joined(separator: "\n"))
        case .offers: return same(experience.offers.joined(separator: "\n"))
        case .instruments: return same(experience.instruments.joined(separator: "\n"))
        case .period: return same(experience.periodFrom + " – " + experience.periodUntil)
        }
    }

    /// The lines of `new` against those of `old`: the longest run they share stays, the rest is taken out or put in.
    /// Blank lines are left out: they separate paragraphs and change nothing a reader sees.
    public static func lines(from old: String, to new: String) -> [Line] {
        // Any line break counts, also the "\r\n" a browser sends from a text box (one Character in Swift).
        func split(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
        }
        let (a, b) = (split(old), split(new))
        guard a.count <= maxLines, b.count <= maxLines else { return a.map { Line(.removed, $0) } + b.map { Line(.added, $0) } }
        // common[i][j]: the length of the longest shared run of a[i...] and b[j...]
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var result: [Line] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(Line(.same, a[i]))
                (i, j) = (i + 1, j + 1)
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                result.append(Line(.removed, a[i]))
                i += 1
            } else {
                result.append(Line(.added, b[j]))
                j += 1
            }
        }
        return result
    }
}
