import DemocracyKit
import Vapor

/// The page models of requests for offers.
enum RequestPages {
    struct Row: Encodable {
        let url: String
        let offer: String
        let municipality: String?
        let status: String
        let since: String
        let waiting: String
        let plannedOn: String?
    }

    static func row(_ item: RequestStore.Item, url: String, municipality: String?, req: Request) -> Row {
        let days = max(0, Int(req.application.clock.now().timeIntervalSince(item.statusSince) / 86_400))
        return Row(
            url: url, offer: item.offer?.title(req.language) ?? item.offerSlug, municipality: municipality,
            status: item.status.name(req.language), since: Format.date(item.statusSince, req.language),
            waiting: days == 1 ? req.t("request.one_day") : req.t("request.days", String(days)),
            plannedOn: item.plannedOn.map { Format.day($0, req.language) })
    }

    struct ListContext: Encodable {
        let municipality: String
        let rows: [Row]
        let catalogueURL = CatalogueURL.list.path
        let newURL: String
        let dashboardURL: String
    }

    static func list(_ items: [RequestStore.Item], municipality: Municipality, req: Request) -> ListContext {
        let code = Parameter.value(municipality.code)
        return ListContext(
            municipality: municipality.name,
            rows: items.map { row($0, url: RequestURL.show(code, .value($0.id)).path, municipality: nil, req: req) },
            newURL: RequestURL.new(code).path, dashboardURL: DashboardURL.municipality(code).path)
    }

    struct FormContext: Encodable {
        let municipality: String
        let action: String
        let offer: FormField
        let motivation: FormField
        let serves: FormField
        let errors: [ErrorSummaryItem]?
        let cancelURL: String
    }

    /// The points of a municipality's improvement agenda a request can serve: each priority and each action.
    static func agendaItems(_ agenda: Agenda?, language: Language) -> [String] {
        (agenda?.priorities ?? []).enumerated().flatMap { index, priority in
            let name = "\(index + 1). \(priority.area.name(language))"
            return [name] + priority.actions.map { "\(name) – \($0.what)" }
        }
    }

    static func form(_ form: FormState, municipality: Municipality, offers: [Offer], agendaItems: [String], req: Request) -> FormContext {
        let code = Parameter.value(municipality.code)
        return FormContext(
            municipality: municipality.name, action: RequestURL.list(code).path,
            offer: form.field(
                "offer", type: "select", label: req.t("request.field.offer"),
                options: [("", req.t("form.choose"))] + offers.map { ($0.slug, $0.title(req.language)) }),
            motivation: form.field(
                "motivation", type: "textarea", label: req.t("request.field.motivation"),
                hint: req.t("request.hint.motivation", String(RequestWorkflow.maxMotivation))),
            serves: agendaItems.isEmpty
                ? form.field(
                    "serves", type: "textarea", label: req.t("request.field.serves"), hint: req.t("request.hint.serves"), optional: true)
                : form.field(
                    "serves", type: "select", label: req.t("request.field.serves"), optional: true,
                    options: [("", req.t("request.serves_none"))] + agendaItems.map { ($0, $0) }),
            errors: form.summary, cancelURL: RequestURL.list(code).path)
    }

    struct Event: Encodable {
        let at: String
        let who: String
        let status: String
        let note: String?
    }

    /// The changes this person can make now.
    struct Can: Encodable {
        let start, grant, reject, plan, done, evaluate, withdraw, nothing: Bool

        init(_ actions: [String]) {
            start = actions.contains("in-behandeling")
            grant = actions.contains("toekennen")
            reject = actions.contains("afwijzen")
            plan = actions.contains("plannen")
            done = actions.contains("uitgevoerd")
            evaluate = actions.contains("evalueren")
            withdraw = actions.contains("intrekken")
            nothing = actions.isEmpty
        }
    }

    struct ShowContext: Encodable {
        let offer: String
        let offerURL: String
        let municipality: String
        let status: String
        let since: String
        let plannedOn: String?
        let motivation: String
        let serves: String?
        let reason: String?
        let rating: String?
        let lessons: String?
        let history: [Event]
        let actionURL: String
        let version: Int
        let can: Can
        let reasonField: FormField
        let plannedOnField: FormField
        let ratingField: FormField
        let lessonsField: FormField
        let errors: [ErrorSummaryItem]?
        let backURL: String
        let isStaff: Bool
        /// Once evaluated: where the municipality shares it as an experience, the form filled from the request.
        let shareURL: String?
    }

    static func show(
        _ item: RequestStore.Item, municipality: Municipality, history: [OfferRequestEvent], actor: RequestActor, form: FormState,
        req: Request
    ) -> ShowContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let actions = RequestWorkflow.actions(for: item.status, by: actor)
        return ShowContext(
            offer: item.offer?.title(language) ?? item.offerSlug, offerURL: CatalogueURL.show(.value(item.offerSlug)).path,
            municipality: municipality.name, status: item.status.name(language), since: Format.date(item.statusSince, language),
            plannedOn: item.plannedOn.map { Format.day($0, language) }, motivation: item.motivation,
            serves: item.serves.isEmpty ? nil : item.serves, reason: item.reason, rating: item.rating.map(String.init),
            lessons: item.lessons,
            history: history.map {
                Event(
                    at: Format.dateTime($0.at, language), who: $0.actorName, status: $0.status.name(language),
                    note: $0.note.isEmpty ? nil : ($0.action == "plannen" ? Format.day($0.note, language) : $0.note))
            },
            actionURL: actor == .programme ? RequestURL.staffAct(.value(item.id)).path : RequestURL.act(code, .value(item.id)).path,
            version: item.version,
            can: Can(actions),
            reasonField: form.field("reason", type: "textarea", label: req.t("request.field.reason")),
            plannedOnField: form.field(
                "plannedOn", type: "date", label: req.t("request.field.planned_on"), hint: req.t("request.hint.planned_on")),
            ratingField: form.field(
                "rating", type: "radios", label: req.t("request.field.rating"),
                options: RequestWorkflow.ratings.map { (String($0), req.t("request.rating.\($0)")) }),
            lessonsField: form.field(
                "lessons", type: "textarea", label: req.t("request.field.lessons"),
                hint: req.t("request.hint.lessons", String(RequestWorkflow.maxLessons))),
            errors: form.summary,
            backURL: actor == .programme ? RequestURL.staffList.path : RequestURL.list(code).path,
            isStaff: actor == .programme,
            shareURL: actor == .municipality && RequestStore.experienceStart(of: item) != nil
                ? ExperienceURL.new(code).with([("aanvraag", item.id.uuidString)]) : nil)
    }

    /// The change a form asks for; nil for an unknown one.
    static func action(from values: [String: String]) -> RequestAction? {
        switch values["action"] ?? "" {
        case "in-behandeling": .startHandling
        case "toekennen": .grant
        case "afwijzen": .reject(reason: values["reason"] ?? "")
        case "plannen": .plan(on: (values["plannedOn"] ?? "").trimmingCharacters(in: .whitespaces))
        case "uitgevoerd": .markDone
        case "evalueren": .evaluate(rating: Validate.number(values["rating"], in: 0...99) ?? 0, lessons: values["lessons"] ?? "")
        case "intrekken": .withdraw
        default: nil
        }
    }

    struct Wait: Encodable {
        let status: String
        let count: Int
        let longest: String
        let median: String
    }

    struct StaffListContext: Encodable {
        let status: FormField
        let rows: [Row]
        let waits: [Wait]
        let action = RequestURL.staffList.path
    }

    static func staffList(_ items: [RequestStore.Item], names: [String: String], chosen: RequestStatus?, req: Request) -> StaffListContext {
        let now = req.application.clock.now()
        let form = FormState(req, values: ["status": chosen?.rawValue ?? ""])
        func days(_ value: Int) -> String { value == 1 ? req.t("request.one_day") : req.t("request.days", String(value)) }
        let waits = RequestStatus.allCases.compactMap { status -> Wait? in
            let waiting = items.filter { $0.status == status }.map { max(0, Int(now.timeIntervalSince($0.statusSince) / 86_400)) }.sorted()
            guard !waiting.isEmpty else { return nil }
            return Wait(
                status: status.name(req.language), count: waiting.count, longest: days(waiting.last!),
                median: days(waiting[waiting.count / 2]))
        }
        return StaffListContext(
            status: form.field(
                "status", type: "select", label: req.t("request.field.status"),
                options: [("", req.t("request.all_open"))] + RequestStatus.allCases.map { ($0.rawValue, $0.name(req.language)) }),
            rows: items.map {
                row(
                    $0, url: RequestURL.staffShow(.value($0.id)).path, municipality: names[$0.municipalityCode] ?? $0.municipalityCode,
                    req: req)
            },
            waits: waits)
    }
}
