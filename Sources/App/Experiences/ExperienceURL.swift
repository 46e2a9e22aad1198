import Foundation

/// Experiences: the public pages and the feed, the municipality's own pages, and programme staff's review.
enum ExperienceURL: TypedURL {
    case list
    case show(Parameter<String>)
    case feed
    case mine(Parameter<String>)
    case new(Parameter<String>)
    case edit(Parameter<String>, Parameter<UUID>)
    case act(Parameter<String>, Parameter<UUID>)
    case reviewList
    case review(Parameter<UUID>)
    case reviewAct(Parameter<UUID>)
    case versions(Parameter<UUID>)
    case similar(Parameter<String>)
    case contact(Parameter<String>)

    var path: String {
        switch self {
        case .list: "/ervaringen"
        case .show(let slug): "/ervaringen/\(slug.segment("slug"))"
        case .feed: "/ervaringen/feed.atom"
        case .mine(let code): "/gemeenten/\(code.segment("code"))/ervaringen"
        case .new(let code): "/gemeenten/\(code.segment("code"))/ervaringen/nieuw"
        case .edit(let code, let id): "/gemeenten/\(code.segment("code"))/ervaringen/\(id.segment("experienceID"))"
        case .act(let code, let id): "/gemeenten/\(code.segment("code"))/ervaringen/\(id.segment("experienceID"))/stap"
        case .reviewList: "/beheer/ervaringen"
        case .review(let id): "/beheer/ervaringen/\(id.segment("experienceID"))"
        case .reviewAct(let id): "/beheer/ervaringen/\(id.segment("experienceID"))/stap"
        case .versions(let id): "/beheer/ervaringen/\(id.segment("experienceID"))/versies"
        case .similar(let code): "/gemeenten/\(code.segment("code"))/vergelijkbaar"
        case .contact(let slug): "/ervaringen/\(slug.segment("slug"))/contact"
        }
    }

    static var routes: [ExperienceURL] {
        [
            .list, .show(.key), .feed, .mine(.key), .new(.key), .edit(.key, .key), .act(.key, .key), .reviewList, .review(.key),
            .reviewAct(.key), .versions(.key), .similar(.key), .contact(.key),
        ]
    }
}
