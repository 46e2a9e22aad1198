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
            setUp: { app in
                app.storage[ChallengePagesKey.self] = MemoryCache(capacity: 500)
                app.storage[ChallengeBodiesKey.self] = MemoryCache(capacity: 500)
            },
            everyMinute: { app in try await ChallengeStore.signalOverdue(app: app) })
    }
}

private struct ChallengePagesKey: StorageKey { typealias Value = MemoryCache<String, ByteBuffer> }
private struct ChallengeBodiesKey: StorageKey { typealias Value = MemoryCache<String, String> }

extension Application {
    /// The register, its feeds and the municipalities' pages as visitors see them, until the next change
    /// (`ChallengeStore.revision`).
    var challengePages: MemoryCache<String, ByteBuffer> {
        guard let cache = storage[ChallengePagesKey.self] else { fatalError("the challenges capability sets up its cache") }
        return cache
    }

    /// The register's own part, without the layout, for signed-in readers, until the next change: the same for
    /// everyone, so only the layout with the person's menu is made per request.
    var challengeBodies: MemoryCache<String, String> {
        guard let cache = storage[ChallengeBodiesKey.self] else { fatalError("the challenges capability sets up its cache") }
        return cache
    }
}
