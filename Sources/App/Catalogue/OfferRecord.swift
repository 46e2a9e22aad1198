import DemocracyKit
import Fluent
import Foundation

/// One offer as stored. Lists are kept as comma-separated values: focus areas by number, audiences by name.
final class OfferRecord: Model, @unchecked Sendable {
    static let schema = "offers"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "pillar") var pillar: String
    @Field(key: "focus_areas") var focusAreas: String
    @Field(key: "audiences") var audiences: String
    @Field(key: "form") var form: String
    @Field(key: "status") var status: String
    @Field(key: "provider") var provider: String
    @Field(key: "title_nl") var titleNl: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "summary_nl") var summaryNl: String
    @Field(key: "summary_en") var summaryEn: String
    @Field(key: "description_nl") var descriptionNl: String
    @Field(key: "description_en") var descriptionEn: String
    @Field(key: "duration_nl") var durationNl: String
    @Field(key: "duration_en") var durationEn: String
    @Field(key: "cost_nl") var costNl: String
    @Field(key: "cost_en") var costEn: String
    /// Goes up by one with every change, so two people saving the same offer cannot overwrite each other.
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "updated_by") var updatedBy: UUID?

    init() {}

    init(_ offer: Offer, at date: Date, by user: UUID?) {
        self.version = 1
        set(offer, at: date, by: user)
    }

    func set(_ offer: Offer, at date: Date, by user: UUID?) {
        slug = offer.slug
        pillar = offer.pillar.rawValue
        focusAreas = offer.focusAreas.map { String($0.rawValue) }.joined(separator: ",")
        audiences = offer.audiences.map(\.rawValue).joined(separator: ",")
        form = offer.form.rawValue
        status = offer.status.rawValue
        provider = offer.provider
        titleNl = offer.title.nl
        titleEn = offer.title.en
        summaryNl = offer.summary.nl
        summaryEn = offer.summary.en
        descriptionNl = offer.description.nl
        descriptionEn = offer.description.en
        durationNl = offer.duration.nl
        durationEn = offer.duration.en
        costNl = offer.cost.nl
        costEn = offer.cost.en
        updatedAt = date
        updatedBy = user
    }

    /// The domain value; a value the code no longer knows (an old status) reads as the safest one.
    var offer: Offer {
        Offer(
            slug: slug, pillar: Pillar(rawValue: pillar) ?? .lokaalMaatwerk,
            focusAreas: focusAreas.split(separator: ",").compactMap { Int($0).flatMap(FocusArea.init(rawValue:)) },
            audiences: audiences.split(separator: ",").compactMap { Audience(rawValue: String($0)) },
            form: OfferForm(rawValue: form) ?? .advies, status: OfferStatus(rawValue: status) ?? .gepauzeerd,
            provider: provider, title: LocalizedText(nl: titleNl, en: titleEn),
            summary: LocalizedText(nl: summaryNl, en: summaryEn),
            description: LocalizedText(nl: descriptionNl, en: descriptionEn),
            duration: LocalizedText(nl: durationNl, en: durationEn), cost: LocalizedText(nl: costNl, en: costEn))
    }
}
