import Foundation

/// The programme's reach: how many municipalities per province take part. The ambition is every municipality.
public struct ReachRow: Codable, Sendable, Equatable {
    public let province: String
    public let municipalities: Int
    public let participating: Int

    public init(province: String, municipalities: Int, participating: Int) {
        self.province = province
        self.municipalities = municipalities
        self.participating = participating
    }

    /// Share of municipalities taking part, 0 to 100, rounded to whole percents.
    public var percentage: Int {
        municipalities == 0 ? 0 : Int((Double(participating) * 100 / Double(municipalities)).rounded())
    }
}

public enum Reach {
    /// One row per province (every province, also those with no participants yet) and a total row.
    public static func overview(
        municipalities: [(code: String, province: String)],
        participating: Set<String>
    ) -> (rows: [ReachRow], total: ReachRow) {
        var counts: [String: (all: Int, taking: Int)] = [:]
        for province in Province.all { counts[province] = (0, 0) }
        for municipality in municipalities {
            var entry = counts[municipality.province, default: (0, 0)]
            entry.all += 1
            if participating.contains(municipality.code) { entry.taking += 1 }
            counts[municipality.province] = entry
        }
        let rows = counts.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map {
            ReachRow(province: $0, municipalities: counts[$0]!.all, participating: counts[$0]!.taking)
        }
        let total = ReachRow(
            province: "",
            municipalities: rows.reduce(0) { $0 + $1.municipalities },
            participating: rows.reduce(0) { $0 + $1.participating })
        return (rows, total)
    }
}
