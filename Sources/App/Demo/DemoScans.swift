import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Closed scans with synthetic answers for the demo municipalities: enough for the national comparison, a
/// suppressed group (Demodorp's college has 4 responses) and a trend (Demodorp scanned twice). Voorbeeldstad
/// also has an open scan, so a newcomer can fill in the questionnaire. The answers come from a seeded
/// generator and go through the same store as real responses, so the counts stay consistent. Demodorp's first scan
/// ran on the question bank 2026.1, so its trend shows a comparison between two versions.
enum DemoScans {
    struct Round {
        let municipality: String
        let title: String
        let opensOn: String
        let closesOn: String
        let responses: [RespondentGroup: Int]
        /// Added to every answer's mean, per theme, to give each municipality (and round) its own picture.
        let mood: Double
        let themeShift: [String: Double]
        let status: ScanStatus
        /// The question bank's version; nil for the newest.
        var bankVersion: String? = nil
    }

    static let rounds: [Round] = [
        Round(
            municipality: "GM9901", title: "Quick Scan 2024", opensOn: "2024-03-04", closesOn: "2024-04-01",
            responses: [.raad: 12, .college: 5, .ambtenaren: 24, .inwoners: 90], mood: -0.2,
            themeShift: ["burgerparticipatie": -0.5, "communicatie": -0.3], status: .closed, bankVersion: "2026.1"),
        Round(
            municipality: "GM9901", title: "Quick Scan 2026", opensOn: "2026-03-02", closesOn: "2026-03-30",
            responses: [.raad: 15, .college: 4, .ambtenaren: 30, .inwoners: 120], mood: 0.15,
            themeShift: ["burgerparticipatie": 0.1, "digitaal": -0.4], status: .report),
        Round(
            municipality: "GM9902", title: "Quick Scan 2025", opensOn: "2025-09-01", closesOn: "2025-09-29",
            responses: [.raad: 20, .college: 6, .ambtenaren: 40, .inwoners: 80], mood: 0.2,
            themeShift: ["controle": 0.3], status: .closed),
        Round(
            municipality: "GM9903", title: "Quick Scan 2025", opensOn: "2025-05-12", closesOn: "2025-06-09",
            responses: [.raad: 10, .college: 5, .ambtenaren: 18, .inwoners: 45], mood: 0.1,
            themeShift: ["vertrouwen": 0.4], status: .closed),
        Round(
            municipality: "GM9904", title: "Quick Scan 2025", opensOn: "2025-10-06", closesOn: "2025-11-03",
            responses: [.raad: 12, .college: 5, .ambtenaren: 22, .inwoners: 50], mood: -0.3,
            themeShift: ["weerbaarheid": -0.4], status: .closed),
        Round(
            municipality: "GM9905", title: "Quick Scan 2026", opensOn: "2026-01-12", closesOn: "2026-02-09",
            responses: [.raad: 16, .college: 6, .ambtenaren: 35, .inwoners: 70], mood: 0,
            themeShift: ["digitaal": 0.3], status: .closed),
    ]

    /// How each group tends to look at each theme, on top of the common mean of 3.5 on the 1–5 scale.
    static func groupLean(_ group: RespondentGroup, theme: String) -> Double {
        switch (group, theme) {
        case (.raad, "rol-raad"), (.raad, "controle"): 0.5
        case (.college, _): 0.4
        case (.ambtenaren, "overheidsparticipatie"): 0.3
        case (.inwoners, "burgerparticipatie"), (.inwoners, "vertrouwen"): -0.8
        case (.inwoners, "communicatie"): -0.5
        case (.inwoners, _): -0.3
        default: 0
        }
    }

    static let openTexts = [
        "Meer avonden in de wijk, niet alleen in het gemeentehuis.",
        "Laat eerder zien wat er met onze inbreng gebeurt.",
        "Minder vergaderstukken, meer tijd voor gesprekken met inwoners.",
        "Betere uitleg op de website, in gewone taal.",
        "Jongeren vragen via school en sportclubs.",
        "Een vast aanspreekpunt voor initiatieven.",
    ]

    /// Adds the demo scans once; a municipality that already has scans is left alone.
    static func run(app: Application) async throws {
        var generator = SeededGenerator(seed: 2026)
        for round in rounds {
            let bank = try round.bankVersion.map { try app.questionBanks.bank($0) } ?? app.questionBanks.current
            let existing = try await Scan.query(on: app.db).filter(\.$municipality.$id == round.municipality)
                .filter(\.$title == round.title).count()
            guard existing == 0 else { continue }
            let scan = Scan(
                municipalityCode: round.municipality, bankVersion: bank.version, title: round.title,
                opensOn: round.opensOn, closesOn: round.closesOn)
            try await scan.create(on: app.db)
            if round.municipality == "GM9901" && round.status == .report {
                try await ScanStore.addCustomQuestion(
                    to: scan, text: "De gemeenteraad van Demodorp is goed bereikbaar voor inwoners.",
                    kind: "statement", groups: RespondentGroup.allCases.map(\.rawValue), on: app.db)
            }
            try await ScanStore.open(scan, bank: bank, on: app.db)
            try await fill(scan, round: round, bank: bank, generator: &generator, on: app.db)
            try await ScanStore.close(scan, app: app, today: Format.parseDay(round.closesOn) ?? app.clock.now(), on: app.db)
            if round.status == .report { try await ScanStore.release(scan, on: app.db) }
        }
        try await openScan(app: app, bank: app.questionBanks.current, generator: &generator)
    }

    /// Voorbeeldstad's open scan, from today for four weeks, with a few answers already in.
    private static func openScan(app: Application, bank: QuestionBank, generator: inout SeededGenerator) async throws {
        let title = "Quick Scan (open)"
        guard try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9902").filter(\.$title == title).count() == 0 else {
            return
        }
        let scan = try await ScanStore.create(municipalityCode: "GM9902", bank: bank, today: app.clock.now(), on: app.db)
        scan.title = title
        scan.opensOn = Format.day(app.clock.now().addingTimeInterval(-7 * 24 * 3600))
        try await scan.update(on: app.db)
        try await ScanStore.open(scan, bank: bank, on: app.db)
        let round = Round(
            municipality: "GM9902", title: title, opensOn: scan.opensOn, closesOn: scan.closesOn,
            responses: [.raad: 3, .college: 1, .ambtenaren: 6, .inwoners: 11], mood: 0.1, themeShift: [:], status: .open)
        try await fill(scan, round: round, bank: bank, generator: &generator, on: app.db)
    }

    /// The open link of the demo's open scan, to print for a newcomer.
    static func openLink(app: Application) async throws -> String? {
        try await Scan.query(on: app.db).filter(\.$municipality.$id == "GM9902").filter(\.$status == .open).first()?.openToken
    }

    struct SyntheticResponse: Sendable {
        let group: RespondentGroup
        let scale: [String: ScaleAnswer]
        let open: [String: String]
        let day: String
    }

    private static func fill(
        _ scan: Scan, round: Round, bank: QuestionBank, generator: inout SeededGenerator,
        on db: any Database
    ) async throws {
        let scanID = try scan.requireID()
        let custom = try await ScanStore.customQuestions(of: scanID, on: db).map(\.question)
        let responses = generate(round: round, bank: bank, custom: custom, generator: &generator)
        let stored = responses.map {
            ResponseStore.NewResponse(scanID: scanID, group: $0.group, scale: $0.scale, open: $0.open, day: $0.day)
        }
        try await db.transaction { db in try await ResponseStore.store(stored, on: db) }
    }

    static func generate(
        round: Round, bank: QuestionBank, custom: [CustomQuestion],
        generator: inout SeededGenerator
    ) -> [SyntheticResponse] {
        // The demo's rounds are written with real days.
        guard let firstDay = Format.parseDay(round.opensOn) else { return [] }
        var result: [SyntheticResponse] = []
        for group in RespondentGroup.allCases {
            let questionnaire = Questionnaire(bank: bank, customQuestions: custom, group: group)
            for _ in 0..<(round.responses[group] ?? 0) {
                result.append(respondent(questionnaire, round: round, firstDay: firstDay, generator: &generator))
            }
        }
        return result
    }

    /// One synthetic person's answers: a personal lean, the round's mood and the group's view per theme.
    static func respondent(
        _ questionnaire: Questionnaire, round: Round, firstDay: Date,
        generator: inout SeededGenerator
    ) -> SyntheticResponse {
        let group = questionnaire.group
        var scale: [String: ScaleAnswer] = [:]
        var open: [String: String] = [:]
        let person = generator.normal() * 0.4
        var means: [String: Double] = [:]
        for page in questionnaire.pages {
            if page.isTopThree {
                // Themes that went worse for this person are likelier in their top three; one in ten picks none.
                guard generator.uniform() >= 0.1 else { continue }
                let ranked = page.items.map { ($0.id, (means[String($0.id.prefix { $0 != "." })] ?? 3.5) + generator.normal() * 0.6) }
                    .sorted { $0.1 < $1.1 }
                let chosen = Set(ranked.prefix(Questionnaire.topThree).map(\.0))
                for item in page.items { scale[item.id] = chosen.contains(item.id) ? .five : .one }
                continue
            }
            let themeID = page.themeID ?? "eigen"
            let mean = 3.5 + round.mood + (round.themeShift[themeID] ?? 0) + groupLean(group, theme: themeID) + person
            means[themeID] = mean
            for item in page.items {
                switch item.kind {
                case .open:
                    if generator.uniform() < 0.12 { open[item.id] = openTexts[Int(generator.uniform() * Double(openTexts.count))] }
                case .statement:
                    scale[item.id] = answer(mean: mean, generator: &generator)
                case .priority:
                    // Low scores tend to come with a wish to improve.
                    scale[item.id] = answer(mean: 6.2 - mean + 0.3, generator: &generator)
                }
            }
        }
        let day = Format.day(firstDay.addingTimeInterval(generator.uniform() * 27 * 24 * 3600))
        return SyntheticResponse(group: group, scale: scale, open: open, day: day)
    }

    private static func answer(mean: Double, generator: inout SeededGenerator) -> ScaleAnswer {
        if generator.uniform() < 0.07 { return .dontKnow }
        let value = Int((mean + generator.normal() * 0.9).rounded())
        return ScaleAnswer(rawValue: min(5, max(1, value)))!
    }
}

/// A small deterministic random generator (SplitMix64), so the demo looks the same on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-12), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
