import DemocracyKit
import Fluent
import Foundation

/// A request for a woningscan. Where the person lives and how to reach them (`HomeScanDetails`) is sealed with
/// `SecretBox` (`DIA_SECRET_KEY`), and so is the handler's advice after the visit; the database holds only
/// ciphertext of them. Every change raises `version`.
final class HomeScanRequestRecord: Model, @unchecked Sendable {
    static let schema = "home_scan_requests"

    @ID(key: .id) var id: UUID?
    /// Who asked for it: the office holder.
    @Field(key: "user_id") var userID: UUID
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "office") var office: HomeScanOffice
    @Field(key: "status") var status: HomeScanStatus
    /// `HomeScanDetails.values` as flat JSON, sealed.
    @Field(key: "details_sealed") var detailsSealed: String
    @OptionalField(key: "handler_id") var handlerID: UUID?
    /// The day of the visit, yyyy-MM-dd.
    @OptionalField(key: "planned_on") var plannedOn: String?
    @OptionalField(key: "advice_sealed") var adviceSealed: String?
    @Field(key: "version") var version: Int
    @Field(key: "requested_at") var requestedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// A short reference for the audit log, the emails and the list, never the address.
    var reference: String { "WS-" + String((id?.uuidString ?? "").prefix(8)) }

    var state: HomeScanState { HomeScanState(status: status, handler: handlerID, plannedOn: plannedOn) }
}

/// The self-check's answers a signed-in person chose to keep, sealed; one row per person, removed on request.
final class HomeCheckRecord: Model, @unchecked Sendable {
    static let schema = "home_checks"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    /// Question id to answer (`ja`, `nee`, `weet-niet`) as flat JSON, sealed.
    @Field(key: "answers_sealed") var answersSealed: String
    @Field(key: "saved_at") var savedAt: Date

    init() {}
}
