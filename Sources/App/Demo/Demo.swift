import Vapor

extension Capability {
    /// Fictional municipalities to explore the platform, and synthetic data for benchmarks.
    static var demo: Capability {
        Capability(commands: [("seed", SeedCommand())])
    }
}
