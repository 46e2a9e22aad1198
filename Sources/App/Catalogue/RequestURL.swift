import Foundation

/// Requests for offers: the municipality's pages and the pages where programme staff handle them.
enum RequestURL: TypedURL {
    case list(Parameter<String>)
    case new(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case act(Parameter<String>, Parameter<UUID>)
    case staffList
    case staffShow(Parameter<UUID>)
    case staffAct(Parameter<UUID>)

    var path: String {
        switch self {
        case .list(let code): "/gemeenten/\(code.segment("code"))/aanvragen"
        case .new(let code): "/gemeenten/\(code.segment("code"))/aanvragen/nieuw"
        case .show(let code, let id): "/gemeenten/\(code.segment("code"))/aanvragen/\(id.segment("requestID"))"
        case .act(let code, let id): "/gemeenten/\(code.segment("code"))/aanvragen/\(id.segment("requestID"))/stap"
        case .staffList: "/beheer/aanvragen"
        case .staffShow(let id): "/beheer/aanvragen/\(id.segment("requestID"))"
        case .staffAct(let id): "/beheer/aanvragen/\(id.segment("requestID"))/stap"
        }
    }

    static var routes: [RequestURL] {
        [.list(.key), .new(.key), .show(.key, .key), .act(.key, .key), .staffList, .staffShow(.key), .staffAct(.key)]
    }
}
