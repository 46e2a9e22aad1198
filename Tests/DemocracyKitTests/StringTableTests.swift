import DemocracyKit
import Testing

@Suite("Filling in interface text")
struct StringTableFillTests {
    @Test("A count of one takes the singular word, any other count the plural, in both languages")
    func pluralChoice() {
        let nl = "Het gemiddelde van {0} {0|gemeente|gemeenten}; {1} {1|antwoord|antwoorden}."
        #expect(StringTable.fill(nl, ["1", "1"]) == "Het gemiddelde van 1 gemeente; 1 antwoord.")
        #expect(StringTable.fill(nl, ["0", "12"]) == "Het gemiddelde van 0 gemeenten; 12 antwoorden.")
        #expect(StringTable.fill(nl, ["1.000", "21"]) == "Het gemiddelde van 1.000 gemeenten; 21 antwoorden.")
        #expect(StringTable.fill("{0} {0|municipality|municipalities}", ["1"]) == "1 municipality")
    }

    @Test("A plural choice counts as its placeholder, so both languages must use it; other braces stay as they are")
    func placeholdersAndLiterals() {
        #expect(StringTable.placeholders("{0|gemeente|gemeenten} en {1}") == [0, 1])
        #expect(StringTable.fill("{x} {0|a} {2} {", ["1"]) == "{x} {0|a} {2} {")
        #expect(StringTable.fill("{0}{1}", ["a", "b"]) == "ab")
    }
}

@Suite("Days as people type them")
struct TypedDayTests {
    @Test(
        "A day typed the Dutch way reads as the same day as the browser's date field sends it",
        arguments: ["2026-03-15", "15-03-2026", "15-3-2026", "15/03/2026", "15.03.2026"])
    func dutchOrder(typed: String) throws {
        let date = try #require(Format.parseDay(typed))
        #expect(Format.day(date) == "2026-03-15")
    }

    @Test(
        "What is not one real day is refused, however it is written",
        arguments: ["31-02-2026", "15-13-2026", "15-03-26", "2026/03/15", "03-2026", "15--2026", "１５-03-2026", "15-03-2026-1", ""])
    func notADay(typed: String) {
        #expect(Format.parseDay(typed) == nil)
    }
}
