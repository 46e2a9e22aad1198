import Fluent
import SQLKit

struct CreateScan: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateScan" }

    func prepare(on database: any Database) async throws {
        try await createScans(on: database)
        try await createResponses(on: database)
        try await createCounts(on: database)
    }

    /// The rounds, their own questions and their links.
    private func createScans(on database: any Database) async throws {
        try await database.schema("scans")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
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
        try await sql.create(index: "scans_municipality").on("scans").column("municipality_code").run()
        try await sql.create(index: "scans_open_token").on("scans").column("open_token").run()

        try await database.schema("scan_custom_questions")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("groups", .string, .required)
            .unique(on: "scan_id", "position")
            .create()

        try await database.schema("scan_invitations")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("token_hash", .string, .required)
            .field("from_open_link", .bool, .required)
            .field("draft", .string)
            .field("used", .bool, .required)
            .unique(on: "token_hash")
            .create()
        try await sql.create(index: "scan_invitations_scan").on("scan_invitations").column("scan_id").run()
    }

    /// What respondents sent.
    private func createResponses(on database: any Database) async throws {
        let sql = try database.sql()
        try await database.schema("scan_responses")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("submitted_on", .string, .required)
            .create()
        try await sql.create(index: "scan_responses_scan").on("scan_responses").column("scan_id").run()

        try await UpdateScanResponseAddAnswers.createAnswerTable(on: database)

        try await database.schema("scan_open_answers")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("question_id", .string, .required)
            .field("text", .string, .required)
            .field("hidden", .bool, .required)
            .create()
        // Ordered by id within a question, so "the first five" is read from the index, not sorted.
        try await sql.create(index: "scan_open_answers_scan").on("scan_open_answers")
            .column("scan_id").column("question_id").column("id").run()
    }

    /// The counts kept up to date with every response, and the totals compared between municipalities.
    private func createCounts(on database: any Database) async throws {
        try await database.schema("scan_aggregates")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
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

        try await database.schema("scan_group_counts")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("respondent_group", .string, .required)
            .field("responses", .int, .required)
            .unique(on: "scan_id", "respondent_group")
            .create()

        try await database.schema("scan_theme_totals")
            .id()
            .field("scan_id", .uuid, .required, .references("scans", "id", onDelete: .cascade))
            .field("municipality_code", .string, .required)
            .field("theme_id", .string, .required)
            .field("total", .double, .required)
            .field("size_class", .string, .required)
            .field("is_demo", .bool, .required)
            .create()
        try await database.sql().create(index: "scan_theme_totals_municipality").on("scan_theme_totals").column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            "scan_theme_totals", "scan_group_counts", "scan_aggregates", "scan_open_answers",
            "scan_answers", "scan_responses", "scan_invitations", "scan_custom_questions", "scans",
        ] {
            try await database.schema(schema).delete()
        }
    }
}
