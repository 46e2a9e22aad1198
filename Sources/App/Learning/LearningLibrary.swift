import DemocracyKit
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A module as programme staff saved it: the whole module as JSON, with who, when and why. Versions are only ever
/// added, so their count tells whether anything changed since the modules in memory were made.
final class LearningModuleVersion: Model, @unchecked Sendable {
    static let schema = "learning_module_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "module_id") var moduleID: String
    @Field(key: "version") var version: Int
    @Field(key: "content") var content: String
    @Field(key: "edited_by") var editedBy: String
    @Field(key: "edited_at") var editedAt: Date
    @Field(key: "note") var note: String

    init() {}

    func module() throws -> LearningModule { try JSONDecoder().decode(LearningModule.self, from: Data(content.utf8)) }
}

/// The modules as read: the shipped files, with the newest saved version of each module over its file. Every
/// instance checks the number of saved versions per request and reads them again when it grew, so an edit on one
/// instance is seen on all at once.
final class LearningLibrary: Sendable {
    let shipped: LearningCatalogue
    private let state: NIOLockedValueBox<(catalogue: LearningCatalogue, revision: Int)>

    init(shipped: LearningCatalogue) {
        self.shipped = shipped
        state = NIOLockedValueBox((shipped, -1))
    }

    /// The modules as last read; for code without a database at hand.
    var catalogue: LearningCatalogue { state.withLockedValue { $0.catalogue } }

    /// The modules with every saved edit.
    func current(on db: any Database) async throws -> LearningCatalogue {
        let revision = try await LearningModuleVersion.query(on: db).count()
        let kept = state.withLockedValue { $0 }
        guard kept.revision != revision else { return kept.catalogue }
        var newest: [String: LearningModuleVersion] = [:]
        for stored in try await LearningModuleVersion.query(on: db).all() where stored.version > (newest[stored.moduleID]?.version ?? 0) {
            newest[stored.moduleID] = stored
        }
        let modules = try shipped.modules.map { module in try newest[module.id]?.module() ?? module }
        let fresh = LearningCatalogue(modules, versions: newest.mapValues(\.version))
        state.withLockedValue { $0 = (fresh, revision) }
        return fresh
    }
}

extension Request {
    /// The learning platform's modules, with every saved edit.
    func learningModules() async throws -> LearningCatalogue {
        try await application.learningLibrary.current(on: db)
    }

    /// The module of the path (`:moduleID`), with the catalogue it is in.
    func learningModule() async throws -> (LearningCatalogue, LearningModule) {
        let catalogue = try await learningModules()
        guard let module = catalogue.module(parameters.get("moduleID") ?? "") else {
            throw StoreFailure.notFound("learning.error.not_found")
        }
        return (catalogue, module)
    }

    /// The lesson of the path (`:moduleID/les/:lesson`), with its number, module and catalogue.
    func learningLesson() async throws -> (LearningCatalogue, LearningModule, Int, Lesson) {
        let (catalogue, module) = try await learningModule()
        guard let number = Validate.number(parameters.get("lesson"), in: 1...module.lessons.count), let lesson = module.lesson(number)
        else { throw StoreFailure.notFound("learning.error.lesson_not_found") }
        return (catalogue, module, number, lesson)
    }
}
