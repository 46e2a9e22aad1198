import DemocracyKit
import Vapor

extension Capability {
    /// Weerbaar bestuur: the woningscan, a free security scan of an office holder's home, with a self-check read from
    /// `Resources/Data/resilience/homecheck.yaml` at start-up (a wrong file stops it).
    static var homeScan: Capability {
        Capability(
            routes: [HomeScanController()],
            migrations: [CreateHomeScans()],
            urls: HomeScanURL.routes.map(\.path),
            links: [
                SiteLink(
                    place: .dashboard, position: 21, labelKey: "woningscan.staff_title", url: HomeScanURL.staffList,
                    audience: .programmeStaff)
            ],
            setUp: { app in
                let file = app.directory.resourcesDirectory + "Data/resilience/homecheck.yaml"
                app.homeCheck = try HomeCheck.load(
                    yaml: String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self), file: file)
            })
    }
}

extension Application {
    private struct HomeCheckKey: StorageKey { typealias Value = HomeCheck }

    /// The woningscan's self-check, read at start-up.
    var homeCheck: HomeCheck {
        get {
            guard let check = storage[HomeCheckKey.self] else { fatalError("the home scan capability reads it") }
            return check
        }
        set { storage[HomeCheckKey.self] = newValue }
    }
}
