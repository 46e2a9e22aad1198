import Vapor

extension Capability {
    /// "Leren van elkaar": municipalities share what they did and learned, good and bad; programme staff review;
    /// anyone searches, reads and follows the feed.
    static var experiences: Capability {
        Capability(
            routes: [ExperienceController()],
            migrations: [CreateExperience(), CreateExperienceVisit()],
            urls: ExperienceURL.routes.map(\.path),
            links: [
                SiteLink(place: .header, position: 17, labelKey: "nav.experiences", url: ExperienceURL.list, audience: .everyone),
                SiteLink(
                    place: .dashboard, position: 17, labelKey: "experience.review_nav", url: ExperienceURL.reviewList,
                    audience: .programmeStaff),
            ],
            setUp: { $0.setUpExperiences() })
    }
}

extension Application {
    private struct ExperiencePagesKey: StorageKey { typealias Value = MemoryCache<String, ByteBuffer> }

    /// The search page as visitors who are not signed in see it (`renderSharedWithVisitors`).
    var experiencePages: MemoryCache<String, ByteBuffer> {
        guard let cache = storage[ExperiencePagesKey.self] else { fatalError("the experiences capability sets up its cache") }
        return cache
    }

    private struct ExperienceBodiesKey: StorageKey { typealias Value = MemoryCache<String, String> }

    /// The results part of the search page for signed-in readers, by what they may read and what they searched,
    /// while the index is unchanged.
    var experienceBodies: MemoryCache<String, String> {
        guard let cache = storage[ExperienceBodiesKey.self] else { fatalError("the experiences capability sets up its cache") }
        return cache
    }

    func setUpExperiences() {
        storage[ExperiencePagesKey.self] = MemoryCache(capacity: 500)
        storage[ExperienceBodiesKey.self] = MemoryCache(capacity: 500)
    }
}
