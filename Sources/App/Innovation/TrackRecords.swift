import DemocracyKit
import Fluent
import Foundation

/// An innovation track as stored; its phases as JSON.
final class TrackRecord: Model, @unchecked Sendable {
    static let schema = "innovation_tracks"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "theme") var theme: String
    @OptionalField(key: "offer_slug") var offerSlug: String?
    @Field(key: "focus_areas") var focusAreas: String
    @Field(key: "open_for_applications") var openForApplications: Bool
    @Field(key: "title_nl") var titleNl: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "aim_nl") var aimNl: String
    @Field(key: "aim_en") var aimEn: String
    @Field(key: "description_nl") var descriptionNl: String
    @Field(key: "description_en") var descriptionEn: String
    @Field(key: "phases") var phases: String
    /// Raised by every save (programme staff's edits).
    @Field(key: "version") var version: Int

    init() {}

    init(_ track: Track) throws {
        version = 1
        try set(track)
    }

    /// Takes every field of the track; a stored track keeps the slug it was made with, so its address stays.
    func set(_ track: Track) throws {
        if id == nil { slug = track.slug }
        theme = track.theme.rawValue
        offerSlug = track.offerSlug
        focusAreas = track.focusAreas.map { String($0.rawValue) }.joined(separator: ",")
        openForApplications = track.openForApplications
        titleNl = track.title.nl
        titleEn = track.title.en
        aimNl = track.aim.nl
        aimEn = track.aim.en
        descriptionNl = track.description.nl
        descriptionEn = track.description.en
        phases = String(decoding: try JSONEncoder().encode(track.phases), as: UTF8.self)
    }

    var track: Track {
        Track(
            slug: slug, theme: TrackTheme(rawValue: theme) ?? .participatie, offerSlug: offerSlug,
            focusAreas: focusAreas.split(separator: ",").compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) },
            openForApplications: openForApplications, title: LocalizedText(nl: titleNl, en: titleEn),
            aim: LocalizedText(nl: aimNl, en: aimEn),
            description: LocalizedText(nl: descriptionNl, en: descriptionEn),
            phases: (try? JSONDecoder().decode([TrackPhase].self, from: Data(phases.utf8))) ?? [])
    }
}

/// A municipality taking part in a track, with its role there.
final class TrackParticipant: Model, @unchecked Sendable {
    static let schema = "track_participants"

    @ID(key: .id) var id: UUID?
    @Field(key: "track_id") var trackID: UUID
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "role_nl") var roleNl: String
    @Field(key: "role_en") var roleEn: String
    @Field(key: "since") var since: Date

    init() {}

    init(trackID: UUID, municipalityCode: String, role: LocalizedText, since: Date) {
        self.trackID = trackID
        self.municipalityCode = municipalityCode
        self.roleNl = role.nl
        self.roleEn = role.en
        self.since = since
    }
}

/// A municipality's application to join a track, and the decision on it.
final class TrackApplication: Model, @unchecked Sendable {
    static let schema = "track_applications"

    @ID(key: .id) var id: UUID?
    @Field(key: "track_id") var trackID: UUID
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "motivation") var motivation: String
    @Field(key: "status") var statusValue: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "applied_by") var appliedBy: String
    @Field(key: "applied_at") var appliedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?

    init() {}

    init(trackID: UUID, municipalityCode: String, motivation: String, by name: String, at date: Date) {
        self.trackID = trackID
        self.municipalityCode = municipalityCode
        self.motivation = motivation
        self.statusValue = TrackApplicationStatus.ingediend.rawValue
        self.appliedBy = name
        self.appliedAt = date
    }

    var status: TrackApplicationStatus { TrackApplicationStatus(rawValue: statusValue) ?? .ingediend }
}

/// A published result of a track; `offerSlug` once it became an offer of lokaal maatwerk.
final class TrackResultRecord: Model, @unchecked Sendable {
    static let schema = "track_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "track_id") var trackID: UUID
    @Field(key: "slug") var slug: String
    @Field(key: "title_nl") var titleNl: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "summary_nl") var summaryNl: String
    @Field(key: "summary_en") var summaryEn: String
    @Field(key: "document_nl") var documentNl: String
    @Field(key: "document_en") var documentEn: String
    @Field(key: "lessons_nl") var lessonsNl: String
    @Field(key: "lessons_en") var lessonsEn: String
    @Field(key: "published_on") var publishedOn: String
    @OptionalField(key: "offer_slug") var offerSlug: String?

    init() {}

    init(trackID: UUID, _ result: TrackResult) {
        self.trackID = trackID
        slug = result.slug
        titleNl = result.title.nl
        titleEn = result.title.en
        summaryNl = result.summary.nl
        summaryEn = result.summary.en
        documentNl = result.document.nl
        documentEn = result.document.en
        lessonsNl = result.lessons.nl
        lessonsEn = result.lessons.en
        publishedOn = result.publishedOn
    }

    var result: TrackResult {
        TrackResult(
            slug: slug, title: LocalizedText(nl: titleNl, en: titleEn), summary: LocalizedText(nl: summaryNl, en: summaryEn),
            document: LocalizedText(nl: documentNl, en: documentEn), lessons: LocalizedText(nl: lessonsNl, en: lessonsEn),
            publishedOn: publishedOn)
    }
}
