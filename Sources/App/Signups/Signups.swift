import Vapor

extension Capability {
    /// "Doe mee": a municipality signs up; programme staff accept or reject.
    static var signups: Capability {
        Capability(
            name: "signups",
            routes: [SignupController()],
            migrations: [CreateSignup()],
            navigation: [NavigationLink(place: .header, labelKey: "nav.signup", path: "/doe-mee", audience: .everyone)],
            dashboardLinks: [DashboardLink(labelKey: "dashboard.to_signups", path: "/beheer/aanmeldingen", audience: .programmeStaff)])
    }
}
