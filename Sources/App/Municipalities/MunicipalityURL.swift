/// The municipalities' public pages.
enum MunicipalityURL: TypedURL {
    case list
    case show(Parameter<String>)

    var path: String {
        switch self {
        case .list: "/gemeenten"
        case .show(let code): "/gemeenten/\(code.segment("code"))"
        }
    }

    static var routes: [MunicipalityURL] { [.list, .show(.key)] }
}
