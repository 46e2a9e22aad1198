import Foundation

/// What makes municipalities comparable: size, province and, where both have a shared Quick Scan report, how
/// close their theme scores are (docs/search.md, "Gemeenten zoals de uwe").
public struct MunicipalityProfile: Sendable, Equatable {
    public let code: String
    public let name: String
    public let province: String
    public let sizeClass: SizeClass
    /// Theme id → total score (0–100) of the latest shared report, from the groups it shows; empty without one.
    public let themeScores: [String: Double]
    /// The question bank's version of those scores.
    public let bankVersion: String?
    /// The same, over the statements every version of the question bank shares: what a municipality on another
    /// version is compared on.
    public let sharedScores: [String: Double]

    public init(
        code: String, name: String, province: String, sizeClass: SizeClass, themeScores: [String: Double],
        bankVersion: String? = nil, sharedScores: [String: Double] = [:]
    ) {
        self.code = code
        self.name = name
        self.province = province
        self.sizeClass = sizeClass
        self.themeScores = themeScores
        self.bankVersion = bankVersion
        self.sharedScores = sharedScores
    }

    /// The scores to compare with another profile: the own ones on the same version, else the shared ones.
    func scores(against other: MunicipalityProfile) -> (mine: [String: Double], theirs: [String: Double]) {
        bankVersion == other.bankVersion ? (themeScores, other.themeScores) : (sharedScores, other.sharedScores)
    }
}

/// One similar municipality and why it counts as similar.
public struct SimilarMunicipality: Sendable, Equatable {
    public let profile: MunicipalityProfile
    public let sameSizeClass: Bool
    public let sameProvince: Bool
    /// The mean difference in points over the themes both reports have, when they share enough themes.
    public let profileDifference: Double?
    public let comparedThemes: Int
    /// How many experiences it published that this reader may read; those come first.
    public let experiences: Int
}

public enum Similarity {
    /// Reports must share at least this many themes to compare profiles.
    public static let minimumSharedThemes = 3
    /// Profiles at most this many points apart on average count as close.
    public static let closeProfile = 10.0

    /// The municipalities most like `me`: those with experiences first, then by how much they share (size class
    /// counts double, then a close profile, then the province), then the smaller profile difference and the name.
    /// Municipalities with nothing in common are left out.
    public static func similar(
        to me: MunicipalityProfile, among others: [MunicipalityProfile], experiences: [String: Int], limit: Int
    ) -> [SimilarMunicipality] {
        let found: [(SimilarMunicipality, Int)] = others.compactMap { other in
            guard other.code != me.code else { return nil }
            let (mine, theirs) = me.scores(against: other)
            let shared = Set(mine.keys).intersection(theirs.keys)
            var difference: Double?
            if shared.count >= minimumSharedThemes {
                difference = shared.map { abs((mine[$0] ?? 0) - (theirs[$0] ?? 0)) }.reduce(0, +) / Double(shared.count)
            }
            let similar = SimilarMunicipality(
                profile: other, sameSizeClass: other.sizeClass == me.sizeClass, sameProvince: other.province == me.province,
                profileDifference: difference, comparedThemes: difference == nil ? 0 : shared.count,
                experiences: experiences[other.code] ?? 0)
            let close = difference.map { $0 <= closeProfile } ?? false
            let points = (similar.sameSizeClass ? 2 : 0) + (close ? 2 : 0) + (similar.sameProvince ? 1 : 0)
            return points == 0 ? nil : (similar, points)
        }
        return found.sorted { a, b in
            if (a.0.experiences > 0) != (b.0.experiences > 0) { return a.0.experiences > 0 }
            if a.1 != b.1 { return a.1 > b.1 }
            let (x, y) = (a.0.profileDifference ?? .infinity, b.0.profileDifference ?? .infinity)
            if x != y { return x < y }
            return a.0.profile.name < b.0.profile.name
        }.prefix(max(0, limit)).map(\.0)
    }
}
