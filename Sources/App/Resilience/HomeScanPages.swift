import DemocracyKit
import Vapor

/// What the woningscan's pages show. The address and phone appear on one page only: the request as its handler sees it.
enum HomeScanPages {
    typealias Link = PageMeta.Link

    // MARK: The self-check

    struct AreaFields: Encodable {
        let id: String
        let title: String
        let fields: [FormField]
    }

    struct AdviceItem: Encodable {
        let question: String
        let answer: String
        let advice: String
    }

    struct AdviceArea: Encodable {
        let title: String
        let items: [AdviceItem]
    }

    struct SelfCheckContext: Encodable {
        let action: String
        let errors: [ErrorSummaryItem]?
        let areas: [AreaFields]
        let keep: FormField?
        let signedIn: Bool
        let advice: [AdviceArea]?
        let answered: String?
        let kept: String?
        let forgetAction: String?
        let requestURL: String
        let requests: [Link]
    }

    /// `answers`: what to advise on (just posted, or kept); `keptOn`: when the person's kept answers were saved.
    static func selfCheck(
        _ check: HomeCheck, form: FormState, answers: [String: HomeCheckAnswer]?, keptOn: Date?, requests: [HomeScanRequestRecord],
        req: Request
    ) -> SelfCheckContext {
        let language = req.language
        let options = HomeCheckAnswer.allCases.map { ($0.rawValue, $0.name(language)) }
        var number = 0
        let areas = check.areas.map { area, questions in
            AreaFields(
                id: area.rawValue, title: area.name(language),
                fields: questions.map { question in
                    number += 1
                    return form.field(
                        HomeCheck.field(question), type: "radios", label: "\(number). " + question.text(language), options: options)
                })
        }
        let advice = answers.map { answers in
            let given = check.advice(for: answers)
            return check.areas.compactMap { area, questions -> AdviceArea? in
                let items = questions.compactMap { question -> AdviceItem? in
                    guard let item = given.first(where: { $0.questionID == question.id }) else { return nil }
                    return AdviceItem(question: question.text(language), answer: item.answer.name(language), advice: item.advice(language))
                }
                return items.isEmpty ? nil : AdviceArea(title: area.name(language), items: items)
            }
        }
        let signedIn = req.currentUser != nil
        return SelfCheckContext(
            action: HomeScanURL.selfCheck.path, errors: form.summary, areas: areas,
            keep: signedIn
                ? form.field("keep", type: "checkbox", label: req.t("woningscan.field_keep"), hint: req.t("woningscan.hint_keep")) : nil,
            signedIn: signedIn, advice: advice,
            answered: answers.map { req.t("woningscan.answered", String($0.count), String(check.questions.count)) },
            kept: keptOn.map { req.t("woningscan.kept_on", Format.dateTime($0, language)) },
            forgetAction: keptOn == nil ? nil : HomeScanURL.forgetAnswers.path, requestURL: HomeScanURL.request.path,
            requests: requests.map { link(to: $0, req: req) })
    }

    /// A request in the person's own list: its reference, day and status.
    static func link(to record: HomeScanRequestRecord, req: Request) -> Link {
        Link(
            label: req.t(
                "woningscan.request_line", record.reference, Format.date(record.requestedAt, req.language), record.status.name(req.language)
            ),
            href: HomeScanURL.mine(.value(record.id ?? UUID())).path)
    }

    // MARK: The request

    struct RequestContext: Encodable {
        let selfCheckURL: String
        let errors: [ErrorSummaryItem]?
        let action: String?
        let office: FormField?
        let municipality: FormField?
        let fields: [FormField]
        let availability: FormField?
        let notes: FormField?
        let requests: [Link]
    }

    static func request(
        form: FormState, municipalities: [(code: String, name: String)], requests: [HomeScanRequestRecord], req: Request
    ) -> RequestContext {
        let language = req.language
        let canRequest = !municipalities.isEmpty
        return RequestContext(
            selfCheckURL: HomeScanURL.selfCheck.path, errors: form.summary, action: canRequest ? HomeScanURL.request.path : nil,
            office: canRequest
                ? form.field(
                    "office", type: "radios", label: req.t("woningscan.field_office"),
                    options: HomeScanOffice.allCases.map { ($0.rawValue, $0.name(language)) }) : nil,
            municipality: canRequest
                ? form.field(
                    "municipality", type: "select", label: req.t("woningscan.field_municipality"),
                    hint: req.t("woningscan.hint_municipality"),
                    options: (municipalities.count == 1 ? [] : [("", req.t("woningscan.choose_municipality"))])
                        + municipalities.map {
                            ($0.code, $0.name)
                        }) : nil,
            fields: canRequest
                ? [
                    form.field(
                        "phone", type: "tel", label: req.t("woningscan.field_phone"), hint: req.t("woningscan.hint_phone"),
                        autocomplete: "tel"),
                    form.field(
                        "street", label: req.t("woningscan.field_street"), hint: req.t("woningscan.hint_street"),
                        autocomplete: "address-line1"),
                    form.field(
                        "postcode", label: req.t("woningscan.field_postcode"), hint: req.t("woningscan.hint_postcode"),
                        autocomplete: "postal-code"),
                    form.field("place", label: req.t("woningscan.field_place"), autocomplete: "address-level2"),
                ] : [],
            availability: canRequest
                ? form.field(
                    "availability", type: "textarea", label: req.t("woningscan.field_availability"),
                    hint: req.t("woningscan.hint_availability"), optional: true) : nil,
            notes: canRequest
                ? form.field(
                    "notes", type: "textarea", label: req.t("woningscan.field_notes"), hint: req.t("woningscan.hint_notes"), optional: true)
                : nil,
            requests: requests.map { link(to: $0, req: req) })
    }

    struct MineContext: Encodable {
        let requestURL: String
        let reference: String
        let status: String
        let facts: [Fact]
        let planned: String?
        let advice: String?
    }

    static func mine(
        _ record: HomeScanRequestRecord, municipality: String, handlerName: String?, advice: String?, req: Request
    ) -> MineContext {
        let language = req.language
        // The status stands in the lead above the facts.
        var facts = [
            Fact(label: req.t("woningscan.field_office"), value: record.office.name(language)),
            Fact(label: req.t("woningscan.col_municipality"), value: municipality),
            Fact(label: req.t("woningscan.col_requested"), value: Format.date(record.requestedAt, language)),
        ]
        if let plannedOn = record.plannedOn {
            facts.insert(Fact(label: req.t("woningscan.col_planned"), value: Format.day(plannedOn, language)), at: 0)
        }
        if let handlerName { facts.append(Fact(label: req.t("woningscan.col_handler"), value: handlerName)) }
        return MineContext(
            requestURL: HomeScanURL.request.path, reference: record.reference, status: record.status.name(language), facts: facts,
            planned: record.status == .ingepland
                ? record.plannedOn.map { req.t("woningscan.planned_for_you", Format.day($0, language)) } : nil,
            advice: advice)
    }

    // MARK: Programme staff

    struct Row: Encodable {
        let reference: String
        let url: String
        let office: String
        let municipality: String
        let status: String
        let requested: String
        let handler: String
    }

    struct ListContext: Encodable {
        let rows: [Row]
        let summary: String
        let page: Int
        let pageCount: Int
        let previousURL: String?
        let nextURL: String?
    }

    static func list(_ rows: [HomeScanStore.Row], pagination: Pagination, req: Request) -> ListContext {
        let language = req.language
        let pageURL = { (page: Int) in HomeScanURL.staffList.with([("pagina", String(page))]) }
        return ListContext(
            rows: rows.map { row in
                Row(
                    reference: row.record.reference, url: HomeScanURL.staffShow(.value(row.record.id ?? UUID())).path,
                    office: row.record.office.name(language), municipality: row.municipality, status: row.record.status.name(language),
                    requested: Format.date(row.record.requestedAt, language), handler: row.handlerName ?? req.t("woningscan.no_handler"))
            },
            summary: pagination.total == 0
                ? req.t("woningscan.staff_none")
                : req.t("woningscan.staff_showing", String(pagination.firstItem), String(pagination.lastItem), String(pagination.total)),
            page: pagination.page, pageCount: pagination.pageCount,
            previousURL: pagination.hasPrevious ? pageURL(pagination.page - 1) : nil,
            nextURL: pagination.hasNext ? pageURL(pagination.page + 1) : nil)
    }

    struct ShowContext: Encodable {
        let listURL: String
        let reference: String
        let errors: [ErrorSummaryItem]?
        let facts: [Fact]
        let takeAction: String?
        let otherHandler: String?
        let sealed: [Fact]?
        let version: Int
        let planAction: String?
        let plannedOn: FormField?
        let finishAction: String?
        let advice: FormField?
        let recordedAdvice: String?
    }

    static func show(_ opened: HomeScanStore.Opened, form: FormState, req: Request) -> ShowContext {
        let language = req.language
        let record = opened.record
        let id = Parameter.value(record.id ?? UUID())
        var facts = [
            Fact(label: req.t("woningscan.col_status"), value: record.status.name(language)),
            Fact(label: req.t("woningscan.field_office"), value: record.office.name(language)),
            Fact(label: req.t("woningscan.col_municipality"), value: opened.municipality),
            Fact(label: req.t("woningscan.col_requested"), value: Format.date(record.requestedAt, language)),
            Fact(label: req.t("woningscan.col_handler"), value: opened.handlerName ?? req.t("woningscan.no_handler")),
        ]
        if let plannedOn = record.plannedOn {
            facts.insert(Fact(label: req.t("woningscan.col_planned"), value: Format.day(plannedOn, language)), at: 1)
        }
        let sealed = opened.details.map { details in
            var lines = [
                Fact(label: req.t("woningscan.requester"), value: opened.requester.map { "\($0.name) (\($0.email))" } ?? "?"),
                Fact(label: req.t("woningscan.field_phone"), value: details.phone),
                Fact(label: req.t("woningscan.address"), value: "\(details.street), \(details.postcode) \(details.place)"),
            ]
            if !details.availability.isEmpty {
                lines.append(Fact(label: req.t("woningscan.field_availability"), value: details.availability))
            }
            if !details.notes.isEmpty { lines.append(Fact(label: req.t("woningscan.field_notes"), value: details.notes)) }
            return lines
        }
        let handling = opened.isHandler && record.status != .uitgevoerd
        return ShowContext(
            listURL: HomeScanURL.staffList.path, reference: record.reference, errors: form.summary, facts: facts,
            takeAction: record.handlerID == nil && record.status == .aangevraagd ? HomeScanURL.take(id).path : nil,
            otherHandler: record.handlerID != nil && !opened.isHandler
                ? req.t("woningscan.other_handler", opened.handlerName ?? "?") : nil,
            sealed: sealed, version: record.version,
            planAction: handling ? HomeScanURL.plan(id).path : nil,
            plannedOn: handling
                ? form.field(
                    "plannedOn", type: "date", label: req.t("woningscan.field_planned"), hint: req.t("woningscan.hint_planned")) : nil,
            finishAction: handling && record.status == .ingepland ? HomeScanURL.finish(id).path : nil,
            advice: handling && record.status == .ingepland
                ? form.field("advice", type: "textarea", label: req.t("woningscan.field_advice"), hint: req.t("woningscan.hint_advice"))
                : nil,
            recordedAdvice: opened.advice)
    }
}
