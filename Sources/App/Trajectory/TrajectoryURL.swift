import Foundation

/// A municipality's trajectory: its timeline and its conversations.
enum TrajectoryURL: TypedURL {
    case timeline(Parameter<String>)
    case markStep(Parameter<String>)
    case conversations(Parameter<String>)
    case newConversation(Parameter<String>)
    case conversation(Parameter<String>, Parameter<UUID>)
    case agenda(Parameter<String>)
    case editAgenda(Parameter<String>)
    case sendAgenda(Parameter<String>)
    case agendaVersion(Parameter<String>, Parameter<Int>)
    case staffAgendas
    case programme
    case programmeCSV

    var path: String {
        switch self {
        case .timeline(let code): "/gemeenten/\(code.segment("code"))/traject"
        case .markStep(let code): "/gemeenten/\(code.segment("code"))/traject/stap"
        case .conversations(let code): "/gemeenten/\(code.segment("code"))/gesprekken"
        case .newConversation(let code): "/gemeenten/\(code.segment("code"))/gesprekken/nieuw"
        case .conversation(let code, let id): "/gemeenten/\(code.segment("code"))/gesprekken/\(id.segment("conversationID"))"
        case .agenda(let code): "/gemeenten/\(code.segment("code"))/verbeteragenda"
        case .editAgenda(let code): "/gemeenten/\(code.segment("code"))/verbeteragenda/bewerken"
        case .sendAgenda(let code): "/gemeenten/\(code.segment("code"))/verbeteragenda/versturen"
        case .agendaVersion(let code, let number): "/gemeenten/\(code.segment("code"))/verbeteragenda/versies/\(number.segment("number"))"
        case .staffAgendas: "/beheer/verbeteragendas"
        case .programme: "/beheer/trajecten"
        case .programmeCSV: "/beheer/trajecten.csv"
        }
    }

    static var routes: [TrajectoryURL] {
        [
            .timeline(.key), .markStep(.key), .conversations(.key), .newConversation(.key), .conversation(.key, .key), .agenda(.key),
            .editAgenda(.key), .sendAgenda(.key), .agendaVersion(.key, .key), .staffAgendas, .programme, .programmeCSV,
        ]
    }
}
