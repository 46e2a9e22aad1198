import Vapor

extension Capability {
    /// The uitdaagrecht (Right to Challenge): a municipality's own rules, challenges from groups of inhabitants
    /// from idea to evaluation, terms with signals, and a public register.
    static var challenges: Capability {
        Capability(
            routes: [ChallengeController(), ChallengeDeskController()],
            migrations: [CreateChallenge()],
            urls: ChallengeURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 19, labelKey: "nav.challenges", url: ChallengeURL.register, audience: .everyone),
                SiteLink(
                    place: .dashboard, position: 19, labelKey: "challenge.national_title", url: ChallengeURL.national,
                    audience: .programmeStaff),
            ],
            codeAuthorizedPaths: [ChallengeURL.codeAuthorizedPrefix],
            everyMinute: { app in try await ChallengeStore.signalOverdue(app: app) })
    }
}
