import DemocracyKit
import Testing

@Suite("Money as a Dutch reader types and reads it")
struct MoneyTests {
    @Test(
        "Amounts typed the Dutch way are read in cents",
        arguments: [
            ("450", 45_000), ("1.250", 125_000), ("€ 1.250,50", 125_050), ("1250,5", 125_050), ("1.250,-", 125_000), ("12.50", 1_250),
            ("0,99", 99), ("€1.000.000", nil), ("100.000", 10_000_000), ("100.000,01", nil),
        ] as [(String, Int?)])
    func reads(typed: String, cents: Int?) {
        #expect(Money.cents(typed) == cents)
    }

    @Test(
        "Negative, absurd or garbled amounts are refused, not guessed",
        arguments: ["-450", "1e6", "12,345", "1.25.0", "1.2345", "abc", "", "€", "99999999999999999999", "1,2,3", "4 5 0 x", "٤٥٠"])
    func refuses(typed: String) {
        #expect(Money.cents(typed) == nil)
    }

    @Test("Cents are written with the reader's separators, whole euros without cents")
    func writes() {
        #expect(Money.format(125_050, .nl) == "€ 1.250,50")
        #expect(Money.format(125_000, .nl) == "€ 1.250")
        #expect(Money.format(125_050, .en) == "€1,250.50")
        #expect(Money.format(-2_500, .nl) == "-€ 25")
        #expect(Money.plain(125_050) == "1250.50")
    }
}

@Suite("Education budget: requests, decisions and the ledger")
struct EducationBudgetTests {
    let values = [
        "what": "Cursus begroting lezen", "provider": "Raadslid.Nu", "cost": "450", "day": "2027-03-15", "why": "Voor de begroting",
    ]

    @Test("The workflow allows only its transitions, from a request to a decision, and from approval to spending")
    func workflow() throws {
        #expect(try SpendingWorkflow.next(.approve, from: .aangevraagd) == .goedgekeurd)
        #expect(try SpendingWorkflow.next(.decline, from: .aangevraagd) == .afgewezen)
        #expect(try SpendingWorkflow.next(.withdraw, from: .aangevraagd) == .ingetrokken)
        #expect(try SpendingWorkflow.next(.recordSpent, from: .goedgekeurd) == .besteed)
        for status in SpendingStatus.allCases {
            for step in SpendingStep.allCases {
                let allowed: Set<String> = [
                    "goedkeuren/aangevraagd", "afwijzen/aangevraagd", "intrekken/aangevraagd", "besteed/goedgekeurd",
                ]
                if !allowed.contains("\(step.rawValue)/\(status.rawValue)") {
                    #expect(throws: StoreFailure.self, "\(step) from \(status)") { try SpendingWorkflow.next(step, from: status) }
                }
            }
        }
    }

    @Test("The ledger counts what waits, what is set aside and what is spent; declined and withdrawn requests count for nothing")
    func ledger() {
        let ledger = BudgetLedger(
            budget: 150_000,
            requests: [
                (.aangevraagd, 20_000, nil), (.goedgekeurd, 45_000, nil), (.besteed, 30_000, 27_500), (.afgewezen, 90_000, nil),
                (.ingetrokken, 10_000, nil),
            ])
        #expect(ledger == BudgetLedger(budget: 150_000, requested: 20_000, approved: 45_000, spent: 27_500))
        #expect(ledger.left == 77_500)
        #expect(ledger.available == 57_500)
    }

    @Test("A request within what is available is accepted, with the course's year")
    func request() throws {
        let request = try SpendingRequestForm(values: values).request(today: "2026-12-02") { _ in BudgetLedger(budget: 100_000) }.get()
        #expect(request.amount == 45_000)
        #expect(request.year == 2027)
        #expect(request.day == "2027-03-15")
    }

    @Test("A request above what is still available in that year is refused, naming the year and the amount")
    func aboveAvailable() {
        var typed = values
        typed["cost"] = "1.200"
        let result = SpendingRequestForm(values: typed).request(today: "2026-12-02") { year in
            year == 2027 ? BudgetLedger(budget: 150_000, requested: 20_000, approved: 30_000) : BudgetLedger(budget: 0)
        }
        guard case .failure(.fields(let errors)) = result else {
            Issue.record("accepted")
            return
        }
        #expect(errors == [FieldError(field: "cost", message: "budget.error.above_available", argument: "2027", money: 100_000)])
    }

    @Test(
        "Bad amounts and days get a message per field, and nothing is made",
        arguments: [
            ("cost", "-450", "budget.error.cost"), ("cost", "0", "budget.error.cost"), ("cost", "99999999", "budget.error.cost"),
            ("cost", "", "budget.error.cost_required"), ("day", "31-02-2027", "budget.error.day"),
            ("day", "2031-01-01", "budget.error.day_year"),
            ("what", "  ", "budget.error.what"), ("why", "", "budget.error.why"),
        ])
    func badInput(field: String, typed: String, message: String) {
        var sent = values
        sent[field] = typed
        let result = SpendingRequestForm(values: sent).request(today: "2026-12-02") { _ in BudgetLedger(budget: 100_000) }
        guard case .failure(.fields(let errors)) = result else {
            Issue.record("accepted \(field)=\(typed)")
            return
        }
        #expect(errors.map(\.field) == [field])
        #expect(errors.first?.message == message)
    }

    @Test("Approving within what is left needs no override; declining needs a reason")
    func decisions() throws {
        let ledger = BudgetLedger(budget: 100_000, requested: 45_000)
        let approved = try SpendingDecision(step: .approve, values: [:]).check(amount: 45_000, status: .aangevraagd, ledger: ledger).get()
        #expect(approved == SpendingOutcome(status: .goedgekeurd, reason: nil, spent: nil, overrideReason: nil))
        let noReason = SpendingDecision(step: .decline, values: ["reason": " "]).check(amount: 45_000, status: .aangevraagd, ledger: ledger)
        guard case .failure(.fields(let errors)) = noReason else {
            Issue.record("declined without a reason")
            return
        }
        #expect(errors.map(\.message) == ["budget.error.reason"])
    }

    @Test("Nothing takes the balance below zero without the griffie's explicit override with a reason, which is kept")
    func override() throws {
        let ledger = BudgetLedger(budget: 100_000, requested: 45_000, approved: 80_000)
        let plain = SpendingDecision(step: .approve, values: [:]).check(amount: 45_000, status: .aangevraagd, ledger: ledger)
        guard case .failure(.fields(let errors)) = plain else {
            Issue.record("approved below zero without override")
            return
        }
        #expect(errors == [FieldError(field: "override", message: "budget.error.below_zero", money: 25_000)])
        let ticked = SpendingDecision(step: .approve, values: ["override": "ja"]).check(
            amount: 45_000, status: .aangevraagd, ledger: ledger)
        guard case .failure(.fields(let missing)) = ticked else {
            Issue.record("override without a reason")
            return
        }
        #expect(missing.map(\.message) == ["budget.error.override_reason"])
        let outcome = try SpendingDecision(step: .approve, values: ["override": "ja", "overrideReason": "Besluit presidium 12 maart"])
            .check(amount: 45_000, status: .aangevraagd, ledger: ledger).get()
        #expect(outcome.overrideReason == "Besluit presidium 12 maart")
    }

    @Test("Recording spending above the approved amount past the balance needs the override too; below it gives money back")
    func spending() throws {
        let ledger = BudgetLedger(budget: 100_000, approved: 100_000)
        let cheaper = try SpendingDecision(step: .recordSpent, values: ["paid": "800"]).check(
            amount: 100_000, status: .goedgekeurd, ledger: ledger
        )
        .get()
        #expect(cheaper.spent == 80_000)
        #expect(ledger.moving(100_000, from: .goedgekeurd, to: .besteed, spent: 80_000).left == 20_000)
        let dearer = SpendingDecision(step: .recordSpent, values: ["paid": "1.100"]).check(
            amount: 100_000, status: .goedgekeurd, ledger: ledger)
        guard case .failure(.fields(let errors)) = dearer else {
            Issue.record("spent past zero without override")
            return
        }
        #expect(errors.map(\.field) == ["override"])
        let bad = SpendingDecision(step: .recordSpent, values: ["paid": "-5"]).check(amount: 100_000, status: .goedgekeurd, ledger: ledger)
        guard case .failure(.fields(let paid)) = bad else {
            Issue.record("negative spending accepted")
            return
        }
        #expect(paid.map(\.field) == ["paid"])
    }

    @Test("A balance already below zero does not block a withdrawal or a decline, which only give money back")
    func givingBack() throws {
        let ledger = BudgetLedger(budget: 0, requested: 20_000, approved: 30_000)
        #expect(
            try SpendingDecision(step: .withdraw, values: [:]).check(amount: 20_000, status: .aangevraagd, ledger: ledger).get().status
                == .ingetrokken)
        #expect(
            try SpendingDecision(step: .decline, values: ["reason": "Past niet bij het raadswerk"])
                .check(amount: 20_000, status: .aangevraagd, ledger: ledger).get().status == .afgewezen)
    }

    @Test("A budget is refused below what a member already has set aside or spent, naming the member")
    func budgetSetting() throws {
        #expect(try BudgetSetting.amount("1.500", committed: [("Fatima", 120_000)]).get() == 150_000)
        guard case .failure(.fields(let errors)) = BudgetSetting.amount("1.000", committed: [("Fatima", 120_000), ("Jan", 40_000)]) else {
            Issue.record("accepted below committed")
            return
        }
        #expect(errors == [FieldError(field: "amount", message: "budget.error.below_committed", argument: "Fatima", money: 120_000)])
        guard case .failure = BudgetSetting.amount("-100", committed: []) else {
            Issue.record("accepted a negative budget")
            return
        }
    }
}
