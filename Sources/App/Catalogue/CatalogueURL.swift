/// The programme's offer: public browsing, and the editing pages of programme staff.
enum CatalogueURL: TypedURL {
    case list
    case show(Parameter<String>)
    case new
    case edit(Parameter<String>)

    var path: String {
        switch self {
        case .list: "/aanbod"
        case .show(let slug): "/aanbod/\(slug.segment("slug"))"
        case .new: "/beheer/aanbod/nieuw"
        case .edit(let slug): "/beheer/aanbod/\(slug.segment("slug"))"
        }
    }

    static var routes: [CatalogueURL] { [.list, .show(.key), .new, .edit(.key)] }
}
