import DemocracyKit
import Foundation
import Testing

@Suite("Search: Dutch words reduced to the stems of the Snowball reference")
struct DutchStemmerTests {
    /// Words from the platform's Dutch text and a hand-made list that reaches every step of the algorithm, each with
    /// the stem the reference gives it (snowballstemmer 3.1.1, algorithm `dutch`), one `word<TAB>stem` per line.
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dutch-stems.tsv")

    static func referenceStems() throws -> [(word: String, stem: String)] {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 2, "Malformed line in the list: \(line)")
            return (word: String(fields[0]), stem: String(fields[1]))
        }
    }

    @Test("Every word in the list gets exactly the reference's stem")
    func matchesReference() throws {
        let list = try Self.referenceStems()
        #expect(list.count >= 1500)
        // Compared letter by letter (Unicode scalars), not by canonical equivalence, so an é is not an e + accent.
        let mismatches = list.compactMap { entry -> String? in
            let stem = DutchStemmer.stem(entry.word)
            guard !stem.unicodeScalars.elementsEqual(entry.stem.unicodeScalars) else { return nil }
            return "\(entry.word) → \(stem) (reference: \(entry.stem))"
        }
        #expect(
            mismatches.isEmpty,
            "\(mismatches.count) of \(list.count) words differ from the reference: \(mismatches.prefix(20).joined(separator: "; "))")
    }

    @Test(
        "The words the platform's search leans on get the reference's stems",
        arguments: [
            ("participatie", "participeer"), ("geparticipeerd", "participeer"), ("participeren", "participer"),
            ("burgerparticipatie", "burrparticipeer"), ("inwoners", "inwoner"), ("geëvalueerd", "evalueer"),
            ("geevalueerd", "evalueer"), ("gemeenten", "meen"), ("raden", "raad"), ("burgerberaden", "burrberaad"),
        ])
    func knownStems(word: String, stem: String) {
        #expect(DutchStemmer.stem(word) == stem)
    }

    @Test("Inflections of one word share a stem, so searching for one form finds the others")
    func inflectionsShareAStem() {
        let forms = [
            ["inwoner", "inwoners"],
            ["raad", "raden"],
            ["gemeente", "gemeenten"],
            ["burgerberaad", "burgerberaden"],
            ["participatie", "geparticipeerd"],
            ["evaluatie", "geëvalueerd", "geevalueerd"],
            ["vergadering", "vergaderingen", "vergaderen"],
            ["thema's", "thema"],
        ]
        for group in forms {
            let stems = Set(group.map(DutchStemmer.stem))
            #expect(stems.count == 1, "\(group) give \(stems.sorted())")
        }
    }

    @Test("A diaeresis that only separates ge- from the next vowel makes no difference: geëvalueerd finds geevalueerd")
    func diaeresisAfterGe() {
        #expect(DutchStemmer.stem("geëvalueerd") == DutchStemmer.stem("geevalueerd"))
        #expect(DutchStemmer.stem("geïnformeerd") == DutchStemmer.stem("geinformeerd"))
    }

    @Test("What the reference keeps apart stays apart: the infinitive participeren does not meet participatie")
    func referenceKeepsApart() {
        #expect(DutchStemmer.stem("participeren") != DutchStemmer.stem("participatie"))
        #expect(DutchStemmer.stem("raadslid") != DutchStemmer.stem("raadsleden"))
    }

    @Test("Capitals are lowercased first, so a word at the start of a sentence meets the same word inside one")
    func capitals() {
        #expect(DutchStemmer.stem("Gemeenten") == "meen")
        #expect(DutchStemmer.stem("INWONERS") == "inwoner")
    }

    @Test(
        "Hostile input never traps, and what is no word comes back as it was",
        arguments: [
            "", "a", "123", "ééé", "😀", "👩🏽‍🌾", "e\u{0308}", "ge\u{0308}meenten", "'s", "'tje", "'", "ij", "ge", "inn", "2026",
        ])
    func hostileInput(word: String) {
        let stem = DutchStemmer.stem(word)
        #expect(!stem.isEmpty || word.isEmpty)
        #expect(stem.unicodeScalars.count <= word.unicodeScalars.count)
        if !word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
            #expect(stem == word)
        }
    }

    @Test("A 10,000-letter word is stemmed without trouble")
    func veryLongWords() {
        let letters = String(repeating: "a", count: 10_000)
        #expect(DutchStemmer.stem(letters) == letters)
        let compound = String(repeating: "gemeente", count: 1250) + "n"
        let stem = DutchStemmer.stem(compound)
        #expect(!stem.isEmpty && stem.unicodeScalars.count < compound.unicodeScalars.count)
    }

    @Test("Non-words, single letters, combining sequences and a lone 's come back as they were")
    func nonWordsUnchanged() {
        for word in ["", "a", "123", "ééé", "😀", "e\u{0308}", "'s", "'tje"] {
            #expect(DutchStemmer.stem(word).unicodeScalars.elementsEqual(word.unicodeScalars), "\(word)")
        }
    }
}
