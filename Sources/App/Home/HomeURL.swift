/// The home page and the statements.
enum HomeURL: TypedURL, CaseIterable {
    case home
    case privacy
    case accessibility
    case terms

    var path: String {
        switch self {
        case .home: "/"
        case .privacy: "/privacy"
        case .accessibility: "/toegankelijkheid"
        case .terms: "/verwerkersovereenkomst"
        }
    }

    static var routes: [HomeURL] { allCases }
}
