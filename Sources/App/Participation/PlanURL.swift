import Foundation

/// A municipality's participation plans: the list, a new plan (prefilled from the advisor's question), one plan
/// (also its printable page), editing it and sharing it with the council.
enum PlanURL: TypedURL {
    case index(Parameter<String>)
    case new(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case edit(Parameter<String>, Parameter<UUID>)
    case share(Parameter<String>, Parameter<UUID>)

    var path: String {
        switch self {
        case .index(let code): "/gemeenten/\(code.segment("code"))/participatieplannen"
        case .new(let code): "/gemeenten/\(code.segment("code"))/participatieplannen/nieuw"
        case .show(let code, let id): "/gemeenten/\(code.segment("code"))/participatieplannen/\(id.segment("planID"))"
        case .edit(let code, let id): "/gemeenten/\(code.segment("code"))/participatieplannen/\(id.segment("planID"))/bewerken"
        case .share(let code, let id): "/gemeenten/\(code.segment("code"))/participatieplannen/\(id.segment("planID"))/delen"
        }
    }

    static var routes: [PlanURL] { [.index(.key), .new(.key), .show(.key, .key), .edit(.key, .key), .share(.key, .key)] }
}
