import DemocracyKit
import Fluent
import Vapor

/// For the benchmark: every synthetic municipality gets three conversations and `requests` requests in mixed
/// states; the second (GM7002) also gets an improvement agenda and a repeat scan, so its trajectory page shows
/// what changed. Written directly, in few transactions; adding more requests later only adds the difference.
enum SyntheticTrajectories {
    static func run(requests: Int, app: Application) async throws {
        let codes = try await Municipality.query(on: app.db).filter(\.$id >= "GM7001").filter(\.$id <= "GM7999").all().map(\.code)
        let offers = try await CatalogueStore.catalogue(app: app, on: app.db).0.offers.filter(\.status.isAvailable).map(\.slug)
        guard !offers.isEmpty else { return }
        let now = app.clock.now()
        let statuses: [RequestStatus] = [.ingediend, .inBehandeling, .toegekend, .gepland, .uitgevoerd, .geevalueerd, .afgewezen]
        for (index, code) in codes.enumerated() {
            try await app.db.transaction { db in
                if try await Conversation.query(on: db).filter(\.$municipalityCode == code).count() == 0 {
                    for (kind, day) in [
                        (ConversationKind.startgesprek, "2025-12-01"), (.verdiepingsgesprek, "2026-02-16"), (.vervolggesprek, "2026-05-11"),
                    ] {
                        let conversation = Conversation()
                        conversation.municipalityCode = code
                        conversation.kind = kind
                        conversation.heldOn = day
                        conversation.participants = "Griffier, begeleider, stuurgroep"
                        conversation.notes = "Verslag van het gesprek over het rapport en de eerste prioriteiten."
                        conversation.decisions = "Prioriteit: beter betrokken inwoners."
                        conversation.followUp = "Verbeteragenda schrijven – trekker – voor 1 maart"
                        conversation.version = 1
                        conversation.updatedAt = now
                        conversation.updatedBy = "Benchmark"
                        try await conversation.create(on: db)
                    }
                    try await TrajectoryStore.reach(
                        .agenderingsgesprek, of: code, on: "2026-02-16", because: .conversationHeld, at: now, on: db)
                }
                let existing = try await OfferRequestRecord.query(on: db).filter(\.$municipalityCode == code).count()
                guard existing < requests else { return }
                let made = (existing..<requests).map { number -> OfferRequestRecord in
                    let record = OfferRequestRecord(
                        municipalityCode: code, offerSlug: offers[(index + number) % offers.count],
                        motivation: "Past bij de prioriteiten van de verbeteragenda.", serves: "Prioriteit 1",
                        at: now.addingTimeInterval(-Double((number * 7 + index) % 200) * 86_400))
                    record.status = statuses[(index + number) % statuses.count]
                    record.statusSince = record.createdAt
                    return record
                }
                try await made.create(on: db)
            }
        }
        try await repeatScan(app: app)
    }

    /// GM7002: an agenda sent after its scan, then a repeat scan of 1,000 responses.
    private static func repeatScan(app: Application) async throws {
        let code = "GM7002"
        guard try await Municipality.find(code, on: app.db) != nil,
            try await Scan.query(on: app.db).filter(\.$municipality.$id == code).count() == 1
        else { return }
        let agenda = Agenda(priorities: [
            .init(
                area: .beterBetrokkenInwoners, why: "Inwoners scoren laag.",
                actions: [.init(what: "Participatieplan", who: "Gebiedsregisseur", due: "2026-06-01", status: .klaar)])
        ])
        try await app.db.transaction { db in
            let record = AgendaRecord()
            record.municipalityCode = code
            record.version = 1
            record.sentVersion = 1
            record.updatedAt = Format.parseDay("2026-03-02")!
            try await record.create(on: db)
            let version = AgendaVersion()
            version.$agenda.id = try record.requireID()
            version.number = 1
            version.content = String(decoding: try JSONEncoder().encode(agenda), as: UTF8.self)
            version.savedAt = record.updatedAt
            version.savedBy = "Benchmark"
            version.sentAt = record.updatedAt
            try await version.create(on: db)
            try await TrajectoryStore.reach(.verbeteragenda, of: code, on: "2026-03-02", because: .agendaSent, at: app.clock.now(), on: db)
        }
        let bank = app.questionBanks.current
        let scan = Scan(
            municipalityCode: code, bankVersion: bank.version, title: "Synthetische herhaalscan", opensOn: "2026-09-01",
            closesOn: "2026-09-29")
        try await scan.create(on: app.db)
        try await ScanStore.open(scan, bank: bank, on: app.db)
        try await SyntheticSeed.fill(app: app, scan: scan, bank: bank, responses: 1_000, seed: 7002, progress: { _ in })
        try await ScanStore.close(scan, app: app, today: Format.parseDay(scan.closesOn)!, on: app.db)
    }
}
