import Vapor

extension Capability {
    /// The signed-in start page, a municipality's own dashboard and the programme's reach overview.
    static var dashboard: Capability {
        Capability(
            name: "dashboard",
            routes: [DashboardController()],
            navigation: [NavigationLink(place: .header, labelKey: "nav.dashboard", path: "/dashboard", audience: .signedIn)],
            dashboardLinks: [DashboardLink(labelKey: "dashboard.to_reach", path: "/beheer/bereik", audience: .programmeStaff)])
    }
}
