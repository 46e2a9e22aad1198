import Foundation

/// The learning platform for council members: the modules, one module, one lesson with its quiz, and the
/// competence self-test with a person's own results, the person's progress, checking a certificate, and programme
/// staff's editing of modules with their versions.
enum LearningURL: TypedURL {
    case modules
    case module(Parameter<String>)
    case lesson(Parameter<String>, Parameter<Int>)
    case selfTest
    case progress
    case certificate
    case selfTestResult(Parameter<UUID>)
    /// Programme staff: a module's details, one lesson with its quiz, the versions, and putting one back.
    case editModule(Parameter<String>)
    case editLesson(Parameter<String>, Parameter<Int>)
    case versions(Parameter<String>)
    case restore(Parameter<String>, Parameter<Int>)

    var path: String {
        switch self {
        case .modules: "/leerplatform"
        case .module(let id): "/leerplatform/modules/\(id.segment("moduleID"))"
        case .lesson(let id, let number): "/leerplatform/modules/\(id.segment("moduleID"))/les/\(number.segment("lesson"))"
        case .selfTest: "/leerplatform/zelftest"
        case .progress: "/leerplatform/voortgang"
        case .certificate: "/leerplatform/certificaten"
        case .selfTestResult(let id): "/leerplatform/zelftest/\(id.segment("resultID"))"
        case .editModule(let id): "/leerplatform/modules/\(id.segment("moduleID"))/bewerken"
        case .editLesson(let id, let number): "/leerplatform/modules/\(id.segment("moduleID"))/les/\(number.segment("lesson"))/bewerken"
        case .versions(let id): "/leerplatform/modules/\(id.segment("moduleID"))/versies"
        case .restore(let id, let version):
            "/leerplatform/modules/\(id.segment("moduleID"))/versies/\(version.segment("version"))/terugzetten"
        }
    }

    static var routes: [LearningURL] {
        [
            .modules, .module(.key), .lesson(.key, .key), .selfTest, .selfTestResult(.key), .progress, .certificate, .editModule(.key),
            .editLesson(.key, .key), .versions(.key), .restore(.key, .key),
        ]
    }
}
