import DemocracyKit
import Vapor

/// What the council's learning pages show: the griffier's totals, the education budget for a member and for the
/// griffie, and one request with the step its reader may take.
enum CouncilLearningPages {
    /// Whether the person has a part on the budget page: as a member asking, or as the griffie deciding.
    static func canSeeBudget(_ user: CurrentUser, municipality code: String) -> Bool {
        Access.allows(user.memberships, .requestEducationBudget, municipality: code)
            || Access.allows(user.memberships, .manageCouncilLearning, municipality: code)
    }

    struct ModuleRow: Encodable {
        let title: String
        let url: String
        let started: Int
        let finished: Int
    }

    struct OverviewContext: Encodable {
        let municipality: String
        let dashboardURL: String
        let facts: [Fact]
        let rows: [ModuleRow]
        let budgetURL: String
    }

    /// The totals per module: members who answered a quiz of it, and members with its certificate.
    static func overview(
        municipality: Municipality, members: Int, selfTested: Int, started: [String: Int], finished: [String: Int],
        modules: LearningCatalogue,
        req: Request
    ) -> OverviewContext {
        let language = req.language
        return OverviewContext(
            municipality: municipality.name, dashboardURL: DashboardURL.municipality(.value(municipality.code)).path,
            facts: [
                Fact(label: req.t("council_learning.members"), value: String(members)),
                Fact(label: req.t("council_learning.self_tested"), value: String(selfTested)),
                Fact(label: req.t("council_learning.certificates"), value: String(finished.values.reduce(0, +))),
            ],
            rows: modules.byTitle(language).map {
                ModuleRow(
                    title: $0.title(language), url: LearningURL.module(.value($0.id)).path, started: started[$0.id] ?? 0,
                    finished: finished[$0.id] ?? 0)
            },
            budgetURL: CouncilLearningURL.budget(.value(municipality.code)).path)
    }

    struct RequestRow: Encodable {
        let member: String
        let what: String
        let day: String
        let amount: String
        let status: String
        let url: String
    }

    static func row(_ record: SpendingRequestRecord, req: Request) -> RequestRow {
        RequestRow(
            member: record.memberName, what: record.what, day: Format.day(record.day, req.language),
            amount: Money.format(record.amount, req.language), status: record.status.name(req.language),
            url: CouncilLearningURL.request(.value(record.municipalityCode), .value(record.id ?? UUID())).path)
    }

    static func ledgerFacts(_ ledger: BudgetLedger, req: Request) -> [Fact] {
        let language = req.language
        return [
            Fact(label: req.t("budget.budget"), value: Money.format(ledger.budget, language)),
            Fact(label: req.t("budget.requested"), value: Money.format(ledger.requested, language)),
            Fact(label: req.t("budget.approved"), value: Money.format(ledger.approved, language)),
            Fact(label: req.t("budget.spent"), value: Money.format(ledger.spent, language)),
            Fact(label: req.t("budget.left"), value: Money.format(ledger.left, language)),
        ]
    }

    struct OwnPart: Encodable {
        let facts: [Fact]
        let rows: [RequestRow]
        let newURL: String
    }

    struct LedgerRow: Encodable {
        let member: String
        let budget: String
        let requested: String
        let approved: String
        let spent: String
        let left: String
        let isBelowZero: Bool
    }

    struct GriffiePart: Encodable {
        let councilBudget: String
        let ledger: [LedgerRow]
        let waiting: [RequestRow]
        let rows: [RequestRow]
        let action: String
        let errors: [ErrorSummaryItem]?
        let member: FormField
        let amount: FormField
        let exportURL: String
        let overviewURL: String
    }

    /// What the griffie's part of the budget page is made of.
    typealias GriffieView = (
        budgets: BudgetStore.Budgets, ledgers: [(member: AccountStore.Person, ledger: BudgetLedger)], requests: [SpendingRequestRecord]
    )

    struct BudgetContext: Encodable {
        let municipality: String
        let dashboardURL: String
        let year: Int
        let yearAction: String
        let yearField: FormField
        let own: OwnPart?
        let griffie: GriffiePart?
    }

    static func budget(
        municipality: Municipality, year: Int, years: ClosedRange<Int>, own: (ledger: BudgetLedger, requests: [SpendingRequestRecord])?,
        griffie: (
            budgets: BudgetStore.Budgets, ledgers: [(member: AccountStore.Person, ledger: BudgetLedger)], requests: [SpendingRequestRecord]
        )?,
        form: FormState, req: Request
    ) -> BudgetContext {
        let language = req.language
        let code = Parameter.value(municipality.code)
        let yearForm = FormState(req, values: ["jaar": String(year)])
        return BudgetContext(
            municipality: municipality.name, dashboardURL: DashboardURL.municipality(code).path, year: year,
            yearAction: CouncilLearningURL.budget(code).path,
            yearField: yearForm.field(
                "jaar", type: "select", label: req.t("budget.year"), options: years.reversed().map { (String($0), String($0)) }),
            own: own.map { own in
                OwnPart(
                    facts: ledgerFacts(own.ledger, req: req), rows: own.requests.map { row($0, req: req) },
                    newURL: CouncilLearningURL.newRequest(code).path)
            },
            griffie: griffie.map { griffie in
                GriffiePart(
                    councilBudget: griffie.budgets.council.map { Money.format($0, language) } ?? req.t("budget.not_set"),
                    ledger: griffie.ledgers.map { member, ledger in
                        LedgerRow(
                            member: member.name
                                + (griffie.budgets.personal[member.id] == nil ? "" : " " + req.t("budget.personal_marker")),
                            budget: Money.format(ledger.budget, language), requested: Money.format(ledger.requested, language),
                            approved: Money.format(ledger.approved, language), spent: Money.format(ledger.spent, language),
                            left: Money.format(ledger.left, language), isBelowZero: ledger.left < 0)
                    },
                    waiting: griffie.requests.filter { $0.status == .aangevraagd }.map { row($0, req: req) },
                    rows: griffie.requests.filter { $0.status != .aangevraagd }.map { row($0, req: req) },
                    action: CouncilLearningURL.setBudget(code).path, errors: form.summary,
                    member: form.field(
                        "member", type: "select", label: req.t("budget.field_member"),
                        options: [("", req.t("budget.whole_council"))] + griffie.ledgers.map { ($0.member.id.uuidString, $0.member.name) }),
                    amount: form.field("amount", label: req.t("budget.field_amount", String(year)), hint: req.t("budget.hint_amount")),
                    exportURL: CouncilLearningURL.export(code).with([("jaar", String(year))]),
                    overviewURL: CouncilLearningURL.overview(code).path)
            })
    }

    struct RequestFormContext: Encodable {
        let municipality: String
        let budgetURL: String
        let action: String
        let errors: [ErrorSummaryItem]?
        let available: String
        let what: FormField
        let provider: FormField
        let cost: FormField
        let day: FormField
        let why: FormField
    }

    static func requestForm(municipality: Municipality, available: BudgetLedger, year: Int, form: FormState, req: Request)
        -> RequestFormContext
    {
        let code = Parameter.value(municipality.code)
        return RequestFormContext(
            municipality: municipality.name, budgetURL: CouncilLearningURL.budget(code).path,
            action: CouncilLearningURL.newRequest(code).path,
            errors: form.summary, available: req.t("budget.available_now", String(year), Money.format(available.available, req.language)),
            what: form.field("what", label: req.t("budget.field_what"), hint: req.t("budget.hint_what")),
            provider: form.field("provider", label: req.t("budget.field_provider")),
            cost: form.field("cost", label: req.t("budget.field_cost"), hint: req.t("budget.hint_cost")),
            day: form.field("day", type: "date", label: req.t("budget.field_day"), hint: req.t("budget.hint_day")),
            why: form.field("why", type: "textarea", label: req.t("budget.field_why"), hint: req.t("budget.hint_why")))
    }

    struct DecisionForm: Encodable {
        let action: String
        let version: Int
        let step: FormField?
        let reason: FormField?
        let paid: FormField?
        let override: FormField?
        let overrideReason: FormField?
        let button: String
    }

    struct RequestContext: Encodable {
        let municipality: String
        let budgetURL: String
        let title: String
        let status: String
        let facts: [Fact]
        let ledger: [Fact]
        let errors: [ErrorSummaryItem]?
        let decide: DecisionForm?
        let withdraw: DecisionForm?
    }

    static func request(
        _ record: SpendingRequestRecord, municipality: Municipality, ledger: BudgetLedger, isOwn: Bool, canDecide: Bool, form: FormState,
        req: Request
    ) -> RequestContext {
        let language = req.language
        let action = CouncilLearningURL.request(.value(record.municipalityCode), .value(record.id ?? UUID())).path
        var facts = [
            Fact(label: req.t("budget.col_member"), value: record.memberName),
            Fact(label: req.t("budget.field_provider"), value: record.provider),
            Fact(label: req.t("budget.col_amount"), value: Money.format(record.amount, language)),
            Fact(label: req.t("budget.field_day"), value: Format.day(record.day, language)),
            Fact(label: req.t("budget.field_why"), value: record.why),
        ]
        if let by = record.decidedBy, let at = record.decidedAt {
            facts.append(Fact(label: req.t("budget.decided"), value: req.t("budget.decided_by", by, Format.date(at, language))))
        }
        if let reason = record.reason { facts.append(Fact(label: req.t("budget.reason"), value: reason)) }
        if let spent = record.spent { facts.append(Fact(label: req.t("budget.spent"), value: Money.format(spent, language))) }
        if let override = record.overrideReason { facts.append(Fact(label: req.t("budget.override_reason"), value: override)) }
        let overrideShown = record.amount > ledger.left || form.errors.contains { $0.field.hasPrefix("override") }
        var decide: DecisionForm?
        if canDecide && record.status == .aangevraagd {
            decide = DecisionForm(
                action: action, version: record.version,
                step: form.field(
                    "stap", type: "radios", label: req.t("budget.field_decision"),
                    options: [
                        (SpendingStep.approve.rawValue, req.t("budget.approve")), (SpendingStep.decline.rawValue, req.t("budget.decline")),
                    ]),
                reason: form.field("reason", type: "textarea", label: req.t("budget.field_reason"), hint: req.t("budget.hint_reason")),
                paid: nil,
                override: overrideShown ? form.field("override", type: "checkbox", label: req.t("budget.field_override")) : nil,
                overrideReason: overrideShown
                    ? form.field(
                        "overrideReason", type: "textarea", label: req.t("budget.field_override_reason"),
                        hint: req.t("budget.hint_override"))
                    : nil,
                button: req.t("budget.decide"))
        } else if canDecide && record.status == .goedgekeurd {
            decide = DecisionForm(
                action: action, version: record.version, step: nil, reason: nil,
                paid: form.field("paid", label: req.t("budget.field_paid"), hint: req.t("budget.hint_paid")),
                override: form.field("override", type: "checkbox", label: req.t("budget.field_override")),
                overrideReason: form.field(
                    "overrideReason", type: "textarea", label: req.t("budget.field_override_reason"),
                    hint: req.t("budget.hint_override_paid")),
                button: req.t("budget.record_spent"))
        }
        let withdraw =
            isOwn && record.status == .aangevraagd
            ? DecisionForm(
                action: action, version: record.version, step: nil, reason: nil, paid: nil, override: nil, overrideReason: nil,
                button: req.t("budget.withdraw"))
            : nil
        return RequestContext(
            municipality: municipality.name,
            budgetURL: CouncilLearningURL.budget(.value(record.municipalityCode)).with([("jaar", String(record.year))]),
            title: record.what, status: record.status.name(language), facts: facts,
            ledger: ledgerFacts(ledger, req: req), errors: form.summary, decide: decide, withdraw: withdraw)
    }
}
