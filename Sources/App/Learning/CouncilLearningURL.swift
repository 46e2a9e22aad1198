import Foundation

/// The council's learning, per municipality: the griffier's overview (totals only), and the persoonlijk
/// opleidingsbudget with its requests, the griffie's budgets and the ledger as a file.
enum CouncilLearningURL: TypedURL {
    case overview(Parameter<String>)
    case budget(Parameter<String>)
    case newRequest(Parameter<String>)
    case request(Parameter<String>, Parameter<UUID>)
    case setBudget(Parameter<String>)
    case export(Parameter<String>)

    var path: String {
        switch self {
        case .overview(let code): "/gemeenten/\(code.segment("code"))/leerplatform"
        case .budget(let code): "/gemeenten/\(code.segment("code"))/opleidingsbudget"
        case .newRequest(let code): "/gemeenten/\(code.segment("code"))/opleidingsbudget/aanvragen"
        case .request(let code, let id): "/gemeenten/\(code.segment("code"))/opleidingsbudget/aanvragen/\(id.segment("spendingID"))"
        case .setBudget(let code): "/gemeenten/\(code.segment("code"))/opleidingsbudget/budget"
        case .export(let code): "/gemeenten/\(code.segment("code"))/opleidingsbudget/opleidingsbudget.csv"
        }
    }

    static var routes: [CouncilLearningURL] {
        [.overview(.key), .budget(.key), .newRequest(.key), .request(.key, .key), .setBudget(.key), .export(.key)]
    }
}
