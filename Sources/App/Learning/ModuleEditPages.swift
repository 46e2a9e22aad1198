import DemocracyKit
import Vapor

/// What programme staff's editing pages show: a module's details, one lesson with its quiz, and the versions.
enum ModuleEditPages {
    struct ModuleForm: Encodable {
        let heading: String
        let moduleURL: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let version: String
        let fields: [FormField]
        let kind: FormField
        let theme: FormField
        let minutes: FormField
        let note: FormField
    }

    static func note(_ form: FormState, req: Request) -> FormField {
        form.field("note", label: req.t("learning.edit.field_note"), hint: req.t("learning.edit.hint_note"))
    }

    /// The Dutch and the English field of one text.
    static func pair(_ form: FormState, _ key: String, label: String, type: String = "text", hint: String? = nil, req: Request)
        -> [FormField]
    {
        [
            form.field(key + "-nl", type: type, label: req.t("learning.edit.in_dutch", label), hint: hint),
            form.field(key + "-en", type: type, label: req.t("learning.edit.in_english", label)),
        ]
    }

    static func module(_ module: LearningModule, form: FormState, req: Request) -> ModuleForm {
        let language = req.language
        return ModuleForm(
            heading: req.t("learning.edit.module_title", module.title(language)), moduleURL: LearningURL.module(.value(module.id)).path,
            action: LearningURL.editModule(.value(module.id)).path,
            errors: form.summary, version: form.values["version"] ?? "0",
            fields: pair(form, "title", label: req.t("learning.edit.field_title"), req: req)
                + pair(form, "aim", label: req.t("learning.edit.field_aim"), type: "textarea", req: req),
            kind: form.field(
                "kind", type: "select", label: req.t("learning.kind"),
                options: LearningKind.allCases.map { ($0.rawValue, $0.name(language)) }),
            theme: form.field(
                "theme", type: "select", label: req.t("learning.theme"),
                options: LearningTheme.allCases.map { ($0.rawValue, $0.name(language)) }
            ),
            minutes: form.field("minutes", label: req.t("learning.edit.field_minutes"), hint: req.t("learning.edit.hint_minutes")),
            note: note(form, req: req))
    }

    struct AnswerFields: Encodable {
        let heading: String
        let fields: [FormField]
    }

    struct QuestionFields: Encodable {
        let heading: String
        let fields: [FormField]
        let correct: FormField
        let answers: [AnswerFields]
    }

    struct LessonForm: Encodable {
        let heading: String
        let moduleTitle: String
        let moduleURL: String
        let lessonURL: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let version: String
        let fields: [FormField]
        let questions: [QuestionFields]
        let note: FormField
    }

    static func lesson(_ lesson: Lesson, number: Int, of module: LearningModule, form: FormState, req: Request) -> LessonForm {
        let id = Parameter.value(module.id)
        return LessonForm(
            heading: req.t("learning.edit.lesson_title", String(number), module.title(req.language)),
            moduleTitle: module.title(req.language), moduleURL: LearningURL.module(id).path,
            lessonURL: LearningURL.lesson(id, .value(number)).path,
            action: LearningURL.editLesson(id, .value(number)).path, errors: form.summary, version: form.values["version"] ?? "0",
            fields: pair(form, "title", label: req.t("learning.edit.field_lesson_title"), req: req)
                + pair(
                    form, "body", label: req.t("learning.edit.field_body"), type: "textarea", hint: req.t("learning.edit.hint_body"),
                    req: req),
            questions: lesson.quiz.enumerated().map { q, question in
                let key = "q\(q + 1)"
                return QuestionFields(
                    heading: req.t("learning.edit.question", String(q + 1)),
                    fields: pair(form, key, label: req.t("learning.edit.field_question"), type: "textarea", req: req),
                    correct: form.field(
                        key + "-correct", type: "radios", label: req.t("learning.edit.field_correct"),
                        options: question.answers.indices.map { (String($0 + 1), req.t("learning.edit.answer", String($0 + 1))) }),
                    answers: question.answers.indices.map { a in
                        AnswerFields(
                            heading: req.t("learning.edit.answer", String(a + 1)),
                            fields: pair(form, "\(key)-a\(a + 1)", label: req.t("learning.edit.field_answer"), req: req)
                                + pair(
                                    form, "\(key)-a\(a + 1)-why", label: req.t("learning.edit.field_explanation"), type: "textarea",
                                    req: req))
                    })
            },
            note: note(form, req: req))
    }

    struct VersionRow: Encodable {
        let number: Int
        let label: String
        let when: String
        let who: String
        let note: String
        let isCurrent: Bool
        let restoreURL: String?
    }

    struct VersionsContext: Encodable {
        let heading: String
        let title: String
        let moduleURL: String
        let rows: [VersionRow]
    }

    static func versions(_ module: LearningModule, current: Int, stored: [LearningModuleVersion], req: Request) -> VersionsContext {
        let id = Parameter.value(module.id)
        let restore = { (number: Int) in number == current ? nil : LearningURL.restore(id, .value(number)).path }
        let rows =
            stored.map { version in
                VersionRow(
                    number: version.version, label: req.t("learning.edit.version", String(version.version)),
                    when: Format.dateTime(version.editedAt, req.language), who: version.editedBy, note: version.note,
                    isCurrent: version.version == current, restoreURL: restore(version.version))
            }
            + [
                VersionRow(
                    number: 0, label: req.t("learning.edit.version_shipped"), when: "", who: "", note: req.t("learning.edit.shipped_note"),
                    isCurrent: current == 0, restoreURL: restore(0))
            ]
        return VersionsContext(
            heading: req.t("learning.edit.versions_title", module.title(req.language)), title: module.title(req.language),
            moduleURL: LearningURL.module(id).path, rows: rows)
    }
}
