import DemocracyKit
import Vapor

extension Capability {
    /// Ondermijning (focus area 7): news, signals by sector, the knowledge base (also in the Dutch search) and the
    /// quiz, read from `Resources/Data/resilience/` at start-up, and the reporting of signals to a municipality's
    /// designated contact.
    static var undermining: Capability {
        Capability(
            routes: [UnderminingController()],
            migrations: [CreateUnderminingTables()],
            urls: UnderminingURL.routes.map(\.path),
            links: [
                SiteLink(place: .footer, position: 5, labelKey: "ondermijning.title_short", url: UnderminingURL.home, audience: .everyone)
            ],
            referenceData: { app in try await KnowledgeSearch.indexChanged(app: app) },
            setUp: { app in
                let folder = app.directory.resourcesDirectory + "Data/resilience/"
                func file(_ name: String) -> String {
                    String(decoding: FileManager.default.contents(atPath: folder + name) ?? Data(), as: UTF8.self)
                }
                app.underminingContent = UnderminingContent(
                    try UnderminingLibrary.load(signals: file("signals.yaml"), articles: file("articles.yaml"), quiz: file("quiz.yaml")))
            })
    }
}

extension Application {
    private struct UnderminingContentKey: StorageKey { typealias Value = UnderminingContent }

    /// The signals, articles and quiz of `Resources/Data/resilience/`, read at start-up.
    var underminingContent: UnderminingContent {
        get {
            guard let content = storage[UnderminingContentKey.self] else { fatalError("the undermining capability reads them") }
            return content
        }
        set { storage[UnderminingContentKey.self] = newValue }
    }
}

/// The knowledge base's articles in the search of "Leren van elkaar" (docs/search.md), with focus area 7, found by
/// their title, summary and text.
enum KnowledgeSearch {
    static func document(_ article: KnowledgeArticle) -> (SearchDocument, SearchStore.Texts) {
        let document = SearchDocument(
            kind: .kennis, ref: article.id, title: article.title, summary: article.summary, focusAreas: [.weerbaarBestuur],
            municipalityCode: nil, municipalityName: nil, province: nil, sizeClass: nil, outcome: nil, pillar: nil, visibility: .publiek,
            publishedOn: "2024-01-01")
        return (document, SearchStore.Texts(title: article.title, summary: article.summary, body: article.body))
    }

    /// Indexes each article the index lacks or holds with other words, and takes out those no longer shipped.
    static func indexChanged(app: Application) async throws {
        let stored = try await SearchStore.storedTerms(of: .kennis, on: app.db)
        let articles = app.underminingContent.library.articles
        for article in articles {
            let (document, texts) = document(article)
            if stored[article.id] != SearchStore.terms(of: texts) {
                try await SearchStore.index(document, texts: texts, at: app.clock.now(), on: app.db)
            }
        }
        for ref in stored.keys where !articles.contains(where: { $0.id == ref }) {
            try await SearchStore.remove(kind: .kennis, ref: ref, on: app.db)
        }
    }
}
