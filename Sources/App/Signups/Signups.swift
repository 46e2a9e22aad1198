import Vapor

extension Capability {
    /// "Doe mee": a municipality signs up; programme staff accept or reject.
    static var signups: Capability {
        Capability(
            routes: [SignupController()],
            migrations: [CreateSignup(), UpdateSignupAddLanguage()],
            urls: SignupURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 20, labelKey: "nav.signup", url: SignupURL.form, audience: .everyone),
                SiteLink(place: .dashboard, position: 10, labelKey: "dashboard.to_signups", url: SignupURL.list, audience: .programmeStaff),
            ],
            digest: DigestContribution(forStaff: SignupMessages.digest))
    }
}
