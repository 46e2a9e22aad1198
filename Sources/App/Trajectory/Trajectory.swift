import DemocracyKit
import Vapor

extension Capability {
    /// The trajectory of a municipality: its eight steps as stored, the facilitator's marks, its conversations.
    static var trajectory: Capability {
        Capability(
            routes: [TrajectoryController(), AgendaController(), ProgrammeController()],
            migrations: [CreateTrajectoryStep(), CreateConversation(), CreateAgenda()],
            urls: TrajectoryURL.routes.map(\.path),
            links: [
                SiteLink(
                    place: .dashboard, position: 5, labelKey: "programme.title", url: TrajectoryURL.programme, audience: .programmeStaff),
                SiteLink(
                    place: .dashboard, position: 16, labelKey: "agenda.staff_title", url: TrajectoryURL.staffAgendas,
                    audience: .programmeStaff),
            ],
            setUp: { $0.setUpTrajectory() })
    }
}

extension Application {
    private struct EffectsKey: StorageKey { typealias Value = MemoryCache<String, [Effect.Row]> }

    /// What changed between two reports, by the two scans and their report versions.
    var trajectoryEffects: MemoryCache<String, [Effect.Row]> {
        guard let cache = storage[EffectsKey.self] else { fatalError("the trajectory capability sets up its cache") }
        return cache
    }

    private struct ProgrammePagesKey: StorageKey { typealias Value = MemoryCache<String, String> }

    /// The programme dashboard's own part, rendered, by revision, filter, page and language.
    var programmePages: MemoryCache<String, String> {
        guard let cache = storage[ProgrammePagesKey.self] else { fatalError("the trajectory capability sets up its cache") }
        return cache
    }

    private struct TimelinesKey: StorageKey { typealias Value = MemoryCache<String, TrajectoryPages.RenderedTimeline> }

    /// A municipality's timeline with its effect, rendered, by revision and language.
    var trajectoryPages: MemoryCache<String, TrajectoryPages.RenderedTimeline> {
        guard let cache = storage[TimelinesKey.self] else { fatalError("the trajectory capability sets up its cache") }
        return cache
    }

    func setUpTrajectory() {
        storage[TimelinesKey.self] = MemoryCache(capacity: 1_000)
        storage[EffectsKey.self] = MemoryCache(capacity: 1_000)
        storage[ProgrammePagesKey.self] = MemoryCache(capacity: 200)
    }
}
