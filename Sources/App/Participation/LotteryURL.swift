import Foundation

/// A burgerberaad's lottery: the municipality's pages for the coordinator, and the public registration and audit.
enum LotteryURL: TypedURL {
    case index(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case addresses(Parameter<String>, Parameter<UUID>)
    case seed(Parameter<String>, Parameter<UUID>)
    case draw(Parameter<String>, Parameter<UUID>)
    case letters(Parameter<String>, Parameter<UUID>)
    case lettersCSV(Parameter<String>, Parameter<UUID>)
    case closeRegistration(Parameter<String>, Parameter<UUID>)
    case select(Parameter<String>, Parameter<UUID>)
    case finish(Parameter<String>, Parameter<UUID>)
    case register(Parameter<UUID>)
    case audit(Parameter<UUID>)

    var path: String {
        switch self {
        case .index(let code): "/gemeenten/\(code.segment("code"))/burgerberaad"
        case .show(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))"
        case .addresses(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/adressen"
        case .seed(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/startgetal"
        case .draw(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/trekking"
        case .letters(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/brieven"
        case .lettersCSV(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/brieven.csv"
        case .closeRegistration(let code, let id):
            "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/aanmelden-sluiten"
        case .select(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/selectie"
        case .finish(let code, let id): "/gemeenten/\(code.segment("code"))/burgerberaad/\(id.segment("lotteryID"))/afronden"
        case .register(let id): "/burgerberaad/\(id.segment("lotteryID"))/aanmelden"
        case .audit(let id): "/burgerberaad/\(id.segment("lotteryID"))/verantwoording"
        }
    }

    static var routes: [LotteryURL] {
        [
            .index(.key), .show(.key, .key), .addresses(.key, .key), .seed(.key, .key), .draw(.key, .key), .letters(.key, .key),
            .lettersCSV(.key, .key), .closeRegistration(.key, .key), .select(.key, .key), .finish(.key, .key), .register(.key),
            .audit(.key),
        ]
    }
}
