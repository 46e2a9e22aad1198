import DemocracyKit
import Foundation
import Testing

@Suite("Saved and sent answers as one-level JSON")
struct FlatJSONTests {
    static let awkward: [String: String] = [
        "a:open": "Zeg \"nee\" tegen \\ en / maar\nook\tdit\r",
        "b:emoji": "Inwoners 👩🏽‍🌾 en één café",
        "c:control": "bel\u{07}en\u{1F}",
        "d:empty": "",
    ]

    @Test("Open answers with quotes, backslashes, new lines, accents and emoji come back exactly as written")
    func roundTrip() {
        #expect(FlatJSON.decodeStrings(FlatJSON.encode(Self.awkward)) == Self.awkward)
        #expect(FlatJSON.decodeIntegers(FlatJSON.encode(["rol.koers": 5, "rol.kaders": 0])) == ["rol.koers": 5, "rol.kaders": 0])
        #expect(FlatJSON.encode([String: Int]()) == "{}")
    }

    @Test("What Foundation wrote before is read the same, and what is written here is valid JSON for Foundation")
    func agreesWithFoundation() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let written = String(decoding: try encoder.encode(Self.awkward), as: UTF8.self)
        #expect(FlatJSON.decodeStrings(written) == Self.awkward)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(FlatJSON.encode(Self.awkward).utf8)) == Self.awkward)
        #expect(FlatJSON.encode(Self.awkward) == written.replacingOccurrences(of: "\\/", with: "/"))
        #expect(FlatJSON.decodeStrings(#"{ "x" : "\u00e9\ud83d\ude00" }"#) == ["x": "é😀"])
    }

    @Test(
        "Anything else is refused rather than half read",
        arguments: [
            "", "[]", "{", #"{"a":1}"#, #"{"a":"b""#, #"{"a":"b",}"#, #"{"a":"b"} x"#, #"{"a":"\x"}"#, "{\"a\":\"\n\"}", #"{"a":"\ud800"}"#,
        ])
    func refusesOtherText(_ text: String) {
        #expect(FlatJSON.decodeStrings(text) == nil)
    }
}
