import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// The programme's offer as stored: reading the whole catalogue (kept in memory per revision), one offer, and
/// the changes programme staff make.
enum CatalogueStore {
    /// One offer with what the editing form needs to notice a change made meanwhile.
    struct Stored: Sendable {
        let offer: Offer
        let version: Int
        let updatedAt: Date
    }

    /// Changes with every saved offer: the number of offers and the sum of their versions only ever grow. `tracks`
    /// does the same for innovation tracks, whose names an offer's page shows.
    struct Revision: Hashable, Sendable {
        let offers: Int
        let versions: Int
        let tracks: Int
    }

    static func revision(on db: any Database) async throws -> Revision {
        let row = try await db.sql().raw(
            """
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(version), 0) AS BIGINT) AS v,
            (SELECT CAST(COUNT(*) + COALESCE(SUM(version), 0) AS BIGINT) FROM innovation_tracks) AS t FROM offers
            """
        ).first()
        return Revision(
            offers: try row?.decode(column: "n", as: Int.self) ?? 0, versions: try row?.decode(column: "v", as: Int.self) ?? 0,
            tracks: try row?.decode(column: "t", as: Int.self) ?? 0)
    }

    /// The offers that fit a municipality's report, leaving out those it uses or asked for already.
    static func recommendations(
        for report: ScanReport, bank: QuestionBank, municipality code: String, app: Application, on db: any Database
    )
        async throws -> [Recommendation]
    {
        let (catalogue, _) = try await catalogue(app: app, on: db)
        return Recommender.recommend(
            report: report, themeNames: Dictionary(uniqueKeysWithValues: bank.themes.map { ($0.id, $0.name) }), offers: catalogue.offers,
            alreadyRequested: try await RequestStore.used(by: code, on: db))
    }

    /// The whole catalogue, read from the database once per revision.
    static func catalogue(app: Application, on db: any Database) async throws -> (Catalogue, Revision) {
        let revision = try await revision(on: db)
        let catalogue = try await app.catalogueCache.value(revision) {
            Catalogue(try await OfferRecord.query(on: db).all().map(\.offer))
        }
        return (catalogue, revision)
    }

    static func find(slug: String, on db: any Database) async throws -> Stored? {
        guard let record = try await OfferRecord.query(on: db).filter(\.$slug == slug).first() else { return nil }
        return Stored(offer: record.offer, version: record.version, updatedAt: record.updatedAt)
    }

    static func require(slug: String?, on db: any Database) async throws -> Stored {
        guard let slug, OfferRules.isSlug(slug), let stored = try await find(slug: slug, on: db) else {
            throw StoreFailure.notFound("catalogue.not_found")
        }
        return stored
    }

    /// A new offer; its slug must be free.
    static func create(_ offer: Offer, by user: UUID, app: Application) async throws {
        var errors = OfferRules.problems(offer)
        if errors.isEmpty, try await find(slug: offer.slug, on: app.db) != nil {
            errors.append(FieldError(field: "slug", message: "catalogue.error.slug_taken"))
        }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        try await app.db.transaction { db in try await insert(offer, by: user, at: app.clock.now(), on: db) }
    }

    /// Stores a new offer and puts it in the search, inside the caller's transaction.
    static func insert(_ offer: Offer, by user: UUID?, at date: Date, on db: any Database) async throws {
        try await OfferRecord(offer, at: date, by: user).create(on: db)
        try await index(offer, at: date, on: db)
    }

    /// Saves a change made to the version the person started from. When someone saved in between, nothing is
    /// written and the person gets `.conflict`, to compare and save again.
    static func update(slug: String, to offer: Offer, from version: Int, by user: UUID, app: Application) async throws {
        let errors = OfferRules.problems(offer)
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let record = OfferRecord(offer, at: app.clock.now(), by: user)
        let written = try await app.db.updateAtVersion(
            OfferRecord.schema, matching: [("slug", slug)], seen: version,
            set: record.editableColumns.map { ($0.0, $0.1 as any Encodable & Sendable) } + [
                ("updated_at", record.updatedAt), ("updated_by", user),
            ])
        if !written {
            guard try await find(slug: slug, on: app.db) != nil else { throw StoreFailure.notFound("catalogue.not_found") }
            throw StoreFailure.conflict("catalogue.error.conflict")
        }
        try await index(offer, at: app.clock.now(), on: app.db)
    }

    /// Puts an offer in the search index of "Leren van elkaar", or takes it out once it is retired.
    static func index(_ offer: Offer, at date: Date, on db: any Database) async throws {
        guard offer.status != .vervallen else {
            try await SearchStore.remove(kind: .aanbod, ref: offer.slug, on: db)
            return
        }
        let document = SearchDocument(
            kind: .aanbod, ref: offer.slug, title: offer.title, summary: offer.summary, focusAreas: offer.focusAreas,
            municipalityCode: nil, municipalityName: nil, province: nil, sizeClass: nil, outcome: nil, pillar: offer.pillar,
            visibility: .publiek, publishedOn: "2024-01-01")
        try await SearchStore.index(
            document, texts: .init(title: offer.title, summary: offer.summary, body: offer.description), at: date, on: db)
    }

    /// Indexes the offers the search index does not hold yet (after the catalogue's seed, or an upgrade).
    static func indexMissing(app: Application) async throws {
        let indexed = Set(
            try await app.db.sql().select().column("ref").from("search_documents").where("kind", .equal, SearchKind.aanbod.rawValue).all()
                .map { try $0.decode(column: "ref", as: String.self) })
        for record in try await OfferRecord.query(on: app.db).all() where !indexed.contains(record.slug) {
            try await index(record.offer, at: app.clock.now(), on: app.db)
        }
    }

    /// Adds the offers of the seed file that the database does not hold yet. Offers already there are left as
    /// programme staff made them.
    static func loadSeed(path: String, on db: any Database, at date: Date) async throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Abort(.internalServerError, reason: "The offer catalogue \(path) cannot be read")
        }
        let offers: [Offer]
        do {
            offers = try OfferFile.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw Abort(.internalServerError, reason: "The offer catalogue \(path) is wrong: \(error)")
        }
        try await db.transaction { db in
            let existing = Set(try await OfferRecord.query(on: db).all(\.$slug))
            let missing = offers.filter { !existing.contains($0.slug) }.map { OfferRecord($0, at: date, by: nil) }
            if !missing.isEmpty { try await missing.create(on: db) }
        }
    }
}

extension OfferRecord {
    /// The columns a change writes, with their new values.
    var editableColumns: [(String, String)] {
        [
            ("pillar", pillar), ("focus_areas", focusAreas), ("audiences", audiences), ("form", form), ("status", status),
            ("provider", provider), ("title_nl", titleNl), ("title_en", titleEn), ("summary_nl", summaryNl),
            ("summary_en", summaryEn), ("description_nl", descriptionNl), ("description_en", descriptionEn),
            ("duration_nl", durationNl), ("duration_en", durationEn), ("cost_nl", costNl), ("cost_en", costEn),
        ]
    }
}

extension Application {
    private struct CatalogueCacheKey: StorageKey { typealias Value = MemoryCache<CatalogueStore.Revision, Catalogue> }

    /// The catalogue as last read, by revision.
    var catalogueCache: MemoryCache<CatalogueStore.Revision, Catalogue> {
        guard let cache = storage[CatalogueCacheKey.self] else { fatalError("the catalogue capability sets up its cache") }
        return cache
    }

    /// The catalogue's public pages as visitors who are not signed in see them (`renderSharedWithVisitors`).
    var cataloguePages: MemoryCache<String, ByteBuffer> {
        guard let cache = storage[CataloguePagesKey.self] else { fatalError("the catalogue capability sets up its cache") }
        return cache
    }

    private struct CataloguePagesKey: StorageKey { typealias Value = MemoryCache<String, ByteBuffer> }

    func setUpCatalogue() {
        storage[CatalogueCacheKey.self] = MemoryCache(capacity: 4)
        storage[CataloguePagesKey.self] = MemoryCache(capacity: 500)
    }
}
