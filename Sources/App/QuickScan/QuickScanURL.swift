import Foundation

/// A municipality's scans and their reports, for the people who prepare and read them.
enum ScanURL: TypedURL {
    case list(Parameter<String>)
    case show(Parameter<String>, Parameter<UUID>)
    case settings(Parameter<String>, Parameter<UUID>)
    case questions(Parameter<String>, Parameter<UUID>)
    case removeQuestion(Parameter<String>, Parameter<UUID>, Parameter<UUID>)
    case open(Parameter<String>, Parameter<UUID>)
    case close(Parameter<String>, Parameter<UUID>)
    case reopen(Parameter<String>, Parameter<UUID>)
    case share(Parameter<String>, Parameter<UUID>)
    case links(Parameter<String>, Parameter<UUID>)
    case invite(Parameter<String>, Parameter<UUID>)
    case remind(Parameter<String>, Parameter<UUID>)
    case openLinkState(Parameter<String>, Parameter<UUID>)
    case report(Parameter<String>, Parameter<UUID>)
    case reportCSV(Parameter<String>, Parameter<UUID>)
    case reportSpreadsheet(Parameter<String>, Parameter<UUID>)
    case reportJSON(Parameter<String>, Parameter<UUID>)
    case openAnswers(Parameter<String>, Parameter<UUID>)
    case openAnswer(Parameter<String>, Parameter<UUID>, Parameter<UUID>)

    /// The scan's own pages: `/gemeenten/:code/scans/:scanID`.
    private static func scan(_ code: Parameter<String>, _ id: Parameter<UUID>) -> String {
        "/gemeenten/\(code.segment("code"))/scans/\(id.segment("scanID"))"
    }

    var path: String {
        switch self {
        case .list(let code): "/gemeenten/\(code.segment("code"))/scans"
        case .show(let code, let id): Self.scan(code, id)
        case .settings(let code, let id): Self.scan(code, id) + "/instellingen"
        case .questions(let code, let id): Self.scan(code, id) + "/vragen"
        case .removeQuestion(let code, let id, let question):
            Self.scan(code, id) + "/vragen/\(question.segment("questionID"))/verwijderen"
        case .open(let code, let id): Self.scan(code, id) + "/openen"
        case .close(let code, let id): Self.scan(code, id) + "/sluiten"
        case .reopen(let code, let id): Self.scan(code, id) + "/heropenen"
        case .share(let code, let id): Self.scan(code, id) + "/delen"
        case .links(let code, let id): Self.scan(code, id) + "/links"
        case .invite(let code, let id): Self.scan(code, id) + "/uitnodigen"
        case .remind(let code, let id): Self.scan(code, id) + "/herinneren"
        case .openLinkState(let code, let id): Self.scan(code, id) + "/open-link"
        case .report(let code, let id): Self.scan(code, id) + "/rapport"
        case .reportCSV(let code, let id): Self.scan(code, id) + "/rapport.csv"
        case .reportSpreadsheet(let code, let id): Self.scan(code, id) + "/rapport-excel.csv"
        case .reportJSON(let code, let id): Self.scan(code, id) + "/rapport.json"
        case .openAnswers(let code, let id): Self.scan(code, id) + "/open-antwoorden"
        case .openAnswer(let code, let id, let answer): Self.scan(code, id) + "/open-antwoorden/\(answer.segment("answerID"))"
        }
    }

    static var routes: [ScanURL] {
        [
            .list(.key), .show(.key, .key), .settings(.key, .key), .questions(.key, .key), .removeQuestion(.key, .key, .key),
            .open(.key, .key), .close(.key, .key), .reopen(.key, .key), .share(.key, .key), .links(.key, .key), .invite(.key, .key),
            .remind(.key, .key),
            .openLinkState(.key, .key),
            .report(.key, .key), .reportCSV(.key, .key), .reportSpreadsheet(.key, .key), .reportJSON(.key, .key), .openAnswers(.key, .key),
            .openAnswer(.key, .key, .key),
        ]
    }
}

/// The questionnaire, for respondents without an account.
enum QuestionnaireURL: TypedURL {
    case codeForm
    case thanks
    case start(Parameter<String>)
    case page(Parameter<String>, Parameter<Int>)
    case check(Parameter<String>)
    case send(Parameter<String>)
    case openLink(Parameter<String>)

    var path: String {
        switch self {
        case .codeForm: "/vragenlijst"
        case .thanks: "/vragenlijst/bedankt"
        case .start(let code): "/vragenlijst/\(code.segment("code"))"
        case .page(let code, let number): "/vragenlijst/\(code.segment("code"))/stap/\(number.segment("page"))"
        case .check(let code): "/vragenlijst/\(code.segment("code"))/controle"
        case .send(let code): "/vragenlijst/\(code.segment("code"))/versturen"
        case .openLink(let code): "/scan-inwoners/\(code.segment("openCode"))"
        }
    }

    static var routes: [QuestionnaireURL] {
        [.codeForm, .thanks, .start(.key), .page(.key, .key), .check(.key), .send(.key), .openLink(.key)]
    }

    /// Posts below this path are authorised by the code in their address, not by a session.
    static let codeAuthorizedPrefix = QuestionnaireURL.codeForm.path + "/"
}
