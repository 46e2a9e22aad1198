import Vapor

extension Capability {
    /// "Doe mee": a municipality signs up; programme staff accept or reject.
    static var signups: Capability {
        Capability(
            name: "signups",
            routes: [SignupController()],
            migrations: [CreateSignup()],
            urls: SignupURL.routes.map(\.path),
            navigation: [NavigationLink(place: .header, position: 20, labelKey: "nav.signup", url: SignupURL.form, audience: .everyone)],
            dashboardLinks: [DashboardLink(labelKey: "dashboard.to_signups", url: SignupURL.list, audience: .programmeStaff)])
    }
}
