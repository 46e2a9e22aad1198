import Foundation

/// The woningscan: the self-check and what it is (anyone), the office holder's request and its status, and the
/// programme staff's list and request, where the handler plans the visit and records it done.
enum HomeScanURL: TypedURL {
    case selfCheck
    case forgetAnswers
    case request
    case mine(Parameter<UUID>)
    case staffList
    case staffShow(Parameter<UUID>)
    case take(Parameter<UUID>)
    case plan(Parameter<UUID>)
    case finish(Parameter<UUID>)

    var path: String {
        switch self {
        case .selfCheck: "/woningscan"
        case .forgetAnswers: "/woningscan/antwoorden-verwijderen"
        case .request: "/woningscan/aanvragen"
        case .mine(let id): "/woningscan/aanvragen/\(id.segment("homeScanID"))"
        case .staffList: "/woningscans"
        case .staffShow(let id): "/woningscans/\(id.segment("homeScanID"))"
        case .take(let id): "/woningscans/\(id.segment("homeScanID"))/behandelen"
        case .plan(let id): "/woningscans/\(id.segment("homeScanID"))/plannen"
        case .finish(let id): "/woningscans/\(id.segment("homeScanID"))/afronden"
        }
    }

    static var routes: [HomeScanURL] {
        [.selfCheck, .forgetAnswers, .request, .mine(.key), .staffList, .staffShow(.key), .take(.key), .plan(.key), .finish(.key)]
    }
}
