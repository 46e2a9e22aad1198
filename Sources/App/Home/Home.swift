import Vapor

extension Capability {
    /// The home page and the statements in the footer.
    static var home: Capability {
        Capability(
            routes: [HomeController()],
            urls: HomeURL.routes.map(\.path),
            links: [
                SiteLink(place: .footer, position: 10, labelKey: "nav.privacy", url: HomeURL.privacy, audience: .everyone),
                SiteLink(
                    place: .footer, position: 20, labelKey: "nav.accessibility", url: HomeURL.accessibility, audience: .everyone),
                SiteLink(place: .footer, position: 30, labelKey: "nav.terms", url: HomeURL.terms, audience: .everyone),
            ])
    }
}
