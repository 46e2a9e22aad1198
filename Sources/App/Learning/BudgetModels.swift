import DemocracyKit
import Fluent
import Foundation

/// A yearly education budget in cents, set by the griffie: for the whole council (`userID` nil), or for one member
/// instead of the council's.
final class EducationBudgetRecord: Model, @unchecked Sendable {
    static let schema = "education_budgets"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "year") var year: Int
    @OptionalField(key: "user_id") var userID: UUID?
    @Field(key: "amount") var amount: Int
    @Field(key: "set_by") var setBy: String
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// A council member's request to spend education budget on a course or conference, and what the griffie decided.
/// Amounts are cents. Every change raises `version`, so two decisions cannot cross.
final class SpendingRequestRecord: Model, @unchecked Sendable {
    static let schema = "spending_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "member_name") var memberName: String
    @Field(key: "year") var year: Int
    @Field(key: "what") var what: String
    @Field(key: "provider") var provider: String
    @Field(key: "amount") var amount: Int
    @Field(key: "day") var day: String
    @Field(key: "why") var why: String
    @Field(key: "status") var status: SpendingStatus
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "spent") var spent: Int?
    /// Why the griffie let the balance go below zero; set only when it did.
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var entry: (status: SpendingStatus, amount: Int, spent: Int?) { (status, amount, spent) }
}

/// One row per member and year with requests, whose version every decision raises: two decisions for the same member
/// at once cannot both pass the balance check, on either database.
final class SpendingLedgerLock: Model, @unchecked Sendable {
    static let schema = "spending_ledgers"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "year") var year: Int
    @Field(key: "version") var version: Int

    init() {}
}
