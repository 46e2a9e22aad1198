import Foundation

/// Weerbaar bestuur: a municipality's basisscan integriteit cases (only those the reader is named on), one case, its
/// assessment and closing, the export for the candidate, and the candidate's private questionnaire.
enum ResilienceURL: TypedURL {
    case cases(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case assess(Parameter<String>, Parameter<UUID>)
    case close(Parameter<String>, Parameter<UUID>)
    case export(Parameter<String>, Parameter<UUID>)
    case share(Parameter<String>, Parameter<UUID>)
    case document(Parameter<String>, Parameter<UUID>, Parameter<UUID>)
    case candidate(Parameter<String>)
    case upload(Parameter<String>)

    /// The candidate's posts are authorised by the secret in their address, not by a session.
    static let candidatePrefix = "/basisscan/"

    var path: String {
        switch self {
        case .cases(let code): "/gemeenten/\(code.segment("code"))/basisscan"
        case .show(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))"
        case .assess(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/beoordeling"
        case .close(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/afsluiten"
        case .share(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/delen"
        case .export(let code, let id): "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/export.json"
        case .document(let code, let id, let file):
            "/gemeenten/\(code.segment("code"))/basisscan/\(id.segment("caseID"))/documenten/\(file.segment("documentID"))"
        case .candidate(let token): "/basisscan/\(token.segment("token"))"
        case .upload(let token): "/basisscan/\(token.segment("token"))/documenten"
        }
    }

    static var routes: [ResilienceURL] {
        [
            .cases(.key), .show(.key, .key), .assess(.key, .key), .close(.key, .key), .export(.key, .key), .share(.key, .key),
            .document(.key, .key, .key),
            .candidate(.key), .upload(.key),
        ]
    }
}
