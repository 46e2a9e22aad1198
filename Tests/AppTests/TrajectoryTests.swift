import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Groningen with a coordinator (from `ScanFixture`), a facilitator and a council member, all signed in.
private struct TrajectoryFixture {
    let scans: ScanFixture
    let facilitator: Browser
    let council: Browser
    var app: Application { scans.app }
    var coordinator: Browser { scans.coordinator }

    static func make(_ app: Application) async throws -> TrajectoryFixture {
        let scans = try await ScanFixture.make(app)
        try await makeUser(app, email: "begeleider@example.nl", name: "Ruben de Jong", roles: [(.begeleider, "GM0014")])
        try await makeUser(app, email: "raad@groningen.example", roles: [(.raadslid, "GM0014")])
        let facilitator = Browser(app)
        try await facilitator.signIn("begeleider@example.nl")
        let council = Browser(app)
        try await council.signIn("raad@groningen.example")
        return TrajectoryFixture(scans: scans, facilitator: facilitator, council: council)
    }

    func conversation(_ browser: Browser, _ fields: [String: String], id: UUID? = nil) async throws -> TestingHTTPResponse {
        let path =
            id.map { TrajectoryURL.conversation(.value("GM0014"), .value($0)).path } ?? TrajectoryURL.conversations(.value("GM0014")).path
        try await browser.get(id == nil ? TrajectoryURL.newConversation(.value("GM0014")).path : path)
        return try await browser.post(path, fields)
    }
}

private let today = Format.startOfDay("2026-12-01")!.addingTimeInterval(10 * 3600)

@Suite("Trajectory: the steps as stored, and the conversations")
struct TrajectoryTests {
    @Test("A scan that opens and closes moves the trajectory to the report; the timeline shows each step's day and how")
    func scanMovesTrajectory() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            try await f.scans.open()
            // act
            try await ScanStore.close(try await f.scans.reload(), app: app, today: today, on: app.db)
            let page = try await f.council.get(TrajectoryURL.timeline(.value("GM0014")).path)
            // check
            let state = try await TrajectoryStore.state(of: "GM0014", on: app.db)
            #expect(state.reached[.rapport]?.reason == .scanClosed && state.reached[.quickScan]?.reason == .withLaterStep)
            #expect(state.reached[.startgesprek]?.reason == .scanOpened && state.current == .agenderingsgesprek)
            #expect(page.status == .ok)
            #expect(page.html.contains("gedaan op 1 december 2026 (de scan is gesloten)"))
            #expect(page.html.contains("aria-current=\"step\"") && page.html.contains("Volgende stap: Agenderingsgesprek."))
            #expect(
                !page.html.contains(TrajectoryURL.conversations(.value("GM0014")).path), "council members do not read the conversations")
            #expect(!page.html.contains("Op gedaan zetten"), "council members do not mark steps")
        }
    }

    @Test("The facilitator marks the current step with its day; a coordinator cannot; a wrong day is refused with a reason")
    func markStep() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            let path = TrajectoryURL.markStep(.value("GM0014")).path
            try await f.facilitator.get(TrajectoryURL.timeline(.value("GM0014")).path)
            try await f.coordinator.get(TrajectoryURL.timeline(.value("GM0014")).path)
            // act
            let future = try await f.facilitator.post(path, ["step": "1", "day": "2026-12-02"])
            let later = try await f.facilitator.post(path, ["step": "3", "day": "2026-11-01"])
            let nonsense = try await f.facilitator.post(path, ["step": "-9223372036854775808", "day": "2026-11-01"])
            let byCoordinator = try await f.coordinator.post(path, ["step": "1", "day": "2026-11-01"])
            let marked = try await f.facilitator.post(path, ["step": "1", "day": "2026-11-01"])
            let twice = try await f.facilitator.post(path, ["step": "1", "day": "2026-11-02"])
            // check
            #expect(future.status == .unprocessableEntity && future.html.contains("Kies vandaag of een datum in het verleden"))
            #expect(later.status == .unprocessableEntity && later.html.contains("U kunt alleen de huidige stap op gedaan zetten."))
            #expect(nonsense.status == .badRequest)
            #expect(byCoordinator.status == .forbidden)
            #expect(marked.status == .seeOther)
            #expect(twice.status == .unprocessableEntity, "step 1 is no longer the current one")
            let state = try await TrajectoryStore.state(of: "GM0014", on: app.db)
            #expect(state.reached[.aanmelding] == .init(day: "2026-11-01", reason: .marked, by: "Ruben de Jong"))
            let page = try await f.coordinator.get(TrajectoryURL.timeline(.value("GM0014")).path)
            #expect(page.html.contains("gedaan op 1 november 2026 (gemarkeerd door Ruben de Jong)"))
        }
    }

    @Test("A verdiepingsgesprek that was held completes its step and links to its report; a planned one does not")
    func conversationCompletesStep() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            try await f.scans.open()
            try await ScanStore.close(try await f.scans.reload(), app: app, today: today, on: app.db)
            let scanID = try #require(f.scans.scan.id)
            let fields = [
                "kind": "verdiepingsgesprek", "participants": "Ineke (griffier), Ruben de Jong (begeleider)",
                "notes": "Inwoners scoren laag.",
                "decisions": "Prioriteit: burgerparticipatie.", "followUp": "Raadsavond plannen – griffier – voor 1 maart",
                "scanID": scanID.uuidString,
            ]
            // act
            let planned = try await f.conversation(f.coordinator, fields.merging(["heldOn": "2026-12-15"]) { $1 })
            let afterPlanned = try await TrajectoryStore.state(of: "GM0014", on: app.db)
            let held = try await f.conversation(f.facilitator, fields.merging(["heldOn": "2026-11-28"]) { $1 })
            let page = try await f.facilitator.get(try #require(held.location))
            // check
            #expect(planned.status == .seeOther && held.status == .seeOther)
            #expect(afterPlanned.reached[.agenderingsgesprek] == nil)
            let state = try await TrajectoryStore.state(of: "GM0014", on: app.db)
            #expect(state.reached[.agenderingsgesprek] == .init(day: "2026-11-28", reason: .conversationHeld))
            #expect(page.html.contains(ScanURL.report(.value("GM0014"), .value(scanID)).path))
            #expect(page.html.contains("Prioriteit: burgerparticipatie."))
        }
    }

    @Test("Two people save the same conversation: the second gets a conflict with their own text kept and the other's shown")
    func concurrentEdits() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            let created = try await f.conversation(
                f.coordinator, ["kind": "startgesprek", "heldOn": "2026-10-01", "participants": "Ineke, Ruben"])
            let id = try #require(created.location.flatMap { $0.split(separator: "/").last }.flatMap { UUID(uuidString: String($0)) })
            try await f.coordinator.get(TrajectoryURL.conversation(.value("GM0014"), .value(id)).path)
            try await f.facilitator.get(TrajectoryURL.conversation(.value("GM0014"), .value(id)).path)
            let base = ["kind": "startgesprek", "heldOn": "2026-10-01", "participants": "Ineke, Ruben", "version": "1"]
            // act
            let first = try await f.facilitator.post(
                TrajectoryURL.conversation(.value("GM0014"), .value(id)).path, base.merging(["notes": "Verslag van Ruben."]) { $1 })
            let second = try await f.coordinator.post(
                TrajectoryURL.conversation(.value("GM0014"), .value(id)).path, base.merging(["notes": "Verslag van Ineke."]) { $1 })
            // check
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict && second.html.contains("Iemand anders heeft dit gesprek opgeslagen"))
            #expect(second.html.contains(">Verslag van Ineke.</textarea>") && second.html.contains("Verslag van Ruben."))
            #expect(second.html.contains("name=\"version\" value=\"2\""))
            #expect(try await Conversation.find(id, on: app.db)?.notes == "Verslag van Ruben.")
        }
    }

    @Test("Bad input keeps the text and names each problem; a 100,000-character report is refused with its limit")
    func badInput() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            let f = try await TrajectoryFixture.make(app)
            let response = try await f.conversation(
                f.coordinator,
                [
                    "kind": "x", "heldOn": "31-12", "participants": "", "notes": String(repeating: "Lang verslag. ", count: 7_200),
                    "scanID": UUID().uuidString,
                ])
            #expect(response.status == .unprocessableEntity)
            for message in [
                "Kies wat voor gesprek het was.", "Vul de datum van het gesprek in", "Schrijf op wie er meededen.",
                "Gebruik hoogstens 20000 tekens.", "Kies een rapport van deze gemeente",
            ] {
                #expect(response.html.contains(message), "\(message)")
            }
            #expect(response.html.contains(">Lang verslag. Lang verslag."), "the text is kept")
            #expect(!response.html.contains("value=\"31-12\""), "a date field holds only a real date, so the page stays valid HTML")
            #expect(try await Conversation.query(on: app.db).count() == 0)
            let council = try await f.council.get(TrajectoryURL.conversations(.value("GM0014")).path)
            #expect(council.status == .forbidden)
        }
    }
}

@Suite("Trajectory: writing and sending the improvement agenda")
struct AgendaWebTests {
    static let first: [String: String] = [
        "p1-area": "3", "p1-why": "Inwoners geven burgerparticipatie 25 en vinden het belangrijk.",
        "p1-a1-what": "Raadsavond over participatie", "p1-a1-who": "Griffie", "p1-a1-due": "2027-02-01", "p1-a1-status": "gepland",
    ]

    func save(_ browser: Browser, _ fields: [String: String], version: Int) async throws -> TestingHTTPResponse {
        try await browser.get(TrajectoryURL.editAgenda(.value("GM0014")).path)
        return try await browser.post(TrajectoryURL.editAgenda(.value("GM0014")).path, fields.merging(["version": String(version)]) { $1 })
    }

    @Test("The coordinator writes the agenda, changes it, and sends it: every version kept with what changed, the step done, staff told")
    func writeChangeSend() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            try await makeUser(app, email: "servicepunt@programma.example", name: "Anouk Visser", roles: [(.programma, nil)])
            // act
            let first = try await save(f.coordinator, Self.first, version: 0)
            let second = try await save(
                f.facilitator,
                Self.first.merging([
                    "p1-a1-status": "bezig", "p2-area": "1", "p2-why": "De raad mist grip op regionale samenwerking.",
                    "p2-a1-what": "Raad in beraad aanvragen", "p2-a1-who": "Trekker", "p2-a1-due": "2027-01-15",
                ]) { $1 }, version: 1)
            let version2 = try await f.council.get(TrajectoryURL.agendaVersion(.value("GM0014"), .value(2)).path)
            try await f.coordinator.get(TrajectoryURL.agenda(.value("GM0014")).path)
            let sent = try await f.coordinator.post(TrajectoryURL.sendAgenda(.value("GM0014")).path, ["version": "2"])
            let again = try await f.coordinator.post(TrajectoryURL.sendAgenda(.value("GM0014")).path, ["version": "2"])
            // check
            #expect(first.status == .seeOther && second.status == .seeOther && sent.status == .seeOther)
            #expect(again.status == .conflict && again.html.contains("al naar het servicepunt gestuurd"))
            #expect(version2.status == .ok)
            #expect(version2.html.contains("Nieuwe prioriteit: Krachtige gemeenteraad."))
            #expect(version2.html.contains("is nu ‘Raadsavond over participatie’ (Griffie, 1 februari 2027, bezig)"))
            let state = try await TrajectoryStore.state(of: "GM0014", on: app.db)
            #expect(state.reached[.verbeteragenda] == .init(day: "2026-12-01", reason: .agendaSent))
            #expect(try await AgendaStore.versions(of: "GM0014", on: app.db).count == 2)
            let mails = try await OutboxMessage.query(on: app.db).filter(\.$kind == "agenda.sent").all()
            #expect(mails.map(\.recipient) == ["servicepunt@programma.example"])
            let staff = Browser(app)
            try await staff.signIn("servicepunt@programma.example")
            let list = try await staff.get(TrajectoryURL.staffAgendas.path)
            #expect(list.html.contains("Groningen") && list.html.contains("Beter betrokken inwoners, Krachtige gemeenteraad"))
            let page = try await f.council.get(TrajectoryURL.agenda(.value("GM0014")).path)
            #expect(
                page.html.contains("Deze versie is naar het servicepunt gestuurd.") && !page.html.contains("Versturen naar het servicepunt")
            )
        }
    }

    @Test("The timeline a council member saw keeps up: the agenda sent, and then a repeat scan closed, show at once with the effect")
    func timelineKeepsUp() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            // setup
            let f = try await TrajectoryFixture.make(app)
            try await f.scans.open()
            try await ScanStore.close(try await f.scans.reload(), app: app, today: today, on: app.db)
            let timeline = TrajectoryURL.timeline(.value("GM0014")).path
            let before = try await f.council.get(timeline)
            // act
            _ = try await save(f.coordinator, Self.first, version: 0)
            try await f.coordinator.get(TrajectoryURL.agenda(.value("GM0014")).path)
            let sent = try await f.coordinator.post(TrajectoryURL.sendAgenda(.value("GM0014")).path, ["version": "1"])
            let afterAgenda = try await f.council.get(timeline)
            let repeatScan = try await ScanStore.create(
                municipalityCode: "GM0014", bank: app.questionBanks.current, today: today, on: app.db)
            try await ScanStore.open(repeatScan, bank: app.questionBanks.current, on: app.db)
            let later = today.addingTimeInterval(90 * 86_400)
            try await ScanStore.close(repeatScan, app: app, today: later, on: app.db)
            let afterRepeat = try await f.council.get(timeline)
            // check
            #expect(sent.status == .seeOther)
            #expect(!before.html.contains("de verbeteragenda is verstuurd") && !before.html.contains("id=\"effect\""))
            #expect(afterAgenda.html.contains("gedaan op 1 december 2026 (de verbeteragenda is verstuurd)"))
            #expect(!afterAgenda.html.contains("id=\"effect\""), "no repeat scan yet")
            #expect(afterRepeat.html.contains("id=\"effect\""), "the repeat scan's effect shows without waiting")
            #expect(afterRepeat.html.contains("gedaan op 1 maart 2027"))
        }
    }

    @Test("Four priorities, none, or an action due in the past come back with the text kept and a message per field")
    func badAgendas() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            let f = try await TrajectoryFixture.make(app)
            var four = Self.first
            for p in 2...4 {
                four["p\(p)-area"] = String(p)
            }
            let none = try await save(f.coordinator, [:], version: 0)
            let past = try await save(f.coordinator, Self.first.merging(["p1-a1-due": "2026-11-30"]) { $1 }, version: 0)
            let tampered = try await save(f.coordinator, four, version: 0)
            #expect(none.status == .unprocessableEntity && none.html.contains("Kies minstens één prioriteit"))
            #expect(
                past.status == .unprocessableEntity && past.html.contains("Een nieuwe actie kan niet in het verleden klaar moeten zijn"))
            #expect(past.html.contains("value=\"Raadsavond over participatie\""))
            #expect(tampered.status == .unprocessableEntity, "a fourth priority cannot even be sent by the form, and is refused")
            #expect(try await AgendaStore.current(of: "GM0014", on: app.db) == nil)
            #expect(try await f.council.get(TrajectoryURL.editAgenda(.value("GM0014")).path).status == .forbidden)
        }
    }

    @Test("Two people save the agenda at once: the second gets a conflict with their text kept and the other's change listed")
    func concurrentSaves() async throws {
        try await withTestApp({ $0.clock = .fixed(today) }) { app in
            let f = try await TrajectoryFixture.make(app)
            #expect(try await save(f.coordinator, Self.first, version: 0).status == .seeOther)
            let first = try await save(f.facilitator, Self.first.merging(["p1-a1-status": "klaar"]) { $1 }, version: 1)
            let second = try await save(f.coordinator, Self.first.merging(["p1-why": "Mijn eigen toelichting."]) { $1 }, version: 1)
            #expect(first.status == .seeOther)
            #expect(second.status == .conflict && second.html.contains("Iemand anders heeft de verbeteragenda opgeslagen"))
            #expect(second.html.contains(">Mijn eigen toelichting.</textarea>"))
            #expect(second.html.contains("klaar)") && second.html.contains("name=\"version\" value=\"2\""))
            #expect(try await AgendaStore.current(of: "GM0014", on: app.db)?.agenda.priorities.first?.why != "Mijn eigen toelichting.")
        }
    }
}

@Suite("Trajectory: the programme's dashboard")
struct ProgrammeDashboardTests {
    @Test("Programme staff see every demo trajectory by step, with filters and a CSV; a coordinator is refused")
    func dashboard() async throws {
        try await withTestApp { app in
            // setup
            try await DemoSeed.run(app: app)
            let staff = Browser(app)
            try await staff.signIn("programma@demo.dia.example", password: DemoSeed.password)
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            // act
            let page = try await staff.get(TrajectoryURL.programme.path)
            let utrecht = try await staff.get(TrajectoryURL.programme.with([("provincie", "Utrecht")]))
            let csv = try await staff.get(TrajectoryURL.programmeCSV.path)
            let refused = try await coordinator.get(TrajectoryURL.programme.path)
            // check
            #expect(page.status == .ok && page.html.contains("<svg") && page.html.contains("Trajecten: 5."))
            #expect(page.html.contains("Demodorp") && page.html.contains("Voorbeeldstad"))
            // the demo's open requests wait 3, 9 and 24 days, counted per age by the database
            #expect(page.html.contains(#"<th scope="row">Minder dan 14 dagen</th><td class="numeric">2</td>"#))
            #expect(page.html.contains(#"<th scope="row">14 tot 30 dagen</th><td class="numeric">1</td>"#))
            #expect(utrecht.html.contains("Trajecten: 1.") && !utrecht.html.contains(">Voorbeeldstad<"))
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.contains("GM9901,Demodorp,Utrecht,20.000 tot 50.000 inwoners,afgerond"))
            #expect(refused.status == .forbidden)
            // the page is kept, but never after what it shows changed
            let oefenmeerBefore = try #require(page.html.firstMatch(of: #/Oefenmeer</a></th>(.*?)</tr>/#)?.output.1)
            #expect(oefenmeerBefore.contains("Verbeteragenda"))
            try await TrajectoryStore.reach(
                .verbeteragenda, of: "GM9903", on: "2026-01-05", because: .agendaSent, at: app.clock.now(), on: app.db)
            let after = try await staff.get(TrajectoryURL.programme.path)
            #expect(try #require(after.html.firstMatch(of: #/Oefenmeer</a></th>(.*?)</tr>/#)?.output.1).contains("Aanbod gebruiken"))
            // a request that moves on starts waiting anew: from the 14–30 days row to the first
            let staffID = try #require(try await User.query(on: app.db).filter(\.$email == "programma@demo.dia.example").first()?.id)
            let staffUser = try #require(try await AccountStore.currentUser(id: staffID, on: app.db))
            let planned = try #require(try await OfferRequestRecord.query(on: app.db).filter(\.$status == .gepland).first())
            let item = try await RequestStore.require(planned.id, municipality: nil, app: app, on: app.db)
            try await RequestStore.act(.markDone, on: item, seenVersion: item.version, by: staffUser, as: .programme, app: app)
            let moved = try await staff.get(TrajectoryURL.programme.path)
            #expect(moved.html.contains(#"<th scope="row">Minder dan 14 dagen</th><td class="numeric">3</td>"#))
            #expect(moved.html.contains(#"<th scope="row">14 tot 30 dagen</th><td class="numeric">0</td>"#))
        }
    }
}
