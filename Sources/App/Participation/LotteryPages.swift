import DemocracyKit
import Vapor

/// What the lottery's pages show, made from the stored lottery and the request's language.
enum LotteryPages {
    struct Row: Encodable {
        let title: String
        let url: String
        let status: String
        let created: String
    }

    struct IndexContext: Encodable {
        let municipality: String
        let rows: [Row]
        let action: String
        let title: FormField
        let areas: FormField
        let errors: [ErrorSummaryItem]?
        let methodURL: String
    }

    static func index(_ records: [LotteryRecord], municipality: Municipality, form: FormState, req: Request) -> IndexContext {
        IndexContext(
            municipality: municipality.name,
            rows: records.compactMap { record in
                record.id.map { id in
                    Row(
                        title: record.title, url: LotteryURL.show(.value(municipality.code), .value(id)).path,
                        status: record.status.name(req.language), created: Format.date(record.createdAt, req.language))
                }
            },
            action: LotteryURL.index(.value(municipality.code)).path,
            title: form.field("title", label: req.t("lottery.field_title"), hint: req.t("lottery.field_title_hint")),
            areas: form.field("areas", type: "textarea", label: req.t("lottery.field_areas"), hint: req.t("lottery.field_areas_hint")),
            errors: form.summary, methodURL: ParticipationURL.method(.value("burgerberaad")).path)
    }

    struct ShowContext: Encodable {
        let title: String
        let status: String
        let errors: [ErrorSummaryItem]?
        let addressFacts: [Fact]
        let canUpload: Bool
        let uploadURL: String
        let addresses: FormField
        let seedFacts: [Fact]
        let canPublishSeed: Bool
        let seedURL: String
        let seed: FormField
        let announced: FormField
        let drawFacts: [Fact]
        let canDraw: Bool
        let drawURL: String
        let letters: FormField
        let lettersURL: String?
        let lettersCSVURL: String?
        let registerURL: String?
        let volunteers: String?
        let canClose: Bool
        let closeURL: String
        let canSelect: Bool
        let selectURL: String
        let shareBlocks: [ShareBlock]
        let panel: FormField
        let selectionSeed: FormField
        let selectionAnnounced: FormField
        let problems: [String]?
        let nearestRows: [QuotaRow]?
        let nearest: FormField
        let outcome: OutcomeView?
        let members: [MemberRow]?
        let canFinish: Bool
        let finishURL: String
        let confirm: FormField
        /// Once finished: when, and what was erased.
        let finished: String?
        let auditURL: String
        let backURL: String
    }

    struct ShareRow: Encodable {
        let value: String
        let volunteers: String
        let field: FormField
    }

    struct ShareBlock: Encodable {
        let name: String
        let rows: [ShareRow]
    }

    struct QuotaRow: Encodable {
        let criterion: String
        let value: String
        let quota: String
        let pool: String
        let panel: String?
    }

    struct OutcomeView: Encodable {
        let facts: [Fact]
        let rows: [QuotaRow]
        let nearestNote: String?
    }

    struct MemberRow: Encodable {
        let name: String
        let contact: String
        let answers: String
    }

    /// "3" or "3–4" seats.
    static func seats(_ value: QuotaValue) -> String {
        value.minimum == value.maximum ? String(value.minimum) : "\(value.minimum)–\(value.maximum)"
    }

    /// Each value's quota beside the volunteers who have it and, once chosen, the members on the panel.
    static func quotaRows(
        _ quotas: Quotas, criteria: [LotteryCriterion], pool: [String: [String: Int]], panel: [String: [String: Int]]?, req: Request
    )
        -> [QuotaRow]
    {
        quotas.criteria.flatMap { quota in
            let criterion = criteria.first { $0.id == quota.id }
            return quota.values.map { value in
                QuotaRow(
                    criterion: criterion?.name(req.language) ?? quota.name,
                    value: criterion?.values.first { $0.id == value.id }?.name(req.language) ?? value.name, quota: seats(value),
                    pool: Format.number(pool[quota.id]?[value.id] ?? 0, req.language),
                    panel: panel.map { Format.number($0[quota.id]?[value.id] ?? 0, req.language) })
            }
        }
    }

    static func percent(_ chance: Double, _ language: Language) -> String {
        let text = String(format: "%.1f %%", chance * 100)
        return language == .nl ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func outcomeView(_ outcome: LotteryOutcome, criteria: [LotteryCriterion], req: Request) -> OutcomeView {
        let language = req.language
        return OutcomeView(
            facts: [
                Fact(label: req.t("lottery.fact_panel"), value: Format.number(outcome.quotas.panelSize, language)),
                Fact(label: req.t("lottery.fact_pool"), value: Format.number(outcome.volunteers, language)),
                Fact(label: req.t("lottery.fact_selection_seed"), value: outcome.seed),
                Fact(label: req.t("lottery.fact_announced"), value: outcome.announced),
                Fact(label: req.t("lottery.fact_selected_at"), value: Format.dateTime(outcome.selectedAt, language)),
                Fact(label: req.t("lottery.fact_method"), value: req.t("lottery.method_balanced", String(outcome.runs))),
                Fact(label: req.t("lottery.fact_least_chance"), value: percent(outcome.minimum, language)),
                Fact(label: req.t("lottery.fact_median_chance"), value: percent(outcome.median, language)),
                Fact(label: req.t("lottery.fact_most_chance"), value: percent(outcome.maximum, language)),
                Fact(label: req.t("lottery.fact_legacy_least"), value: percent(outcome.legacyMinimum, language)),
                Fact(label: req.t("lottery.fact_bound"), value: percent(outcome.upperBound, language)),
            ],
            rows: quotaRows(outcome.quotas, criteria: criteria, pool: outcome.pool, panel: outcome.panel, req: req),
            nearestNote: outcome.nearest ? req.t("lottery.nearest_used") : nil)
    }

    static func problemText(_ problem: QuotaProblem, req: Request) -> String {
        switch problem {
        case .tooFewVolunteers(let available, let panelSize):
            req.t("lottery.problem_too_few_volunteers", String(available), String(panelSize))
        case .tooFewWithValue(let criterion, let value, let minimum, let available):
            req.t("lottery.problem_too_few_with_value", criterion, value, String(minimum), String(available), String(minimum - available))
        case .minimumsAbovePanel(let criterion, let total, let panelSize):
            req.t("lottery.problem_minimums_above_panel", criterion, String(total), String(panelSize))
        case .maximumsBelowPanel(let criterion, let total, let panelSize):
            req.t("lottery.problem_maximums_below_panel", criterion, String(total), String(panelSize))
        case .noPanelFound(let attempts):
            req.t("lottery.problem_no_panel", String(attempts))
        }
    }

    static func show(
        _ record: LotteryRecord, municipality: Municipality, pool: [Volunteer], registered: Int, members: [LotteryStore.Member],
        form: FormState, problems: LotteryStore.QuotaProblems?, req: Request
    ) throws -> ShowContext {
        let language = req.language
        let volunteers = pool.count
        var counts: [String: [String: Int]] = [:]
        for volunteer in pool { for (criterion, value) in volunteer.features { counts[criterion, default: [:]][value, default: 0] += 1 } }
        let criteria = record.criteria
        let id = try record.requireID()
        let code = Parameter<String>.value(municipality.code)
        let drawn = record.drawnAt != nil
        let lettersKept = drawn && record.status != .afgerond
        return ShowContext(
            title: record.title, status: record.status.name(language), errors: form.summary,
            addressFacts: addressFacts(record, req: req), canUpload: record.status == .concept,
            uploadURL: LotteryURL.addresses(code, .value(id)).path,
            addresses: form.field("addresses", type: "file", label: req.t("lottery.field_file"), hint: req.t("lottery.field_file_hint")),
            seedFacts: seedFacts(record, req: req), canPublishSeed: record.status == .concept && record.fileFingerprint != nil,
            seedURL: LotteryURL.seed(code, .value(id)).path,
            seed: form.field("seed", label: req.t("lottery.field_seed"), hint: req.t("lottery.field_seed_hint")),
            announced: form.field("announced", label: req.t("lottery.field_announced"), hint: req.t("lottery.field_announced_hint")),
            drawFacts: drawFacts(record, req: req), canDraw: record.status == .startgetal, drawURL: LotteryURL.draw(code, .value(id)).path,
            letters: form.field(
                "letters", label: req.t("lottery.field_letters"),
                hint: req.t("lottery.field_letters_hint", Format.number(min(LotteryStore.maxLetters, record.addressCount), language))),
            lettersURL: lettersKept ? LotteryURL.letters(code, .value(id)).path : nil,
            lettersCSVURL: lettersKept ? LotteryURL.lettersCSV(code, .value(id)).path : nil,
            registerURL: lettersKept ? LotteryURL.register(.value(id)).absolute(req.application) : nil,
            volunteers: drawn ? req.t("lottery.volunteers_count", String(registered), String(record.letterCount)) : nil,
            canClose: record.status == .uitgenodigd, closeURL: LotteryURL.closeRegistration(code, .value(id)).path,
            canSelect: record.status == .aanmeldingGesloten && volunteers >= 2, selectURL: LotteryURL.select(code, .value(id)).path,
            shareBlocks: criteria.map { criterion in
                ShareBlock(
                    name: criterion.name(language),
                    rows: criterion.values.map { value in
                        ShareRow(
                            value: value.name(language), volunteers: Format.number(counts[criterion.id]?[value.id] ?? 0, language),
                            field: form.field(
                                LotterySelectionForm.shareField(criterion.id, value.id),
                                label: req.t("lottery.field_share", value.name(language))))
                    })
            },
            panel: form.field(
                "panel", label: req.t("lottery.field_panel"),
                hint: req.t("lottery.field_panel_hint", String(min(volunteers, Quotas.maxPanelSize)))),
            selectionSeed: form.field(
                "selectionSeed", label: req.t("lottery.field_selection_seed"), hint: req.t("lottery.field_selection_seed_hint")),
            selectionAnnounced: form.field(
                "selectionAnnounced", label: req.t("lottery.field_announced"), hint: req.t("lottery.field_announced_hint")),
            problems: problems.map { $0.problems.map { problemText($0, req: req) } },
            nearestRows: problems.map { quotaRows($0.nearest, criteria: criteria, pool: counts, panel: nil, req: req) },
            nearest: form.field("nearest", type: "checkbox", label: req.t("lottery.field_nearest")),
            outcome: record.outcome.map { outcomeView($0, criteria: criteria, req: req) },
            members: record.status == .gekozen
                ? members.map { member in
                    MemberRow(
                        name: member.name, contact: [member.email, member.phone].filter { !$0.isEmpty }.joined(separator: ", "),
                        answers: criteria.compactMap { criterion in
                            criterion.values.first { $0.id == member.features[criterion.id] }?.name(language)
                        }.joined(separator: ", "))
                } : nil,
            canFinish: record.status == .gekozen, finishURL: LotteryURL.finish(code, .value(id)).path,
            confirm: form.field("confirm", type: "checkbox", label: req.t("lottery.field_confirm_finish")),
            finished: record.finishedAt.map { req.t("lottery.finished_on", Format.date($0, language)) },
            auditURL: LotteryURL.audit(.value(id)).path, backURL: LotteryURL.index(code).path)
    }

    static func addressFacts(_ record: LotteryRecord, req: Request) -> [Fact] {
        guard let fingerprint = record.fileFingerprint else { return [] }
        let language = req.language
        return [
            Fact(label: req.t("lottery.fact_lines"), value: Format.number(record.addressLines, language)),
            Fact(label: req.t("lottery.fact_addresses"), value: Format.number(record.addressCount, language)),
            Fact(label: req.t("lottery.fact_duplicates"), value: Format.number(record.addressDuplicates, language)),
            Fact(label: req.t("lottery.fact_empty"), value: Format.number(record.addressEmpty, language)),
            Fact(label: req.t("lottery.fact_skipped"), value: Format.number(record.addressSkipped, language)),
            Fact(label: req.t("lottery.fact_file_fingerprint"), value: fingerprint),
        ]
    }

    static func seedFacts(_ record: LotteryRecord, req: Request) -> [Fact] {
        guard let seed = record.seed, let published = record.seedPublishedAt else { return [] }
        return [
            Fact(label: req.t("lottery.fact_seed"), value: seed),
            Fact(label: req.t("lottery.fact_announced"), value: record.seedAnnounced ?? ""),
            Fact(label: req.t("lottery.fact_seed_published"), value: Format.dateTime(published, req.language)),
        ]
    }

    static func drawFacts(_ record: LotteryRecord, req: Request) -> [Fact] {
        guard let fingerprint = record.drawFingerprint, let drawnAt = record.drawnAt else { return [] }
        return [
            Fact(label: req.t("lottery.fact_letters"), value: Format.number(record.letterCount, req.language)),
            Fact(label: req.t("lottery.fact_drawn_at"), value: Format.dateTime(drawnAt, req.language)),
            Fact(label: req.t("lottery.fact_draw_fingerprint"), value: fingerprint),
        ]
    }

    struct LetterItem: Encodable {
        let position: Int
        let address: String
        let code: String
    }

    struct LettersContext: Encodable {
        let title: String
        let municipality: String
        let registerURL: String
        let letters: [LetterItem]
        let backURL: String
    }

    static func letters(_ letters: [LotteryStore.Letter], record: LotteryRecord, municipality: Municipality, req: Request) -> LettersContext
    {
        LettersContext(
            title: record.title, municipality: municipality.name,
            registerURL: record.id.map { LotteryURL.register(.value($0)).absolute(req.application) } ?? "",
            letters: letters.map { LetterItem(position: $0.position, address: $0.address, code: $0.code) },
            backURL: record.id.map { LotteryURL.show(.value(municipality.code), .value($0)).path } ?? "")
    }

    struct RegisterContext: Encodable {
        let title: String
        let municipality: String
        let open: Bool
        let done: Bool
        let action: String
        let errors: [ErrorSummaryItem]?
        let code: FormField
        let criteria: [FormField]
        let name: FormField
        let email: FormField
        let phone: FormField
        let auditURL: String
    }

    static func register(_ record: LotteryRecord, municipality: Municipality, form: FormState, done: Bool, req: Request) -> RegisterContext
    {
        let language = req.language
        let id = record.id ?? UUID()
        return RegisterContext(
            title: record.title, municipality: municipality.name, open: record.status == .uitgenodigd, done: done,
            action: LotteryURL.register(.value(id)).path, errors: form.summary,
            code: form.field("code", label: req.t("lottery.field_code"), hint: req.t("lottery.field_code_hint"), autocomplete: "off"),
            criteria: record.criteria.map { criterion in
                form.field(
                    criterion.id, type: "radios", label: criterion.name(language),
                    options: criterion.values.map { ($0.id, $0.name(language)) })
            },
            name: form.field("name", label: req.t("lottery.field_name"), autocomplete: "name"),
            email: form.field(
                "email", type: "email", label: req.t("lottery.field_email"), hint: req.t("lottery.field_contact_hint"),
                autocomplete: "email", optional: true),
            phone: form.field("phone", type: "tel", label: req.t("lottery.field_phone"), autocomplete: "tel", optional: true),
            auditURL: LotteryURL.audit(.value(id)).path)
    }

    struct AuditContext: Encodable {
        let title: String
        let municipality: String
        let status: String
        let addressFacts: [Fact]
        let seedFacts: [Fact]
        let drawFacts: [Fact]
        let volunteers: String?
        let verifyCommand: String?
        let outcome: OutcomeView?
        let lotteryDocURL: String
    }

    static func audit(_ record: LotteryRecord, municipality: Municipality, volunteers: Int, req: Request) -> AuditContext {
        let command = record.seed.map { seed in
            "dia lottery verify --addresses adressen.csv --seed \"\(seed.replacingOccurrences(of: "\"", with: "\\\""))\" --letters \(record.letterCount) --expect \(record.drawFingerprint ?? "")"
        }
        return AuditContext(
            title: record.title, municipality: municipality.name, status: record.status.name(req.language),
            addressFacts: addressFacts(record, req: req), seedFacts: seedFacts(record, req: req), drawFacts: drawFacts(record, req: req),
            volunteers: record.drawnAt == nil ? nil : req.t("lottery.volunteers_count", String(volunteers), String(record.letterCount)),
            verifyCommand: record.drawFingerprint == nil ? nil : command,
            outcome: record.outcome.map { outcomeView($0, criteria: record.criteria, req: req) },
            lotteryDocURL: ParticipationURL.method(.value("burgerberaad")).path)
    }
}
