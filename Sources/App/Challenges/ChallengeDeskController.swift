import DemocracyKit
import Fluent
import Vapor

/// The municipality's side of the uitdaagrecht: the coordinator writes the rules and chooses the handlers; the
/// handlers see what is due, record each step and write to the group.
struct ChallengeDeskController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(ChallengeURL.rules(.key), use: rules)
        signedIn.post(ChallengeURL.rules(.key), use: saveRules)
        signedIn.post(ChallengeURL.addHandler(.key), use: addHandler)
        signedIn.post(ChallengeURL.removeHandler(.key, .key), use: removeHandler)
        signedIn.get(ChallengeURL.desk(.key), use: index)
        signedIn.get(ChallengeURL.handle(.key, .key), use: show)
        signedIn.post(ChallengeURL.handle(.key, .key), use: act)
        signedIn.post(ChallengeURL.message(.key, .key), use: message)
        signedIn.get(ChallengeURL.document(.key, .key, .key), use: document)
        routes.grouped(RequireSignIn(), RequireProgrammeStaff()).get(ChallengeURL.national, use: national)
    }

    // MARK: The national picture

    func national(req: Request) async throws -> Response {
        let (overview, enabled) = try await ChallengeStore.overview(app: req.application)
        let codes = Set(enabled + overview.overduePerMunicipality.map(\.code))
        let names = try await MunicipalityQueries.names(of: codes, on: req.db)
        let context = ChallengePages.national(overview, enabled: enabled, names: names, req: req)
        return try await req.render("challenges/national", title: req.t("challenge.national_title"), context)
    }

    // MARK: Rules and handlers

    func rules(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .setChallengeRules)
        let (rules, version) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        return try await renderRules(
            req, municipality: municipality, form: FormState(req, values: ChallengePages.values(of: rules, version: version)))
    }

    func saveRules(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .setChallengeRules)
        let values = req.formValues(ChallengePages.rulesFields, lists: ["conditions"])
        do {
            guard let seen = Validate.number(values["version"], in: 0...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
            }
            let conditions = req.formList("conditions")
            var weeks: [ChallengeTerm: String] = [:]
            for term in ChallengeTerm.allCases { weeks[term] = values["weeks-\(term.rawValue)"] ?? "" }
            let enabled = values["enabled"] == "ja"
            let errors = ChallengeRules.problems(
                enabled: enabled, introNl: values["introNl"] ?? "", introEn: values["introEn"] ?? "", openTasks: values["openTasks"] ?? "",
                excludedTasks: values["excludedTasks"] ?? "", conditions: conditions, weeks: weeks)
            guard errors.isEmpty else { throw StoreFailure.fields(errors) }
            let rules = ChallengeRules(
                enabled: enabled,
                intro: LocalizedText(
                    nl: (values["introNl"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                    en: (values["introEn"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)),
                openTasks: ChallengeRules.lines(values["openTasks"] ?? ""),
                excludedTasks: ChallengeRules.lines(values["excludedTasks"] ?? ""),
                conditions: conditions.compactMap(ChallengeCondition.init(rawValue:)),
                weeks: weeks.compactMapValues { Validate.number($0, in: ChallengeRules.weekRange) })
            try await ChallengeStore.saveRules(rules, of: municipality.code, seenVersion: seen, app: req.application)
            req.flash(req.t("challenge.rules_saved"))
            return req.redirect(to: ChallengeURL.rules(.value(municipality.code)))
        } catch StoreFailure.fields(let errors) {
            return try await renderRules(
                req, municipality: municipality, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Saving again from here replaces what the other person saved, knowingly: the page says so.
            var values = values
            values["version"] = String(try await ChallengeStore.rules(of: municipality.code, on: req.db).version)
            return try await renderRules(
                req, municipality: municipality, form: FormState(req, values: values, errors: [FieldError(field: "enabled", message: key)]),
                status: .conflict)
        }
    }

    func addHandler(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .setChallengeRules)
        let values = req.formValues(["handlerName", "handlerEmail"])
        do {
            try await ChallengeStore.addHandler(
                name: values["handlerName"] ?? "", email: values["handlerEmail"] ?? "", to: municipality, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            let (rules, version) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
            let form = FormState(req, values: ChallengePages.values(of: rules, version: version).merging(values) { $1 }, errors: errors)
            return try await renderRules(req, municipality: municipality, form: form, status: .unprocessableEntity)
        }
        req.flash(req.t("challenge.handler_added", values["handlerName"] ?? ""))
        return req.redirect(to: ChallengeURL.rules(.value(municipality.code)))
    }

    func removeHandler(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .setChallengeRules)
        try await ChallengeStore.removeHandler(
            req.parameters.get("userID").flatMap(UUID.init(uuidString:)), from: municipality.code, by: user, app: req.application)
        req.flash(req.t("challenge.handler_removed"))
        return req.redirect(to: ChallengeURL.rules(.value(municipality.code)))
    }

    private func renderRules(_ req: Request, municipality: Municipality, form: FormState, status: HTTPStatus = .ok) async throws -> Response
    {
        req.wantsForm = true
        let handlers = try await ChallengeStore.handlers(of: municipality.code, on: req.db)
        let context = ChallengePages.rulesForm(form, municipality: municipality, handlers: handlers, req: req)
        return try await req.render(
            "challenges/rules", title: req.t("challenge.rules_title"), context, hasErrors: form.hasErrors, status: status)
    }

    // MARK: Handling

    func index(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .handleChallenges)
        let (rules, _) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        let records = try await ChallengeStore.list(municipality: municipality.code, on: req.db)
        let context = ChallengePages.desk(records, municipality: municipality, rules: rules, req: req)
        return try await req.render("challenges/desk", title: req.t("challenge.desk_title"), context)
    }

    func show(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .handleChallenges)
        let record = try await challenge(req, municipality.code)
        return try await renderShow(req, municipality: municipality, record: record, form: FormState(req))
    }

    static let actionFields = [
        "do", "version", "condition", "reason", "meetingOn", "notes", "proposal", "summary", "decision", "reasons", "decidedOn",
        "agreementFrom", "agreementUntil", "agreementBudget", "method", "reporting", "progress", "evaluation",
    ]

    func act(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .handleChallenges)
        let record = try await challenge(req, municipality.code)
        let (rules, _) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        let verdictFields = rules.conditions.flatMap { ["verdict-\($0.rawValue)", "explanation-\($0.rawValue)"] }
        let values = req.formValues(Self.actionFields + verdictFields)
        do {
            guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
            }
            let action = try ChallengePages.action(values, rules: rules)
            try await ChallengeStore.act(action, on: record, seenVersion: seen, actorName: user.name, as: .handler, app: req.application)
            req.flash(req.t("challenge.step_saved"))
            return req.redirect(to: ChallengeURL.handle(.value(municipality.code), .value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, municipality: municipality, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Someone else moved the challenge meanwhile: the page shows where it is now, with this person's text kept.
            let fresh = try await challenge(req, municipality.code)
            var values = values
            values["version"] = String(fresh.version)
            return try await renderShow(
                req, municipality: municipality, record: fresh,
                form: FormState(req, values: values, errors: [FieldError(field: "do", message: key)]),
                status: .conflict)
        }
    }

    func message(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .handleChallenges)
        let record = try await challenge(req, municipality.code)
        let values = req.formValues(["message", "shared"])
        do {
            try await ChallengeStore.message(
                values["message"] ?? "", on: record, actorName: user.name, byGroup: false, shared: values["shared"] == "ja",
                app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(
                req, municipality: municipality, record: record, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
        req.flash(req.t(values["shared"] == "ja" ? "challenge.question_sent" : "challenge.note_saved"))
        return req.redirect(to: ChallengeURL.handle(.value(municipality.code), .value(try record.requireID())))
    }

    func document(req: Request) async throws -> Response {
        let (municipality, _) = try await req.municipality(for: .handleChallenges)
        let record = try await challenge(req, municipality.code)
        let file = try await ChallengeStore.document(
            req.parameters.get("documentID").flatMap(UUID.init(uuidString:)), of: try record.requireID(), on: req.db)
        return req.fileDownload(file.data, name: file.fileName, mediaType: file.kind.mediaType)
    }

    private func challenge(_ req: Request, _ code: String) async throws -> ChallengeRecord {
        try await ChallengeStore.require(req.parameters.get("challengeID").flatMap(UUID.init(uuidString:)), municipality: code, on: req.db)
    }

    private func renderShow(
        _ req: Request, municipality: Municipality, record: ChallengeRecord, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let (rules, _) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        let history = try await ChallengeStore.history(of: try record.requireID(), sharedOnly: false, on: req.db)
        let documents = try await ChallengeStore.documents(of: try record.requireID(), on: req.db)
        let context = ChallengePages.handle(
            record, municipality: municipality, rules: rules, history: history, documents: documents, form: form, req: req)
        return try await req.render("challenges/handle", title: record.task, context, hasErrors: form.hasErrors, status: status)
    }
}
