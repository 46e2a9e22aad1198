import Vapor

extension Capability {
    /// The search index that "Leren van elkaar" searches: experiences and the offer, in Dutch (docs/search.md).
    static var search: Capability {
        Capability(
            migrations: [CreateSearchIndex(), CreateSearchRevision()],
            referenceData: { app in try await CatalogueStore.indexMissing(app: app) },
            setUp: { $0.setUpSearch() })
    }
}
