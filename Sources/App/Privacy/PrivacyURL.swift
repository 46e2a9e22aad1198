import Foundation

/// What a municipality's coordinator does with the data the platform holds for it.
enum PrivacyURL: TypedURL {
    case overview(Parameter<String>)
    case export(Parameter<String>)
    case eraseAnswers(Parameter<String>, Parameter<UUID>)

    var path: String {
        switch self {
        case .overview(let code): "/gemeenten/\(code.segment("code"))/gegevens"
        case .export(let code): "/gemeenten/\(code.segment("code"))/gegevens/export.zip"
        case .eraseAnswers(let code, let scan):
            "/gemeenten/\(code.segment("code"))/gegevens/scans/\(scan.segment("scanID"))/antwoorden-wissen"
        }
    }

    static var routes: [PrivacyURL] { [.overview(.key), .export(.key), .eraseAnswers(.key, .key)] }
}
