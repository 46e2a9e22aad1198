import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// Bcrypt off the event loop, at the cost the configuration sets, and the list of common passwords a new one is
/// checked against.
struct PasswordHashing: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool
    let commonPasswords: Set<String>

    init(_ app: Application) {
        cost = app.config.bcryptCost
        threadPool = app.threadPool
        commonPasswords = app.commonPasswords
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

/// Account operations shared by the pages and the `dia` commands.
enum AccountStore {
    enum LoginOutcome: Sendable {
        case success(CurrentUser)
        case invalid
        case throttled(minutes: Int)
    }

    enum ActivationOutcome: Sendable, Equatable {
        case activated(email: String, userID: UUID)
        case invalidLink
        /// With the email of the link's account, for the form that comes back.
        case passwordProblems([FieldError], email: String)
    }

    /// The signed-in person with their roles. Every signed-in request reads this, so it is one plain query
    /// decoded by column name, not two through Fluent's reflection (docs/performance.md).
    static func currentUser(id: UUID, on db: any Database) async throws -> CurrentUser? {
        let sql = try db.sql()
        let rows = try await sql.raw(
            """
            SELECT u.name, u.email, m.role, m.municipality_code FROM users u \
            LEFT JOIN memberships m ON m.user_id = u.id WHERE u.id = \(bind: id)
            """
        ).all()
        guard let first = rows.first else { return nil }
        let memberships = try rows.compactMap { row -> Membership? in
            try row.decode(column: "role", as: Role?.self).map {
                Membership(role: $0, municipalityCode: try row.decode(column: "municipality_code", as: String?.self))
            }
        }
        return CurrentUser(
            id: id, name: try first.decode(column: "name", as: String.self),
            email: try first.decode(column: "email", as: String.self), memberships: memberships)
    }

    static func user(email: String, on db: any Database) async throws -> User? {
        try await User.query(on: db).filter(\.$email == Validate.normalizedEmail(email)).first()
    }

    /// Finds the account with this email, or makes one without a password.
    static func findOrCreate(email: String, name: String, on db: any Database) async throws -> (user: User, created: Bool) {
        if let existing = try await user(email: email, on: db) { return (existing, false) }
        let user = User(email: Validate.normalizedEmail(email), name: name.trimmingCharacters(in: .whitespacesAndNewlines))
        try await user.create(on: db)
        return (user, true)
    }

    struct Person: Sendable {
        let id: UUID
        let email: String
        let name: String
    }

    /// The people who have one of these roles in a municipality (or, with nil, for the whole programme), each
    /// once, by name.
    static func people(with roles: [Role], in municipalityCode: String?, on db: any Database) async throws -> [Person] {
        let memberships = try await MembershipRecord.query(on: db).filter(\.$role ~~ roles)
            .filter(\.$municipalityCode == municipalityCode).with(\.$user).all()
        var seen = Set<String>()
        return try memberships.map { Person(id: try $0.user.requireID(), email: $0.user.email, name: $0.user.name) }
            .filter { seen.insert($0.email).inserted }.sorted { $0.name < $1.name }
    }

    /// Gives a person a role; doing it twice changes nothing.
    static func grant(_ role: Role, municipalityCode: String?, to userID: UUID, on db: any Database) async throws {
        let code = role.isMunicipal ? municipalityCode : nil
        var query = MembershipRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$role == role)
        query = code.map { query.filter(\.$municipalityCode == $0) } ?? query.filter(\.$municipalityCode == nil)
        if try await query.first() == nil {
            try await MembershipRecord(userID: userID, role: role, municipalityCode: code).create(on: db)
        }
    }

    /// A new one-time link for setting a password, valid for a week (an account's first) or for
    /// `resetValidity` (a forgotten password). Earlier unused links of the person stop working.
    static func issueActivationToken(
        for userID: UUID, on db: any Database, now: Date, validity: TimeInterval = ActivationToken.validity
    ) async throws -> String {
        try await ActivationToken.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil)
            .set(\.$usedAt, to: now).update()
        let token = SecureToken.make()
        try await ActivationToken(
            userID: userID, tokenHash: SecureToken.hash(token),
            expiresAt: now.addingTimeInterval(validity)
        ).create(on: db)
        return token
    }

    static func activationURL(_ token: String, app: Application) -> String {
        AccountURL.activate(.value(token)).absolute(app)
    }

    /// The unused, unexpired token behind a link, if any.
    static func validActivation(_ token: String, on db: any Database, now: Date) async throws -> ActivationToken? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        return try await ActivationToken.query(on: db).filter(\.$tokenHash == SecureToken.hash(token))
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).with(\.$user).first()
    }

    /// Sets the password behind an activation link; the link then stops working and every session of the
    /// account ends, so whoever knew the old password is signed out.
    static func activate(
        token: String, password: String, confirmation: String, hashing: PasswordHashing,
        now: Date, on db: any Database
    ) async throws -> ActivationOutcome {
        guard let activation = try await validActivation(token, on: db, now: now) else { return .invalidLink }
        let problems = Validate.newPassword(password, confirmation: confirmation, common: hashing.commonPasswords)
        guard problems.isEmpty else { return .passwordProblems(problems, email: activation.user.email) }
        let hash = try await hashing.hash(password)
        let user = activation.user
        try await db.transaction { db in
            activation.usedAt = now
            try await activation.update(on: db)
            user.passwordHash = hash
            try await user.update(on: db)
            try await DatabaseSessions.end(sessionsOf: user.requireID(), except: nil, on: db)
        }
        return .activated(email: user.email, userID: try user.requireID())
    }

    /// Checks an email and password. The attempt is counted *before* the password is checked, so parallel guesses
    /// are counted as they arrive and the ones over the limit are never checked; a successful attempt is then
    /// taken back, so signing in often from one office costs nothing.
    static func authenticate(
        email: String, password: String, address: String, throttle: LoginThrottle,
        hashing: PasswordHashing, dummyHash: String, on db: any Database,
        now: Date
    ) async throws -> LoginOutcome {
        let account = SecureToken.hash(Validate.normalizedEmail(email))
        let keys = ["pair:" + account + ":" + SecureToken.hash(address), "address:" + SecureToken.hash(address), "account:" + account]
        let (attempts, counts) = try await LoginFailure.record(keys, at: now, window: throttle.window, on: db)
        if throttle.isBlocked(pairAttempts: counts[0], addressAttempts: counts[1], accountAttempts: counts[2]) {
            return .throttled(minutes: throttle.windowMinutes)
        }

        let user = try await user(email: email, on: db)
        // Without an account the same bcrypt work is done, so timing does not tell which emails exist.
        let matches = try await hashing.verify(password, hash: user?.passwordHash ?? dummyHash)
        if let user, user.passwordHash != nil, matches, let current = try await currentUser(id: user.requireID(), on: db) {
            try await LoginFailure.query(on: db).filter(\.$id ~~ attempts.compactMap(\.id)).delete()
            try await LoginFailure.query(on: db).filter(\.$key == keys[0]).delete()
            return .success(current)
        }
        // Rows that no window counts any more: the login's and the forgotten password's.
        let oldest = now.addingTimeInterval(-max(throttle.window, resetThrottle.window))
        try await LoginFailure.query(on: db).filter(\.$failedAt <= oldest).delete()
        return .invalid
    }

    /// Changes a password; every other session of the account ends, the one that changed it stays.
    static func changePassword(
        userID: UUID, current: String, new: String, confirmation: String, keeping session: SessionID?,
        hashing: PasswordHashing, on db: any Database
    ) async throws {
        guard let user = try await User.find(userID, on: db), let hash = user.passwordHash else {
            throw StoreFailure.fields([FieldError(field: "currentPassword", message: "error.current_password_wrong")])
        }
        var errors: [FieldError] = []
        if current.isEmpty {
            errors.append(FieldError(field: "currentPassword", message: "error.required"))
        } else if try await !hashing.verify(current, hash: hash) {
            errors.append(FieldError(field: "currentPassword", message: "error.current_password_wrong"))
        }
        errors += Validate.newPassword(new, confirmation: confirmation, common: hashing.commonPasswords)
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        user.passwordHash = try await hashing.hash(new)
        try await db.transaction { db in
            try await user.update(on: db)
            try await DatabaseSessions.end(sessionsOf: userID, except: session, on: db)
        }
    }

    // MARK: A forgotten password

    /// How long a link for a forgotten password works.
    static let resetValidity: TimeInterval = 2 * 3600
    /// At most 3 links per account and 10 requests per address an hour.
    static let resetThrottle = LoginThrottle(
        maxFailuresPerAccountAndAddress: .max, maxFailuresPerAddress: 10, maxFailuresPerAccount: 3, window: 3600)

    enum ResetOutcome: Sendable, Equatable {
        /// What everyone hears, whether or not the address has an account: a link is on its way if it has.
        case answered
        /// Too many requests from this network address; says nothing about any account.
        case throttled(minutes: Int)
    }

    /// Mails a one-time link for a new password to the account of this email, if there is one and it has not
    /// had three already this hour. The answer is the same either way, so nobody learns which addresses have an
    /// account.
    static func requestPasswordReset(email: String, address: String, language: Language, app: Application) async throws -> ResetOutcome {
        let throttle = resetThrottle
        let now = app.clock.now()
        let keys = ["reset-account:" + SecureToken.hash(Validate.normalizedEmail(email)), "reset-address:" + SecureToken.hash(address)]
        let counts = try await LoginFailure.record(keys, at: now, window: throttle.window, on: app.db).counts
        if counts[1] > throttle.maxFailuresPerAddress { return .throttled(minutes: throttle.windowMinutes) }
        guard counts[0] <= throttle.maxFailuresPerAccount, let user = try await user(email: email, on: app.db) else {
            return .answered
        }
        try await app.db.transaction { db in
            let token = try await issueActivationToken(for: user.requireID(), on: db, now: now, validity: resetValidity)
            try await Outbox.send(AccountMessages.passwordReset(to: user, token: token, language: language, app: app), app: app, on: db)
        }
        return .answered
    }
}

extension Application {
    private struct CommonPasswordsKey: StorageKey { typealias Value = Set<String> }

    /// `Resources/Data/common-passwords.txt`, read by `configure`.
    var commonPasswords: Set<String> {
        get { storage[CommonPasswordsKey.self] ?? [] }
        set { storage[CommonPasswordsKey.self] = newValue }
    }
}
