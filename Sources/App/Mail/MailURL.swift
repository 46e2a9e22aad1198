import Foundation

/// The outbox, for programme staff.
enum MailURL: TypedURL {
    case outbox
    case message(Parameter<UUID>)
    case preferences
    case unsubscribe(Parameter<String>)

    var path: String {
        switch self {
        case .outbox: "/beheer/e-mail"
        case .message(let id): "/beheer/e-mail/\(id.segment("messageID"))"
        case .preferences: "/account/e-mail"
        case .unsubscribe(let token): Self.unsubscribePrefix + token.segment("token")
        }
    }

    static var routes: [MailURL] { [.outbox, .message(.key), .preferences, .unsubscribe(.key)] }

    /// Posts below it are authorised by the signed token in the address, not by a session.
    static let unsubscribePrefix = "/afmelden/"
}
