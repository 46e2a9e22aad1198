import Foundation

/// Programme staff edit a module in the platform: its details on one form, each lesson with its quiz on another.
/// A form shows the module as it is, and a save gives a whole new module, checked with the same rules as the
/// shipped files (`LearningCatalogue.problems`), or every field's problem. The structure stays: the number of
/// lessons, questions and answers is what the module has.
public enum ModuleEditing {
    public static let maxTitle = 200
    public static let maxAim = 1_000
    public static let maxBody = 30_000
    public static let maxQuestion = 500
    public static let maxAnswer = 300
    public static let maxExplanation = 1_000
    public static let maxNote = 300

    // MARK: Details

    public static let detailFields = ["title-nl", "title-en", "aim-nl", "aim-en", "kind", "theme", "minutes"]

    public static func values(of module: LearningModule) -> [String: String] {
        [
            "title-nl": module.title.nl, "title-en": module.title.en, "aim-nl": module.aim.nl, "aim-en": module.aim.en,
            "kind": module.kind.rawValue, "theme": module.theme.rawValue, "minutes": String(module.minutes),
        ]
    }

    public static func details(_ values: [String: String], of module: LearningModule) -> Result<LearningModule, StoreFailure> {
        var errors: [FieldError] = []
        let title = text(values, "title", max: maxTitle, errors: &errors)
        let aim = text(values, "aim", max: maxAim, errors: &errors)
        let kind = LearningKind(rawValue: values["kind", default: ""])
        let theme = LearningTheme(rawValue: values["theme", default: ""])
        let minutes = Validate.number(values["minutes"], in: LearningModule.minutesRange)
        if kind == nil { errors.append(FieldError(field: "kind", message: "error.form_tampered")) }
        if theme == nil { errors.append(FieldError(field: "theme", message: "error.form_tampered")) }
        if minutes == nil {
            errors.append(
                FieldError(field: "minutes", message: "learning.edit.error.minutes", limit: LearningModule.minutesRange.upperBound))
        }
        guard errors.isEmpty, let kind, let theme, let minutes else { return .failure(.fields(errors)) }
        return checked(
            LearningModule(
                id: module.id, title: title, aim: aim, theme: theme, kind: kind, minutes: minutes, focusAreas: module.focusAreas,
                competences: module.competences, lessons: module.lessons, sources: module.sources))
    }

    // MARK: A lesson and its quiz

    /// The lesson form's field names: `title-nl`, `body-en`, `q2-nl`, `q2-correct`, `q2-a3-en`, `q2-a3-why-nl`, ….
    public static func lessonFields(of lesson: Lesson) -> [String] {
        var names = ["title-nl", "title-en", "body-nl", "body-en"]
        for (q, question) in lesson.quiz.enumerated() {
            names += ["q\(q + 1)-nl", "q\(q + 1)-en", "q\(q + 1)-correct"]
            for a in question.answers.indices {
                names += ["q\(q + 1)-a\(a + 1)-nl", "q\(q + 1)-a\(a + 1)-en", "q\(q + 1)-a\(a + 1)-why-nl", "q\(q + 1)-a\(a + 1)-why-en"]
            }
        }
        return names
    }

    public static func values(of lesson: Lesson) -> [String: String] {
        var values = ["title-nl": lesson.title.nl, "title-en": lesson.title.en, "body-nl": lesson.body.nl, "body-en": lesson.body.en]
        for (q, question) in lesson.quiz.enumerated() {
            values["q\(q + 1)-nl"] = question.question.nl
            values["q\(q + 1)-en"] = question.question.en
            values["q\(q + 1)-correct"] = String(question.correctIndex + 1)
            for (a, answer) in question.answers.enumerated() {
                let key = "q\(q + 1)-a\(a + 1)"
                values[key + "-nl"] = answer.text.nl
                values[key + "-en"] = answer.text.en
                values[key + "-why-nl"] = answer.explanation.nl
                values[key + "-why-en"] = answer.explanation.en
            }
        }
        return values
    }

    public static func lesson(_ values: [String: String], number: Int, of module: LearningModule) -> Result<LearningModule, StoreFailure> {
        guard let old = module.lesson(number) else { return .failure(.notFound("learning.error.lesson_not_found")) }
        var errors: [FieldError] = []
        let title = text(values, "title", max: maxTitle, errors: &errors)
        let body = text(values, "body", max: maxBody, errors: &errors)
        for language in ["nl", "en"] where values["body-\(language)", default: ""].contains("<") {
            errors.append(FieldError(field: "body-\(language)", message: "learning.edit.error.html"))
        }
        var quiz: [QuizQuestion] = []
        for (q, question) in old.quiz.enumerated() {
            let key = "q\(q + 1)"
            let text_ = text(values, key, max: maxQuestion, errors: &errors)
            let correct = Validate.number(values[key + "-correct"], in: 1...question.answers.count)
            if correct == nil { errors.append(FieldError(field: key + "-correct", message: "learning.edit.error.correct")) }
            let answers = question.answers.indices.map { a in
                QuizQuestion.Answer(
                    text: text(values, "\(key)-a\(a + 1)", max: maxAnswer, errors: &errors), correct: correct == a + 1,
                    explanation: text(values, "\(key)-a\(a + 1)-why", max: maxExplanation, errors: &errors))
            }
            quiz.append(QuizQuestion(question: text_, answers: answers))
        }
        guard errors.isEmpty else { return .failure(.fields(errors)) }
        var lessons = module.lessons
        lessons[number - 1] = Lesson(title: title, body: body, quiz: quiz)
        return checked(
            LearningModule(
                id: module.id, title: module.title, aim: module.aim, theme: module.theme, kind: module.kind, minutes: module.minutes,
                focusAreas: module.focusAreas, competences: module.competences, lessons: lessons, sources: module.sources))
    }

    /// What a person writes about the change, for the list of versions.
    public static func note(_ typed: String?) -> Result<String, StoreFailure> {
        let note = (typed ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let error = Validate.required(note, field: "note", max: maxNote, message: "learning.edit.error.note") {
            return .failure(.fields([error]))
        }
        return .success(note)
    }

    /// Dutch and English of one text: both are required.
    private static func text(_ values: [String: String], _ key: String, max: Int, errors: inout [FieldError]) -> LocalizedText {
        let nl = values[key + "-nl", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        let en = values[key + "-en", default: ""].trimmingCharacters(in: .whitespacesAndNewlines)
        for (field, value) in [(key + "-nl", nl), (key + "-en", en)] {
            if let error = Validate.required(value, field: field, max: max, message: "learning.edit.error.required") {
                errors.append(error)
            }
        }
        return LocalizedText(nl: nl, en: en)
    }

    /// The whole module checked as a shipped file is; a problem the fields did not catch stops the save.
    private static func checked(_ module: LearningModule) -> Result<LearningModule, StoreFailure> {
        let problems = LearningCatalogue([module]).problems()
        guard problems.isEmpty else { return .failure(.fields([FieldError(field: "note", message: "learning.edit.error.invalid")])) }
        return .success(module)
    }
}
