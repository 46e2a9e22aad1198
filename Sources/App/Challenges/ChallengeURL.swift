import Foundation

/// The uitdaagrecht: the public register and each municipality's page and form, the group's follow-up page, and
/// the municipality's rules and handling.
enum ChallengeURL: TypedURL {
    case register
    case openData
    case feed(Parameter<String>)
    case national
    case entry(Parameter<UUID>)
    case municipality(Parameter<String>)
    case submit(Parameter<String>)
    case follow(Parameter<String>)
    case rules(Parameter<String>)
    case addHandler(Parameter<String>)
    case removeHandler(Parameter<String>, Parameter<UUID>)
    case desk(Parameter<String>)
    case handle(Parameter<String>, Parameter<UUID>)
    case message(Parameter<String>, Parameter<UUID>)
    case upload(Parameter<String>)
    case groupDocument(Parameter<String>, Parameter<UUID>)
    case document(Parameter<String>, Parameter<UUID>, Parameter<UUID>)

    var path: String {
        switch self {
        case .register: "/uitdaagrecht"
        case .openData: "/uitdaagrecht/open-data.csv"
        case .feed(let code): "/gemeenten/\(code.segment("code"))/uitdaagrecht/feed.atom"
        case .national: "/beheer/uitdaagrecht"
        case .entry(let id): "/uitdaagrecht/\(id.segment("challengeID"))"
        case .municipality(let code): "/gemeenten/\(code.segment("code"))/uitdaagrecht"
        case .submit(let code): "/gemeenten/\(code.segment("code"))/uitdaagrecht/indienen"
        case .follow(let token): "/uitdaagrecht/volgen/\(token.segment("token"))"
        case .rules(let code): "/gemeenten/\(code.segment("code"))/uitdaagrecht/regels"
        case .addHandler(let code): "/gemeenten/\(code.segment("code"))/uitdaagrecht/behandelaars"
        case .removeHandler(let code, let user):
            "/gemeenten/\(code.segment("code"))/uitdaagrecht/behandelaars/\(user.segment("userID"))/verwijderen"
        case .desk(let code): "/gemeenten/\(code.segment("code"))/uitdagingen"
        case .handle(let code, let id): "/gemeenten/\(code.segment("code"))/uitdagingen/\(id.segment("challengeID"))"
        case .message(let code, let id): "/gemeenten/\(code.segment("code"))/uitdagingen/\(id.segment("challengeID"))/bericht"
        case .upload(let token): "/uitdaagrecht/volgen/\(token.segment("token"))/documenten"
        case .groupDocument(let token, let file): "/uitdaagrecht/volgen/\(token.segment("token"))/documenten/\(file.segment("documentID"))"
        case .document(let code, let id, let file):
            "/gemeenten/\(code.segment("code"))/uitdagingen/\(id.segment("challengeID"))/documenten/\(file.segment("documentID"))"
        }
    }

    static var routes: [ChallengeURL] {
        [
            .register, .openData, .feed(.key), .national, .entry(.key), .municipality(.key), .submit(.key), .follow(.key), .rules(.key),
            .addHandler(.key),
            .removeHandler(.key, .key), .desk(.key), .handle(.key, .key), .message(.key, .key), .upload(.key), .groupDocument(.key, .key),
            .document(.key, .key, .key),
        ]
    }

    /// Posts below this path are authorised by the secret in their address, not by a session: the group has no
    /// account.
    static let codeAuthorizedPrefix = "/uitdaagrecht/volgen/"
}
