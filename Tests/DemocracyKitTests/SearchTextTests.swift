import DemocracyKit
import Foundation
import Testing

@Suite("Search in Dutch: what a searched word finds")
struct SearchTextTests {
    /// Whether searching `searched` finds a text containing only `written`.
    func finds(_ searched: String, in written: String) -> Bool {
        let query = SearchQuery(searched)
        let terms = SearchText.termCounts(written).keys
        return !query.isEmpty && query.terms.allSatisfy { q in terms.contains { SearchText.match(indexed: $0, searched: q) != nil } }
    }

    @Test(
        "Inflections find each other: participeren, participatie, geparticipeerd",
        arguments: [
            ("participatie", "Wij hebben bewoners laten participeren"), ("participeren", "De participatie was hoog"),
            ("participatie", "Inwoners hebben geparticipeerd"), ("geparticipeerd", "participatie"), ("inwoner", "Alle inwoners"),
            ("inwoners", "Een inwoner"), ("evaluatie", "De raad heeft het geëvalueerd"),
        ])
    func inflections(searched: String, written: String) {
        #expect(finds(searched, in: written))
    }

    @Test("Accents do not matter: geëvalueerd and geevalueerd, Fryslân and Fryslan")
    func diacritics() {
        #expect(finds("geevalueerd", in: "Het is geëvalueerd"))
        #expect(finds("geëvalueerd", in: "Het is geevalueerd"))
        #expect(finds("fryslan", in: "In Fryslân"))
        #expect(finds("IDEEËN", in: "ideeen"))
    }

    @Test("A word finds the compounds it ends: participatie in burgerparticipatie and jongerenparticipatie, beraad in burgerberaad")
    func compounds() {
        #expect(finds("participatie", in: "Burgerparticipatie"))
        #expect(finds("participatie", in: "jongerenparticipatie"))
        #expect(finds("beraad", in: "Het burgerberaad"))
        #expect(finds("raad", in: "de gemeenteraad"))
        #expect(!finds("burgerberaad", in: "beraad"), "the compound does not find the plain word")
        #expect(!finds("participatie", in: "anticiperen"))
    }

    @Test("Stop words, signs and the syntax of search engines are not searched for")
    func noise() {
        #expect(SearchQuery("de het een").isEmpty && SearchQuery("de het een").typedOnlyNoise)
        #expect(SearchQuery("  ").isEmpty && !SearchQuery("  ").typedOnlyNoise)
        #expect(SearchQuery("\"*:^()-").isEmpty)
        let syntax = SearchQuery("\"wijkbudget\" NEAR(jongeren) -raad OR inwoner*")
        #expect(syntax.terms == SearchQuery("wijkbudget near jongeren raad inwoner").terms)
    }

    @Test("A query is at most 200 characters and eight terms, however long the typing")
    func limits() {
        let long = SearchQuery(String(repeating: "raad ", count: 1_000) + String(repeating: "x", count: 5_000))
        #expect(long.text.count <= SearchQuery.maximumCharacters)
        #expect(long.terms == SearchQuery("raad").terms, "the 5,000 x's beyond 200 characters are not read")
        let many = SearchQuery((1...20).map { "woord\($0)" }.joined(separator: " "))
        #expect(many.terms.count == SearchQuery.maximumTerms)
        #expect(SearchText.words(String(repeating: "a", count: 10_000)).first?.count == SearchText.maximumWordLength)
    }

    @Test("Matches are marked in the text as it was written, without building HTML")
    func highlight() {
        let marked = Highlighted("Burgerparticipatie en <b>participeren</b>!", query: SearchQuery("participatie"))
        #expect(marked.parts.filter(\.hit).map(\.text) == ["Burgerparticipatie", "participeren"])
        #expect(marked.parts.map(\.text).joined() == "Burgerparticipatie en <b>participeren</b>!")
        #expect(Highlighted("Tekst", query: SearchQuery("")).parts.map(\.hit) == [false])
    }
}

@Suite("Search ranking and filters, the same whatever database holds the terms")
struct SearchRankingTests {
    func document(
        _ ref: String, areas: [FocusArea] = [.beterBetrokkenInwoners], outcome: ExperienceOutcome = .goed, on day: String = "2025-01-01",
        visibility: ExperienceVisibility = .publiek
    )
        -> SearchDocument
    {
        SearchDocument(
            kind: .ervaring, ref: ref, title: .init(nl: ref, en: ""), summary: .init(nl: "", en: ""), focusAreas: areas,
            municipalityCode: "GM9901", municipalityName: "Demodorp", province: "Utrecht", sizeClass: .from20kTo50k, outcome: outcome,
            pillar: nil, visibility: visibility, publishedOn: day)
    }

    /// A corpus of these documents, each with the terms of its title and body.
    func corpus(_ texts: [(ref: String, title: String, body: String, document: SearchDocument?)]) -> SearchCorpus {
        var corpus = SearchCorpus()
        for (number, text) in texts.enumerated() {
            corpus.upsert(
                text.document ?? document(text.ref), seq: Int64(number + 1),
                weights: SearchRanking.weights(title: text.title, summary: "", body: text.body))
        }
        corpus.finish()
        return corpus
    }

    func refs(_ corpus: SearchCorpus, _ query: String, _ filter: SearchFilter = SearchFilter()) -> [String] {
        corpus.search(SearchQuery(query), filter: filter, page: 1, perPage: 100, includeParticipantsOnly: true).documents.map(\.ref)
    }

    @Test("Every searched word must be found; a word in the title counts more than one in the story; the word beats a compound")
    func ranking() {
        let texts = corpus([
            ("titel", "Wijkbudget voor jongeren", "Een verhaal.", nil),
            ("verhaal", "Een verslag", "Over het wijkbudget en de jongeren.", nil),
            ("samenstelling", "Een verslag", "Het jongerenwijkbudget en jongeren.", nil),
            ("half", "Wijkbudget", "Zonder de groep.", nil),
        ])
        #expect(refs(texts, "wijkbudget jongeren") == ["titel", "verhaal", "samenstelling"])
        #expect(refs(texts, "wijkbudget onbekendwoord").isEmpty, "every word must be found")
    }

    @Test("Filters hold together; each count says what choosing that value would give; nothing searched lists newest first")
    func filtersAndCounts() {
        let texts = corpus([
            ("a", "Wijkbudget", "", document("a", areas: [.beterBetrokkenInwoners], outcome: .goed, on: "2025-03-01")),
            (
                "b", "Wijkbudget", "",
                document(
                    "b", areas: [.beterBetrokkenInwoners, .weerbaarBestuur], outcome: .tegenvallend, on: "2025-05-01",
                    visibility: .deelnemers)
            ),
            ("c", "Raad", "", document("c", areas: [.weerbaarBestuur], outcome: .tegenvallend, on: "2025-04-01")),
        ])
        #expect(refs(texts, "") == ["b", "c", "a"])
        let bad = texts.search(
            SearchQuery(""), filter: SearchFilter(outcome: .tegenvallend), page: 1, perPage: 10, includeParticipantsOnly: true)
        #expect(bad.documents.map(\.ref) == ["b", "c"])
        #expect(bad.facets.outcomes == [.goed: 1, .tegenvallend: 2], "the outcome's own counts ignore the outcome chosen")
        #expect(bad.facets.focusAreas == [.beterBetrokkenInwoners: 1, .weerbaarBestuur: 2])
        #expect(refs(texts, "wijkbudget") == ["b", "a"], "only what the search found; equal scores newest first")
        let hidden = texts.search(SearchQuery(""), filter: SearchFilter(), page: 1, perPage: 10, includeParticipantsOnly: false)
        #expect(
            hidden.documents.map(\.ref) == ["c", "a"] && hidden.facets.outcomes[.tegenvallend] == 1,
            "what a reader may not see is not counted")
    }

    @Test("A replaced document is found by its new words only; one taken out is not found; pages are safe")
    func updates() {
        var texts = corpus([("a", "Wijkbudget", "", nil), ("b", "Burgerberaad", "", nil)])
        texts.upsert(document("a"), seq: 10, weights: SearchRanking.weights(title: "Jongerenraad", summary: "", body: ""))
        texts.finish()
        #expect(refs(texts, "wijkbudget").isEmpty && refs(texts, "jongerenraad") == ["a"] && texts.count == 2)
        texts.keepOnly([10])
        #expect(refs(texts, "beraad").isEmpty && texts.count == 1 && texts.appliedSeq == 10)
        for page in [-9_223_372_036_854_775_807, 0, 99_999] {
            #expect(
                texts.search(SearchQuery(""), filter: SearchFilter(), page: page, perPage: 20, includeParticipantsOnly: true).documents
                    .count == 1)
        }
    }

    @Test("Term vectors survive storage as text")
    func termVectors() {
        let weights = SearchRanking.weights(title: "Burgerparticipatie in Fryslân", summary: "Inwoners", body: "participatie 2026")
        #expect(TermVector.decode(TermVector.encode(weights)) == weights)
        let broken = TermVector.decode("ab:3 kapot :4 cd:x ef:99999999999")
        #expect(broken["ab"] == 3 && broken["kapot"] == nil && broken["cd"] == 0 && (broken["ef"] ?? 0) < 10_000_000)
    }

    @Test("Related experiences share a focus area; the newest of the feed come first")
    func relatedAndLatest() {
        let documents = [
            document("deze", areas: [.weerbaarBestuur, .krachtigeGemeenteraad]),
            document("twee-gedeeld", areas: [.weerbaarBestuur, .krachtigeGemeenteraad], on: "2024-01-01"),
            document("een-gedeeld", areas: [.weerbaarBestuur], on: "2026-01-01"),
            document("niets", areas: [.beterBetrokkenInwoners]),
        ]
        #expect(SearchRanking.related(to: "deze", among: documents, limit: 3).map(\.ref) == ["twee-gedeeld", "een-gedeeld"])
        #expect(SearchRanking.latest(documents, limit: 2).map(\.ref) == ["een-gedeeld", "deze"])
    }
}
