/// The audit log, for programme staff.
enum AuditURL: TypedURL {
    case log

    var path: String {
        switch self {
        case .log: "/beheer/logboek"
        }
    }

    static var routes: [AuditURL] { [.log] }
}
