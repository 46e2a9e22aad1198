import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The search index as stored (docs/search.md). Writers put a document in the index in the same transaction as
/// the change that publishes it; a search reads the terms it needs from the database and the documents from
/// memory, kept per revision of the index.
enum SearchStore {
    /// A page of results with everything the page shows.
    struct Found: Sendable {
        let documents: [SearchDocument]
        let facets: SearchFacets
        let pagination: Pagination
    }

    /// Changes with every indexed or removed document.
    struct Revision: Hashable, Sendable {
        let count: Int
        let seq: Int64
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
        let id = UUID()
        let last =
            try await sql.raw("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM search_documents").first()?.decode(
                column: "s", as: Int64.self) ?? 0
        // Later than every earlier change, also when two writers read the same maximum at once (then the clock
        // separates them).
        let seq = max(last + 1, Int64(date.timeIntervalSince1970 * 1_000_000))
        try await sql.insert(into: "search_documents")
            .columns(
                "id", "kind", "ref", "title_nl", "title_en", "summary_nl", "summary_en", "focus_areas", "municipality_code",
                "municipality_name", "province", "size_class", "outcome", "pillar", "visibility", "published_on", "seq"
            )
            .values(
                SQLBind(id), SQLBind(document.kind.rawValue), SQLBind(document.ref), SQLBind(document.title.nl), SQLBind(document.title.en),
                SQLBind(document.summary.nl), SQLBind(document.summary.en),
                SQLBind(document.focusAreas.map { String($0.rawValue) }.joined(separator: ",")), SQLBind(document.municipalityCode),
                SQLBind(document.municipalityName), SQLBind(document.province), SQLBind(document.sizeClass?.rawValue),
                SQLBind(document.outcome?.rawValue), SQLBind(document.pillar?.rawValue), SQLBind(document.visibility.rawValue),
                SQLBind(document.publishedOn), SQLBind(seq)
            )
            .run()
        let rows = SearchRanking.weights(title: texts.title, summary: texts.summary, body: texts.body).sorted { $0.key < $1.key }
        for chunk in stride(from: 0, to: rows.count, by: 300) {
            var insert = sql.insert(into: "search_terms").columns("document_id", "rterm", "weight")
            for (term, weight) in rows[chunk..<min(chunk + 300, rows.count)] {
                insert = insert.values(SQLBind(id), SQLBind(String(term.reversed())), SQLBind(weight))
            }
            try await insert.run()
        }
    }

    static func remove(kind: SearchKind, ref: String, on db: any Database) async throws {
        let sql = try db.sql()
        let ids = try await sql.select().column("id").from("search_documents").where("kind", .equal, kind.rawValue)
            .where("ref", .equal, ref).all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return }
        try await sql.delete(from: "search_terms").where("document_id", .in, ids).run()
        try await sql.delete(from: "search_documents").where("id", .in, ids).run()
    }

    static func revision(on db: any Database) async throws -> Revision {
        let row = try await db.sql().raw(
            "SELECT COUNT(*) AS n, CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM search_documents"
        ).first()
        return Revision(count: try row?.decode(column: "n", as: Int.self) ?? 0, seq: try row?.decode(column: "s", as: Int64.self) ?? 0)
    }

    /// Every indexed document by its row id, read once per revision.
    static func documents(app: Application, on db: any Database) async throws -> [UUID: SearchDocument] {
        let revision = try await revision(on: db)
        return try await app.searchDocuments.value(revision) {
            let rows = try await db.sql().select().column("*").from("search_documents").all()
            var documents: [UUID: SearchDocument] = [:]
            for row in rows {
                func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
                func optional(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
                guard let kind = SearchKind(rawValue: try text("kind")) else { continue }
                documents[try row.decode(column: "id", as: UUID.self)] = SearchDocument(
                    kind: kind, ref: try text("ref"), title: LocalizedText(nl: try text("title_nl"), en: try text("title_en")),
                    summary: LocalizedText(nl: try text("summary_nl"), en: try text("summary_en")),
                    focusAreas: try text("focus_areas").split(separator: ",").compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) },
                    municipalityCode: try optional("municipality_code"), municipalityName: try optional("municipality_name"),
                    province: try optional("province"), sizeClass: try optional("size_class").flatMap(SizeClass.init(rawValue:)),
                    outcome: try optional("outcome").flatMap(ExperienceOutcome.init(rawValue:)),
                    pillar: try optional("pillar").flatMap(Pillar.init(rawValue:)),
                    visibility: ExperienceVisibility(rawValue: try text("visibility")) ?? .deelnemers,
                    publishedOn: try text("published_on"))
            }
            return documents
        }
    }

    /// One page of what `query` finds under `filter`, among what this reader may see. Searching nothing lists
    /// everything, newest first.
    static func search(
        _ query: SearchQuery, filter: SearchFilter, mayReadParticipantsOnly: Bool, page: Int?, perPage: Int, app: Application,
        on db: any Database
    ) async throws -> Found {
        let documents = try await documents(app: app, on: db)
        let candidates = documents.filter { mayReadParticipantsOnly || $0.value.visibility == .publiek }.map {
            (id: $0.key, document: $0.value)
        }
        var scores: [UUID: Double]?
        if !query.isEmpty {
            var postings: [[SearchRanking.Posting<UUID>]] = []
            for term in query.terms {
                postings.append(try await self.postings(for: term, on: db))
                // Every term must match: once one finds nothing, the rest need not be read.
                if postings.last?.isEmpty == true { break }
            }
            scores = SearchRanking.score(postings, query: query, documentCount: documents.count)
        }
        let result = SearchRanking.result(candidates: candidates, scores: scores, filter: filter)
        let pagination = Pagination(requestedPage: page, perPage: perPage, total: result.ids.count)
        let shown = result.ids.dropFirst(pagination.offset).prefix(perPage).compactMap { documents[$0] }
        return Found(documents: Array(shown), facets: result.facets, pagination: pagination)
    }

    /// The indexed terms equal to `term` or ending in it (a compound), with their documents.
    static func postings(for term: String, on db: any Database) async throws -> [SearchRanking.Posting<UUID>] {
        let reversed = String(term.reversed())
        var select = try db.sql().select().column("document_id").column("rterm").column("weight").from("search_terms")
        if term.utf8.count >= SearchText.minimumCompoundPart {
            // Terms hold only a–z and 0–9, so "{" sorts after every longer term that starts with these letters.
            select = select.where("rterm", .greaterThanOrEqual, reversed).where("rterm", .lessThan, reversed + "{")
        } else {
            select = select.where("rterm", .equal, reversed)
        }
        return try await select.all().map {
            SearchRanking.Posting(
                document: try $0.decode(column: "document_id", as: UUID.self),
                term: String(try $0.decode(column: "rterm", as: String.self).reversed()),
                weight: try $0.decode(column: "weight", as: Int.self))
        }
    }
}

extension Application {
    private struct SearchDocumentsKey: StorageKey { typealias Value = MemoryCache<SearchStore.Revision, [UUID: SearchDocument]> }

    /// The indexed documents as last read, by revision of the index.
    var searchDocuments: MemoryCache<SearchStore.Revision, [UUID: SearchDocument]> {
        guard let cache = storage[SearchDocumentsKey.self] else { fatalError("the search capability sets up its cache") }
        return cache
    }

    func setUpSearch() {
        storage[SearchDocumentsKey.self] = MemoryCache(capacity: 2)
    }
}
