import Foundation

/// The learning platform for council members: the modules, one module, and one lesson with its quiz.
enum LearningURL: TypedURL {
    case modules
    case module(Parameter<String>)
    case lesson(Parameter<String>, Parameter<Int>)

    var path: String {
        switch self {
        case .modules: "/leerplatform"
        case .module(let id): "/leerplatform/modules/\(id.segment("moduleID"))"
        case .lesson(let id, let number): "/leerplatform/modules/\(id.segment("moduleID"))/les/\(number.segment("lesson"))"
        }
    }

    static var routes: [LearningURL] { [.modules, .module(.key), .lesson(.key, .key)] }
}
