import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Experiences as stored: written and changed by their municipality, reviewed and published by programme staff,
/// every version kept and every step in the history. The published version is in the search index.
enum ExperienceStore {
    /// An experience with its newest text.
    struct Item: Sendable {
        let id: UUID
        let slug: String
        let municipalityCode: String
        let status: ExperienceStatus
        let version: Int
        let publishedVersion: Int?
        let firstPublishedAt: Date?
        let remark: String?
        let contactUserID: UUID?
        let contactRole: String?
        let updatedAt: Date
        let experience: Experience

        var isPublished: Bool { publishedVersion != nil }
    }

    /// A published experience as readers see it.
    struct Published: Sendable {
        let id: UUID
        let slug: String
        let municipality: Municipality
        let experience: Experience
        let publishedOn: Date
        let contact: (name: String, role: String)?
        let contactID: UUID?
    }

    /// Who answers questions about an experience: a person of the municipality who agreed to.
    struct Contact: Sendable {
        let userID: UUID
        let role: String
    }

    // MARK: Writing

    /// A new experience of the municipality, as a concept.
    static func create(
        _ experience: Experience, municipality: Municipality, contact: Contact?, by user: CurrentUser, app: Application
    ) async throws -> UUID {
        try await check(experience, contact: contact, app: app)
        let now = app.clock.now()
        return try await app.db.transaction { db in
            let record = ExperienceRecord(
                slug: try await freeSlug(ExperienceRules.slug(municipality: municipality.name, title: experience.title.nl), on: db),
                municipalityCode: municipality.code, at: now)
            record.contactUserID = contact?.userID
            record.contactRole = contact?.role
            try await record.create(on: db)
            let id = try record.requireID()
            try await ExperienceVersionRecord(experienceID: id, version: 1, experience: experience, at: now, by: user.id).create(on: db)
            try await ExperienceEvent(experienceID: id, action: ExperienceAction.save.key, version: 1, actor: user.name, at: now).create(
                on: db)
            return id
        }
    }

    /// Saves a change made to the version the person started from; someone else's save meanwhile gives
    /// `.conflict` and nothing is written.
    static func save(
        _ experience: Experience, of item: Item, seenVersion: Int, contact: Contact?, by user: CurrentUser, app: Application
    ) async throws {
        try await check(experience, contact: contact, app: app)
        let next = try outcome(of: .save, on: item, by: .municipality)
        let now = app.clock.now()
        try await app.db.transaction { db in
            let written = try await db.updateAtVersion(
                ExperienceRecord.schema, matching: [("id", item.id)], seen: seenVersion,
                set: [
                    ("status", next.status.rawValue), ("updated_at", now), ("contact_user_id", contact?.userID),
                    ("contact_role", contact?.role),
                ])
            guard written else { throw StoreFailure.conflict("experience.error.changed_meanwhile") }
            try await ExperienceVersionRecord(experienceID: item.id, version: seenVersion + 1, experience: experience, at: now, by: user.id)
                .create(on: db)
            try await ExperienceEvent(
                experienceID: item.id, action: ExperienceAction.save.key, version: seenVersion + 1, actor: user.name, at: now
            ).create(on: db)
        }
    }

    /// Sends, takes back, publishes, sends back or takes offline, if the workflow allows it now. Publishing puts
    /// the version programme staff read in the search index, in the same transaction.
    static func act(_ action: ExperienceAction, on item: Item, by user: CurrentUser, as actor: RequestActor, app: Application) async throws
    {
        let next = try outcome(of: action, on: item, by: actor)
        let now = app.clock.now()
        var columns: [(String, any Encodable & Sendable)] = [("status", next.status.rawValue), ("updated_at", now)]
        var remark: String?
        switch action {
        case .publish(let version, _):
            columns += [("published_version", version), ("remark", String?.none)]
            if item.firstPublishedAt == nil { columns.append(("first_published_at", now)) }
        case .sendBack(let text):
            remark = text.trimmingCharacters(in: .whitespacesAndNewlines)
            columns.append(("remark", remark))
        case .unpublish:
            columns.append(("published_version", Int?.none))
        case .save, .submit, .recall:
            break
        }
        let changes = columns
        let note = remark
        try await app.db.transaction { db in
            // Only from the status and version the decision was made on: a save or a step meanwhile refuses this one.
            var update = try db.sql().update(ExperienceRecord.schema)
            for (column, value) in changes { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
            let written = try await update.where("id", .equal, SQLBind(item.id)).where("version", .equal, item.version)
                .where("status", .equal, item.status.rawValue).returning("id").all()
            guard !written.isEmpty else { throw StoreFailure.conflict("experience.error.changed_meanwhile") }
            try await ExperienceEvent(
                experienceID: item.id, action: action.key, version: item.version, remark: note, actor: user.name, at: now
            )
            .create(on: db)
            let municipality = try await MunicipalityQueries.require(code: item.municipalityCode, on: db)
            if next.publishes {
                try await index(
                    item.experience, slug: item.slug, municipality: municipality, publishedOn: item.firstPublishedAt ?? now, at: now, on: db
                )
            } else if next.unpublishes {
                try await SearchStore.remove(kind: .ervaring, ref: item.slug, on: db)
            }
            try await ExperienceMessages.after(action, item: item, municipality: municipality.name, app: app, on: db)
        }
    }

    /// Puts a published text in the search index.
    static func index(
        _ experience: Experience, slug: String, municipality: Municipality, publishedOn: Date, at now: Date, on db: any Database
    ) async throws {
        let document = SearchDocument(
            kind: .ervaring, ref: slug, title: experience.title, summary: experience.summary, focusAreas: experience.focusAreas,
            municipalityCode: municipality.code, municipalityName: municipality.name, province: municipality.province,
            sizeClass: SizeClass(population: municipality.population), outcome: experience.outcome, pillar: nil,
            visibility: experience.visibility, publishedOn: Format.day(publishedOn))
        let nl = experience.text(.nl)
        let en = experience.text(.en)
        try await SearchStore.index(
            document,
            texts: .init(
                title: LocalizedText(nl: nl.title, en: en.title), summary: LocalizedText(nl: nl.summary, en: en.summary),
                body: LocalizedText(nl: nl.body, en: en.body)), at: now, on: db)
    }

    private static func outcome(of action: ExperienceAction, on item: Item, by actor: RequestActor) throws -> ExperienceWorkflow.Outcome {
        switch ExperienceWorkflow.apply(action, to: item.status, isPublished: item.isPublished, by: actor) {
        case .success(let outcome): return outcome
        case .failure(let refusal):
            if let field = refusal.field {
                throw StoreFailure.fields([FieldError(field: field, message: refusal.message, limit: refusal.limit)])
            }
            throw StoreFailure.conflict(refusal.message)
        }
    }

    private static func check(_ experience: Experience, contact: Contact?, app: Application) async throws {
        let (catalogue, _) = try await CatalogueStore.catalogue(app: app, on: app.db)
        var errors = ExperienceRules.problems(
            experience, knownOffers: Set(catalogue.offers.map(\.slug)), thisMonth: String(app.clock.today.prefix(7)))
        if let contact, let error = Validate.optional(contact.role, field: "contactRole", max: 120) { errors.append(error) }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
    }

    /// The slug, or the first of `slug-2`, `slug-3`, … that no experience has.
    private static func freeSlug(_ base: String, on db: any Database) async throws -> String {
        ExperienceRules.free(base, taken: Set(try await ExperienceRecord.query(on: db).filter(\.$slug =~ base).all(\.$slug)))
    }

    // MARK: Reading

    static func item(_ record: ExperienceRecord, on db: any Database) async throws -> Item {
        let id = try record.requireID()
        guard
            let version = try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID == id).filter(\.$version == record.version)
                .first()
        else { throw StoreFailure.notFound("experience.not_found") }
        return Item(
            id: id, slug: record.slug, municipalityCode: record.municipalityCode, status: record.status, version: record.version,
            publishedVersion: record.publishedVersion, firstPublishedAt: record.firstPublishedAt, remark: record.remark,
            contactUserID: record.contactUserID, contactRole: record.contactRole, updatedAt: record.updatedAt,
            experience: try version.experience())
    }

    /// One experience of this municipality (nil: of any, for programme staff).
    static func require(_ id: UUID?, municipality code: String?, on db: any Database) async throws -> Item {
        var query = ExperienceRecord.query(on: db).filter(\.$id == (id ?? UUID()))
        if let code { query = query.filter(\.$municipalityCode == code) }
        guard id != nil, let record = try await query.first() else { throw StoreFailure.notFound("experience.not_found") }
        return try await item(record, on: db)
    }

    /// A municipality's experiences, the most recently changed first.
    static func list(municipality code: String, on db: any Database) async throws -> [Item] {
        var items: [Item] = []
        for record in try await ExperienceRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$updatedAt, .descending).all() {
            items.append(try await item(record, on: db))
        }
        return items
    }

    /// What programme staff review: those waiting, the longest waiting first; then the rest, the most recent first.
    static func reviewList(on db: any Database) async throws -> (waiting: [ExperienceRecord], others: [ExperienceRecord]) {
        let waiting = try await ExperienceRecord.query(on: db).filter(\.$statusValue == ExperienceStatus.ingediend.rawValue)
            .sort(\.$updatedAt, .ascending).all()
        let others = try await ExperienceRecord.query(on: db).filter(\.$statusValue != ExperienceStatus.ingediend.rawValue)
            .sort(\.$updatedAt, .descending).limit(200).all()
        return (waiting, others)
    }

    /// The titles of these experiences' newest versions, for lists.
    static func titles(of records: [ExperienceRecord], on db: any Database) async throws -> [UUID: LocalizedText] {
        guard !records.isEmpty else { return [:] }
        var titles: [UUID: LocalizedText] = [:]
        let versions = try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID ~~ records.compactMap(\.id)).all()
        let newest = Dictionary(uniqueKeysWithValues: records.compactMap { record in record.id.map { ($0, record.version) } })
        for version in versions where newest[version.experienceID] == version.version {
            titles[version.experienceID] = try version.experience().title
        }
        return titles
    }

    /// The published version of the experience at this slug.
    static func published(slug: String?, on db: any Database) async throws -> Published {
        guard let slug, ExperienceRules.isSlug(slug),
            let record = try await ExperienceRecord.query(on: db).filter(\.$slug == slug).first(),
            let version = record.publishedVersion
        else { throw StoreFailure.notFound("experience.not_found") }
        return try await published(record, version: version, on: db)
    }

    static func published(_ record: ExperienceRecord, version: Int, on db: any Database) async throws -> Published {
        let id = try record.requireID()
        guard let text = try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID == id).filter(\.$version == version).first()
        else { throw StoreFailure.notFound("experience.not_found") }
        var contact: (String, String)?
        if let userID = record.contactUserID, let user = try await User.find(userID, on: db) {
            contact = (user.name, record.contactRole ?? "")
        }
        return Published(
            id: id, slug: record.slug, municipality: try await MunicipalityQueries.require(code: record.municipalityCode, on: db),
            experience: try text.experience(), publishedOn: record.firstPublishedAt ?? record.updatedAt, contact: contact,
            contactID: contact == nil ? nil : record.contactUserID)
    }

    /// Sends a signed-in person's question to the experience's contact person, if there still is one. The
    /// message names the sender and their address, so the contact can answer; the sender never sees the contact's.
    static func sendQuestion(_ message: String, about published: Published, from user: CurrentUser, app: Application) async throws {
        if let problem = ContactMessage.problem(message) { throw StoreFailure.fields([problem]) }
        guard let contactID = published.contactID, let contact = try await User.find(contactID, on: app.db) else {
            throw StoreFailure.conflict("experience.error.no_contact")
        }
        let now = app.clock.now()
        let sent = try await LoginFailure.record(
            ["experience-contact:\(user.id.uuidString)"], at: now, window: ContactMessage.windowSeconds, on: app.db
        ).counts[0]
        guard sent <= ContactMessage.perHour else {
            throw StoreFailure.fields([
                FieldError(field: "message", message: "experience.error.too_many_messages", limit: ContactMessage.perHour)
            ])
        }
        let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
        let title = published.experience.title.nl
        let mail = Mail(
            kind: "experience.contact", to: contact.email, language: .nl, subject: t("mail.experience_question.subject", [title]),
            paragraphs: [
                t("mail.greeting", [contact.name]), t("mail.experience_question.body", [user.name, title]),
                message.trimmingCharacters(in: .whitespacesAndNewlines), t("mail.experience_question.reply", [user.name, user.email]),
            ],
            link: Letter.Link(label: t("mail.experience.link", []), url: ExperienceURL.show(.value(published.slug)).absolute(app)), app: app
        )
        try await Outbox.send(mail, app: app, on: app.db)
    }

    /// Notes that the person looked at "Leren van elkaar" now: written at most every ten minutes, so searching
    /// does not write.
    static func visited(by user: UUID, at date: Date, on db: any Database) async throws {
        let seen = try await db.sql().select().column("seen_at").from("experience_visits").where("user_id", .equal, user).first()?
            .decode(column: "seen_at", as: Date.self)
        if let seen, date.timeIntervalSince(seen) < 600, seen <= date { return }
        try await db.sql().raw(
            """
            INSERT INTO experience_visits (user_id, seen_at) VALUES (\(bind: user), \(bind: date))
            ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at
            """
        ).run()
    }

    /// What was published since the person last looked (everything, if they never did), newest first, among what
    /// they may read; with the moment of that last look.
    static func newSinceLastVisit(
        of user: UUID, mayReadParticipantsOnly: Bool, limit: Int, app: Application, on db: any Database
    ) async throws -> (items: [SearchDocument], total: Int, since: Date?) {
        let since = try await db.sql().select().column("seen_at").from("experience_visits").where("user_id", .equal, user).first()?
            .decode(column: "seen_at", as: Date.self)
        let day = since.map(Format.day) ?? ""
        let corpus = try await SearchStore.corpus(app: app, on: db)
        let isNew = { (document: SearchDocument) in
            document.kind == .ervaring && (mayReadParticipantsOnly || document.visibility == .publiek) && document.publishedOn >= day
        }
        return (corpus.latest(limit: limit, where: isNew), corpus.count(where: isNew), since)
    }

    /// Every current municipality (demo ones only with each other) with the theme scores of its latest report
    /// that is shared with its council; the scores come from the groups the report shows. The totals kept for the
    /// comparison are those of the latest closed scan: when that one is not shared yet, the scores come from the
    /// latest report that is.
    static func profiles(isDemo: Bool, app: Application, on db: any Database) async throws -> [MunicipalityProfile] {
        let rows = try await db.sql().raw(
            """
            SELECT t.municipality_code AS code, t.theme_id AS theme, t.total AS total, t.shared_total AS shared, \
            s.bank_version AS version FROM scan_theme_totals t
            JOIN scans s ON s.id = t.scan_id WHERE s.status = \(bind: ScanStatus.report.rawValue)
            """
        ).all()
        var scores: [String: [String: Double]] = [:]
        var shared: [String: [String: Double]] = [:]
        var versions: [String: String] = [:]
        for row in rows {
            let (code, theme) = (try row.decode(column: "code", as: String.self), try row.decode(column: "theme", as: String.self))
            scores[code, default: [:]][theme] = try row.decode(column: "total", as: Double.self)
            shared[code, default: [:]][theme] = try row.decode(column: "shared", as: Double?.self)
            versions[code] = try row.decode(column: "version", as: String.self)
        }
        let municipalities = try await Municipality.query(on: db).filter(\.$isDemo == isDemo).filter(\.$validUntil == nil).all()
        let without = municipalities.map(\.code).filter { scores[$0] == nil }
        if !without.isEmpty {
            let reported = try await Scan.query(on: db).filter(\.$status == .report).filter(\.$municipality.$id ~~ without)
                .sort(\.$closedOn, .descending).all()
            for scan in reported where scores[scan.$municipality.id] == nil {
                let data = try await ScanReports.data(for: scan, app: app, on: db)
                func totals(_ report: ScanReport) -> [String: Double] {
                    Dictionary(
                        report.themes.compactMap { theme in theme.total.map { (theme.themeID, $0) } },
                        uniquingKeysWith: { first, _ in first })
                }
                scores[scan.$municipality.id] = totals(ReportBuilder.build(data))
                shared[scan.$municipality.id] = totals(ReportBuilder.build(data.restricted(toStatementsOf: app.questionBanks.all)))
                versions[scan.$municipality.id] = scan.bankVersion
            }
        }
        return municipalities.map {
            MunicipalityProfile(
                code: $0.code, name: $0.name, province: $0.province, sizeClass: SizeClass(population: $0.population),
                themeScores: scores[$0.code] ?? [:], bankVersion: versions[$0.code], sharedScores: shared[$0.code] ?? [:])
        }
    }

    /// Every saved version of an experience, the first first.
    static func versions(of id: UUID, on db: any Database) async throws -> [ExperienceVersionRecord] {
        try await ExperienceVersionRecord.query(on: db).filter(\.$experienceID == id).sort(\.$version).all()
    }

    static func history(of id: UUID, on db: any Database) async throws -> [ExperienceEvent] {
        try await ExperienceEvent.query(on: db).filter(\.$experienceID == id).sort(\.$at).all()
    }
}
