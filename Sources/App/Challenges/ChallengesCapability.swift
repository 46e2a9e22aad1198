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
            setUp: { app in app.storage[ChallengePagesKey.self] = MemoryCache(capacity: 500) },
            everyMinute: { app in try await ChallengeStore.signalOverdue(app: app) })
    }
}

private struct ChallengePagesKey: StorageKey { typealias Value = MemoryCache<String, ByteBuffer> }

extension Application {
    /// The register, its feeds and the municipalities' pages as visitors see them, until the next change
    /// (`ChallengeStore.revision`).
    var challengePages: MemoryCache<String, ByteBuffer> {
        guard let cache = storage[ChallengePagesKey.self] else { fatalError("the challenges capability sets up its cache") }
        return cache
    }
}
