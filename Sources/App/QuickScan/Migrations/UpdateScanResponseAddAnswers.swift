import DemocracyKit
import Fluent
import Foundation
import SQLKit

/// A response's scale answers move into one column of the response: one row written per response instead of
/// one per answer (about 25), which is what made sending slow and the database large. Existing answers are
/// copied over before their table goes.
struct UpdateScanResponseAddAnswers: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateScanResponseAddAnswers" }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await database.schema("scan_responses").field("answers", .string, .required, .sql(.default("{}"))).update()
        struct Answer: Decodable {
            let response_id: UUID
            let question_id: String
            let value: Int
        }
        var after: UUID?
        while true {
            var page = sql.select().column("id").from("scan_responses").orderBy("id").limit(1000)
            if let after { page = page.where("id", .greaterThan, after) }
            let ids = try await page.all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let last = ids.last else { break }
            let answers = try await sql.select().columns("response_id", "question_id", "value").from("scan_answers")
                .where("response_id", .in, ids).all(decoding: Answer.self)
            let encoded: [(UUID, String)] = Dictionary(grouping: answers, by: \.response_id).map { id, answers in
                (
                    id,
                    ScanResponse.encode(
                        Dictionary(
                            answers.compactMap { answer in ScaleAnswer(rawValue: answer.value).map { (answer.question_id, $0) } },
                            uniquingKeysWith: { first, _ in first }))
                )
            }
            try await database.transaction { (db: any Database) async throws -> Void in
                let sql = try db.sql()
                for (id, answers) in encoded {
                    try await sql.update("scan_responses").set("answers", to: answers).where("id", .equal, id).run()
                }
            }
            after = last
        }
        try await database.schema("scan_answers").delete()
    }

    /// The table of one row per answer, as the first schema had it.
    static func createAnswerTable(on database: any Database) async throws {
        try await database.schema("scan_answers")
            .id()
            .field("response_id", .uuid, .required, .references("scan_responses", "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("value", .int, .required)
            .create()
        try await database.sql().create(index: "scan_answers_response").on("scan_answers").column("response_id").run()
    }

    func revert(on database: any Database) async throws {
        try await Self.createAnswerTable(on: database)
        try await database.schema("scan_responses").deleteField("answers").update()
    }
}
