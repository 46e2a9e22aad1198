import Vapor

extension Capability {
    /// The programme's offer in three pillars: public browsing, editing by programme staff, and the
    /// recommendations a report gets from it.
    static var catalogue: Capability {
        Capability(
            routes: [CatalogueController()],
            migrations: [CreateOffer()],
            urls: CatalogueURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 15, labelKey: "nav.catalogue", url: CatalogueURL.list, audience: .everyone)
            ],
            referenceData: { app in
                try await CatalogueStore.loadSeed(
                    path: app.directory.resourcesDirectory + "Data/catalogue/offers.yaml", on: app.db, at: app.clock.now())
            },
            setUp: { $0.setUpCatalogue() })
    }
}
