import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Persoonlijk opleidingsbudget and the griffier's totals")
struct EducationBudgetWebTests {
    struct Council {
        let app: Application
        let griffier: Browser
        let member: Browser
        let memberID: UUID
        let year: Int

        var budgetPath: String { CouncilLearningURL.budget(.value("GM0014")).path }
        var requestPath: String { CouncilLearningURL.newRequest(.value("GM0014")).path }

        /// A request as a council member fills it in, for a course in this year.
        func ask(_ browser: Browser? = nil, what: String = "Training debatteren", cost: String) async throws -> TestingHTTPResponse {
            let browser = browser ?? member
            try await browser.get(requestPath)
            return try await browser.post(
                requestPath,
                ["what": what, "provider": "Nederlands Debat Instituut", "cost": cost, "day": "\(year)-06-15", "why": "Voor de begroting"])
        }

        func setBudget(_ amount: String, member: UUID? = nil) async throws -> TestingHTTPResponse {
            try await griffier.get(budgetPath)
            return try await griffier.post(
                CouncilLearningURL.setBudget(.value("GM0014")).path,
                ["member": member?.uuidString ?? "", "amount": amount, "jaar": String(year)])
        }

        func decide(_ location: String, _ fields: [String: String], as browser: Browser? = nil) async throws -> TestingHTTPResponse {
            let browser = browser ?? griffier
            try await browser.get(location)
            let id = UUID(uuidString: String(location.split(separator: "/").last ?? ""))
            let record = try #require(try await SpendingRequestRecord.find(id, on: app.db))
            return try await browser.post(location, fields.merging(["version": String(record.version)]) { a, _ in a })
        }
    }

    static func council(_ app: Application) async throws -> Council {
        try await makeUser(app, email: "griffier@groningen.example", name: "Ineke Griffier", roles: [(.trekker, "GM0014")])
        let memberID = try await makeUser(app, email: "raadslid@groningen.example", name: "Jan Raad", roles: [(.raadslid, "GM0014")])
        let griffier = Browser(app)
        try await griffier.signIn("griffier@groningen.example")
        let member = Browser(app)
        try await member.signIn("raadslid@groningen.example")
        return Council(
            app: app, griffier: griffier, member: member, memberID: memberID, year: Int(Format.day(app.clock.now()).prefix(4)) ?? 2026)
    }

    @Test(
        "The griffier sets the council's budget, a council member asks within it, the griffier approves and records the cost; both see the ledger, each hears by email, and the CSV adds up"
    )
    func requestApproveSpend() async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            let set = try await council.setBudget("1.500")
            let asked = try await council.ask(cost: "€ 650")
            let location = try #require(asked.location)
            let waiting = try await council.griffier.get(council.budgetPath)
            let approved = try await council.decide(location, ["stap": "goedkeuren", "reason": "Past bij uw rol."])
            let memberView = try await council.member.get(council.budgetPath)
            let spent = try await council.decide(location, ["stap": "besteed", "paid": "600"])
            let ledger = try await council.griffier.get(council.budgetPath)
            let csv = try await council.griffier.get(CouncilLearningURL.export(.value("GM0014")).with([("jaar", String(council.year))]))
            #expect(set.status == .seeOther && asked.status == .seeOther)
            #expect(waiting.html.contains("Jan Raad: Training debatteren"), "the griffie sees what waits")
            #expect(approved.status == .seeOther && spent.status == .seeOther)
            #expect(memberView.html.contains("€ 1.500") && memberView.html.contains("€ 850") && memberView.html.contains("Goedgekeurd"))
            #expect(ledger.html.contains("€ 600") && ledger.html.contains("€ 900"), "spent 600 of 1,500: 900 left")
            #expect(csv.status == .ok && csv.body.string.contains("1500.00") && csv.body.string.contains("600.00"))
            #expect(csv.body.string.contains("900.00") && csv.body.string.contains("Training debatteren"))
            let mails = try await OutboxMessage.query(on: app.db).all()
            #expect(mails.contains { $0.kind == "budget.requested" && $0.recipient == "griffier@groningen.example" })
            #expect(
                mails.contains {
                    $0.kind == "budget.decided" && $0.recipient == "raadslid@groningen.example" && $0.textBody.contains("Past bij uw rol.")
                })
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == .budgetDownloaded).count() == 1)
            let record = try #require(try await SpendingRequestRecord.query(on: app.db).first())
            #expect(record.status == .besteed && record.spent == 60_000 && record.decidedBy == "Ineke Griffier")
        }
    }

    @Test(
        "A request above what is left, a negative or absurd amount, or a date years away is refused with its reason, and nothing is stored",
        arguments: [
            ("1.600", "Dit is meer dan u in"), ("-50", "groter dan nul"), ("9999999999", "groter dan nul"), ("duizend", "groter dan nul"),
        ])
    func refusedRequests(cost: String, message: String) async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            try await council.setBudget("1.500")
            let response = try await council.ask(cost: cost)
            #expect(response.status == .unprocessableEntity)
            #expect(response.html.contains(message))
            #expect(response.html.contains("Training debatteren"), "what was typed stays")
            #expect(try await SpendingRequestRecord.query(on: app.db).count() == 0)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "budget.requested").count() == 0)
        }
    }

    @Test(
        "Approving past zero is refused until the griffier ticks the override and says why; the override is kept on the request and in the audit log"
    )
    func override() async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            try await council.setBudget("500")
            let location = try #require(try await council.ask(cost: "400").location)
            // the griffie lowers the budget before deciding: nothing was approved yet, so that is allowed
            let lowered = try await council.setBudget("300")
            let refused = try await council.decide(location, ["stap": "goedkeuren"])
            let noReason = try await council.decide(location, ["stap": "goedkeuren", "override": "ja"])
            let overridden = try await council.decide(
                location, ["stap": "goedkeuren", "override": "ja", "overrideReason": "Besluit presidium van 12 maart"])
            let below = try await council.setBudget("200")
            let ledger = try await council.griffier.get(council.budgetPath)
            #expect(lowered.status == .seeOther)
            #expect(refused.status == .unprocessableEntity && refused.html.contains("Hierdoor komt het budget € 100 onder nul"))
            #expect(noReason.status == .unprocessableEntity && noReason.html.contains("Schrijf waarom u boven het budget gaat."))
            #expect(overridden.status == .seeOther)
            #expect(
                below.status == .unprocessableEntity && below.html.contains("Jan Raad heeft € 400"),
                "the budget cannot go under what is approved")
            #expect(ledger.html.contains("-€ 100") && ledger.html.contains("onder nul"))
            let record = try #require(try await SpendingRequestRecord.query(on: app.db).first())
            #expect(record.status == .goedgekeurd && record.overrideReason == "Besluit presidium van 12 maart")
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == .budgetOverride).all()
            #expect(audit.count == 1 && audit.first?.subject.contains("Besluit presidium") == true)
        }
    }

    @Test(
        "Each sees only their part: a colleague gets not found for a member's request, the member cannot decide and the griffier cannot withdraw; programme staff, the facilitator and another municipality are refused"
    )
    func whoMayDoWhat() async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            try await council.setBudget("1.000")
            let location = try #require(try await council.ask(cost: "400").location)
            try await makeUser(app, email: "collega@groningen.example", roles: [(.raadslid, "GM0014")])
            try await makeUser(app, email: "begeleider@groningen.example", roles: [(.begeleider, "GM0014")])
            try await makeUser(app, email: "staf@programma.example", roles: [(.programma, nil)])
            try await makeUser(app, email: "raadslid@amsterdam.example", roles: [(.raadslid, "GM0363")])
            var others: [String: Browser] = [:]
            for email in [
                "collega@groningen.example", "begeleider@groningen.example", "staf@programma.example", "raadslid@amsterdam.example",
            ] {
                let browser = Browser(app)
                try await browser.signIn(email)
                others[email] = browser
            }
            let colleague = try await others["collega@groningen.example"]!.get(location)
            let selfApprove = try await council.decide(location, ["stap": "goedkeuren"], as: council.member)
            let griffierWithdraws = try await council.decide(location, ["stap": "intrekken"])
            let facilitator = try await others["begeleider@groningen.example"]!.get(council.budgetPath)
            let staff = try await others["staf@programma.example"]!.get(council.budgetPath)
            let staffOverview = try await others["staf@programma.example"]!.get(CouncilLearningURL.overview(.value("GM0014")).path)
            let amsterdam = try await others["raadslid@amsterdam.example"]!.get(location)
            let memberOverview = try await council.member.get(CouncilLearningURL.overview(.value("GM0014")).path)
            let strangerBudget = try await council.setBudget("800", member: UUID())
            #expect(colleague.status == .notFound && !colleague.html.contains("Training debatteren"))
            #expect(selfApprove.status == .forbidden && griffierWithdraws.status == .forbidden)
            #expect(facilitator.status == .forbidden && staff.status == .forbidden && staffOverview.status == .forbidden)
            #expect(amsterdam.status == .forbidden && memberOverview.status == .forbidden)
            #expect(strangerBudget.status == .unprocessableEntity && strangerBudget.html.contains("Kies een raadslid van deze gemeente."))
            let withdrawn = try await council.decide(location, ["stap": "intrekken"], as: council.member)
            let again = try await council.decide(location, ["stap": "goedkeuren"])
            #expect(withdrawn.status == .seeOther)
            #expect(again.status == .conflict && again.html.contains("Over deze aanvraag is al besloten."))
            #expect(try await SpendingRequestRecord.query(on: app.db).first()?.status == .ingetrokken)
        }
    }

    @Test("Two decisions sent from the same page cannot both pass: the second is refused as changed meanwhile")
    func staleDecision() async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            try await council.setBudget("1.000")
            let location = try #require(try await council.ask(cost: "400").location)
            try await council.griffier.get(location)
            let first = try await council.griffier.post(location, ["stap": "goedkeuren", "version": "1"])
            let second = try await council.griffier.post(location, ["stap": "afwijzen", "reason": "Te duur", "version": "1"])
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict)
            #expect(try await SpendingRequestRecord.query(on: app.db).first()?.status == .goedgekeurd)
        }
    }

    @Test("The griffier's overview counts members per module and self-tests without naming anyone or showing a score")
    func overviewShowsTotalsOnly() async throws {
        try await withTestApp { app in
            let council = try await Self.council(app)
            let module = try #require(app.learningModules.module("begroting-lezen"))
            for number in 1...module.lessons.count {
                _ = try await CertificateWebTests.answer(council.member, module: module, lesson: number, allRight: true)
            }
            try await council.member.get(LearningURL.selfTest.path)
            try await council.member.post(LearningURL.selfTest.path, SelfTestWebTests.fields(app, low: [.analytisch]))
            let overview = try await council.griffier.get(CouncilLearningURL.overview(.value("GM0014")).path)
            #expect(overview.status == .ok)
            let row = try #require(overview.html.components(separatedBy: htmlEscaped(module.title.nl)).last?.prefix(200))
            #expect(row.contains(#"<td class="numeric">1</td><td class="numeric">1</td>"#), "one started, one finished")
            #expect(!overview.html.contains("Jan Raad"), "no member is named")
            #expect(!overview.html.contains("Analytisch vermogen"), "no competence score is shown")
        }
    }
}
