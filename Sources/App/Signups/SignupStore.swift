import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Sign-up operations shared by the pages, the commands and the demo seed.
enum SignupStore {
    /// Whether a municipality can sign up now.
    static func standing(of code: String, on db: any Database) async throws -> MunicipalityStanding {
        guard let municipality = try await MunicipalityQueries.find(code: code, on: db), municipality.validUntil == nil else {
            return .unknown
        }
        let open = try await Signup.query(on: db).filter(\.$municipality.$id == municipality.code)
            .filter(\.$status != .rejected).all()
        if open.contains(where: { $0.status == .accepted }) { return .alreadyParticipating }
        if open.contains(where: { $0.status == .submitted }) { return .signupPending }
        return .available
    }

    /// Checks and stores a sign-up; wrong input fails with `StoreFailure.fields`.
    static func submit(_ form: SignupForm, now: Date, on db: any Database) async throws {
        let code = MunicipalityCode.normalized(form.municipalityCode) ?? ""
        let standing = code.isEmpty ? .unknown : try await standing(of: code, on: db)
        let errors = form.validate(municipalityStanding: standing)
        guard errors.isEmpty, let function = ContactFunction(rawValue: form.contactFunction) else { throw StoreFailure.fields(errors) }
        let trim = { (value: String) in value.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await Signup(
            municipalityCode: code, contactName: trim(form.contactName), contactFunction: function,
            email: Validate.normalizedEmail(form.email), phone: trim(form.phone),
            motivation: trim(form.motivation), acceptedTermsAt: now
        ).create(on: db)
    }

    struct Acceptance: Sendable {
        let coordinatorEmail: String
        /// Set when the coordinator still has to choose a password; shown once, never stored.
        let activationToken: String?
    }

    static let maxReasonLength = 1000

    /// Accepts a sign-up: the contact person becomes the municipality's coordinator (a new account, or their
    /// existing one), all in one transaction.
    static func accept(_ signupID: UUID, by staffID: UUID, now: Date, on db: any Database) async throws -> Acceptance {
        try await db.transaction { db in
            guard let signup = try await Signup.find(signupID, on: db) else { throw StoreFailure.notFound("error.page.404.message") }
            guard signup.status.canMove(to: .accepted) else { throw StoreFailure.conflict("error.signup_decided") }
            let (user, _) = try await AccountStore.findOrCreate(email: signup.email, name: signup.contactName, on: db)
            let userID = try user.requireID()
            try await AccountStore.grant(.trekker, municipalityCode: signup.$municipality.id, to: userID, on: db)
            signup.status = .accepted
            signup.decidedAt = now
            signup.decidedBy = staffID
            signup.coordinatorID = userID
            try await signup.update(on: db)
            let token = user.passwordHash == nil ? try await AccountStore.issueActivationToken(for: userID, on: db, now: now) : nil
            return Acceptance(coordinatorEmail: user.email, activationToken: token)
        }
    }

    static func reject(_ signupID: UUID, reason: String, by staffID: UUID, now: Date, on db: any Database) async throws {
        if let error = Validate.required(reason, field: "reason", max: maxReasonLength) { throw StoreFailure.fields([error]) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let signup = try await Signup.find(signupID, on: db) else { throw StoreFailure.notFound("error.page.404.message") }
        guard signup.status.canMove(to: .rejected) else { throw StoreFailure.conflict("error.signup_decided") }
        signup.status = .rejected
        signup.decisionReason = reason
        signup.decidedAt = now
        signup.decidedBy = staffID
        try await signup.update(on: db)
    }
}
