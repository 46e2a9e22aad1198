import DemocracyKit
import Fluent
import Foundation

/// A municipality's request for an offer, as stored.
final class OfferRequestRecord: Model, @unchecked Sendable {
    static let schema = "offer_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "offer_slug") var offerSlug: String
    @Field(key: "status") var status: RequestStatus
    @Field(key: "motivation") var motivation: String
    /// What the request serves: the priority or agenda item it is for.
    @Field(key: "serves") var serves: String
    @OptionalField(key: "planned_on") var plannedOn: String?
    @OptionalField(key: "rating") var rating: Int?
    @OptionalField(key: "lessons") var lessons: String?
    /// Why it was refused.
    @OptionalField(key: "reason") var reason: String?
    /// Goes up with every change, so two people acting at once cannot both move it.
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    /// When it reached its current status: the waiting time in this step.
    @Field(key: "status_since") var statusSince: Date

    init() {}

    init(municipalityCode: String, offerSlug: String, motivation: String, serves: String, at date: Date) {
        self.municipalityCode = municipalityCode
        self.offerSlug = offerSlug
        self.status = .ingediend
        self.motivation = motivation
        self.serves = serves
        self.version = 1
        self.createdAt = date
        self.statusSince = date
    }
}

/// One change of a request: who, when, what, and the note that came with it.
final class OfferRequestEvent: Model, @unchecked Sendable {
    static let schema = "offer_request_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "request_id") var request: OfferRequestRecord
    @Field(key: "action") var action: String
    @Field(key: "status") var status: RequestStatus
    @Field(key: "note") var note: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "at") var at: Date

    init() {}

    init(requestID: UUID, action: String, status: RequestStatus, note: String, actor: CurrentUser, at date: Date) {
        self.$request.id = requestID
        self.action = action
        self.status = status
        self.note = note
        self.actorID = actor.id
        self.actorName = actor.name
        self.at = date
    }
}
