import Vapor

extension Capability {
    /// The programme's offer in three pillars: public browsing, editing by programme staff, and the
    /// recommendations a report gets from it.
    static var catalogue: Capability {
        Capability(
            routes: [CatalogueController(), RequestController()],
            migrations: [CreateOffer(), CreateOfferRequest(), UpdateOfferRequestAddStatusSinceIndex()],
            commands: [("catalogue", CatalogueCommand())],
            urls: CatalogueURL.routes.map(\.path) + RequestURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 15, labelKey: "nav.catalogue", url: CatalogueURL.list, audience: .everyone),
                SiteLink(place: .dashboard, position: 15, labelKey: "request.nav", url: RequestURL.staffList, audience: .programmeStaff),
            ],
            referenceData: { app in
                try await CatalogueStore.loadSeed(
                    path: app.directory.resourcesDirectory + "Data/catalogue/offers.yaml", on: app.db, at: app.clock.now())
            },
            setUp: { $0.setUpCatalogue() })
    }
}
