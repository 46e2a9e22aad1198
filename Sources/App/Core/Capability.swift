import DemocracyKit
import Fluent
import Vapor

/// One capability of the platform, such as the Quick Scan or the sign-ups: everything it adds to the app, in one
/// value that its own folder defines (`Capability.quickScan` in `QuickScan/QuickScan.swift`). `configure.swift`
/// lists the capabilities and nothing more, so adding one never edits another's files.
struct Capability {
    var routes: [any RouteCollection] = []
    /// In the order they must run; the capabilities' order in `configure.swift` orders them across capabilities.
    var migrations: [any Migration] = []
    /// Subcommands of `dia`, by name.
    var commands: [(name: String, command: any AnyAsyncCommand)] = []
    /// The patterns of its typed URLs (`XURL.routes`), which the route table's test holds every route to.
    var urls: [String] = []
    /// Links in the site's header and footer and on the signed-in start page.
    var links: [SiteLink] = []
    /// Path prefixes whose posts are authorised by a secret code in the address instead of a session's CSRF token.
    var codeAuthorizedPaths: [String] = []
    /// Signed-in uploads larger than the usual limit, by route pattern, so the CSRF check reads their whole body.
    var largeUploads: [LargeUpload] = []
    /// What the capability adds to the weekly overview by email.
    var digest: DigestContribution?
    /// Loads its reference data after the migrations (the municipalities, the offer catalogue); safe to run on
    /// every start.
    var referenceData: (@Sendable (Application) async throws -> Void)?
    /// Runs first, for what the capability keeps in the app (caches, workers).
    var setUp: ((Application) throws -> Void)?
    /// Work that falls due with time, such as signals for missed terms; the mail delivery runs it once a minute.
    var everyMinute: (@Sendable (Application) async throws -> Void)?
}

/// Who sees a link.
enum LinkAudience: Sendable {
    case everyone
    case signedIn
    case signedOut
    case programmeStaff

    func includes(_ user: CurrentUser?) -> Bool {
        switch self {
        case .everyone: true
        case .signedIn: user != nil
        case .signedOut: user == nil
        case .programmeStaff: user?.isProgrammeStaff == true
        }
    }
}

/// A link in the header's menu, the footer or the signed-in start page, with the key of its text.
struct SiteLink: Sendable {
    enum Place: Sendable {
        case header
        case footer
        /// The programme's section of the signed-in start page.
        case dashboard
    }

    let place: Place
    /// Where the link stands among the others in its place, lowest first; capabilities are registered in the
    /// order their migrations need, which is not the order people read the menu in.
    let position: Int
    let labelKey: String
    let path: String
    let audience: LinkAudience

    init(place: Place, position: Int, labelKey: String, url: some TypedURL, audience: LinkAudience) {
        self.place = place
        self.position = position
        self.labelKey = labelKey
        self.path = url.path
        self.audience = audience
    }
}

/// What the layout, the start page and the CSRF check read from the registered capabilities.
struct Registered: Sendable {
    var links: [SiteLink] = []
    var codeAuthorizedPaths: [String] = []
    var largeUploads: [LargeUpload] = []
    var urls: [String] = []
    var digests: [DigestContribution] = []
    var referenceData: [@Sendable (Application) async throws -> Void] = []
    var everyMinute: [@Sendable (Application) async throws -> Void] = []
}

/// A route that takes a larger body than the usual limit, such as a file of addresses.
struct LargeUpload: Sendable {
    let pattern: [String]
    let limit: ByteCount

    init(_ url: some TypedURL, limit: ByteCount) {
        pattern = url.path.split(separator: "/").map(String.init)
        self.limit = limit
    }

    /// Whether a request's path fits the pattern, a `:parameter` standing for any one segment.
    func matches(_ path: String) -> Bool {
        let segments = path.split(separator: "/")
        return segments.count == pattern.count && zip(segments, pattern).allSatisfy { $1.hasPrefix(":") || $0 == $1 }
    }
}

/// The week a weekly overview covers: the seven days before the Monday it goes out on.
struct DigestWeek: Sendable {
    /// The Monday it goes out on, yyyy-MM-dd; the week covered runs from `firstDay` up to (not including) it.
    let monday: String
    let firstDay: String
    /// From `firstDay`, midnight in the Netherlands.
    let start: Date
}

/// A capability's part of the weekly overview: paragraphs (in Dutch) for programme staff, and for the
/// coordinators and facilitators of one municipality. No paragraphs means nothing to say this week.
struct DigestContribution: Sendable {
    var forStaff: @Sendable (Application, DigestWeek) async throws -> [String] = { _, _ in [] }
    var forMunicipality: @Sendable (Application, _ code: String, DigestWeek) async throws -> [String] = { _, _, _ in [] }
}

extension Application {
    private struct RegisteredKey: StorageKey { typealias Value = Registered }

    var registered: Registered {
        storage[RegisteredKey.self] ?? Registered()
    }

    /// The links of one place that this person sees, in their language.
    func links(_ place: SiteLink.Place, for user: CurrentUser?, in language: Language) -> [PageMeta.Link] {
        let localizer = localizer
        return registered.links.filter { $0.place == place && $0.audience.includes(user) }
            .map { PageMeta.Link(label: localizer.text($0.labelKey, language), href: $0.path) }
    }

    /// Sets up each capability and adds its routes, migrations, commands and links, in the order given.
    func register(_ capabilities: [Capability]) throws {
        var registered = Registered()
        for capability in capabilities {
            try capability.setUp?(self)
            for migration in capability.migrations { migrations.add(migration) }
            for collection in capability.routes { try register(collection: collection) }
            for (name, command) in capability.commands { asyncCommands.use(command, as: name) }
            registered.links += capability.links
            registered.codeAuthorizedPaths += capability.codeAuthorizedPaths
            registered.largeUploads += capability.largeUploads
            registered.urls += capability.urls
            if let digest = capability.digest { registered.digests.append(digest) }
            if let load = capability.referenceData { registered.referenceData.append(load) }
            if let work = capability.everyMinute { registered.everyMinute.append(work) }
        }
        registered.links.sort { $0.position < $1.position }
        storage[RegisteredKey.self] = registered
    }
}
