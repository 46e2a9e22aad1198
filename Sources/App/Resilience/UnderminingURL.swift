import Foundation

/// Ondermijning: know it, spot it, report it. The public pages (news, signals, knowledge, quiz, reporting and the
/// reporter's follow-up) and the municipality's desk where its designated contact reads the reports.
enum UnderminingURL: TypedURL {
    case home
    case signals
    case knowledge
    case article(Parameter<String>)
    case quiz
    case level(Parameter<Int>)
    case news
    case reportForm
    case followUp
    case desk(Parameter<String>)
    case report(Parameter<String>, Parameter<UUID>)

    var path: String {
        switch self {
        case .home: "/ondermijning"
        case .signals: "/ondermijning/signalen"
        case .knowledge: "/ondermijning/kennis"
        case .article(let id): "/ondermijning/kennis/\(id.segment("article"))"
        case .quiz: "/ondermijning/quiz"
        case .level(let level): "/ondermijning/quiz/\(level.segment("level"))"
        case .news: "/ondermijning/nieuws"
        case .reportForm: "/ondermijning/melden"
        case .followUp: "/ondermijning/melding"
        case .desk(let code): "/gemeenten/\(code.segment("code"))/meldpunt-ondermijning"
        case .report(let code, let id): "/gemeenten/\(code.segment("code"))/meldpunt-ondermijning/\(id.segment("reportID"))"
        }
    }

    static var routes: [UnderminingURL] {
        [
            .home, .signals, .knowledge, .article(.key), .quiz, .level(.key), .news, .reportForm, .followUp, .desk(.key),
            .report(.key, .key),
        ]
    }
}
