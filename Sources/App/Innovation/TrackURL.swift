import Foundation

/// Innovation tracks: public pages, a municipality's application, and programme staff's tracks and decisions.
enum TrackURL: TypedURL {
    case list
    case show(Parameter<String>)
    case apply(Parameter<String>)
    case result(Parameter<String>, Parameter<String>)
    case makeOffer(Parameter<String>, Parameter<String>)
    case newResult(Parameter<String>)
    case staffList
    case newTrack
    case editTrack(Parameter<String>)
    case decide(Parameter<UUID>)

    var path: String {
        switch self {
        case .list: "/innovatietrajecten"
        case .show(let slug): "/innovatietrajecten/\(slug.segment("slug"))"
        case .apply(let slug): "/innovatietrajecten/\(slug.segment("slug"))/aanmelden"
        case .result(let slug, let result): "/innovatietrajecten/\(slug.segment("slug"))/resultaten/\(result.segment("resultSlug"))"
        case .makeOffer(let slug, let result):
            "/beheer/innovatietrajecten/\(slug.segment("slug"))/resultaten/\(result.segment("resultSlug"))/aanbod"
        case .newResult(let slug): "/beheer/innovatietrajecten/\(slug.segment("slug"))/resultaten/nieuw"
        case .staffList: "/beheer/innovatietrajecten"
        case .newTrack: "/beheer/innovatietrajecten/nieuw"
        case .editTrack(let slug): "/beheer/innovatietrajecten/\(slug.segment("slug"))/bewerken"
        case .decide(let id): "/beheer/innovatietrajecten/aanmeldingen/\(id.segment("applicationID"))"
        }
    }

    static var routes: [TrackURL] {
        [
            .list, .show(.key), .apply(.key), .result(.key, .key), .makeOffer(.key, .key), .newResult(.key), .staffList, .newTrack,
            .editTrack(.key), .decide(.key),
        ]
    }
}
