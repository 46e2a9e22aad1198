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

/// A person's best result on one lesson's quiz.
final class LearningResultRecord: Model, @unchecked Sendable {
    static let schema = "learning_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "module_id") var moduleID: String
    @Field(key: "lesson") var lesson: Int
    @Field(key: "best") var best: Int
    @Field(key: "questions") var questions: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// A lesson's quiz answered entirely right: as the demo and the benchmark's council have it.
    init(allRightIn lesson: Int, of quiz: [QuizQuestion], module: String, user: UUID, at date: Date) {
        userID = user
        moduleID = module
        self.lesson = lesson
        best = quiz.count
        questions = quiz.count
        updatedAt = date
    }

    var result: LessonResult { LessonResult(lesson: lesson, best: best, questions: questions) }
}

/// A certificate of a completed module: the holder's name as it was then, and a code anyone can check.
final class LearningCertificate: Model, @unchecked Sendable {
    static let schema = "learning_certificates"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "module_id") var moduleID: String
    @Field(key: "holder") var holder: String
    @Field(key: "code") var code: String
    @Field(key: "issued_at") var issuedAt: Date

    init() {}

    /// A new certificate with a fresh code.
    init(module: String, user: UUID, holder: String, at date: Date) {
        var generator = SystemRandomNumberGenerator()
        userID = user
        moduleID = module
        self.holder = holder
        code = RegistrationCode.make(using: &generator)
        issuedAt = date
    }
}

/// Progress through the modules: each lesson's best quiz result, and a certificate once every lesson is done.
enum LearningProgressStore {
    /// Wrong certificate codes one network address may check in an hour.
    static let checksPerHour = 10

    static func results(of user: CurrentUser, module: String? = nil, on db: any Database) async throws -> [LearningResultRecord] {
        var query = LearningResultRecord.query(on: db).filter(\.$userID == user.id)
        if let module { query = query.filter(\.$moduleID == module) }
        return try await query.sort(\.$moduleID).sort(\.$lesson).all()
    }

    static func certificates(of user: CurrentUser, on db: any Database) async throws -> [LearningCertificate] {
        try await LearningCertificate.query(on: db).filter(\.$userID == user.id).sort(\.$issuedAt, .descending).all()
    }

    /// Keeps the attempt's result where it is the best so far, and issues the certificate when it completes the
    /// module; returns the certificate issued now, if any.
    static func record(_ attempt: QuizAttempt, lesson: Int, of module: LearningModule, by user: CurrentUser, app: Application) async throws
        -> LearningCertificate?
    {
        let now = app.clock.now()
        return try await app.db.transaction { db in
            let existing = try await LearningResultRecord.query(on: db).filter(\.$userID == user.id).filter(\.$moduleID == module.id)
                .filter(\.$lesson == lesson).first()
            let best = ModuleProgress.best(existing?.result, after: attempt, lesson: lesson)
            let record = existing ?? LearningResultRecord()
            record.userID = user.id
            record.moduleID = module.id
            record.lesson = lesson
            record.best = best.best
            record.questions = best.questions
            record.updatedAt = now
            try await record.save(on: db)
            let results = try await LearningResultRecord.query(on: db).filter(\.$userID == user.id).filter(\.$moduleID == module.id).all()
            guard ModuleProgress(module: module, results: results.map(\.result)).isComplete,
                try await LearningCertificate.query(on: db).filter(\.$userID == user.id).filter(\.$moduleID == module.id).count() == 0
            else { return nil }
            let certificate = LearningCertificate(module: module.id, user: user.id, holder: user.name, at: now)
            try await certificate.create(on: db)
            return certificate
        }
    }

    /// The certificate with this code, as typed (case, spaces and dashes do not matter). A code that cannot be one
    /// or is not found counts as a wrong check for the network address; past the limit, checks wait an hour.
    static func check(_ typed: String, from address: String, app: Application) async throws -> LearningCertificate {
        let key = "certificate-check:" + SecureToken.hash(address)
        let now = app.clock.now()
        let wrong = try await LoginFailure.wrongInLastHour(key, at: now, on: app.db)
        guard wrong < checksPerHour else {
            throw StoreFailure.fields([FieldError(field: "code", message: "learning.error.check_limit", limit: 60)])
        }
        if let code = RegistrationCode.normalize(typed),
            let certificate = try await LearningCertificate.query(on: app.db).filter(\.$code == code).first()
        {
            return certificate
        }
        _ = try await LoginFailure.record([key], at: now, window: 3_600, on: app.db)
        throw StoreFailure.fields([FieldError(field: "code", message: "learning.error.no_certificate")])
    }
}
