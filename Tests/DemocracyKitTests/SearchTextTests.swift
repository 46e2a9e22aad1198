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
        _ ref: String, areas: [FocusArea] = [.beterBetrokkenInwoners], outcome: ExperienceOutcome = .goed, on day: String = "2025-01-01"
    )
        -> SearchDocument
    {
        SearchDocument(
            kind: .ervaring, ref: ref, title: .init(nl: ref, en: ""), summary: .init(nl: "", en: ""), focusAreas: areas,
            municipalityCode: "GM9901", municipalityName: "Demodorp", province: "Utrecht", sizeClass: .from20kTo50k, outcome: outcome,
            pillar: nil, visibility: .publiek, publishedOn: day)
    }

    func postings(_ texts: [String: (title: String, body: String)], for query: SearchQuery) -> [[SearchRanking.Posting<String>]] {
        query.terms.map { searched in
            texts.flatMap { ref, text in
                SearchRanking.weights(title: text.title, summary: "", body: text.body).compactMap { term, weight in
                    SearchText.match(indexed: term, searched: searched) == nil ? nil : .init(document: ref, term: term, weight: weight)
                }
            }
        }
    }

    @Test("Every searched word must be found; a word in the title counts more than one in the story; the word beats a compound")
    func ranking() {
        let texts = [
            "titel": (title: "Wijkbudget voor jongeren", body: "Een verhaal."),
            "verhaal": (title: "Een verslag", body: "Over het wijkbudget en de jongeren."),
            "samenstelling": (title: "Een verslag", body: "Het jongerenwijkbudget en jongeren."),
            "half": (title: "Wijkbudget", body: "Zonder de groep."),
        ]
        let query = SearchQuery("wijkbudget jongeren")
        let scores = SearchRanking.score(postings(texts, for: query), query: query, documentCount: texts.count)
        #expect(Set(scores.keys) == ["titel", "verhaal", "samenstelling"], "every word must be found")
        #expect(scores["titel"]! > scores["verhaal"]!)
        #expect(scores["verhaal"]! > scores["samenstelling"]!)
    }

    @Test("Filters hold together; each count says what choosing that value would give; ties go newest first")
    func filtersAndCounts() {
        let candidates = [
            ("a", document("a", areas: [.beterBetrokkenInwoners], outcome: .goed, on: "2025-03-01")),
            ("b", document("b", areas: [.beterBetrokkenInwoners, .weerbaarBestuur], outcome: .tegenvallend, on: "2025-05-01")),
            ("c", document("c", areas: [.weerbaarBestuur], outcome: .tegenvallend, on: "2025-04-01")),
        ].map { (id: $0.0, document: $0.1) }
        let all = SearchRanking.result(candidates: candidates, scores: nil, filter: SearchFilter())
        #expect(all.ids == ["b", "c", "a"])
        let bad = SearchRanking.result(candidates: candidates, scores: nil, filter: SearchFilter(outcome: .tegenvallend))
        #expect(bad.ids == ["b", "c"])
        #expect(bad.facets.outcomes == [.goed: 1, .tegenvallend: 2], "the outcome's own counts ignore the outcome chosen")
        #expect(bad.facets.focusAreas == [.beterBetrokkenInwoners: 1, .weerbaarBestuur: 2])
        let scored = SearchRanking.result(candidates: candidates, scores: ["a": 2, "c": 1], filter: SearchFilter())
        #expect(scored.ids == ["a", "c"], "only what the search found, best first")
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
