import DemocracyKit
import Fluent
import Vapor

/// "Leren van elkaar": anyone searches and reads published experiences (those for participants only after
/// signing in); a municipality's coordinator and facilitator write them and send them for review; programme
/// staff publish them or send them back.
struct ExperienceController: RouteCollection {
    static let perPage = 20
    static let feedSize = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(ExperienceURL.list, use: index)
        routes.get(ExperienceURL.feed, use: feed)
        routes.get(ExperienceURL.show(.key), use: show)
        let signedIn = routes.grouped(RequireSignIn())
        signedIn.get(ExperienceURL.mine(.key), use: mine)
        signedIn.get(ExperienceURL.new(.key), use: new)
        signedIn.post(ExperienceURL.new(.key), use: create)
        signedIn.get(ExperienceURL.edit(.key, .key), use: edit)
        signedIn.post(ExperienceURL.edit(.key, .key), use: update)
        signedIn.post(ExperienceURL.act(.key, .key), use: act)
        signedIn.get(ExperienceURL.similar(.key), use: similar)
        signedIn.post(ExperienceURL.contact(.key), use: contact)
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(ExperienceURL.reviewList, use: reviewList)
        staff.get(ExperienceURL.review(.key), use: review)
        staff.post(ExperienceURL.reviewAct(.key), use: reviewAct)
        staff.get(ExperienceURL.versions(.key), use: versions)
    }

    // MARK: Reading and searching

    func index(req: Request) async throws -> Response {
        // Visitors get the page from memory while nothing in the index changed (the address's query is in the key).
        let corpus = try await SearchStore.corpus(app: req.application, on: req.db)
        return try await req.renderSharedWithVisitors(req.application.experiencePages, key: "list|\(corpus.appliedSeq).\(corpus.count)") {
            try await renderIndex(req, corpus: corpus)
        }
    }

    private func renderIndex(_ req: Request, corpus: SearchCorpus) async throws -> Response {
        let query = SearchQuery(req.query[String.self, at: "zoek"] ?? "")
        let filter = SearchFilter(
            kind: req.query[String.self, at: "soort"].flatMap(SearchKind.init(rawValue:)),
            focusArea: req.query[String.self, at: "gebied"].flatMap(FocusArea.init(slug:)),
            province: req.query[String.self, at: "provincie"].flatMap { Province.all.contains($0) ? $0 : nil },
            sizeClass: req.query[String.self, at: "grootte"].flatMap(SizeClass.init(rawValue:)),
            pillar: req.query[String.self, at: "pijler"].flatMap(Pillar.init(rawValue:)),
            outcome: req.query[String.self, at: "uitkomst"].flatMap(ExperienceOutcome.init(rawValue:)))
        let page = Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers)
        let mayReadAll = try await Self.mayReadParticipantsOnly(req)
        let shareURL = try await shareURL(req)
        if let user = req.currentUser { try await ExperienceStore.visited(by: user.id, at: req.application.clock.now(), on: req.db) }
        // The results part is the same for everyone who may read the same and searches the same, while the index is
        // unchanged: it is made once and kept; only the layout around it (the person's own menu) is made each time.
        let key = [
            "\(corpus.appliedSeq).\(corpus.count)", req.language.rawValue, String(mayReadAll), shareURL ?? "", req.url.query ?? "",
        ].joined(separator: "|")
        let body = try await req.application.experienceBodies.value(key) {
            let found = SearchStore.search(
                query, filter: filter, mayReadParticipantsOnly: mayReadAll, page: page, perPage: Self.perPage, in: corpus)
            let context = ExperiencePages.index(found, query: query, filter: filter, shareURL: shareURL, req: req)
            return String(buffer: try await req.leaf.render("experiences/index_body", ReportController.Body(c: context)).data)
        }
        return try await req.render("prerendered", title: req.t("experience.title"), ReportController.Prerendered(body: body))
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, form: FormState(req))
    }

    private func readable(_ req: Request) async throws -> (ExperienceStore.Published, mayReadAll: Bool) {
        let published = try await ExperienceStore.published(slug: req.parameters.get("slug"), on: req.db)
        let mayReadAll = try await Self.mayReadParticipantsOnly(req)
        if published.experience.visibility == .deelnemers && !mayReadAll {
            throw StoreFailure.notAllowed(req.currentUser == nil ? "experience.sign_in_to_read" : "experience.participants_only")
        }
        return (published, mayReadAll)
    }

    private func renderShow(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let (published, mayReadAll) = try await readable(req)
        let corpus = try await SearchStore.corpus(app: req.application, on: req.db)
        let related = SearchRanking.related(
            to: published.slug, among: corpus.all { $0.kind == .ervaring && (mayReadAll || $0.visibility == .publiek) }, limit: 3)
        let (catalogue, _) = try await CatalogueStore.catalogue(app: req.application, on: req.db)
        var editURL: String?
        if let user = req.currentUser, Access.allows(user.memberships, .shareExperiences, municipality: published.municipality.code) {
            editURL = ExperienceURL.edit(.value(published.municipality.code), .value(published.id)).path
        }
        if req.currentUser != nil { req.wantsForm = true }
        let context = ExperiencePages.show(
            published, related: related, offers: catalogue.offers, editURL: editURL, form: form, req: req)
        return try await req.render(
            "experiences/show", title: published.experience.title.or(req.language), context, hasErrors: form.hasErrors, status: status)
    }

    /// "Neem contact op": a signed-in person's question goes to the contact person by email (their address
    /// stays unknown to the sender); a few an hour per sender.
    func contact(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (published, _) = try await readable(req)
        let values = req.formValues(["message"])
        do {
            try await ExperienceStore.sendQuestion(values["message"] ?? "", about: published, from: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            let status: HTTPStatus =
                errors.contains { $0.message == "experience.error.too_many_messages" } ? .tooManyRequests : .unprocessableEntity
            return try await renderShow(req, form: FormState(req, values: values, errors: errors), status: status)
        }
        req.flash(req.t("experience.message_sent", published.contact?.name ?? ""))
        return req.redirect(to: ExperienceURL.show(.value(published.slug)))
    }

    func feed(req: Request) async throws -> Response {
        let corpus = try await SearchStore.corpus(app: req.application, on: req.db)
        return try await req.renderSharedWithVisitors(
            req.application.experiencePages, key: "feed|\(corpus.appliedSeq).\(corpus.count)", contentType: .atom
        ) {
            try await renderFeed(req, corpus: corpus)
        }
    }

    private func renderFeed(_ req: Request, corpus: SearchCorpus) async throws -> Response {
        var focusArea: FocusArea?
        if let slug = req.query[String.self, at: "gebied"] {
            guard let area = FocusArea(slug: slug) else { throw StoreFailure.notFound("experience.feed_unknown_area") }
            focusArea = area
        }
        let latest = corpus.latest(limit: Self.feedSize) {
            $0.kind == .ervaring && $0.visibility == .publiek && (focusArea.map($0.focusAreas.contains) ?? true)
        }
        return try await req.atom(ExperiencePages.feed(latest, focusArea: focusArea, req: req))
    }

    /// Whether this reader may read what is shared with participating municipalities only: programme staff, and
    /// people of a municipality that takes part.
    static func mayReadParticipantsOnly(_ req: Request) async throws -> Bool {
        guard let user = req.currentUser else { return false }
        if user.isProgrammeStaff { return true }
        let codes = Access.municipalities(of: user.memberships)
        guard !codes.isEmpty else { return false }
        return try await !MunicipalityQueries.participation(codes: codes, on: req.db).isEmpty
    }

    /// Where this person shares an experience: their own municipality's list, if they may.
    private func shareURL(_ req: Request) async throws -> String? {
        guard let user = req.currentUser else { return nil }
        let code = Access.municipalities(of: user.memberships).first {
            Access.allows(user.memberships, .shareExperiences, municipality: $0)
        }
        return code.map { ExperienceURL.mine(.value($0)).path }
    }

    // MARK: Municipalities like this one

    static let similarShown = 10

    func similar(req: Request) async throws -> Response {
        let municipality = try await MunicipalityAccess.requireNonPublic(req)
        let profiles = try await ExperienceStore.profiles(isDemo: municipality.isDemo, app: req.application, on: req.db)
        guard let me = profiles.first(where: { $0.code == municipality.code }) else {
            throw StoreFailure.notFound("experience.not_found")
        }
        let mayReadAll = try await Self.mayReadParticipantsOnly(req)
        let documents = try await SearchStore.corpus(app: req.application, on: req.db).all {
            $0.kind == .ervaring && (mayReadAll || $0.visibility == .publiek)
        }
        let byMunicipality = Dictionary(grouping: documents) { $0.municipalityCode ?? "" }
        let similar = Similarity.similar(
            to: me, among: profiles, experiences: byMunicipality.mapValues(\.count), limit: Self.similarShown)
        let context = ExperiencePages.similar(similar, me: me, experiences: byMunicipality, req: req)
        return try await req.render("experiences/similar", title: req.t("experience.similar_title", municipality.name), context)
    }

    // MARK: The municipality's own experiences

    private func writer(_ req: Request) async throws -> (Municipality, CurrentUser) {
        try await req.municipality(for: .shareExperiences, refusal: "experience.error.forbidden")
    }

    func mine(req: Request) async throws -> Response {
        let (municipality, _) = try await writer(req)
        let items = try await ExperienceStore.list(municipality: municipality.code, on: req.db)
        let context = ExperiencePages.mine(items, municipality: municipality, req: req)
        return try await req.render("experiences/mine", title: req.t("experience.mine_title", municipality.name), context)
    }

    func new(req: Request) async throws -> Response {
        let (municipality, _) = try await writer(req)
        var values = ["visibility": ExperienceVisibility.publiek.rawValue, "contact": "ja"]
        // Started from an evaluated request: its offer, focus areas, period and lessons fill the form.
        if let id = req.query[String.self, at: "aanvraag"].flatMap(UUID.init(uuidString:)),
            let item = try? await RequestStore.require(id, municipality: municipality.code, app: req.application, on: req.db),
            let start = RequestStore.experienceStart(of: item)
        {
            values.merge(ExperienceForm.values(of: start)) { $1 }
        }
        // Started from an evaluated challenge under the uitdaagrecht: its task, decision and both evaluations.
        if let id = req.query[String.self, at: "uitdaging"].flatMap(UUID.init(uuidString:)),
            let record = try? await ChallengeStore.require(id, municipality: municipality.code, on: req.db), record.status == .geevalueerd
        {
            values.merge(ChallengePages.experienceValues(of: record)) { $1 }
        }
        return try await renderForm(req, municipality: municipality, item: nil, form: FormState(req, values: values))
    }

    func create(req: Request) async throws -> Response {
        let (municipality, user) = try await writer(req)
        let values = ExperienceForm.values(req)
        let (experience, errors) = ExperienceForm.read(values)
        do {
            guard errors.isEmpty else { throw StoreFailure.fields(errors) }
            let id = try await ExperienceStore.create(
                experience, municipality: municipality, contact: ExperienceForm.contact(values, current: nil, user: user), by: user,
                app: req.application)
            req.flash(req.t("experience.saved"))
            return req.redirect(to: ExperienceURL.edit(.value(municipality.code), .value(id)))
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, item: nil, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (municipality, _) = try await writer(req)
        let item = try await requireItem(req, municipality: municipality)
        return try await renderForm(
            req, municipality: municipality, item: item, form: FormState(req, values: ExperienceForm.values(of: item)))
    }

    func update(req: Request) async throws -> Response {
        let (municipality, user) = try await writer(req)
        let item = try await requireItem(req, municipality: municipality)
        var values = ExperienceForm.values(req)
        let (experience, errors) = ExperienceForm.read(values)
        guard let version = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            guard errors.isEmpty else { throw StoreFailure.fields(errors) }
            try await ExperienceStore.save(
                experience, of: item, seenVersion: version,
                contact: ExperienceForm.contact(values, current: item, user: user), by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, municipality: municipality, item: item, form: FormState(req, values: values, errors: errors),
                status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Saved meanwhile by someone else, or sent for review: the person's own text stays in the form, and
            // saving again (from the newer version) keeps it.
            let current = try await requireItem(req, municipality: municipality)
            values["version"] = String(current.version)
            let form = FormState(req, values: values, errors: [FieldError(field: "version", message: key)])
            return try await renderForm(req, municipality: municipality, item: current, form: form, status: .conflict)
        }
        req.flash(req.t("experience.saved"))
        return req.redirect(to: ExperienceURL.edit(.value(municipality.code), .value(item.id)))
    }

    func act(req: Request) async throws -> Response {
        let (municipality, user) = try await writer(req)
        let item = try await requireItem(req, municipality: municipality)
        let action: ExperienceAction
        switch req.formValues(["action"])["action"] {
        case "indienen": action = .submit
        case "terugnemen": action = .recall
        case "offline": action = .unpublish
        default: throw StoreFailure.fields([FieldError(field: "action", message: "error.form_tampered")])
        }
        do {
            try await ExperienceStore.act(action, on: item, by: user, as: .municipality, app: req.application)
            req.flash(req.t(ExperiencePages.doneKey(action)))
        } catch StoreFailure.conflict(let key) {
            req.flash(req.t(key))
        }
        return req.redirect(to: ExperienceURL.edit(.value(municipality.code), .value(item.id)))
    }

    private func requireItem(_ req: Request, municipality: Municipality) async throws -> ExperienceStore.Item {
        try await ExperienceStore.require(
            req.parameters.get("experienceID").flatMap(UUID.init(uuidString:)), municipality: municipality.code, on: req.db)
    }

    private func renderForm(
        _ req: Request, municipality: Municipality, item: ExperienceStore.Item?, form: FormState, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let (catalogue, _) = try await CatalogueStore.catalogue(app: req.application, on: req.db)
        var history: [ExperienceEvent] = []
        if let item { history = try await ExperienceStore.history(of: item.id, on: req.db) }
        let context = ExperiencePages.form(
            form, municipality: municipality, item: item, offers: catalogue.offers.filter { $0.status != .vervallen }, history: history,
            req: req)
        let title = item == nil ? req.t("experience.new_title") : req.t("experience.edit_title")
        return try await req.render("experiences/form", title: title, context, hasErrors: form.hasErrors, status: status)
    }

    // MARK: Review by programme staff

    func reviewList(req: Request) async throws -> Response {
        let (waiting, others) = try await ExperienceStore.reviewList(on: req.db)
        let titles = try await ExperienceStore.titles(of: waiting + others, on: req.db)
        let names = try await MunicipalityQueries.names(of: Set((waiting + others).map(\.municipalityCode)), on: req.db)
        let context = ExperiencePages.reviewList(waiting: waiting, others: others, titles: titles, names: names, req: req)
        return try await req.render("experiences/review_list", title: req.t("experience.review_list_title"), context)
    }

    func review(req: Request) async throws -> Response {
        let item = try await ExperienceStore.require(
            req.parameters.get("experienceID").flatMap(UUID.init(uuidString:)), municipality: nil, on: req.db)
        return try await renderReview(req, item: item, form: FormState(req))
    }

    func reviewAct(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let item = try await ExperienceStore.require(
            req.parameters.get("experienceID").flatMap(UUID.init(uuidString:)), municipality: nil, on: req.db)
        let values = req.formValues(["action", "version", "remark"])
        guard let version = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        let action: ExperienceAction
        switch values["action"] {
        case "publiceren": action = .publish(version: version, current: item.version)
        case "terugsturen": action = .sendBack(remark: values["remark"] ?? "")
        case "offline": action = .unpublish
        default: throw StoreFailure.fields([FieldError(field: "action", message: "error.form_tampered")])
        }
        do {
            try await ExperienceStore.act(action, on: item, by: user, as: .programme, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderReview(
                req, item: item, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            req.flash(req.t(key))
            return req.redirect(to: ExperienceURL.review(.value(item.id)))
        }
        req.flash(req.t(ExperiencePages.doneKey(action)))
        return req.redirect(to: ExperienceURL.review(.value(item.id)))
    }

    /// Two versions of an experience side by side, part by part: by default the one online (or the one before)
    /// against the newest, so staff who review it again see what the municipality changed.
    func versions(req: Request) async throws -> Response {
        let item = try await ExperienceStore.require(
            req.parameters.get("experienceID").flatMap(UUID.init(uuidString:)), municipality: nil, on: req.db)
        let versions = try await ExperienceStore.versions(of: item.id, on: req.db)
        let range = 1...max(1, item.version)
        let newest = Validate.number(req.query[String.self, at: "naar"], in: range) ?? item.version
        let fallback = item.publishedVersion.flatMap { $0 < newest ? $0 : nil } ?? max(1, newest - 1)
        let oldest = Validate.number(req.query[String.self, at: "van"], in: range) ?? fallback
        guard let from = versions.first(where: { $0.version == oldest }), let to = versions.first(where: { $0.version == newest }) else {
            throw StoreFailure.notFound("experience.not_found")
        }
        let context = ExperiencePages.versions(
            item, versions: versions, from: from, to: to,
            changes: VersionComparison.changes(from: try from.experience(), to: try to.experience()), req: req)
        return try await req.render("experiences/versions", title: req.t("experience.versions_title"), context)
    }

    private func renderReview(_ req: Request, item: ExperienceStore.Item, form: FormState, status: HTTPStatus = .ok) async throws
        -> Response
    {
        req.wantsForm = true
        let municipality = try await MunicipalityQueries.require(code: item.municipalityCode, on: req.db)
        let history = try await ExperienceStore.history(of: item.id, on: req.db)
        let (catalogue, _) = try await CatalogueStore.catalogue(app: req.application, on: req.db)
        let context = ExperiencePages.review(
            item, municipality: municipality, history: history, offers: catalogue.offers, form: form, req: req)
        return try await req.render(
            "experiences/review", title: req.t("experience.review_title"), context, hasErrors: form.hasErrors, status: status)
    }
}

extension HTTPMediaType {
    /// An Atom feed.
    static let atom = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
}
