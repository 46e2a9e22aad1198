import DemocracyKit
import Fluent
import Foundation

/// A basisscan integriteit case. Everything about the candidate is sealed with `SecretBox` (`DIA_SECRET_KEY`): their
/// name and email, the answers, and the assessment; the database holds only ciphertext of them. The candidate's
/// link is kept as a hash. Every change raises `version`.
final class IntegrityCaseRecord: Model, @unchecked Sendable {
    static let schema = "integrity_cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "municipality_code") var municipalityCode: String
    @Field(key: "status") var status: IntegrityCaseStatus
    /// `{"name": …, "email": …}`, sealed.
    @Field(key: "candidate_sealed") var candidateSealed: String
    @OptionalField(key: "answers_sealed") var answersSealed: String?
    @OptionalField(key: "assessment_sealed") var assessmentSealed: String?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "version") var version: Int
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "assessed_at") var assessedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// When the burgemeester shared the assessment's summary with the council; before, only the named read it.
    @OptionalField(key: "summary_shared_at") var summarySharedAt: Date?

    init() {}

    /// A short reference for the audit log and the list, never the candidate's name.
    var reference: String { "BI-" + String((id?.uuidString ?? "").prefix(8)) }
}

/// A person named on a case, with their part in it. Only they read it.
final class IntegrityCasePerson: Model, @unchecked Sendable {
    static let schema = "integrity_case_people"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: CaseRole

    init() {}
}

/// A document the candidate added to their case through the private link: its name and its content are sealed;
/// the kind (checked from the content) and the size are not, so a list shows them without opening anything.
final class IntegrityCaseDocument: Model, @unchecked Sendable {
    static let schema = "integrity_case_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "kind") var kind: UploadKind
    @Field(key: "size") var size: Int
    @Field(key: "data_sealed") var dataSealed: String
    @Field(key: "added_at") var addedAt: Date

    init() {}
}
