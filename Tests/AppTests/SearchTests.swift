import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

@Suite("Search over the demo's experiences: the same results on SQLite and PostgreSQL")
struct SearchTests {
    /// The demo's published experiences, indexed under Groningen, with their texts as written.
    private func indexDemo(_ app: Application) async throws -> [ExperienceFile.Entry] {
        let entries = try await DemoExperiences.entries(app: app).filter { $0.status == .gepubliceerd }
        let groningen = try await MunicipalityQueries.require(code: "GM0014", on: app.db)
        for entry in entries {
            try await ExperienceStore.index(
                entry.experience, slug: entry.slug, municipality: groningen, publishedOn: try #require(Format.parseDay(entry.publishedOn)),
                at: app.clock.now(), on: app.db)
        }
        return entries
    }

    @Test(
        "Dutch queries find inflections, compounds and words without accents, ranked exactly as the domain ranks the texts in memory",
        arguments: [
            "participatie", "geparticipeerd", "burgerberaad", "beraad", "inwoner", "geëvalueerd", "wijkbudget inwoners", "raad", "Fryslân",
        ])
    func sameAsInMemory(_ text: String) async throws {
        try await withTestApp { app in
            // setup
            let entries = try await indexDemo(app)
            let query = SearchQuery(text)
            let stored = try await SearchStore.corpus(app: app, on: app.db).all { _ in true }
            let (catalogue, _) = try await CatalogueStore.catalogue(app: app, on: app.db)
            // act
            let found = try await SearchStore.search(
                query, filter: SearchFilter(kind: .ervaring), mayReadParticipantsOnly: true, page: 1, perPage: 1_000, app: app, on: app.db)
            // check: the stored index gives what the same rules give over the texts in memory
            var reference = SearchCorpus()
            for (number, document) in stored.enumerated() {
                let weights: [String: Int]
                switch document.kind {
                case .ervaring:
                    let experience = try #require(entries.first { $0.slug == document.ref }).experience
                    let (nl, en) = (experience.text(.nl), experience.text(.en))
                    weights = SearchRanking.weights(
                        title: .init(nl: nl.title, en: en.title), summary: .init(nl: nl.summary, en: en.summary),
                        body: .init(nl: nl.body, en: en.body))
                case .aanbod:
                    let offer = try #require(catalogue.offers.first { $0.slug == document.ref })
                    weights = SearchRanking.weights(title: offer.title, summary: offer.summary, body: offer.description)
                case .leermodule:
                    let texts = LearningSearch.document(try #require(app.learningModules.module(document.ref))).1
                    weights = SearchRanking.weights(title: texts.title, summary: texts.summary, body: texts.body)
                case .kennis:
                    let article = try #require(app.underminingContent.library.article(document.ref))
                    let texts = KnowledgeSearch.document(article).1
                    weights = SearchRanking.weights(title: texts.title, summary: texts.summary, body: texts.body)
                case .resultaat:
                    continue
                }
                reference.upsert(document, seq: Int64(number + 1), weights: weights)
            }
            reference.finish()
            let expected = reference.search(
                query, filter: SearchFilter(kind: .ervaring), page: 1, perPage: 1_000, includeParticipantsOnly: true)
            #expect(!found.documents.isEmpty, "\(text) finds something in the demo")
            #expect(found.documents.map(\.ref) == expected.documents.map(\.ref), "\(text)")
            #expect(found.facets == expected.facets)
        }
    }

    @Test("Participatie finds burgerparticipatie and jongerenparticipatie; beraad finds burgerberaad; accents are optional")
    func namedExamples() async throws {
        try await withTestApp { app in
            // setup
            let entries = try await indexDemo(app)
            func refs(_ text: String) async throws -> Set<String> {
                Set(
                    try await SearchStore.search(
                        SearchQuery(text), filter: SearchFilter(), mayReadParticipantsOnly: true, page: 1, perPage: 1_000, app: app,
                        on: app.db
                    ).documents.map(\.ref))
            }
            func containing(_ word: String) -> Set<String> {
                Set(
                    entries.filter { entry in
                        let all = [entry.experience.text(.nl), entry.experience.text(.en)].flatMap { [$0.title, $0.summary, $0.body] }
                        return all.contains { SearchText.words($0).contains(word) }
                    }.map(\.slug))
            }
            // act and check
            let participation = try await refs("participatie")
            #expect(!containing("burgerparticipatie").isEmpty && containing("burgerparticipatie").isSubset(of: participation))
            #expect(containing("jongerenparticipatie").isSubset(of: participation))
            #expect(containing("geparticipeerd").isSubset(of: participation))
            let beraad = try await refs("beraad")
            #expect(!containing("burgerberaad").isEmpty && containing("burgerberaad").isSubset(of: beraad))
            #expect(try await refs("geevalueerd") == refs("geëvalueerd"))
            #expect(try await refs("inwoner") == refs("inwoners"))
            let everything = try await SearchStore.corpus(app: app, on: app.db).count
            #expect(try await refs("de het een").count == everything, "only stop words: nothing to search for, everything listed")
        }
    }

    @Test("An edited offer is found by its new words at once, and a retired one is no longer found")
    func offerIndexFollowsEdits() async throws {
        try await withTestApp { app in
            // setup
            let stored = try #require(try await CatalogueStore.find(slug: "woningscan", on: app.db))
            var offer = stored.offer
            offer.summary = .init(nl: "Nu ook met een zonnepaneelcontrole.", en: "Now with a check of solar panels.")
            let staffID = try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            func found(_ text: String) async throws -> [String] {
                try await SearchStore.search(
                    SearchQuery(text), filter: SearchFilter(kind: .aanbod), mayReadParticipantsOnly: false, page: 1, perPage: 100, app: app,
                    on: app.db
                ).documents.map(\.ref)
            }
            #expect(try await found("zonnepaneelcontrole").isEmpty)
            // act
            try await CatalogueStore.update(slug: "woningscan", to: offer, from: stored.version, by: staffID, app: app)
            // check
            #expect(try await found("zonnepaneelcontrole") == ["woningscan"])
            #expect(try await found("paneelcontrole") == ["woningscan"], "the end of the compound finds it")
            offer.status = .vervallen
            try await CatalogueStore.update(slug: "woningscan", to: offer, from: stored.version + 1, by: staffID, app: app)
            #expect(try await found("zonnepaneelcontrole").isEmpty)
        }
    }
}
