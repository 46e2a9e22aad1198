import DemocracyKit
import Fluent
import Foundation
import Vapor

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    /// Nil until the person sets a password through their activation link.
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$user) var memberships: [MembershipRecord]

    init() {}

    init(id: UUID? = nil, email: String, name: String, passwordHash: String? = nil) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
    }
}

/// One role of one person, for one municipality when the role is municipal.
final class MembershipRecord: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role
    @OptionalField(key: "municipality_code") var municipalityCode: String?

    init() {}

    init(id: UUID? = nil, userID: UUID, role: Role, municipalityCode: String?) {
        self.id = id
        self.$user.id = userID
        self.role = role
        self.municipalityCode = municipalityCode
    }

    var membership: Membership { Membership(role: role, municipalityCode: municipalityCode) }
}

/// A one-time link with which a person sets a password: to activate a new account or after a reset.
final class ActivationToken: Model, @unchecked Sendable {
    static let schema = "activation_tokens"
    static let validDays = 7
    static let validity = TimeInterval(validDays * 24 * 3600)

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(id: UUID? = nil, userID: UUID, tokenHash: String, expiresAt: Date) {
        self.id = id
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

/// An attempt counted for a rate limit (sign-in, a forgotten password, a sign-up). The key names the limit and holds
/// a hash of the email or of the address, so no personal data is stored; rows older than the longest window are
/// removed.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(id: UUID? = nil, key: String, failedAt: Date) {
        self.id = id
        self.key = key
        self.failedAt = failedAt
    }
}

/// The signed-in person, as a plain value the request carries (never the Fluent model).
struct CurrentUser: Sendable {
    let id: UUID
    let name: String
    let email: String
    let memberships: [Membership]

    var isProgrammeStaff: Bool { Access.isProgrammeStaff(memberships) }

    func canSeeNonPublic(ofMunicipality code: String) -> Bool {
        Access.canSeeNonPublic(ofMunicipality: code, memberships: memberships)
    }
}

extension LoginFailure {
    /// Counts an attempt under each key *before* it is acted on, and returns per key how many attempts fall in the
    /// window, this one included. Written first, so attempts arriving at the same moment count each other.
    static func record(_ keys: [String], at now: Date, window: TimeInterval, on db: any Database) async throws -> (
        attempts: [LoginFailure], counts: [Int]
    ) {
        let attempts = keys.map { LoginFailure(key: $0, failedAt: now) }
        try await attempts.create(on: db)
        // Attempts of these keys that fell out of the window count for nothing any more: they go here, so the
        // table stays as small as the traffic of the last window (`dia maintenance` sweeps keys nobody uses again).
        try await query(on: db).filter(\.$key ~~ keys).filter(\.$failedAt <= now.addingTimeInterval(-window)).delete()
        var counts: [Int] = []
        for key in keys {
            counts.append(try await query(on: db).filter(\.$key == key).filter(\.$failedAt > now.addingTimeInterval(-window)).count())
        }
        return (attempts, counts)
    }

    /// How many wrong tries `key` made in the hour before `now`: for codes looked up by people without an account
    /// (a certificate's code, a reported signal's follow-up code), where only a wrong try counts.
    static func wrongInLastHour(_ key: String, at now: Date, on db: any Database) async throws -> Int {
        try await query(on: db).filter(\.$key == key).filter(\.$failedAt > now.addingTimeInterval(-3_600)).count()
    }
}
