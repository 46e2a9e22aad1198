import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The modules in the search of "Leren van elkaar" (docs/search.md): as offers of the pillar lokaal maatwerk, with
/// their focus areas, found by their title, aim and the text of their lessons.
enum LearningSearch {
    static func document(_ module: LearningModule) -> (SearchDocument, SearchStore.Texts) {
        let document = SearchDocument(
            kind: .leermodule, ref: module.id, title: module.title, summary: module.aim, focusAreas: module.focusAreas,
            municipalityCode: nil, municipalityName: nil, province: nil, sizeClass: nil, outcome: nil, pillar: .lokaalMaatwerk,
            visibility: .publiek, publishedOn: "2024-01-01")
        let body = LocalizedText(
            nl: module.lessons.map { $0.title.nl + "\n\n" + $0.body.nl }.joined(separator: "\n\n"),
            en: module.lessons.map { $0.title.en + "\n\n" + $0.body.en }.joined(separator: "\n\n"))
        return (document, SearchStore.Texts(title: module.title, summary: module.aim, body: body))
    }

    static func index(_ module: LearningModule, at date: Date, on db: any Database) async throws {
        let (document, texts) = document(module)
        try await SearchStore.index(document, texts: texts, at: date, on: db)
    }

    /// Indexes each module the index lacks or holds with other words (a new release's files, an edit): at start-up.
    static func indexChanged(app: Application) async throws {
        let stored = try await SearchStore.storedTerms(of: .leermodule, on: app.db)
        for module in try await app.learningLibrary.current(on: app.db).modules {
            let terms = SearchStore.terms(of: document(module).1)
            if stored[module.id] != terms { try await index(module, at: app.clock.now(), on: app.db) }
        }
    }
}
