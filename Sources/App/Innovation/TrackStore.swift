import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Innovation tracks as stored: who takes part, applications to join and the decisions on them, the results,
/// and a result turned into an offer of lokaal maatwerk (linked both ways).
enum TrackStore {
    static func all(on db: any Database) async throws -> [TrackRecord] {
        try await TrackRecord.query(on: db).sort(\.$titleNl).all()
    }

    static func require(slug: String?, on db: any Database) async throws -> TrackRecord {
        guard let slug, ExperienceRules.isSlug(slug), let record = try await TrackRecord.query(on: db).filter(\.$slug == slug).first()
        else {
            throw StoreFailure.notFound("track.not_found")
        }
        return record
    }

    static func participants(of trackID: UUID, on db: any Database) async throws -> [TrackParticipant] {
        try await TrackParticipant.query(on: db).filter(\.$trackID == trackID).sort(\.$since).all()
    }

    static func results(of trackID: UUID, on db: any Database) async throws -> [TrackResultRecord] {
        try await TrackResultRecord.query(on: db).filter(\.$trackID == trackID).sort(\.$publishedOn, .descending).all()
    }

    static func requireResult(slug: String?, of trackID: UUID, on db: any Database) async throws -> TrackResultRecord {
        guard let slug, ExperienceRules.isSlug(slug),
            let record = try await TrackResultRecord.query(on: db).filter(\.$trackID == trackID).filter(\.$slug == slug).first()
        else { throw StoreFailure.notFound("track.result_not_found") }
        return record
    }

    /// The applications of these municipalities to this track, newest first.
    static func applications(of trackID: UUID, municipalities codes: [String], on db: any Database) async throws -> [TrackApplication] {
        guard !codes.isEmpty else { return [] }
        return try await TrackApplication.query(on: db).filter(\.$trackID == trackID).filter(\.$municipalityCode ~~ codes)
            .sort(\.$appliedAt, .descending).all()
    }

    /// The track an offer belongs to (its offer describes taking part) and the result an offer came from.
    static func links(ofOffer slug: String, on db: any Database) async throws -> (
        track: TrackRecord?, origin: (TrackRecord, TrackResultRecord)?
    ) {
        let track = try await TrackRecord.query(on: db).filter(\.$offerSlug == slug).first()
        var origin: (TrackRecord, TrackResultRecord)?
        if let result = try await TrackResultRecord.query(on: db).filter(\.$offerSlug == slug).first(),
            let from = try await TrackRecord.find(result.trackID, on: db)
        {
            origin = (from, result)
        }
        return (track, origin)
    }

    // MARK: Applying and deciding

    /// A municipality applies to join; programme staff hear of it.
    static func apply(_ record: TrackRecord, municipality: Municipality, motivation: String, by user: CurrentUser, app: Application)
        async throws
    {
        let trackID = try record.requireID()
        let participates =
            try await TrackParticipant.query(on: app.db).filter(\.$trackID == trackID)
            .filter(\.$municipalityCode == municipality.code).count() > 0
        let waiting =
            try await TrackApplication.query(on: app.db).filter(\.$trackID == trackID)
            .filter(\.$municipalityCode == municipality.code).filter(\.$statusValue == TrackApplicationStatus.ingediend.rawValue).count()
            > 0
        let errors = TrackApplicationRules.application(
            motivation: motivation, track: record.track, alreadyParticipates: participates, hasOpenApplication: waiting)
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let now = app.clock.now()
        try await app.db.transaction { db in
            let application = TrackApplication(
                trackID: trackID, municipalityCode: municipality.code,
                motivation: motivation.trimmingCharacters(in: .whitespacesAndNewlines),
                by: user.name, at: now)
            try await application.create(on: db)
            let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
            let staff = try await AccountStore.people(with: [.programma], in: nil, on: db)
            for person in try await MailPreferences.keep(staff, wanting: .requestNews, on: db) {
                let mail = Mail(
                    kind: "track.application", to: person.email, language: .nl,
                    subject: t("mail.track_application.subject", [municipality.name, record.titleNl]),
                    paragraphs: [
                        t("mail.greeting", [person.name]), t("mail.track_application.body", [municipality.name, record.titleNl]),
                    ],
                    link: Letter.Link(label: t("mail.track_application.link", []), url: TrackURL.staffList.absolute(app)), app: app)
                try await Outbox.send(mail, app: app, on: db)
            }
        }
    }

    /// Programme staff accept (the municipality takes part from now) or decline with a reason; the municipality's
    /// coordinators and facilitators hear of it.
    static func decide(_ id: UUID?, accept: Bool, reason: String, by user: CurrentUser, app: Application) async throws {
        guard let id, let application = try await TrackApplication.find(id, on: app.db),
            let track = try await TrackRecord.find(application.trackID, on: app.db)
        else { throw StoreFailure.notFound("track.application_not_found") }
        let next: TrackApplicationStatus
        switch TrackApplicationRules.decision(accept: accept, reason: reason, on: application.status) {
        case .success(let status): next = status
        case .failure(let problem):
            if problem.message == "track.error.decided" { throw StoreFailure.conflict(problem.message) }
            throw StoreFailure.fields([problem])
        }
        let now = app.clock.now()
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await app.db.transaction { db in
            let written = try await db.sql().update(TrackApplication.schema)
                .set("status", to: next.rawValue).set("reason", to: accept ? nil : trimmed).set("decided_by", to: user.name)
                .set("decided_at", to: now)
                .where("id", .equal, id).where("status", .equal, TrackApplicationStatus.ingediend.rawValue).returning("id").all()
            guard !written.isEmpty else { throw StoreFailure.conflict("track.error.decided") }
            if accept {
                try await TrackParticipant(
                    trackID: application.trackID, municipalityCode: application.municipalityCode,
                    role: LocalizedText(nl: "Deelnemer", en: "Participant"), since: now
                ).create(on: db)
            }
            let t = { (key: String, arguments: [String]) in app.localizer.text(key, .nl, arguments) }
            let body =
                accept ? t("mail.track_decision.accepted", [track.titleNl]) : t("mail.track_decision.declined", [track.titleNl, trimmed])
            let people = try await AccountStore.people(with: [.trekker, .begeleider], in: application.municipalityCode, on: db)
            for person in try await MailPreferences.keep(people, wanting: .requestNews, on: db) {
                let mail = Mail(
                    kind: "track.decision", to: person.email, language: .nl, subject: t("mail.track_decision.subject", [track.titleNl]),
                    paragraphs: [t("mail.greeting", [person.name]), body],
                    link: Letter.Link(label: t("mail.track_decision.link", []), url: TrackURL.show(.value(track.slug)).absolute(app)),
                    app: app)
                try await Outbox.send(mail, app: app, on: db)
            }
        }
    }

    // MARK: A result becomes an offer

    /// Programme staff turn a result into an offer of lokaal maatwerk in one step: the result's texts, the track's
    /// focus areas, a line saying where it came from, paused until staff have checked it in the catalogue's form.
    /// Returns the offer's slug.
    static func makeOffer(from result: TrackResultRecord, of track: TrackRecord, app: Application) async throws -> String {
        guard result.offerSlug == nil else { throw StoreFailure.conflict("track.error.already_offer") }
        let taken = Set(try await OfferRecord.query(on: app.db).filter(\.$slug =~ result.slug).all(\.$slug))
        let slug = taken.contains(result.slug) ? result.slug + "-aanbod" : result.slug
        var offer = result.result.offer(
            slug: slug, form: .advies, audiences: [.raad, .griffie, .college, .ambtenaren],
            duration: LocalizedText(nl: "Nog te bepalen", en: "To be decided"),
            cost: LocalizedText(nl: "Nog te bepalen", en: "To be decided"), track: track.track)
        offer.status = .gepauzeerd
        if let problem = OfferRules.problems(offer).first { throw StoreFailure.fields([problem]) }
        let paused = offer
        let now = app.clock.now()
        let resultID = try result.requireID()
        try await app.db.transaction { db in
            let linked = try await db.sql().update(TrackResultRecord.schema).set("offer_slug", to: slug)
                .where("id", .equal, resultID).where(SQLColumn("offer_slug"), .is, SQLLiteral.null).returning("id").all()
            guard !linked.isEmpty else { throw StoreFailure.conflict("track.error.already_offer") }
            try await CatalogueStore.insert(paused, by: nil, at: now, on: db)
        }
        return slug
    }

    // MARK: Writing a track

    /// The offers a track can point to as "taking part in this track": the catalogue's innovation tracks.
    static func offerChoices(on db: any Database) async throws -> [(slug: String, title: LocalizedText)] {
        try await OfferRecord.query(on: db).filter(\.$pillar == Pillar.innovatietrajecten.rawValue).sort(\.$titleNl).all()
            .map { ($0.slug, LocalizedText(nl: $0.titleNl, en: $0.titleEn)) }
    }

    /// Programme staff make a track, or save one they edited from `seenVersion`. Its results take the track's focus
    /// areas in the search, so they are indexed again. Returns the track's slug.
    static func save(
        _ draft: TrackDraft, offerSlug: String, editing record: TrackRecord?, seenVersion: Int, app: Application
    ) async throws -> String {
        let offer = offerSlug.isEmpty ? nil : offerSlug
        var slug = record?.slug ?? ""
        if record == nil {
            let base = ExperienceRules.slug(municipality: "", title: draft.title.nl)
            slug = ExperienceRules.free(base, taken: Set(try await TrackRecord.query(on: app.db).filter(\.$slug =~ base).all(\.$slug)))
        }
        var errors: [FieldError] = []
        if let offer, try await !offerChoices(on: app.db).contains(where: { $0.slug == offer }) {
            errors.append(FieldError(field: "offer", message: "track.error.offer"))
        }
        let made = TrackRules.track(from: draft, slug: slug, offerSlug: offer)
        if case .failure(.fields(let problems)) = made { errors = problems + errors }
        guard errors.isEmpty, case .success(let track) = made else { throw StoreFailure.fields(errors) }
        let now = app.clock.now()
        try await app.db.transaction { db in
            guard let record else {
                try await TrackRecord(track).create(on: db)
                return
            }
            let trackID = try record.requireID()
            let row = try TrackRecord(track)
            let written = try await db.updateAtVersion(
                TrackRecord.schema, matching: [("id", trackID)], seen: seenVersion,
                set: [
                    ("theme", row.theme), ("offer_slug", row.offerSlug), ("focus_areas", row.focusAreas),
                    ("open_for_applications", row.openForApplications), ("title_nl", row.titleNl), ("title_en", row.titleEn),
                    ("aim_nl", row.aimNl), ("aim_en", row.aimEn), ("description_nl", row.descriptionNl),
                    ("description_en", row.descriptionEn), ("phases", row.phases),
                ])
            guard written else { throw StoreFailure.conflict("track.error.changed") }
            for result in try await results(of: trackID, on: db) { try await index(result.result, of: track, at: now, on: db) }
        }
        return slug
    }

    // MARK: Publishing a result

    /// Programme staff publish a result of the track: stored, and in the search at once. Returns its slug.
    static func publish(_ draft: TrackResult, of record: TrackRecord, app: Application) async throws -> String {
        let errors = TrackResultRules.problems(draft)
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let base = ExperienceRules.slug(municipality: "", title: draft.title.nl)
        let slug = ExperienceRules.free(
            base, taken: Set(try await TrackResultRecord.query(on: app.db).filter(\.$slug =~ base).all(\.$slug)))
        let result = TrackResult(
            slug: slug, title: draft.title, summary: draft.summary, document: draft.document, lessons: draft.lessons,
            publishedOn: app.clock.today)
        let now = app.clock.now()
        let trackID = try record.requireID()
        try await app.db.transaction { db in
            try await TrackResultRecord(trackID: trackID, result).create(on: db)
            try await index(result, of: record.track, at: now, on: db)
        }
        return slug
    }

    // MARK: Search

    /// Puts a result in the search index of "Leren van elkaar".
    static func index(_ result: TrackResult, of track: Track, at date: Date, on db: any Database) async throws {
        let document = SearchDocument(
            kind: .resultaat, ref: "\(track.slug)/\(result.slug)", title: result.title, summary: result.summary,
            focusAreas: track.focusAreas,
            municipalityCode: nil, municipalityName: nil, province: nil, sizeClass: nil, outcome: nil, pillar: .innovatietrajecten,
            visibility: .publiek, publishedOn: result.publishedOn)
        try await SearchStore.index(
            document,
            texts: .init(
                title: result.title, summary: result.summary,
                body: LocalizedText(
                    nl: result.document.nl + "\n" + result.lessons.nl, en: result.document.or(.en) + "\n" + result.lessons.or(.en))),
            at: date, on: db)
    }

    // MARK: Demo

    /// The demo's tracks from `Resources/Data/learning/tracks.yaml`; a result that became an offer gets it.
    static func loadDemo(app: Application) async throws {
        let path = app.directory.resourcesDirectory + "Data/learning/tracks.yaml"
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let entries: [TrackFile.Entry]
        do {
            entries = try TrackFile.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw Abort(.internalServerError, reason: "The demo tracks \(path) are wrong: \(error)")
        }
        let existing = Set(try await TrackRecord.query(on: app.db).all(\.$slug))
        let now = app.clock.now()
        try await app.db.transaction { db in
            for entry in entries where !existing.contains(entry.track.slug) {
                let record = try TrackRecord(entry.track)
                try await record.create(on: db)
                let trackID = try record.requireID()
                let start = entry.track.phases.first.flatMap { Format.parseDay($0.from) } ?? now
                for participant in entry.participants where try await Municipality.find(participant.code, on: db) != nil {
                    try await TrackParticipant(trackID: trackID, municipalityCode: participant.code, role: participant.role, since: start)
                        .create(on: db)
                }
                for item in entry.results {
                    let result = TrackResultRecord(trackID: trackID, item.result)
                    if let offer = item.offer {
                        if try await OfferRecord.query(on: db).filter(\.$slug == offer.slug).count() == 0 {
                            try await CatalogueStore.insert(offer, by: nil, at: now, on: db)
                        }
                        result.offerSlug = offer.slug
                    }
                    try await result.create(on: db)
                    try await index(item.result, of: entry.track, at: now, on: db)
                }
            }
        }
    }
}
