import Foundation

/// A municipality's trajectory: its timeline and its conversations.
enum TrajectoryURL: TypedURL {
    case timeline(Parameter<String>)
    case markStep(Parameter<String>)
    case conversations(Parameter<String>)
    case newConversation(Parameter<String>)
    case conversation(Parameter<String>, Parameter<UUID>)

    var path: String {
        switch self {
        case .timeline(let code): "/gemeenten/\(code.segment("code"))/traject"
        case .markStep(let code): "/gemeenten/\(code.segment("code"))/traject/stap"
        case .conversations(let code): "/gemeenten/\(code.segment("code"))/gesprekken"
        case .newConversation(let code): "/gemeenten/\(code.segment("code"))/gesprekken/nieuw"
        case .conversation(let code, let id): "/gemeenten/\(code.segment("code"))/gesprekken/\(id.segment("conversationID"))"
        }
    }

    static var routes: [TrajectoryURL] {
        [.timeline(.key), .markStep(.key), .conversations(.key), .newConversation(.key), .conversation(.key, .key)]
    }
}
