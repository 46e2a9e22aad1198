import Fluent
import Foundation
import SQLKit
import Vapor

/// A stored session. The key is kept only as a hash; the data is the session's JSON.
final class SessionEntry: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "key_hash") var keyHash: String
    @Field(key: "data") var data: String
    @Field(key: "expires_at") var expiresAt: Date
    /// The signed-in person, so a new password ends their other sessions.
    @OptionalField(key: "user_id") var userID: UUID?

    init() {}

    init(id: UUID? = nil, keyHash: String, data: String, expiresAt: Date, userID: UUID?) {
        self.id = id
        self.keyHash = keyHash
        self.data = data
        self.expiresAt = expiresAt
        self.userID = userID
    }
}

/// Sessions in the database, so several app instances share them. A session ends after `lifetime` without use.
/// It writes only when the data changed or the expiry needs pushing on, so reading pages costs no write.
struct DatabaseSessions: AsyncSessionDriver {
    static let cookieName = "dia-sessie"
    static let lifetime: TimeInterval = 8 * 3600
    /// Expiry is pushed on at most this often while data stays the same.
    static let refreshAfter: TimeInterval = 15 * 60

    private struct ReadKey: StorageKey { typealias Value = (json: String, expiresAt: Date) }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let key = SecureToken.make()
        let now = request.clock.now()
        try await SessionEntry.query(on: request.db).filter(\.$expiresAt < now).delete()
        try await SessionEntry(
            keyHash: SecureToken.hash(key), data: encode(data),
            expiresAt: now.addingTimeInterval(Self.lifetime), userID: Self.userID(in: data)
        ).create(on: request.db)
        return SessionID(string: key)
    }

    /// Every request with a cookie reads its session, so this is one plain query decoded by column name.
    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard
            let row = try await request.db.sql().raw(
                """
                SELECT data, expires_at FROM sessions WHERE key_hash = \(bind: SecureToken.hash(sessionID.string))
                """
            ).first()
        else { return nil }
        let (json, expiresAt) = (try row.decode(column: "data", as: String.self), try row.decode(column: "expires_at", as: Date.self))
        guard expiresAt > request.clock.now() else { return nil }
        request.storage[ReadKey.self] = (json, expiresAt)
        return try JSONDecoder().decode(SessionData.self, from: Data(json.utf8))
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        let json = try encode(data)
        let now = request.clock.now()
        if let read = request.storage[ReadKey.self], read.json == json,
            read.expiresAt.timeIntervalSince(now) > Self.lifetime - Self.refreshAfter
        {
            return sessionID
        }
        try await SessionEntry.query(on: request.db)
            .filter(\.$keyHash == SecureToken.hash(sessionID.string))
            .set(\.$data, to: json)
            .set(\.$expiresAt, to: now.addingTimeInterval(Self.lifetime))
            .set(\.$userID, to: Self.userID(in: data))
            .update()
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await SessionEntry.query(on: request.db).filter(\.$keyHash == SecureToken.hash(sessionID.string)).delete()
    }

    private static func userID(in data: SessionData) -> UUID? {
        data[CurrentUserMiddleware.sessionKey].flatMap(UUID.init(uuidString:))
    }

    /// Ends every session of a person, except the one whose key is given (the session that set the password).
    static func end(sessionsOf userID: UUID, except sessionID: SessionID?, on db: any Database) async throws {
        var query = SessionEntry.query(on: db).filter(\.$userID == userID)
        if let sessionID { query = query.filter(\.$keyHash != SecureToken.hash(sessionID.string)) }
        try await query.delete()
    }

    private func encode(_ data: SessionData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }
}
