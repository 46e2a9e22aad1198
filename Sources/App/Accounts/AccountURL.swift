/// Signing in and out, activation and passwords.
enum AccountURL: TypedURL {
    case login
    case logout
    case activate(Parameter<String>)
    case password
    case forgotPassword

    var path: String {
        switch self {
        case .login: "/inloggen"
        case .logout: "/uitloggen"
        case .activate(let token): "/activeren/\(token.segment("token"))"
        case .password: "/account/wachtwoord"
        case .forgotPassword: "/wachtwoord-vergeten"
        }
    }

    static var routes: [AccountURL] { [.login, .logout, .activate(.key), .password, .forgotPassword] }
}
