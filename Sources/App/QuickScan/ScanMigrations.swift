import DemocracyKit
import Fluent
import Foundation
import SQLKit

struct CreateScan: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Scan.schema)
            .id()
            .field("municipality_code", .string, .required, .references(Municipality.schema, "code"))
            .field("bank_version", .string, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("min_age", .int, .required)
            .field("groups", .string, .required)
            .field("open_token", .string)
            .field("open_link_active", .bool, .required)
            .field("closed_on", .string)
            .field("created_at", .datetime)
            .create()
        let sql = try database.sql()
        try await sql.create(index: "scans_municipality").on(Scan.schema).column("municipality_code").run()
        try await sql.create(index: "scans_open_token").on(Scan.schema).column("open_token").run()

        try await database.schema(ScanCustomQuestion.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("groups", .string, .required)
            .unique(on: "scan_id", "position")
            .create()

        try await database.schema(ScanInvitation.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("token_hash", .string, .required)
            .field("from_open_link", .bool, .required)
            .field("draft", .string)
            .field("used", .bool, .required)
            .unique(on: "token_hash")
            .create()
        try await sql.create(index: "scan_invitations_scan").on(ScanInvitation.schema).column("scan_id").run()

        try await database.schema(ScanResponse.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("submitted_on", .string, .required)
            .create()
        try await sql.create(index: "scan_responses_scan").on(ScanResponse.schema).column("scan_id").run()

        try await UpdateScanResponseAddAnswers.createAnswerTable(on: database)

        try await database.schema(ScanOpenAnswer.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("question_id", .string, .required)
            .field("text", .string, .required)
            .field("hidden", .bool, .required)
            .create()
        // Ordered by id within a question, so "the first five" is read from the index, not sorted.
        try await sql.create(index: "scan_open_answers_scan").on(ScanOpenAnswer.schema)
            .column("scan_id").column("question_id").column("id").run()

        try await database.schema(ScanAggregate.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("respondent_group", .string, .required)
            .field("n0", .int, .required)
            .field("n1", .int, .required)
            .field("n2", .int, .required)
            .field("n3", .int, .required)
            .field("n4", .int, .required)
            .field("n5", .int, .required)
            .unique(on: "scan_id", "question_id", "respondent_group")
            .create()

        try await database.schema(ScanGroupCount.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("responses", .int, .required)
            .unique(on: "scan_id", "respondent_group")
            .create()

        try await database.schema(ScanThemeTotal.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("municipality_code", .string, .required)
            .field("theme_id", .string, .required)
            .field("total", .double, .required)
            .field("size_class", .string, .required)
            .field("is_demo", .bool, .required)
            .create()
        try await sql.create(index: "scan_theme_totals_municipality").on(ScanThemeTotal.schema).column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [ScanThemeTotal.schema, ScanGroupCount.schema, ScanAggregate.schema, ScanOpenAnswer.schema,
                       "scan_answers", ScanResponse.schema, ScanInvitation.schema, ScanCustomQuestion.schema, Scan.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// A response's scale answers move into one column of the response: one row written per response instead of
/// one per answer (about 25), which is what made sending slow and the database large. Existing answers are
/// copied over before their table goes.
struct UpdateScanResponseAddAnswers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw("ALTER TABLE \(ident: ScanResponse.schema) ADD COLUMN \(ident: "answers") TEXT NOT NULL DEFAULT '{}'").run()
        struct Answer: Decodable {
            let response_id: UUID
            let question_id: String
            let value: Int
        }
        var after: UUID?
        while true {
            var page = sql.select().column("id").from(ScanResponse.schema).orderBy("id").limit(1000)
            if let after { page = page.where("id", .greaterThan, after) }
            let ids = try await page.all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let last = ids.last else { break }
            let answers = try await sql.select().columns("response_id", "question_id", "value").from("scan_answers")
                .where("response_id", .in, ids).all(decoding: Answer.self)
            let encoded: [(UUID, String)] = Dictionary(grouping: answers, by: \.response_id).map { id, answers in
                (id, ScanResponse.encode(Dictionary(answers.compactMap { answer in ScaleAnswer(rawValue: answer.value).map { (answer.question_id, $0) } },
                                                    uniquingKeysWith: { first, _ in first })))
            }
            try await database.transaction { (db: any Database) async throws -> Void in
                let sql = try db.sql()
                for (id, answers) in encoded {
                    try await sql.update(ScanResponse.schema).set("answers", to: answers).where("id", .equal, id).run()
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
            .field("response_id", .uuid, .required, .references(ScanResponse.schema, "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("value", .int, .required)
            .create()
        try await database.sql().create(index: "scan_answers_response").on("scan_answers").column("response_id").run()
    }

    func revert(on database: any Database) async throws {
        try await Self.createAnswerTable(on: database)
        try await database.sql().raw("ALTER TABLE \(ident: ScanResponse.schema) DROP COLUMN \(ident: "answers")").run()
    }
}

/// The version of a scan's report, raised by `ScanStore.reportsChanged`.
struct UpdateScanAddReportVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.raw("ALTER TABLE \(ident: Scan.schema) ADD COLUMN \(ident: "report_version") INTEGER NOT NULL DEFAULT 0").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("ALTER TABLE \(ident: Scan.schema) DROP COLUMN \(ident: "report_version")").run()
    }
}
