import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Saved versions of the modules: programme staff's edits, each a whole module, and putting an older one back.
enum ModuleVersionStore {
    /// The module's saved versions, the newest first.
    static func versions(of id: String, on db: any Database) async throws -> [LearningModuleVersion] {
        try await LearningModuleVersion.query(on: db).filter(\.$moduleID == id).sort(\.$version, .descending).all()
    }

    /// Saves the module as the version after `seenVersion`, the one the person started from; when someone saved in
    /// the meantime, nothing is saved and the person is told.
    static func save(_ module: LearningModule, seenVersion: Int, note: String, by user: CurrentUser, app: Application) async throws {
        let current = try await app.learningLibrary.current(on: app.db).version(of: module.id)
        guard current == seenVersion else { throw StoreFailure.conflict("learning.edit.error.conflict") }
        let version = LearningModuleVersion()
        version.moduleID = module.id
        version.version = seenVersion + 1
        version.content = String(decoding: try JSONEncoder().encode(module), as: UTF8.self)
        version.editedBy = user.name
        version.editedAt = app.clock.now()
        version.note = note
        do {
            try await app.db.transaction { db in
                try await version.create(on: db)
                try await LearningSearch.index(module, at: app.clock.now(), on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // two people saved from the same version at once: the unique version number lets one through
            throw StoreFailure.conflict("learning.edit.error.conflict")
        }
    }

    /// The module as it was in `version` (0: as shipped).
    static func module(_ id: String, version: Int, app: Application) async throws -> LearningModule {
        if version == 0, let shipped = app.learningLibrary.shipped.module(id) { return shipped }
        guard let stored = try await LearningModuleVersion.query(on: app.db).filter(\.$moduleID == id).filter(\.$version == version).first()
        else { throw StoreFailure.notFound("learning.edit.error.no_version") }
        return try stored.module()
    }
}

/// Programme staff edit a module's details and each lesson with its quiz; every save is a new version, and an older
/// version can be put back (as a new version, so nothing is lost).
struct ModuleEditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(LearningURL.editModule(.key), use: editModule)
        staff.post(LearningURL.editModule(.key), use: saveModule)
        staff.get(LearningURL.editLesson(.key, .key), use: editLesson)
        staff.post(LearningURL.editLesson(.key, .key), use: saveLesson)
        staff.get(LearningURL.versions(.key), use: versions)
        staff.post(LearningURL.restore(.key, .key), use: restore)
    }

    func editModule(req: Request) async throws -> Response {
        let (catalogue, module) = try await req.learningModule()
        var values = ModuleEditing.values(of: module)
        values["version"] = String(catalogue.version(of: module.id))
        return try await renderModuleForm(req, module: module, form: FormState(req, values: values))
    }

    func saveModule(req: Request) async throws -> Response {
        let (_, module) = try await req.learningModule()
        let values = req.formValues(ModuleEditing.detailFields + ["version", "note"])
        do {
            let seen = try seenVersion(values)
            let note = try ModuleEditing.note(values["note"]).get()
            let edited = try ModuleEditing.details(values, of: module).get()
            try await ModuleVersionStore.save(edited, seenVersion: seen, note: note, by: try req.requireUser(), app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderModuleForm(
                req, module: module, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            var kept = values
            kept["version"] = String(try await req.learningModules().version(of: module.id))
            return try await renderModuleForm(
                req, module: module, form: FormState(req, values: kept, errors: [FieldError(field: "note", message: key)]),
                status: .conflict)
        }
        req.flash(req.t("learning.edit.saved"))
        return req.redirect(to: LearningURL.module(.value(module.id)))
    }

    func editLesson(req: Request) async throws -> Response {
        let (catalogue, module, number, lesson) = try await req.learningLesson()
        var values = ModuleEditing.values(of: lesson)
        values["version"] = String(catalogue.version(of: module.id))
        return try await renderLessonForm(req, module: module, number: number, lesson: lesson, form: FormState(req, values: values))
    }

    func saveLesson(req: Request) async throws -> Response {
        let (_, module, number, lesson) = try await req.learningLesson()
        let values = req.formValues(ModuleEditing.lessonFields(of: lesson) + ["version", "note"])
        do {
            let seen = try seenVersion(values)
            let note = try ModuleEditing.note(values["note"]).get()
            let edited = try ModuleEditing.lesson(values, number: number, of: module).get()
            try await ModuleVersionStore.save(edited, seenVersion: seen, note: note, by: try req.requireUser(), app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderLessonForm(
                req, module: module, number: number, lesson: lesson, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            var kept = values
            kept["version"] = String(try await req.learningModules().version(of: module.id))
            return try await renderLessonForm(
                req, module: module, number: number, lesson: lesson,
                form: FormState(req, values: kept, errors: [FieldError(field: "note", message: key)]), status: .conflict)
        }
        req.flash(req.t("learning.edit.saved"))
        return req.redirect(to: LearningURL.lesson(.value(module.id), .value(number)))
    }

    func versions(req: Request) async throws -> Response {
        let (catalogue, module) = try await req.learningModule()
        let stored = try await ModuleVersionStore.versions(of: module.id, on: req.db)
        req.wantsForm = true
        let context = ModuleEditPages.versions(module, current: catalogue.version(of: module.id), stored: stored, req: req)
        return try await req.render("learning/versions", title: req.t("learning.edit.versions_title", module.title(req.language)), context)
    }

    /// Puts an older version back by saving it as the newest, so the versions in between stay.
    func restore(req: Request) async throws -> Response {
        let (catalogue, module) = try await req.learningModule()
        let current = catalogue.version(of: module.id)
        guard let version = Validate.number(req.parameters.get("version"), in: 0...max(0, current - 1)) else {
            throw StoreFailure.notFound("learning.edit.error.no_version")
        }
        let old = try await ModuleVersionStore.module(module.id, version: version, app: req.application)
        do {
            try await ModuleVersionStore.save(
                old, seenVersion: current, note: req.application.localizer.text("learning.edit.restored_note", .nl, [String(version)]),
                by: try req.requireUser(), app: req.application)
        } catch StoreFailure.conflict(let key) {
            req.flash(req.t(key))
            return req.redirect(to: LearningURL.versions(.value(module.id)))
        }
        req.flash(req.t("learning.edit.restored", String(version)))
        return req.redirect(to: LearningURL.versions(.value(module.id)))
    }

    private func seenVersion(_ values: [String: String]) throws -> Int {
        guard let seen = Validate.number(values["version"], in: 0...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "note", message: "error.form_tampered")])
        }
        return seen
    }

    private func renderModuleForm(_ req: Request, module: LearningModule, form: FormState, status: HTTPStatus = .ok) async throws
        -> Response
    {
        req.wantsForm = true
        return try await req.render(
            "learning/edit_module", title: req.t("learning.edit.module_title", module.title(req.language)),
            ModuleEditPages.module(module, form: form, req: req), hasErrors: form.hasErrors, status: status)
    }

    private func renderLessonForm(
        _ req: Request, module: LearningModule, number: Int, lesson: Lesson, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        return try await req.render(
            "learning/edit_lesson", title: req.t("learning.edit.lesson_title", String(number), module.title(req.language)),
            ModuleEditPages.lesson(lesson, number: number, of: module, form: form, req: req), hasErrors: form.hasErrors, status: status)
    }
}
