import DemocracyKit
import Vapor

/// The basisscan integriteit (docs/resilience.md): the griffier or burgemeester opens a case for a candidate
/// alderman and names the assessor; the candidate answers through a private link; the assessor records the checks,
/// the interview and the risks with their measures; the opener or burgemeester closes it. Only the people named on
/// a case read it.
struct IntegrityCaseController: RouteCollection {
    static let linkKey = "basisscan-link"

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(ResilienceURL.cases(.key), use: cases)
        signedIn.post(ResilienceURL.cases(.key), use: open)
        signedIn.get(ResilienceURL.show(.key, .key), use: show)
        signedIn.post(ResilienceURL.assess(.key, .key), use: assess)
        signedIn.post(ResilienceURL.close(.key, .key), use: close)
        signedIn.get(ResilienceURL.export(.key, .key), use: export)
        signedIn.post(ResilienceURL.share(.key, .key), use: share)
        signedIn.get(ResilienceURL.document(.key, .key, .key), use: document)
        routes.get(ResilienceURL.candidate(.key), use: questionnaire)
        routes.post(ResilienceURL.candidate(.key), use: answer)
        routes.post(ResilienceURL.upload(.key), maxBody: "6mb", use: upload)
    }

    /// The municipality of a case's address for someone who may see its non-public pages. Anyone else asking for a
    /// case (another municipality's people) is refused as the domain says, and the refusal is in the audit log too.
    private func caseMunicipality(_ req: Request) async throws -> (municipality: Municipality, user: CurrentUser) {
        do {
            return try await req.municipality(for: .seeNonPublic)
        } catch StoreFailure.notAllowed(let key) {
            if let user = req.currentUser {
                try await IntegrityCaseStore.logRefusal(
                    req.parameters.get("caseID").flatMap(UUID.init(uuidString:)), to: user, app: req.application)
            }
            throw StoreFailure.notAllowed(key)
        }
    }

    /// The case of the address, opened for this person's part in it (`IntegrityCaseStore.read` logs and refuses).
    private func openCase(_ req: Request, action: IntegrityCaseAccess.Action) async throws -> (
        municipality: Municipality, user: CurrentUser, opened: IntegrityCaseStore.Opened
    ) {
        let (municipality, user) = try await caseMunicipality(req)
        let opened = try await IntegrityCaseStore.read(
            req.parameters.get("caseID").flatMap(UUID.init(uuidString:)), of: municipality.code, by: user, action: action,
            app: req.application)
        return (municipality, user, opened)
    }

    func cases(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .seeNonPublic)
        return try await renderCases(req, municipality: municipality, user: user, form: FormState(req))
    }

    private func renderCases(_ req: Request, municipality: Municipality, user: CurrentUser, form: FormState, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let canOpen = Access.allows(user.memberships, .openIntegrityCase, municipality: municipality.code)
        req.wantsForm = canOpen
        let rows = try await IntegrityCaseStore.list(of: municipality.code, for: user, app: req.application)
        let shared = try await IntegrityCaseStore.sharedSummaries(of: municipality.code, for: user, app: req.application)
        let context = IntegrityCasePages.cases(rows, shared: shared, municipality: municipality, canOpen: canOpen, form: form, req: req)
        return try await req.render(
            "resilience/cases", title: req.t("basisscan.cases_title", municipality.name), context, hasErrors: form.hasErrors, status: status
        )
    }

    func open(req: Request) async throws -> Response {
        let (municipality, user) = try await req.municipality(for: .openIntegrityCase, refusal: "basisscan.error.open_forbidden")
        let values = req.formValues(IntegrityCaseForm.fieldNames)
        do {
            let (record, token) = try await IntegrityCaseStore.open(
                IntegrityCaseForm(values: values), municipality: municipality, by: user, app: req.application)
            req.session.data[Self.linkKey] = ResilienceURL.candidate(.value(token)).absolute(req.application)
            return req.redirect(to: ResilienceURL.show(.value(municipality.code), .value(try record.requireID())))
        } catch StoreFailure.fields(let errors) {
            return try await renderCases(
                req, municipality: municipality, user: user, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let (municipality, _, opened) = try await openCase(req, action: .read)
        let link = req.session.data[Self.linkKey]
        req.session.data[Self.linkKey] = nil
        var values = opened.assessment?.values() ?? [:]
        values["version"] = String(opened.record.version)
        return try await renderCase(req, municipality: municipality, opened: opened, link: link, form: FormState(req, values: values))
    }

    private func renderCase(
        _ req: Request, municipality: Municipality, opened: IntegrityCaseStore.Opened, link: String?, form: FormState,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = IntegrityCasePages.show(
            opened, municipality: municipality, questionnaire: req.application.integrityQuestionnaire, link: link,
            documents: try await IntegrityCaseStore.documents(of: opened.record, app: req.application), form: form, req: req)
        let response = try await req.render(
            "resilience/case", title: req.t("basisscan.case_title", opened.record.reference), context, hasErrors: form.hasErrors,
            status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func assess(req: Request) async throws -> Response {
        let (municipality, user, opened) = try await openCase(req, action: .assess)
        let values = req.formValues(IntegrityAssessment.fieldNames() + ["version"])
        do {
            guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: "publicSources", message: "error.form_tampered")])
            }
            let assessment = try IntegrityAssessment.read(values, areas: req.application.integrityQuestionnaire.areas.map(\.id)).get()
            try await IntegrityCaseStore.assess(assessment, on: opened, seenVersion: seen, by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderCase(
                req, municipality: municipality, opened: opened, link: nil, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            var kept = values
            kept["version"] = String(opened.record.version)
            return try await renderCase(
                req, municipality: municipality, opened: opened, link: nil,
                form: FormState(req, values: kept, errors: [FieldError(field: "publicSources", message: key)]), status: .conflict)
        }
        req.flash(req.t("basisscan.assessed"))
        return req.redirect(to: ResilienceURL.show(.value(municipality.code), .value(try opened.record.requireID())))
    }

    func close(req: Request) async throws -> Response {
        try await confirmedStep(req, action: .close, confirm: "confirm", message: "basisscan.error.confirm", notice: "basisscan.closed") {
            try await IntegrityCaseStore.close($0, seenVersion: $1, by: $2, app: req.application)
        }
    }

    /// The burgemeester shares the summary with the council, after ticking that the candidate was told.
    func share(req: Request) async throws -> Response {
        try await confirmedStep(
            req, action: .share, confirm: "confirmShare", message: "basisscan.error.confirm_share", notice: "basisscan.shared"
        ) {
            try await IntegrityCaseStore.share($0, seenVersion: $1, by: $2, app: req.application)
        }
    }

    /// A step on the case that its form confirms with a ticked box (`confirm`), at the version the person saw; `message`
    /// says the box was not ticked, `notice` that the step was done.
    private func confirmedStep(
        _ req: Request, action: IntegrityCaseAccess.Action, confirm: String, message unticked: String, notice done: String,
        perform: (IntegrityCaseStore.Opened, Int, CurrentUser) async throws -> Void
    ) async throws -> Response {
        let (municipality, user, opened) = try await openCase(req, action: action)
        let values = req.formValues(["version", confirm])
        do {
            guard values[confirm] == "ja" else { throw StoreFailure.fields([FieldError(field: confirm, message: unticked)]) }
            guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                throw StoreFailure.fields([FieldError(field: confirm, message: "error.form_tampered")])
            }
            try await perform(opened, seen, user)
        } catch StoreFailure.fields(let errors) {
            return try await renderCase(
                req, municipality: municipality, opened: opened, link: nil, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderCase(
                req, municipality: municipality, opened: opened, link: nil,
                form: FormState(req, values: values, errors: [FieldError(field: confirm, message: key)]), status: .conflict)
        }
        req.flash(req.t(done))
        return req.redirect(to: ResilienceURL.show(.value(municipality.code), .value(try opened.record.requireID())))
    }

    /// Everything held about the candidate, as a JSON file the opener or burgemeester hands to them.
    func export(req: Request) async throws -> Response {
        let (municipality, user, opened) = try await openCase(req, action: .export)
        let data = try await IntegrityCaseStore.export(opened, municipality: municipality, by: user, app: req.application)
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"basisscan-\(opened.record.reference).json\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A document the candidate added, for the people named on the case; the view is logged.
    func document(req: Request) async throws -> Response {
        let (_, _, opened) = try await openCase(req, action: .read)
        let file = try await IntegrityCaseStore.document(
            req.parameters.get("documentID").flatMap(UUID.init(uuidString:)), of: opened, app: req.application)
        return req.fileDownload(file.data, name: file.name, mediaType: file.kind.mediaType)
    }

    // MARK: The candidate, through their private link

    func questionnaire(req: Request) async throws -> Response {
        let record = try await IntegrityCaseStore.byToken(req.parameters.get("token") ?? "", app: req.application)
        let answers = try IntegrityCaseStore.answers(of: record, app: req.application)
        let values = Dictionary(uniqueKeysWithValues: answers.map { ("v-" + $0.key, $0.value) })
        return try await renderQuestionnaire(req, record: record, form: FormState(req, values: values))
    }

    func answer(req: Request) async throws -> Response {
        let record = try await IntegrityCaseStore.byToken(req.parameters.get("token") ?? "", app: req.application)
        let questionnaire = req.application.integrityQuestionnaire
        let values = req.formValues(questionnaire.questions.map(IntegrityQuestionnaire.field) + ["actie"])
        // Only the save button says so; a form sent otherwise (Enter, or a browser without the button's value) is sent.
        let sending = values["actie"] != "opslaan"
        let now: IntegrityCaseStatus
        do {
            let answers = try questionnaire.read(values, sending: sending).get()
            now = try await IntegrityCaseStore.saveAnswers(answers, sending: sending, to: record, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderQuestionnaire(
                req, record: record, form: FormState(req, values: values, errors: errors), httpStatus: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            return try await renderQuestionnaire(
                req, record: record, form: FormState(req, values: values, errors: [FieldError(field: "actie", message: key)]),
                httpStatus: .conflict)
        }
        return try await renderQuestionnaire(
            req, record: record, status: now, form: FormState(req, values: values),
            notice: req.t(sending ? "basisscan.sent" : "basisscan.saved"))
    }

    /// A document the candidate adds, checked by its content; the page shows it in the list after.
    func upload(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let record = try await IntegrityCaseStore.byToken(token, app: req.application)
        do {
            guard let file = try? req.content.get(File.self, at: "document"), file.data.readableBytes > 0 else {
                throw StoreFailure.fields([FieldError(field: "document", message: UploadKind.Refusal.empty.rawValue)])
            }
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            try await IntegrityCaseStore.attach(name: file.filename, bytes: bytes, to: record, app: req.application)
        } catch StoreFailure.fields(let errors) {
            let answers = try IntegrityCaseStore.answers(of: record, app: req.application)
            let values = Dictionary(uniqueKeysWithValues: answers.map { ("v-" + $0.key, $0.value) })
            return try await renderQuestionnaire(
                req, record: record, form: FormState(req, values: values, errors: errors), httpStatus: .unprocessableEntity)
        }
        return req.redirect(to: ResilienceURL.candidate(.value(token)))
    }

    /// `status`: the case's status after a change on this request, if it changed.
    private func renderQuestionnaire(
        _ req: Request, record: IntegrityCaseRecord, status: IntegrityCaseStatus? = nil, form: FormState, notice: String? = nil,
        httpStatus: HTTPStatus = .ok
    ) async throws -> Response {
        let context = IntegrityCasePages.questionnaire(
            req.application.integrityQuestionnaire, isOpen: (status ?? record.status) == .geopend, token: req.parameters.get("token") ?? "",
            documents: try await IntegrityCaseStore.documents(of: record, app: req.application), form: form, notice: notice, req: req)
        let response = try await req.render(
            "resilience/questionnaire", title: req.t("basisscan.questionnaire_title"), context, hasErrors: form.hasErrors,
            status: httpStatus)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }
}
