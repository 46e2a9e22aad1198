import Foundation

/// Signing up, and the programme's handling of sign-ups.
enum SignupURL: TypedURL {
    case form
    case thanks
    case list
    case show(Parameter<UUID>)
    case accept(Parameter<UUID>)
    case reject(Parameter<UUID>)
    case newLink(Parameter<UUID>)

    var path: String {
        switch self {
        case .form: "/doe-mee"
        case .thanks: "/doe-mee/bedankt"
        case .list: "/beheer/aanmeldingen"
        case .show(let id): "/beheer/aanmeldingen/\(id.segment("id"))"
        case .accept(let id): "/beheer/aanmeldingen/\(id.segment("id"))/accepteren"
        case .reject(let id): "/beheer/aanmeldingen/\(id.segment("id"))/afwijzen"
        case .newLink(let id): "/beheer/aanmeldingen/\(id.segment("id"))/nieuwe-link"
        }
    }

    static var routes: [SignupURL] { [.form, .thanks, .list, .show(.key), .accept(.key), .reject(.key), .newLink(.key)] }
}
