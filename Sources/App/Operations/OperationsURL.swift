/// For operators and their monitoring.
enum OperationsURL: TypedURL, CaseIterable {
    case health
    case metrics

    var path: String {
        switch self {
        case .health: "/health"
        case .metrics: "/metrics"
        }
    }

    static var routes: [OperationsURL] { allCases }
}
