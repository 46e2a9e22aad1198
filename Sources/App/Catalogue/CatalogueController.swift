import DemocracyKit
import Fluent
import Vapor

/// The catalogue of the offer: anyone browses it; programme staff add and change offers.
struct CatalogueController: RouteCollection {
    static let perPage = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(CatalogueURL.list, use: index)
        routes.get(CatalogueURL.show(.key), use: show)
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(CatalogueURL.new, use: new)
        staff.post(CatalogueURL.new, use: create)
        staff.get(CatalogueURL.edit(.key), use: edit)
        staff.post(CatalogueURL.edit(.key), use: update)
    }

    func index(req: Request) async throws -> Response {
        let revision = try await CatalogueStore.revision(on: req.db)
        let modules = try await req.learningModules().revision
        return try await req.renderSharedWithVisitors(
            req.application.cataloguePages, key: "list|\(revision.offers).\(revision.versions).\(modules)"
        ) {
            try await renderIndex(req)
        }
    }

    private func renderIndex(_ req: Request) async throws -> Response {
        let isStaff = req.currentUser?.isProgrammeStaff == true
        let filter = CatalogueFilter(
            pillar: req.query[String.self, at: "pijler"].flatMap(Pillar.init(rawValue:)),
            focusArea: req.query[String.self, at: "gebied"].flatMap(FocusArea.init(slug:)),
            audience: req.query[String.self, at: "doelgroep"].flatMap(Audience.init(rawValue:)),
            form: req.query[String.self, at: "vorm"].flatMap(OfferForm.init(rawValue:)),
            search: String((req.query[String.self, at: "zoek"] ?? "").prefix(100)),
            includeRetired: isStaff && req.query[String.self, at: "vervallen"] == "ja")
        let page = Validate.number(req.query[String.self, at: "pagina"], in: Validate.pageNumbers)
        let (catalogue, _) = try await CatalogueStore.catalogue(app: req.application, on: req.db)
        let result = catalogue.find(filter, language: req.language)
        var context = CataloguePages.index(
            result, filter: filter, page: page, perPage: Self.perPage, isStaff: isStaff, form: FormState(req, values: filter.formValues),
            language: req.language)
        if context.page == 1 {
            context.modules = try await req.learningModules().inCatalogue(filter, language: req.language).map {
                ParticipationPages.Link(label: $0.title(req.language), url: LearningURL.module(.value($0.id)).path)
            }
        }
        return try await req.render("catalogue/index", title: req.t("catalogue.title"), context)
    }

    func show(req: Request) async throws -> Response {
        let revision = try await CatalogueStore.revision(on: req.db)
        let slug = req.parameters.get("slug") ?? ""
        return try await req.renderSharedWithVisitors(
            req.application.cataloguePages, key: "show|\(revision.offers).\(revision.versions).\(revision.tracks)|\(slug)"
        ) {
            try await renderShow(req)
        }
    }

    private func renderShow(_ req: Request) async throws -> Response {
        let stored = try await CatalogueStore.require(slug: req.parameters.get("slug"), on: req.db)
        var context = CataloguePages.show(stored.offer, isStaff: req.currentUser?.isProgrammeStaff == true, req: req)
        let tracks = try await TrackStore.links(ofOffer: stored.offer.slug, on: req.db)
        context.track = tracks.track.map {
            CataloguePages.Link(label: $0.track.title.or(req.language), url: TrackURL.show(.value($0.slug)).path)
        }
        context.origin = tracks.origin.map {
            CataloguePages.Link(label: $0.0.track.title.or(req.language), url: TrackURL.result(.value($0.0.slug), .value($0.1.slug)).path)
        }
        if let user = req.currentUser, stored.offer.status.isAvailable {
            // The municipalities this person may request offers for, each with its own link to the form.
            let codes = Access.municipalities(of: user.memberships).filter {
                Access.allows(user.memberships, .requestOffers, municipality: $0)
            }
            let names = try await MunicipalityQueries.names(of: Set(codes), on: req.db)
            context.requestLinks = codes.map { code in
                CataloguePages.Link(
                    label: req.t("catalogue.request_for", names[code] ?? code),
                    url: RequestURL.new(.value(code)).with([("aanbod", stored.offer.slug)]))
            }
        }
        return try await req.render("catalogue/show", title: stored.offer.title(req.language), context)
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, form: FormState(req, values: ["status": OfferStatus.beschikbaar.rawValue]), slug: nil)
    }

    func create(req: Request) async throws -> Response {
        let values = OfferEditForm.values(req)
        let (offer, errors) = OfferEditForm.read(values)
        do {
            guard errors.isEmpty else { throw StoreFailure.fields(errors) }
            try await CatalogueStore.create(offer, by: try req.requireUser().id, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(req, form: FormState(req, values: values, errors: errors), slug: nil, status: .unprocessableEntity)
        }
        req.flash(req.t("catalogue.saved"))
        return req.redirect(to: CatalogueURL.show(.value(offer.slug)))
    }

    func edit(req: Request) async throws -> Response {
        let stored = try await CatalogueStore.require(slug: req.parameters.get("slug"), on: req.db)
        return try await renderForm(req, form: FormState(req, values: OfferEditForm.values(of: stored)), slug: stored.offer.slug)
    }

    func update(req: Request) async throws -> Response {
        let stored = try await CatalogueStore.require(slug: req.parameters.get("slug"), on: req.db)
        var values = OfferEditForm.values(req)
        values["slug"] = stored.offer.slug
        let (offer, errors) = OfferEditForm.read(values)
        guard let version = Validate.number(values["version"], in: 1...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            guard errors.isEmpty else { throw StoreFailure.fields(errors) }
            try await CatalogueStore.update(
                slug: stored.offer.slug, to: offer, from: version, by: try req.requireUser().id, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderForm(
                req, form: FormState(req, values: values, errors: errors), slug: stored.offer.slug, status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // Someone saved meanwhile: the person's own text stays in the form, the other change is shown beside
            // it, and saving again (with the newer version) keeps the person's text.
            let current = try await CatalogueStore.require(slug: stored.offer.slug, on: req.db)
            values["version"] = String(current.version)
            let form = FormState(req, values: values, errors: [FieldError(field: "version", message: key)])
            return try await renderForm(req, form: form, slug: stored.offer.slug, other: current, status: .conflict)
        }
        req.flash(req.t("catalogue.saved"))
        return req.redirect(to: CatalogueURL.show(.value(stored.offer.slug)))
    }

    private func renderForm(
        _ req: Request, form: FormState, slug: String?, other: CatalogueStore.Stored? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        req.wantsForm = true
        let context = CataloguePages.form(form, slug: slug, other: other, req: req)
        let title = slug == nil ? req.t("catalogue.new_title") : req.t("catalogue.edit_title")
        return try await req.render("catalogue/form", title: title, context, hasErrors: form.hasErrors, status: status)
    }
}

extension CatalogueFilter {
    /// The filter as the query of the catalogue page, without the parts left empty.
    var query: [(String, String)] {
        [
            ("pijler", pillar?.rawValue ?? ""), ("gebied", focusArea?.slug ?? ""), ("doelgroep", audience?.rawValue ?? ""),
            ("vorm", form?.rawValue ?? ""), ("zoek", search), ("vervallen", includeRetired ? "ja" : ""),
        ].filter { !$0.1.isEmpty }
    }

    var formValues: [String: String] { Dictionary(uniqueKeysWithValues: query) }
}
