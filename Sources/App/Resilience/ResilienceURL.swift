import Foundation

/// Weerbaar bestuur: a municipality's basisscan integriteit cases (only those the reader is named on), one case, its
/// assessment and closing, the export for the candidate, and the candidate's private questionnaire.
enum ResilienceURL: TypedURL {
    case cases(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case assess(Parameter<String>, Parameter<UUID>)
    case close(Parameter<String>, Parameter<UUID>)
    case export(Parameter<String>, Parameter<UUID>)
    case candidate(Parameter<String>)

    /// The candidate's posts are authorised by the secret in their address, not by a session.
    static let candidatePrefix = "/basisscan/"

    var path: String {
        switch self {
        case .cases(let code): "/gemeenten/\(code.segment("code"))/basisscan"
        case .show(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))"
        case .assess(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/beoordeling"
        case .close(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/afsluiten"
        case .export(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/export.json"
        case .candidate(let token): "/basisscan/\(token.segment("token"))"
        }
    }

    static var routes: [ResilienceURL] {
        [.cases(.key), .show(.key, .key), .assess(.key, .key), .close(.key, .key), .export(.key, .key), .candidate(.key)]
    }
}
