import DemocracyKit
import Fluent
import Vapor

/// Innovation tracks: anyone reads them and their results; a municipality's coordinator or facilitator applies
/// to join an open track; programme staff accept or decline, and turn a result into an offer.
struct TrackController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(TrackURL.list, use: index)
        routes.get(TrackURL.show(.key), use: show)
        routes.get(TrackURL.result(.key, .key), use: result)
        routes.grouped(RequireSignIn()).post(TrackURL.apply(.key), use: apply)
        let staff = routes.grouped(RequireSignIn(), RequireProgrammeStaff())
        staff.get(TrackURL.staffList, use: staffList)
        staff.post(TrackURL.decide(.key), use: decide)
        staff.post(TrackURL.makeOffer(.key, .key), use: makeOffer)
        staff.get(TrackURL.newResult(.key), use: newResult)
        staff.post(TrackURL.newResult(.key), use: publishResult)
        staff.get(TrackURL.newTrack, use: newTrack)
        staff.post(TrackURL.newTrack, use: saveTrack)
        staff.get(TrackURL.editTrack(.key), use: editTrack)
        staff.post(TrackURL.editTrack(.key), use: saveTrack)
    }

    func index(req: Request) async throws -> Response {
        let tracks = try await TrackStore.all(on: req.db)
        var counts: [UUID: Int] = [:]
        for participant in try await TrackParticipant.query(on: req.db).all() { counts[participant.trackID, default: 0] += 1 }
        let context = TrackPages.index(tracks, participants: counts, req: req)
        return try await req.render("innovation/index", title: req.t("track.title"), context)
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, form: FormState(req))
    }

    private func renderShow(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        let trackID = try record.requireID()
        let participants = try await TrackStore.participants(of: trackID, on: req.db)
        let names = try await MunicipalityQueries.names(of: Set(participants.map(\.municipalityCode)), on: req.db)
        let results = try await TrackStore.results(of: trackID, on: req.db)
        let applicants = applicantMunicipalities(req)
        let applicantNames = try await MunicipalityQueries.names(of: Set(applicants), on: req.db)
        let applications = try await TrackStore.applications(of: trackID, municipalities: applicants, on: req.db)
        if !applicants.isEmpty { req.wantsForm = true }
        let context = TrackPages.show(
            record, participants: participants, names: names, results: results,
            applicants: applicants.map { ($0, applicantNames[$0] ?? $0) },
            applications: applications, form: form, req: req)
        return try await req.render(
            "innovation/show", title: record.track.title.or(req.language), context, hasErrors: form.hasErrors, status: status)
    }

    /// The municipalities this person may apply for: where they request offers (coordinator, facilitator).
    private func applicantMunicipalities(_ req: Request) -> [String] {
        guard let user = req.currentUser, !user.isProgrammeStaff else { return [] }
        return Access.municipalities(of: user.memberships).filter { Access.allows(user.memberships, .requestOffers, municipality: $0) }
    }

    func apply(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        let values = req.formValues(["municipality", "motivation"])
        let code = values["municipality"] ?? ""
        guard applicantMunicipalities(req).contains(code) else { throw StoreFailure.notAllowed("track.error.forbidden") }
        let municipality = try await MunicipalityQueries.require(code: code, on: req.db)
        do {
            try await TrackStore.apply(
                record, municipality: municipality, motivation: values["motivation"] ?? "", by: user, app: req.application)
        } catch StoreFailure.fields(let errors) {
            return try await renderShow(req, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
        req.flash(req.t("track.applied"))
        return req.redirect(to: TrackURL.show(.value(record.slug)))
    }

    func result(req: Request) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        let result = try await TrackStore.requireResult(slug: req.parameters.get("resultSlug"), of: try record.requireID(), on: req.db)
        var offerTitle: String?
        if let slug = result.offerSlug { offerTitle = try await CatalogueStore.find(slug: slug, on: req.db)?.offer.title(req.language) }
        if req.currentUser?.isProgrammeStaff == true { req.wantsForm = true }
        let context = TrackPages.result(result, of: record, offerTitle: offerTitle, req: req)
        return try await req.render("innovation/result", title: result.result.title.or(req.language), context)
    }

    func staffList(req: Request) async throws -> Response {
        req.wantsForm = true
        let applications = try await TrackApplication.query(on: req.db).sort(\.$appliedAt, .descending).limit(300).all()
        let tracks = Dictionary(
            uniqueKeysWithValues: try await TrackStore.all(on: req.db).compactMap { record in record.id.map { ($0, record) } })
        let names = try await MunicipalityQueries.names(of: Set(applications.map(\.municipalityCode)), on: req.db)
        let context = TrackPages.staffList(applications, tracks: tracks, names: names, req: req)
        return try await req.render("innovation/staff", title: req.t("track.staff_title"), context)
    }

    func decide(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let values = req.formValues(["decision", "reason"])
        guard let decision = values["decision"], ["accepteren", "afwijzen"].contains(decision) else {
            throw StoreFailure.fields([FieldError(field: "decision", message: "track.error.decision")])
        }
        do {
            try await TrackStore.decide(
                req.parameters.get("applicationID").flatMap(UUID.init(uuidString:)), accept: decision == "accepteren",
                reason: values["reason"] ?? "", by: user, app: req.application)
            req.flash(req.t(decision == "accepteren" ? "track.accepted" : "track.declined"))
        } catch StoreFailure.fields(let errors) {
            req.flash(req.message(for: errors[0]))
        } catch StoreFailure.conflict(let key) {
            req.flash(req.t(key))
        }
        return req.redirect(to: TrackURL.staffList)
    }

    static let resultFields = [
        "titleNl", "titleEn", "summaryNl", "summaryEn", "documentNl", "documentEn", "lessonsNl", "lessonsEn",
    ]

    func newResult(req: Request) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        return try await renderResultForm(req, record: record, form: FormState(req))
    }

    func publishResult(req: Request) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        let values = req.formValues(Self.resultFields)
        func text(_ name: String) -> LocalizedText {
            LocalizedText(
                nl: (values[name + "Nl"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                en: (values[name + "En"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let draft = TrackResult(
            slug: "", title: text("title"), summary: text("summary"), document: text("document"), lessons: text("lessons"), publishedOn: "")
        do {
            let slug = try await TrackStore.publish(draft, of: record, app: req.application)
            req.flash(req.t("track.result_published"))
            return req.redirect(to: TrackURL.result(.value(record.slug), .value(slug)))
        } catch StoreFailure.fields(let errors) {
            return try await renderResultForm(
                req, record: record, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    private func renderResultForm(_ req: Request, record: TrackRecord, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        req.wantsForm = true
        let context = TrackPages.resultForm(form, record: record, req: req)
        return try await req.render(
            "innovation/result_form", title: req.t("track.new_result_title"), context, hasErrors: form.hasErrors, status: status)
    }

    // MARK: Writing a track

    func newTrack(req: Request) async throws -> Response {
        try await renderTrackForm(req, record: nil, form: FormState(req, values: ["theme": TrackTheme.participatie.rawValue]))
    }

    func editTrack(req: Request) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        return try await renderTrackForm(req, record: record, form: FormState(req, values: TrackPages.values(of: record)))
    }

    /// Saves a new track, or the one being edited; with an error, or someone else's save meanwhile, the form comes
    /// back with everything typed.
    func saveTrack(req: Request) async throws -> Response {
        var record: TrackRecord?
        if let slug = req.parameters.get("slug") { record = try await TrackStore.require(slug: slug, on: req.db) }
        let values = req.formValues(TrackPages.fieldNames, lists: ["focusAreas"])
        guard let seen = Validate.number(values["version"], in: 0...Int(Int32.max)) else {
            throw StoreFailure.fields([FieldError(field: "version", message: "error.form_tampered")])
        }
        do {
            let slug = try await TrackStore.save(
                TrackPages.draft(values, focusAreas: req.formList("focusAreas")), offerSlug: values["offer"] ?? "", editing: record,
                seenVersion: seen, app: req.application)
            req.flash(req.t(record == nil ? "track.created" : "track.saved"))
            return req.redirect(to: TrackURL.show(.value(slug)))
        } catch StoreFailure.fields(let errors) {
            return try await renderTrackForm(
                req, record: record, form: FormState(req, values: values, errors: errors), status: .unprocessableEntity)
        } catch StoreFailure.conflict(let key) {
            // What the other person saved is on the track's page; saving again from here replaces it knowingly.
            var values = values
            values["version"] = String(try await TrackStore.require(slug: record?.slug, on: req.db).version)
            return try await renderTrackForm(
                req, record: record, form: FormState(req, values: values, errors: [FieldError(field: "titleNl", message: key)]),
                status: .conflict)
        }
    }

    private func renderTrackForm(_ req: Request, record: TrackRecord?, form: FormState, status: HTTPStatus = .ok) async throws
        -> Response
    {
        req.wantsForm = true
        let context = TrackPages.trackForm(form, record: record, offers: try await TrackStore.offerChoices(on: req.db), req: req)
        return try await req.render(
            "innovation/track_form", title: context.heading, context, hasErrors: form.hasErrors, status: status)
    }

    func makeOffer(req: Request) async throws -> Response {
        let record = try await TrackStore.require(slug: req.parameters.get("slug"), on: req.db)
        let result = try await TrackStore.requireResult(slug: req.parameters.get("resultSlug"), of: try record.requireID(), on: req.db)
        do {
            let slug = try await TrackStore.makeOffer(from: result, of: record, app: req.application)
            req.flash(req.t("track.offer_made"))
            return req.redirect(to: CatalogueURL.edit(.value(slug)))
        } catch StoreFailure.conflict(let key) {
            req.flash(req.t(key))
            return req.redirect(to: TrackURL.result(.value(record.slug), .value(result.slug)))
        }
    }
}
