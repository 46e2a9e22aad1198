import DemocracyKit
import Fluent
import Vapor

/// The public side of the uitdaagrecht: the national register and its entries, each municipality's page and form,
/// and the group's follow-up page, reached by the secret link from its email (no account, no CSRF token needed:
/// the secret in the address is what a forged post cannot know).
struct ChallengeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(ChallengeURL.register, use: register)
        routes.get(ChallengeURL.openData, use: openData)
        routes.get(ChallengeURL.feed(.key), use: feed)
        routes.get(ChallengeURL.entry(.key), use: entry)
        routes.get(ChallengeURL.municipality(.key), use: municipality)
        routes.get(ChallengeURL.submit(.key), use: new)
        routes.post(ChallengeURL.submit(.key), use: create)
        routes.get(ChallengeURL.follow(.key), use: follow)
        routes.post(ChallengeURL.follow(.key), use: groupActs)
        routes.post(ChallengeURL.upload(.key), maxBody: "6mb", use: upload)
        routes.get(ChallengeURL.groupDocument(.key, .key), use: document)
    }

    /// Kept for visitors until the register changes: the key holds the revision, the language and the query.
    private func shared(
        _ req: Request, _ name: String, contentType: HTTPMediaType = .html,
        _ render: @escaping @Sendable (_ revision: Int64) async throws -> Response
    )
        async throws -> Response
    {
        let revision = try await ChallengeStore.revision(on: req.db)
        return try await req.renderSharedWithVisitors(
            req.application.challengePages, key: "\(name)|\(revision)|\(req.url.path)", contentType: contentType
        ) { try await render(revision) }
    }

    func register(req: Request) async throws -> Response {
        try await shared(req, "register") { revision in try await renderRegister(req, revision: revision) }
    }

    /// Signed in, the register's own part is kept by the same revision; only the layout is made per request.
    private func renderRegister(_ req: Request, revision: Int64) async throws -> Response {
        let key = [String(revision), req.language.rawValue, req.url.query ?? ""].joined(separator: "|")
        let body = try await req.application.challengeBodies.value(key) {
            let filter = try await ChallengePages.filter(from: req)
            let (rows, pagination) = try await ChallengeStore.register(filter, on: req.db)
            let names = try await MunicipalityQueries.names(of: Set(rows.map(\.municipalityCode)), on: req.db)
            let context = ChallengePages.register(rows, pagination: pagination, filter: filter, names: names, req: req)
            return String(buffer: try await req.leaf.render("challenges/register_body", ReportController.Body(c: context)).data)
        }
        return try await req.render("prerendered", title: req.t("challenge.register_title"), ReportController.Prerendered(body: body))
    }

    /// The register as open data (CC BY 4.0), with the same filters as the page.
    func openData(req: Request) async throws -> Response {
        let rows = try await ChallengeStore.registerAll(try await ChallengePages.filter(from: req), on: req.db)
        let municipalities = try await Municipality.query(on: req.db).filter(\.$id ~~ Set(rows.map(\.municipalityCode))).all()
        let response = req.csvDownload(
            CSV.file(ChallengePages.openData(rows, municipalities: municipalities, app: req.application)),
            filename: "uitdaagrecht-register-\(Format.day(req.application.clock.now())).csv")
        response.headers.replaceOrAdd(name: "Link", value: "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"")
        return response
    }

    /// A municipality's register as an Atom feed: each challenge's latest step.
    func feed(req: Request) async throws -> Response {
        try await shared(req, "feed", contentType: .atom) { _ in try await renderFeed(req) }
    }

    private func renderFeed(_ req: Request) async throws -> Response {
        let municipality = try await MunicipalityQueries.require(code: req.parameters.get("code"), on: req.db)
        let rows = try await ChallengeStore.latest(of: municipality.code, limit: 50, on: req.db)
        return try await req.atom(ChallengePages.feed(rows, municipality: municipality, req: req))
    }

    func entry(req: Request) async throws -> Response {
        let record = try await ChallengeStore.requirePublic(req.parameters.get("challengeID").flatMap(UUID.init(uuidString:)), on: req.db)
        let municipality = try await MunicipalityQueries.require(code: record.municipalityCode, on: req.db)
        let context = ChallengePages.entry(record, municipality: municipality, req: req)
        return try await req.render("challenges/entry", title: record.task, context)
    }

    func municipality(req: Request) async throws -> Response {
        try await shared(req, "municipality") { _ in try await renderMunicipality(req) }
    }

    private func renderMunicipality(_ req: Request) async throws -> Response {
        let municipality = try await MunicipalityQueries.require(code: req.parameters.get("code"), on: req.db)
        let (rules, _) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        var filter = ChallengeStore.RegisterFilter()
        filter.municipality = municipality.code
        let (rows, _) = try await ChallengeStore.register(filter, on: req.db)
        let context = ChallengePages.municipality(municipality, rules: rules, challenges: rows, req: req)
        return try await req.render("challenges/municipality", title: req.t("challenge.municipality_title", municipality.name), context)
    }

    func new(req: Request) async throws -> Response {
        let (municipality, rules) = try await enabled(req)
        return try await renderForm(req, municipality: municipality, rules: rules, form: FormState(req))
    }

    func create(req: Request) async throws -> Response {
        let (municipality, rules) = try await enabled(req)
        let values = req.formValues(ChallengePages.submissionFields, lists: ["focusAreas"])
        let submission = ChallengePages.submission(values, focusAreas: req.formList("focusAreas"))
        do {
            let token = try await ChallengeStore.submit(
                submission, to: municipality, language: req.language, address: req.clientAddress, app: req.application)
            req.flash(req.t("challenge.submitted"))
            return req.redirect(to: ChallengeURL.follow(.value(token)))
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, rules: rules, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch let tooMany as ChallengeStore.TooMany {
            let error = FieldError(field: "groupName", message: "challenge.error.throttled", limit: tooMany.minutes)
            return try await renderForm(
                req, municipality: municipality, rules: rules, form: FormState(req, values: values, errors: [error]),
                status: .tooManyRequests)
        }
    }

    /// The municipality of the address, if its uitdaagrecht is switched on.
    private func enabled(_ req: Request) async throws -> (Municipality, ChallengeRules) {
        let municipality = try await MunicipalityQueries.require(code: req.parameters.get("code"), on: req.db)
        let (rules, _) = try await ChallengeStore.rules(of: municipality.code, on: req.db)
        guard rules.enabled else { throw StoreFailure.notFound("challenge.not_enabled") }
        return (municipality, rules)
    }

    private func renderForm(
        _ req: Request, municipality: Municipality, rules: ChallengeRules, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = ChallengePages.submitForm(form, municipality: municipality, rules: rules, req: req)
        return try await req.render(
            "challenges/submit", title: req.t("challenge.submit_title", municipality.name), context, hasErrors: form.hasErrors,
            status: status)
    }

    func follow(req: Request) async throws -> Response {
        let record = try await followed(req)
        return try await renderFollow(req, record: record, form: FormState(req))
    }

    /// What the group does from its page: write a message, send its worked-out proposal, report progress,
    /// evaluate, or withdraw.
    func groupActs(req: Request) async throws -> Response {
        let record = try await followed(req)
        let values = req.formValues(["do", "version", "message", "proposal", "progress", "evaluation"])
        let act = values["do"] ?? ""
        do {
            if act == "bericht" {
                try await ChallengeStore.message(
                    values["message"] ?? "", on: record, actorName: record.groupName, byGroup: true, shared: true, app: req.application)
            } else {
                guard let seen = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
                    throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
                }
                let action: ChallengeAction =
                    switch act {
                    case "voorstel": .submitProposal(text: values["proposal"] ?? "")
                    case "voortgang": .reportProgress(text: values["progress"] ?? "")
                    case "evaluatie": .evaluate(text: values["evaluation"] ?? "", otherSideDone: false)
                    case "intrekken": .withdraw
                    default: throw StoreFailure.fields([FieldError(field: "do", message: "error.form_tampered")])
                    }
                try await ChallengeStore.act(
                    action, on: record, seenVersion: seen, actorName: record.groupName, as: .group, app: req.application)
            }
            req.flash(req.t(act == "intrekken" ? "challenge.withdrawn" : "challenge.sent"))
            return req.redirect(to: ChallengeURL.follow(.value(req.parameters.get("token") ?? "")))
        } catch StoreFailure.fields(let errors) {
            return try await renderFollow(
                req, record: record, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            let fresh = try await followed(req)
            let field = ["voorstel": "proposal", "voortgang": "progress", "evaluatie": "evaluation"][act] ?? "message"
            return try await renderFollow(
                req, record: fresh, form: FormState(req, values: values, errors: [FieldError(field: field, message: key)]),
                status: .conflict)
        }
    }

    /// A document the group adds, checked by its content (docs/challenges.md, "Documents").
    func upload(req: Request) async throws -> Response {
        let record = try await followed(req)
        do {
            guard let file = try? req.content.get(File.self, at: "document"), file.data.readableBytes > 0 else {
                throw StoreFailure.fields([FieldError(field: "document", message: UploadKind.Refusal.empty.rawValue)])
            }
            let bytes = file.data.getBytes(at: file.data.readerIndex, length: file.data.readableBytes) ?? []
            try await ChallengeStore.attach(name: file.filename, bytes: bytes, to: record, byGroup: true, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderFollow(req, record: record, form: FormState(req, errors: errors), status: .unprocessableEntity)
        }
        req.flash(req.t("challenge.document_added"))
        return req.redirect(to: ChallengeURL.follow(.value(req.parameters.get("token") ?? "")))
    }

    func document(req: Request) async throws -> Response {
        let record = try await followed(req)
        let file = try await ChallengeStore.document(
            req.parameters.get("documentID").flatMap(UUID.init(uuidString:)), of: try record.requireID(), on: req.db)
        return req.fileDownload(file.data, name: file.fileName, mediaType: file.kind.mediaType)
    }

    private func followed(_ req: Request) async throws -> ChallengeRecord {
        guard let token = req.parameters.get("token"), let record = try await ChallengeStore.find(token: token, on: req.db) else {
            throw StoreFailure.notFound("challenge.link_unknown")
        }
        return record
    }

    private func renderFollow(_ req: Request, record: ChallengeRecord, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let municipality = try await MunicipalityQueries.require(code: record.municipalityCode, on: req.db)
        let (rules, _) = try await ChallengeStore.rules(of: record.municipalityCode, on: req.db)
        let history = try await ChallengeStore.history(of: try record.requireID(), sharedOnly: true, on: req.db)
        let documents = try await ChallengeStore.documents(of: try record.requireID(), on: req.db)
        let context = ChallengePages.follow(
            record, municipality: municipality, rules: rules, history: history, documents: documents,
            token: req.parameters.get("token") ?? "",
            form: form, req: req)
        let response = try await req.render(
            "challenges/follow", title: req.t("challenge.follow_title"), context, hasErrors: form.hasErrors, status: status)
        // The address holds the secret: it must not leave with a link, nor stay in a shared cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
