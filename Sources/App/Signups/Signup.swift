import DemocracyKit
import Fluent
import Foundation
import SQLKit

/// A municipality's request to take part ("Doe mee"), with its contact person, until staff decide on it.
final class Signup: Model, @unchecked Sendable {
    static let schema = "signups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_code") var municipality: Municipality
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_function") var contactFunction: ContactFunction
    @Field(key: "email") var email: String
    @Field(key: "phone") var phone: String
    @Field(key: "motivation") var motivation: String
    @Field(key: "accepted_terms_at") var acceptedTermsAt: Date
    @Field(key: "status") var status: SignupStatus
    @OptionalField(key: "decision_reason") var decisionReason: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "coordinator_id") var coordinatorID: UUID?
    @Timestamp(key: "submitted_at", on: .create) var submittedAt: Date?
    /// The language of the form it came from; messages about it are written in it.
    @Field(key: "language") var language: Language

    init() {}

    init(
        id: UUID? = nil, municipalityCode: String, contactName: String, contactFunction: ContactFunction, email: String,
        phone: String, motivation: String, acceptedTermsAt: Date, status: SignupStatus = .submitted, language: Language = .nl
    ) {
        self.id = id
        self.$municipality.id = municipalityCode
        self.contactName = contactName
        self.contactFunction = contactFunction
        self.email = email
        self.phone = phone
        self.motivation = motivation
        self.acceptedTermsAt = acceptedTermsAt
        self.status = status
        self.language = language
    }
}
