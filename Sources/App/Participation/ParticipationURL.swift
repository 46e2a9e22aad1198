import Foundation

/// The ParticipatieWijzer: the methods, one method, and the advisor.
enum ParticipationURL: TypedURL {
    case methods
    case method(Parameter<String>)
    case advisor

    var path: String {
        switch self {
        case .methods: "/participatie/methoden"
        case .method(let id): "/participatie/methoden/\(id.segment("methodID"))"
        case .advisor: "/participatie/wijzer"
        }
    }

    static var routes: [ParticipationURL] { [.methods, .method(.key), .advisor] }
}
