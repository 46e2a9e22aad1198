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

    /// One theme's published figure: the mean of the members' own totals when they all used the same version of the
    /// question bank (`basis`), and the mean over the statements every bank shares.
    struct Figure: Decodable, Sendable {
        let mean: Double
        let municipalities: Int
        let basis: String?
        let sharedMean: Double?
        let sharedMunicipalities: Int?

        enum CodingKeys: String, CodingKey {
            case mean, municipalities, basis
            case sharedMean = "shared_mean"
            case sharedMunicipalities = "shared_municipalities"
        }

        /// What a scan on this version is compared with: the own-bank figure when every member used that version,
        /// else the figure over the shared statements (and `onShared` says so). A figure of fewer than the minimum
        /// of municipalities is not given.
        func comparison(forVersion version: String) -> (comparison: Comparison, onShared: Bool) {
            let minimum = ReportRules.minimumComparisonMunicipalities
            if basis == version {
                return (Comparison(mean: municipalities >= minimum ? mean : nil, municipalities: municipalities), false)
            }
            let count = sharedMunicipalities ?? 0
            return (Comparison(mean: count >= minimum ? sharedMean : nil, municipalities: count), true)
        }
    }

    /// The published figures of a group, per theme.
    static func published(_ group: Group, on db: any Database) async throws -> [String: Figure] {
        struct Row: Decodable {
            let themeID: String
            let figure: Figure
            init(from decoder: any Decoder) throws {
                themeID = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .themeID)
                figure = try Figure(from: decoder)
            }
            enum Key: String, CodingKey { case themeID = "theme_id" }
        }
        let rows = try await db.sql().raw(
            """
            SELECT theme_id, mean, municipalities, basis, shared_mean, shared_municipalities FROM comparison_means \
            WHERE group_key = \(bind: group.key)
            """
        ).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.themeID, $0.figure) })
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
            let first_version: String?
            let last_version: String?
            let shared_mean: Double?
            let shared_municipalities: Int
        }
        let rows = try await sql.raw(
            """
            SELECT theme_id, AVG(total) AS mean, COUNT(*) AS municipalities, MIN(bank_version) AS first_version, \
            MAX(bank_version) AS last_version, AVG(shared_total) AS shared_mean, COUNT(shared_total) AS shared_municipalities \
            FROM scan_theme_totals WHERE is_demo = \(bind: group.isDemo)\(classFilter(group)) GROUP BY theme_id
            """
        ).all(decoding: Row.self)
        for row in rows {
            // The own-bank mean says which version it rests on only when every member used that one.
            let basis = row.first_version == row.last_version ? row.first_version : nil
            try await sql.raw(
                """
                INSERT INTO comparison_means (id, group_key, theme_id, mean, municipalities, basis, shared_mean, shared_municipalities) \
                VALUES (\(bind: UUID()), \(bind: group.key), \(bind: row.theme_id), \(bind: row.mean), \(bind: row.municipalities), \
                \(bind: basis), \(bind: row.shared_mean), \(bind: row.shared_municipalities))
                """
            ).run()
        }
        try await sql.raw("DELETE FROM comparison_groups WHERE group_key = \(bind: group.key)").run()
        try await sql.raw(
            "INSERT INTO comparison_groups (id, group_key, changes, published) VALUES (\(bind: UUID()), \(bind: group.key), 0, \(bind: true))"
        ).run()
    }
}
