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

    init() {}

    init(id: UUID? = nil, municipalityCode: String, contactName: String, contactFunction: ContactFunction, email: String,
         phone: String, motivation: String, acceptedTermsAt: Date, status: SignupStatus = .submitted) {
        self.id = id
        self.$municipality.id = municipalityCode
        self.contactName = contactName
        self.contactFunction = contactFunction
        self.email = email
        self.phone = phone
        self.motivation = motivation
        self.acceptedTermsAt = acceptedTermsAt
        self.status = status
    }
}

struct CreateSignup: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Signup.schema)
            .id()
            .field("municipality_code", .string, .required, .references(Municipality.schema, "code"))
            .field("contact_name", .string, .required)
            .field("contact_function", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("motivation", .string, .required)
            .field("accepted_terms_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("coordinator_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("submitted_at", .datetime)
            .create()
        try await database.sql().create(index: "signups_municipality_status")
            .on(Signup.schema).column("municipality_code").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Signup.schema).delete()
    }
}
