import Fluent
import SQLKit

struct CreateUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}

struct CreateMembership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MembershipRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("municipality_code", .string, .references(Municipality.schema, "code"))
            .unique(on: "user_id", "role", "municipality_code")
            .create()
        try await database.sql().create(index: "memberships_municipality")
            .on(MembershipRecord.schema).column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MembershipRecord.schema).delete()
    }
}

struct CreateActivationToken: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivationToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ActivationToken.schema).delete()
    }
}

struct CreateLoginFailure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema)
            .id()
            .field("key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "login_failures_key")
            .on(LoginFailure.schema).column("key").column("failed_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema).delete()
    }
}
