import Vapor

extension Capability {
    /// The signed-in start page, a municipality's own dashboard and the programme's reach overview.
    static var dashboard: Capability {
        Capability(
            routes: [DashboardController()],
            urls: DashboardURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 30, labelKey: "nav.dashboard", url: DashboardURL.home, audience: .signedIn),
                SiteLink(
                    place: .dashboard, position: 20, labelKey: "dashboard.to_reach", url: DashboardURL.reach, audience: .programmeStaff),
            ])
    }
}
