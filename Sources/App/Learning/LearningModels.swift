import DemocracyKit
import Fluent
import Foundation
import Vapor

/// One self-test a person took: their ratings and the profile made of them. Only that person reads it: no page
/// shows it to anyone else, the griffier and programme staff included.
final class SelfTestResult: Model, @unchecked Sendable {
    static let schema = "self_test_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "taken_at") var takenAt: Date
    /// The rating per statement id, as flat JSON.
    @Field(key: "answers") var answers: String
    /// The score per competence id, as flat JSON.
    @Field(key: "scores") var scores: String

    init() {}

    var profile: CompetenceProfile { CompetenceProfile(stored: FlatJSON.decodeIntegers(scores) ?? [:]) }
}

enum SelfTestStore {
    static func save(_ answers: [String: Int], profile: CompetenceProfile, for user: CurrentUser, app: Application) async throws
        -> SelfTestResult
    {
        let result = SelfTestResult()
        result.userID = user.id
        result.takenAt = app.clock.now()
        result.answers = FlatJSON.encode(answers)
        result.scores = FlatJSON.encode(profile.stored)
        try await result.create(on: app.db)
        return result
    }

    /// The person's results, the newest first.
    static func results(of user: CurrentUser, on db: any Database) async throws -> [SelfTestResult] {
        try await SelfTestResult.query(on: db).filter(\.$userID == user.id).sort(\.$takenAt, .descending).all()
    }

    /// One of the person's own results; someone else's is not found.
    static func find(_ id: UUID?, of user: CurrentUser, on db: any Database) async throws -> SelfTestResult {
        guard let id, let result = try await SelfTestResult.find(id, on: db), result.userID == user.id else {
            throw StoreFailure.notFound("learning.error.result_not_found")
        }
        return result
    }
}
