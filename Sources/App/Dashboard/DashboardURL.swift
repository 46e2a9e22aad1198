/// The start pages after signing in.
enum DashboardURL: TypedURL {
    case home
    case municipality(Parameter<String>)
    case reach

    var path: String {
        switch self {
        case .home: "/dashboard"
        case .municipality(let code): "/gemeenten/\(code.segment("code"))/dashboard"
        case .reach: "/beheer/bereik"
        }
    }

    static var routes: [DashboardURL] { [.home, .municipality(.key), .reach] }
}
