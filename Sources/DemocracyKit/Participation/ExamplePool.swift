import Foundation

/// A pool of volunteers as a real call for a burgerberaad brings them (older and more educated people say yes more
/// often), with quotas from population shares like CBS publishes for a municipality. The demo, the benchmark and
/// the tests draw from it, so their figures describe the same situation.
public enum ExamplePool {
    /// Shares of the volunteers who say yes, in percent per value.
    static let volunteerShares: [(criterion: String, shares: [(String, Int)])] = [
        ("leeftijd", [("16-24", 8), ("25-44", 22), ("45-64", 35), ("65+", 35)]),
        ("geslacht", [("vrouw", 45), ("man", 53), ("anders", 2)]),
        ("wijk", [("centrum", 30), ("noord", 25), ("zuid", 25), ("buitengebied", 20)]),
        ("opleiding", [("laag", 12), ("middelbaar", 33), ("hoog", 55)]),
    ]

    /// `count` volunteers with ids V0000, V0001, …, repeatable from the seed.
    public static func volunteers(_ count: Int, seed: String = "voorbeeld") -> [Volunteer] {
        var generator = SeededGenerator(seed: seed, purpose: "volunteers")
        func pick(_ weights: [(String, Int)]) -> String {
            var roll = Int.random(in: 0..<weights.reduce(0) { $0 + $1.1 }, using: &generator)
            for (value, weight) in weights {
                if roll < weight { return value }
                roll -= weight
            }
            return weights[0].0
        }
        return (0..<count).map { index in
            Volunteer(
                id: String(format: "V%04d", index),
                features: Dictionary(uniqueKeysWithValues: volunteerShares.map { ($0.criterion, pick($0.shares)) }))
        }
    }

    /// Quotas for a panel of `panelSize` from the population's shares (16 years and older).
    public static func quotas(panelSize: Int) -> Quotas {
        Quotas.fromShares(
            panelSize: panelSize,
            criteria: [
                (
                    "leeftijd", "Leeftijd",
                    [
                        ("16-24", "16 tot 25 jaar", 14), ("25-44", "25 tot 45 jaar", 30), ("45-64", "45 tot 65 jaar", 32),
                        ("65+", "65 jaar en ouder", 24),
                    ]
                ),
                ("geslacht", "Geslacht", [("vrouw", "Vrouw", 50), ("man", "Man", 49), ("anders", "Anders of zeg ik liever niet", 1)]),
                (
                    "wijk", "Wijk",
                    [("centrum", "Centrum", 30), ("noord", "Noord", 25), ("zuid", "Zuid", 25), ("buitengebied", "Buitengebied", 20)]
                ),
                (
                    "opleiding", "Opleiding",
                    [("laag", "Basisschool, vmbo of mbo 1", 28), ("middelbaar", "Havo, vwo of mbo 2–4", 38), ("hoog", "Hbo of wo", 34)]
                ),
            ])
    }
}
