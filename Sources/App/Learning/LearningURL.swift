import Foundation

/// The learning platform for council members: the modules, one module, one lesson with its quiz, and the
/// competence self-test with a person's own results, the person's progress, and checking a certificate.
enum LearningURL: TypedURL {
    case modules
    case module(Parameter<String>)
    case lesson(Parameter<String>, Parameter<Int>)
    case selfTest
    case progress
    case certificate
    case selfTestResult(Parameter<UUID>)

    var path: String {
        switch self {
        case .modules: "/leerplatform"
        case .module(let id): "/leerplatform/modules/\(id.segment("moduleID"))"
        case .lesson(let id, let number): "/leerplatform/modules/\(id.segment("moduleID"))/les/\(number.segment("lesson"))"
        case .selfTest: "/leerplatform/zelftest"
        case .progress: "/leerplatform/voortgang"
        case .certificate: "/leerplatform/certificaten"
        case .selfTestResult(let id): "/leerplatform/zelftest/\(id.segment("resultID"))"
        }
    }

    static var routes: [LearningURL] {
        [.modules, .module(.key), .lesson(.key, .key), .selfTest, .selfTestResult(.key), .progress, .certificate]
    }
}
