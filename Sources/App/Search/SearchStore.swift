import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The search index as stored and as searched (docs/search.md). Writers put a document and its term vector in
/// `search_documents` in the same transaction as the change that publishes it, under a new sequence number. A
/// search works on the `SearchCorpus` in memory, brought up to date first: only documents with a higher sequence
/// number are read, and a smaller count means some were taken out.
enum SearchStore {
    /// A page of results with everything the page shows.
    struct Found: Sendable {
        let documents: [SearchDocument]
        let facets: SearchFacets
        let pagination: Pagination
    }

    /// The text of a document in both languages; English falls back to Dutch where it was left empty.
    struct Texts: Sendable {
        let title: LocalizedText
        let summary: LocalizedText
        let body: LocalizedText
    }

    /// Puts a document in the index, replacing what was indexed under its kind and slug.
    static func index(_ document: SearchDocument, texts: Texts, at date: Date, on db: any Database) async throws {
        let sql = try db.sql()
        try await remove(kind: document.kind, ref: document.ref, on: db)
        let last =
            try await sql.raw("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM search_documents").first()?.decode(
                column: "s", as: Int64.self) ?? 0
        // Later than every earlier change, also when two writers read the same maximum at once (then the clock
        // separates them; the unique index refuses a tie).
        let seq = max(last + 1, Int64(date.timeIntervalSince1970 * 1_000_000))
        try await sql.insert(into: "search_documents")
            .columns(
                "id", "seq", "kind", "ref", "title_nl", "title_en", "summary_nl", "summary_en", "focus_areas", "municipality_code",
                "municipality_name", "province", "size_class", "outcome", "pillar", "visibility", "published_on", "terms"
            )
            .values(
                SQLBind(UUID()), SQLBind(seq), SQLBind(document.kind.rawValue), SQLBind(document.ref), SQLBind(document.title.nl),
                SQLBind(document.title.en), SQLBind(document.summary.nl), SQLBind(document.summary.en),
                SQLBind(document.focusAreas.map { String($0.rawValue) }.joined(separator: ",")), SQLBind(document.municipalityCode),
                SQLBind(document.municipalityName), SQLBind(document.province), SQLBind(document.sizeClass?.rawValue),
                SQLBind(document.outcome?.rawValue), SQLBind(document.pillar?.rawValue), SQLBind(document.visibility.rawValue),
                SQLBind(document.publishedOn), SQLBind(terms(of: texts))
            )
            .run()
        try await changed(on: db)
    }

    /// The term vector stored per slug of a kind, to tell at start-up which shipped texts changed.
    static func storedTerms(of kind: SearchKind, on db: any Database) async throws -> [String: String] {
        var stored: [String: String] = [:]
        for row in try await db.sql().select().column("ref").column("terms").from("search_documents").where("kind", .equal, kind.rawValue)
            .all()
        {
            stored[try row.decode(column: "ref", as: String.self)] = try row.decode(column: "terms", as: String.self)
        }
        return stored
    }

    /// The term vector a text is stored with.
    static func terms(of texts: Texts) -> String {
        TermVector.encode(SearchRanking.weights(title: texts.title, summary: texts.summary, body: texts.body))
    }

    static func remove(kind: SearchKind, ref: String, on db: any Database) async throws {
        try await db.sql().delete(from: "search_documents").where("kind", .equal, kind.rawValue).where("ref", .equal, ref).run()
        try await changed(on: db)
    }

    /// Raises the index's change count, in the transaction of the change (`CreateSearchRevision`).
    private static func changed(on db: any Database) async throws {
        try await db.sql().raw("UPDATE search_revision SET changes = changes + 1 WHERE id = 1").run()
    }

    /// The index's change count: a search compares it with the one its index in memory was read at.
    /// Nil when the row is missing (a database restored without it): then every search checks the documents.
    static func revision(on db: any Database) async throws -> Int64? {
        try await db.sql().raw("SELECT changes FROM search_revision WHERE id = 1").first()?.decode(column: "changes", as: Int64.self)
    }

    /// The index in memory, up to date with the database.
    static func corpus(app: Application, on db: any Database) async throws -> SearchCorpus {
        try await app.searchIndex.current(on: db)
    }

    /// One page of what `query` finds under `filter`, among what this reader may see. Searching nothing lists
    /// everything, newest first.
    static func search(
        _ query: SearchQuery, filter: SearchFilter, mayReadParticipantsOnly: Bool, page: Int?, perPage: Int, app: Application,
        on db: any Database
    ) async throws -> Found {
        search(
            query, filter: filter, mayReadParticipantsOnly: mayReadParticipantsOnly, page: page, perPage: perPage,
            in: try await corpus(app: app, on: db))
    }

    /// The same, in a corpus the caller already brought up to date.
    static func search(
        _ query: SearchQuery, filter: SearchFilter, mayReadParticipantsOnly: Bool, page: Int?, perPage: Int, in corpus: SearchCorpus
    ) -> Found {
        let found = corpus.search(query, filter: filter, page: page, perPage: perPage, includeParticipantsOnly: mayReadParticipantsOnly)
        return Found(documents: found.documents, facets: found.facets, pagination: found.pagination)
    }

    /// The stored documents with a sequence number above `seq`, with their term vectors.
    static func documents(after seq: Int64, limit: Int, on db: any Database) async throws -> [(SearchDocument, Int64, [String: Int])] {
        let rows = try await db.sql().select().column("*").from("search_documents").where("seq", .greaterThan, seq).orderBy("seq")
            .limit(limit).all()
        return try rows.compactMap { row in
            func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
            func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
            guard let kind = SearchKind(rawValue: try text("kind")) else { return nil }
            let document = SearchDocument(
                kind: kind, ref: try text("ref"), title: LocalizedText(nl: try text("title_nl"), en: try text("title_en")),
                summary: LocalizedText(nl: try text("summary_nl"), en: try text("summary_en")),
                focusAreas: try text("focus_areas").split(separator: ",").compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) },
                municipalityCode: try optional("municipality_code"), municipalityName: try optional("municipality_name"),
                province: try optional("province"), sizeClass: try optional("size_class").flatMap(SizeClass.init(rawValue:)),
                outcome: try optional("outcome").flatMap(ExperienceOutcome.init(rawValue:)),
                pillar: try optional("pillar").flatMap(Pillar.init(rawValue:)),
                visibility: ExperienceVisibility(rawValue: try text("visibility")) ?? .deelnemers, publishedOn: try text("published_on"))
            return (document, try row.decode(column: "seq", as: Int64.self), TermVector.decode(try text("terms")))
        }
    }
}

/// The search index in memory of this app instance, brought up to date with the database before each search.
actor SearchIndex {
    private var corpus = SearchCorpus()
    private var updating: Task<SearchCorpus, any Error>?
    /// The index's change count when the corpus was last brought up to date; -1 before the first time.
    private var readAt: Int64 = -1

    func current(on db: any Database) async throws -> SearchCorpus {
        if let running = updating { return try await running.value }
        // One number tells whether anything changed: read before the documents, so a change made meanwhile is
        // read again next time.
        let revision = try await SearchStore.revision(on: db) ?? -1
        if revision >= 0, revision == readAt { return corpus }
        let row = try await db.sql().raw("SELECT COUNT(*) AS n, CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM search_documents").first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        let seq = try row?.decode(column: "s", as: Int64.self) ?? 0
        if seq == corpus.appliedSeq && count == corpus.count {
            readAt = revision
            return corpus
        }
        if let running = updating { return try await running.value }
        let start = corpus
        let task = Task { () throws -> SearchCorpus in
            var next = start
            // In batches, so a first load of many documents never holds all their term vectors at once.
            while true {
                let batch = try await SearchStore.documents(after: next.appliedSeq, limit: 500, on: db)
                for (document, seq, weights) in batch { next.upsert(document, seq: seq, weights: weights) }
                if batch.count < 500 { break }
            }
            if next.count != count {
                // Some were taken out (or replaced meanwhile): keep only what is stored now.
                let stored = try await db.sql().select().column("seq").from("search_documents").all()
                    .map { try $0.decode(column: "seq", as: Int64.self) }
                next.keepOnly(Set(stored))
            }
            next.finish()
            return next
        }
        updating = task
        defer { updating = nil }
        let next = try await task.value
        corpus = next
        readAt = revision
        return next
    }
}

extension Application {
    private struct SearchIndexKey: StorageKey { typealias Value = SearchIndex }

    /// The search index in memory.
    var searchIndex: SearchIndex {
        guard let index = storage[SearchIndexKey.self] else { fatalError("the search capability sets up its index") }
        return index
    }

    func setUpSearch() {
        storage[SearchIndexKey.self] = SearchIndex()
    }
}
