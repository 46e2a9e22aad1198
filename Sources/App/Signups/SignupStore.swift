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

    /// At most 20 sign-ups an hour from one network address (`Request.clientAddress`), so a script cannot fill
    /// the list; a town hall that signs up a few municipalities for a region stays far below it.
    static let throttle = LoginThrottle(
        maxFailuresPerAccountAndAddress: .max, maxFailuresPerAddress: 20, maxFailuresPerAccount: .max, window: 3600)

    struct TooMany: Error {
        let minutes: Int
    }

    /// Checks and stores a sign-up, and tells the contact person and programme staff; wrong input fails with
    /// `StoreFailure.fields`, one sign-up too many from one address with `TooMany`.
    static func submit(_ form: SignupForm, language: Language, address: String = "unknown", app: Application) async throws {
        let code = MunicipalityCode.normalized(form.municipalityCode) ?? ""
        let standing = code.isEmpty ? .unknown : try await standing(of: code, on: app.db)
        let errors = form.validate(municipalityStanding: standing)
        guard errors.isEmpty, let function = ContactFunction(rawValue: form.contactFunction) else { throw StoreFailure.fields(errors) }
        let counts = try await LoginFailure.record(
            ["signup-address:" + SecureToken.hash(address)], at: app.clock.now(), window: throttle.window, on: app.db
        ).counts
        guard counts[0] <= throttle.maxFailuresPerAddress else { throw TooMany(minutes: throttle.windowMinutes) }
        let trim = { (value: String) in value.trimmingCharacters(in: .whitespacesAndNewlines) }
        let signup = Signup(
            municipalityCode: code, contactName: trim(form.contactName), contactFunction: function,
            email: Validate.normalizedEmail(form.email), phone: trim(form.phone),
            motivation: trim(form.motivation), acceptedTermsAt: app.clock.now(), language: language)
        let municipality = try await MunicipalityQueries.name(of: code, on: app.db)
        let staff = try await SignupMessages.staffAddresses(on: app.db)
        try await app.db.transaction { db in
            try await signup.create(on: db)
            try await Outbox.send(SignupMessages.received(signup, municipality: municipality, app: app), app: app, on: db)
            for address in staff {
                try await Outbox.send(SignupMessages.arrived(signup, municipality: municipality, to: address, app: app), app: app, on: db)
            }
        }
    }

    struct Acceptance: Sendable {
        let coordinatorEmail: String
        /// Set when the coordinator still has to choose a password; mailed to them and shown once, never stored.
        let activationToken: String?
    }

    static let maxReasonLength = 1000

    /// Accepts a sign-up: the contact person becomes the municipality's coordinator (a new account, or their
    /// existing one) and is told by email, all in one transaction.
    static func accept(_ signupID: UUID, by staffID: UUID, app: Application) async throws -> Acceptance {
        let now = app.clock.now()
        return try await app.db.transaction { db in
            guard let signup = try await Signup.find(signupID, on: db) else { throw StoreFailure.notFound("error.page.404.message") }
            guard signup.status.canMove(to: .accepted) else { throw StoreFailure.conflict("error.signup_decided") }
            let (user, _) = try await AccountStore.findOrCreate(email: signup.email, name: signup.contactName, on: db)
            let userID = try user.requireID()
            try await AccountStore.grant(.trekker, municipalityCode: signup.$municipality.id, to: userID, on: db)
            let staff = try await User.find(staffID, on: db)
            try await AuditLog.record(
                .roleGranted, by: .init(id: staffID, name: staff?.name ?? "?"), municipality: signup.$municipality.id,
                subject: "\(Role.trekker.rawValue): \(user.name) <\(user.email)>", app: app, on: db)
            signup.status = .accepted
            signup.decidedAt = now
            signup.decidedBy = staffID
            signup.coordinatorID = userID
            try await signup.update(on: db)
            try await TrajectoryStore.reach(
                .aanmelding, of: signup.$municipality.id, on: Format.day(now), because: .signupAccepted, at: now, on: db)
            let token = user.passwordHash == nil ? try await AccountStore.issueActivationToken(for: userID, on: db, now: now) : nil
            let municipality = try await MunicipalityQueries.name(of: signup.$municipality.id, on: db)
            try await Outbox.send(
                SignupMessages.accepted(signup, municipality: municipality, activationToken: token, app: app), app: app, on: db)
            // Other sign-ups of the same municipality that were still waiting are decided with it.
            let others = try await Signup.query(on: db).filter(\.$municipality.$id == signup.$municipality.id)
                .filter(\.$status == .submitted).all()
            for other in others {
                other.status = .rejected
                other.decisionReason = app.localizer.text("signup.other_accepted", other.language)
                other.decidedAt = now
                other.decidedBy = staffID
                try await other.update(on: db)
                try await Outbox.send(SignupMessages.rejected(other, municipality: municipality, app: app), app: app, on: db)
            }
            return Acceptance(coordinatorEmail: user.email, activationToken: token)
        }
    }

    /// A new activation link for the coordinator of an accepted sign-up who has not chosen a password yet (the
    /// first was lost, or expired): the older link stops working, the new one is mailed and shown once.
    static func reissueActivation(_ signupID: UUID, app: Application) async throws -> Acceptance {
        let now = app.clock.now()
        return try await app.db.transaction { db in
            guard let signup = try await Signup.find(signupID, on: db) else { throw StoreFailure.notFound("error.page.404.message") }
            guard signup.status == .accepted, let coordinatorID = signup.coordinatorID,
                let user = try await User.find(coordinatorID, on: db)
            else { throw StoreFailure.conflict("error.signup_not_accepted") }
            guard user.passwordHash == nil else { throw StoreFailure.conflict("error.already_activated") }
            let token = try await AccountStore.issueActivationToken(for: coordinatorID, on: db, now: now)
            let municipality = try await MunicipalityQueries.name(of: signup.$municipality.id, on: db)
            try await Outbox.send(
                SignupMessages.accepted(signup, municipality: municipality, activationToken: token, app: app), app: app, on: db)
            return Acceptance(coordinatorEmail: user.email, activationToken: token)
        }
    }

    /// Whether the coordinator of an accepted sign-up still has to choose a password.
    static func awaitsActivation(_ signup: Signup, on db: any Database) async throws -> Bool {
        guard signup.status == .accepted, let id = signup.coordinatorID, let user = try await User.find(id, on: db) else { return false }
        return user.passwordHash == nil
    }

    /// Rejects a sign-up with a reason, which the contact person gets by email.
    static func reject(_ signupID: UUID, reason: String, by staffID: UUID, app: Application) async throws {
        let db = app.db
        if let error = Validate.required(reason, field: "reason", max: maxReasonLength) { throw StoreFailure.fields([error]) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let signup = try await Signup.find(signupID, on: db) else { throw StoreFailure.notFound("error.page.404.message") }
        guard signup.status.canMove(to: .rejected) else { throw StoreFailure.conflict("error.signup_decided") }
        signup.status = .rejected
        signup.decisionReason = reason
        signup.decidedAt = app.clock.now()
        signup.decidedBy = staffID
        let municipality = try await MunicipalityQueries.name(of: signup.$municipality.id, on: db)
        try await db.transaction { db in
            try await signup.update(on: db)
            try await Outbox.send(SignupMessages.rejected(signup, municipality: municipality, app: app), app: app, on: db)
        }
    }
}
