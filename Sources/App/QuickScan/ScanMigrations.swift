import Fluent
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
        let sql = database as? any SQLDatabase
        try await sql?.create(index: "scans_municipality").on(Scan.schema).column("municipality_code").run()
        try await sql?.create(index: "scans_open_token").on(Scan.schema).column("open_token").run()

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
        try await sql?.create(index: "scan_invitations_scan").on(ScanInvitation.schema).column("scan_id").run()

        try await database.schema(ScanResponse.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("submitted_on", .string, .required)
            .create()
        try await sql?.create(index: "scan_responses_scan").on(ScanResponse.schema).column("scan_id").run()

        try await database.schema(ScanAnswer.schema)
            .id()
            .field("response_id", .uuid, .required, .references(ScanResponse.schema, "id", onDelete: .cascade))
            .field("question_id", .string, .required)
            .field("value", .int, .required)
            .create()
        try await sql?.create(index: "scan_answers_response").on(ScanAnswer.schema).column("response_id").run()

        try await database.schema(ScanOpenAnswer.schema)
            .id()
            .field("scan_id", .uuid, .required, .references(Scan.schema, "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("question_id", .string, .required)
            .field("text", .string, .required)
            .field("hidden", .bool, .required)
            .create()
        // Ordered by id within a question, so "the first five" is read from the index, not sorted.
        try await sql?.create(index: "scan_open_answers_scan").on(ScanOpenAnswer.schema)
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
        try await sql?.create(index: "scan_theme_totals_municipality").on(ScanThemeTotal.schema).column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [ScanThemeTotal.schema, ScanGroupCount.schema, ScanAggregate.schema, ScanOpenAnswer.schema,
                       ScanAnswer.schema, ScanResponse.schema, ScanInvitation.schema, ScanCustomQuestion.schema, Scan.schema] {
            try await database.schema(schema).delete()
        }
    }
}
