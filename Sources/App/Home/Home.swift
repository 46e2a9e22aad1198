import Vapor

extension Capability {
    /// The home page and the statements in the footer.
    static var home: Capability {
        Capability(
            name: "home",
            routes: [HomeController()],
            navigation: [
                NavigationLink(place: .footer, labelKey: "nav.privacy", path: "/privacy", audience: .everyone),
                NavigationLink(place: .footer, labelKey: "nav.accessibility", path: "/toegankelijkheid", audience: .everyone),
                NavigationLink(place: .footer, labelKey: "nav.terms", path: "/verwerkersovereenkomst", audience: .everyone),
            ])
    }
}
