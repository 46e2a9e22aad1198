import Foundation

/// The outbox, for programme staff.
enum MailURL: TypedURL {
    case outbox
    case message(Parameter<UUID>)

    var path: String {
        switch self {
        case .outbox: "/beheer/e-mail"
        case .message(let id): "/beheer/e-mail/\(id.segment("messageID"))"
        }
    }

    static var routes: [MailURL] { [.outbox, .message(.key)] }
}
