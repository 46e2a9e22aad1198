import DemocracyKit
import Vapor

extension Capability {
    /// The ParticipatieWijzer: participation methods rated on democratic values, an advisor for a mix, and the
    /// municipalities' participation plans made from it.
    static var participation: Capability {
        Capability(
            routes: [ParticipationController(), PlanController()],
            migrations: [CreateParticipationPlans()],
            commands: [("participation", ParticipationCommand())],
            urls: ParticipationURL.routes.map(\.path) + PlanURL.routes.map(\.path),
            links: [
                SiteLink(place: .footer, position: 3, labelKey: "nav.participation", url: ParticipationURL.methods, audience: .everyone),
                SiteLink(
                    place: .dashboard, position: 16, labelKey: "nav.participation", url: ParticipationURL.advisor, audience: .signedIn),
            ],
            setUp: { app in
                let path = app.directory.resourcesDirectory + "Data/participation/methods.yaml"
                let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
                app.participationMethods = try MethodCatalogue.load(yaml: text, file: path)
            })
    }
}

extension Application {
    private struct MethodCatalogueKey: StorageKey { typealias Value = MethodCatalogue }

    /// The methods of `Resources/Data/participation/methods.yaml`, read at start-up: a wrong file stops it.
    var participationMethods: MethodCatalogue {
        get {
            guard let methods = storage[MethodCatalogueKey.self] else { fatalError("the participation capability reads the methods") }
            return methods
        }
        set { storage[MethodCatalogueKey.self] = newValue }
    }
}
