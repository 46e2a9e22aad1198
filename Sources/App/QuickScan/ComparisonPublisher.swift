import DemocracyKit
import Fluent
import Foundation
import SQLKit

/// Keeps the published comparison figures (`ComparisonRule`): a municipality's totals change when its scan closes;
/// the groups it belongs to count the change and publish new figures once enough members changed.
enum ComparisonPublisher {
    /// A group: national or one size class, demo municipalities always apart from real ones.
    struct Group: Hashable, Sendable {
        let sizeClass: SizeClass?
        let isDemo: Bool

        var key: String { (sizeClass.map { "class:" + $0.rawValue } ?? "national") + (isDemo ? ":demo" : "") }
    }

    static func groups(of municipality: Municipality) -> [Group] {
        [
            Group(sizeClass: nil, isDemo: municipality.isDemo),
            Group(sizeClass: SizeClass(population: municipality.population), isDemo: municipality.isDemo),
        ]
    }

    /// After a municipality's totals changed, in the same transaction: counts the change in its groups and
    /// publishes those that may be published.
    static func totalsChanged(of municipality: Municipality, on db: any Database) async throws {
        let sql = try db.sql()
        for group in groups(of: municipality) {
            let row = try await sql.raw("SELECT changes, published FROM comparison_groups WHERE group_key = \(bind: group.key)").first()
            let changes = (try row?.decode(column: "changes", as: Int.self) ?? 0) + 1
            let published = try row?.decode(column: "published", as: Bool.self) ?? false
            let members = try await memberCount(group, sql: sql)
            if ComparisonRule.publishes(members: members, changesSincePublished: changes, published: published) {
                try await publish(group, sql: sql)
            } else if row == nil {
                try await sql.raw(
                    "INSERT INTO comparison_groups (id, group_key, changes, published) VALUES (\(bind: UUID()), \(bind: group.key), \(bind: changes), \(bind: false))"
                ).run()
            } else {
                try await sql.raw("UPDATE comparison_groups SET changes = \(bind: changes) WHERE group_key = \(bind: group.key)").run()
            }
        }
    }

    /// Publishes every group that has enough members (a database from before the rule).
    static func publishAll(on db: any Database) async throws {
        let sql = try db.sql()
        var groups: [Group] = []
        for isDemo in [false, true] {
            groups.append(Group(sizeClass: nil, isDemo: isDemo))
            groups += SizeClass.allCases.map { Group(sizeClass: $0, isDemo: isDemo) }
        }
        for group in groups {
            if try await memberCount(group, sql: sql) >= ReportRules.minimumComparisonMunicipalities { try await publish(group, sql: sql) }
        }
    }

    /// The published figures of a group: theme → mean and number of municipalities.
    static func published(_ group: Group, on db: any Database) async throws -> [String: Comparison] {
        struct Row: Decodable {
            let theme_id: String
            let mean: Double
            let municipalities: Int
        }
        let rows = try await db.sql().raw(
            "SELECT theme_id, mean, municipalities FROM comparison_means WHERE group_key = \(bind: group.key)"
        ).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.theme_id, Comparison(mean: $0.mean, municipalities: $0.municipalities)) })
    }

    private static func memberCount(_ group: Group, sql: any SQLDatabase) async throws -> Int {
        try await sql.raw(
            "SELECT COUNT(DISTINCT municipality_code) AS n FROM scan_theme_totals WHERE is_demo = \(bind: group.isDemo)\(classFilter(group))"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func classFilter(_ group: Group) -> SQLQueryString {
        guard let sizeClass = group.sizeClass else { return "" }
        return " AND size_class = \(bind: sizeClass.rawValue)"
    }

    /// Replaces a group's figures by the means of its members' current totals, and starts counting changes anew.
    private static func publish(_ group: Group, sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM comparison_means WHERE group_key = \(bind: group.key)").run()
        struct Row: Decodable {
            let theme_id: String
            let mean: Double
            let municipalities: Int
        }
        let rows = try await sql.raw(
            """
            SELECT theme_id, AVG(total) AS mean, COUNT(*) AS municipalities FROM scan_theme_totals \
            WHERE is_demo = \(bind: group.isDemo)\(classFilter(group)) GROUP BY theme_id
            """
        ).all(decoding: Row.self)
        for row in rows {
            try await sql.raw(
                """
                INSERT INTO comparison_means (id, group_key, theme_id, mean, municipalities) \
                VALUES (\(bind: UUID()), \(bind: group.key), \(bind: row.theme_id), \(bind: row.mean), \(bind: row.municipalities))
                """
            ).run()
        }
        try await sql.raw("DELETE FROM comparison_groups WHERE group_key = \(bind: group.key)").run()
        try await sql.raw(
            "INSERT INTO comparison_groups (id, group_key, changes, published) VALUES (\(bind: UUID()), \(bind: group.key), 0, \(bind: true))"
        ).run()
    }
}
