import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Vapor

/// `dia seed synthetic`: fills a database fast for benchmarks. It makes fictional municipalities (codes from
/// GM7001, marked as demo, never a real one) with one closed scan each, writing responses, answers and the
/// counts in bulk inside transactions; optionally an open scan with ready-to-send personal links.
struct SeedSyntheticCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "municipalities", help: "How many fictional municipalities (1–999)") var municipalities: Int?
        @Option(name: "responses-per-scan", help: "Responses in each municipality's closed scan") var responses: Int?
        @Option(name: "offset", help: "Start numbering after this (codes GM7001 + offset …)") var offset: Int?
        @Option(name: "links", help: "Also open a scan in the first municipality with this many links whose answers are ready to send")
        var links: Int?
        @Option(name: "links-file", help: "Where to write those links' codes, one per line") var linksFile: String?
        @Option(name: "offers", help: "Fill the offer catalogue up to this many offers (at most 10000) with variants of the real ones")
        var offers: Int?
        @Option(
            name: "experiences",
            help: "Only fill \"Leren van elkaar\" up to this many published experiences (at most 20000), made from the demo's texts")
        var experiences: Int?
        @Option(
            name: "trajectories",
            help: "Only give the synthetic municipalities conversations and this many requests each (0–1000), and GM7002 a repeat scan")
        var trajectories: Int?
        @Option(name: "council", help: "Only give GM7001 this many council members (1–200) on the leerplatform, and a griffier login")
        var council: Int?
        @Option(
            name: "challenges",
            help: "Only fill the uitdaagrecht's register up to this many challenges (at most 50000) over every real municipality")
        var challenges: Int?
    }

    var help: String { "Fills the database with fictional municipalities and scans, for benchmarks." }

    static let benchEmail = "bench@synthetic.dia.example"
    static let benchPassword = "bench-wachtwoord"
    /// The griffier of GM7001, for the council's pages (programme staff do not see them).
    static let griffierEmail = "griffier@synthetic.dia.example"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let count = signature.municipalities ?? 10
        let responses = signature.responses ?? 100
        let offset = signature.offset ?? 0
        guard (1...999).contains(count), offset >= 0, offset + count <= 999 else {
            throw CommandFailure("--municipalities must be 1 to 999 and --offset + --municipalities at most 999")
        }
        guard (0...1_000_000).contains(responses) else { throw CommandFailure("--responses-per-scan must be 0 to 1000000") }
        try await migrate(app)
        try await SyntheticSeed.staffAccount(app: app)
        if let experiences = signature.experiences {
            guard (0...20_000).contains(experiences) else { throw CommandFailure("--experiences must be 0 to 20000") }
            let start = ContinuousClock.now
            let added = try await SyntheticSeed.experiences(upTo: experiences, app: app)
            context.console.print(String(format: "Added %d experiences in %.1f s.", added, seconds(since: start)))
            return
        }
        if let members = signature.council {
            guard (1...200).contains(members) else { throw CommandFailure("--council must be 1 to 200") }
            try await SyntheticSeed.council(members: members, app: app)
            context.console.print("Gave GM7001 \(members) council members on the leerplatform. Griffier login: \(Self.griffierEmail)")
            return
        }
        if let challenges = signature.challenges {
            guard (0...50_000).contains(challenges) else { throw CommandFailure("--challenges must be 0 to 50000") }
            let start = ContinuousClock.now
            let added = try await SyntheticSeed.challenges(upTo: challenges, app: app)
            context.console.print(String(format: "Added %d challenges in %.1f s.", added, seconds(since: start)))
            return
        }
        if let requests = signature.trajectories {
            guard (0...1_000).contains(requests) else { throw CommandFailure("--trajectories must be 0 to 1000") }
            try await SyntheticTrajectories.run(requests: requests, app: app)
            context.console.print("Gave the synthetic municipalities their trajectories with \(requests) requests each.")
            return
        }
        if let offers = signature.offers {
            guard (0...10_000).contains(offers) else { throw CommandFailure("--offers must be 0 to 10000") }
            try await SyntheticSeed.offers(upTo: offers, app: app)
        }
        let start = ContinuousClock.now
        var written = 0
        for index in (offset + 1)...(offset + count) {
            let code = String(format: "GM%04d", 7000 + index)
            let scanID = try await SyntheticSeed.municipalityWithClosedScan(app: app, index: index, code: code, responses: responses) {
                done in
                written += done
                let total = count * responses
                context.console.output(
                    "\r" + SyntheticSeed.bar(written, of: total) + " \(written)/\(total) responses", style: .plain, newLine: false)
            }
            if index == offset + 1, let links = signature.links, links > 0 {
                let codes = try await SyntheticSeed.openScanWithReadyLinks(app: app, code: code, links: links)
                let text = codes.joined(separator: "\n") + "\n"
                if let file = signature.linksFile {
                    try text.write(toFile: file, atomically: true, encoding: .utf8)
                } else {
                    context.console.output(text, style: .plain, newLine: false)
                }
            }
            _ = scanID
        }
        context.console.print("")
        context.console.print(
            String(
                format: "Seeded %d municipalities with %d responses each in %.1f s. Staff login: %@ / %@",
                count, responses, seconds(since: start), Self.benchEmail, Self.benchPassword))
    }
}

enum SyntheticSeed {
    static let chunk = 500

    static func bar(_ done: Int, of total: Int) -> String {
        let width = 30
        let filled = total == 0 ? width : min(width, done * width / max(1, total))
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "]"
    }

    static func staffAccount(app: Application) async throws {
        let (user, _) = try await AccountStore.findOrCreate(email: SeedSyntheticCommand.benchEmail, name: "Benchmark", on: app.db)
        if user.passwordHash == nil {
            user.passwordHash = try await PasswordHashing(app).hash(SeedSyntheticCommand.benchPassword)
            try await user.update(on: app.db)
        }
        try await AccountStore.grant(.programma, municipalityCode: nil, to: user.requireID(), on: app.db)
    }

    /// GM7001's council on the leerplatform: `members` council members, each with two modules started (the first of
    /// them finished, with its certificate) and every other one with a self-test; and its griffier's login.
    static func council(members: Int, app: Application) async throws {
        guard try await Municipality.find("GM7001", on: app.db) != nil else {
            throw CommandFailure("seed GM7001 first (--municipalities 1)")
        }
        let (griffier, _) = try await AccountStore.findOrCreate(email: SeedSyntheticCommand.griffierEmail, name: "Griffier", on: app.db)
        if griffier.passwordHash == nil {
            griffier.passwordHash = try await PasswordHashing(app).hash(SeedSyntheticCommand.benchPassword)
            try await griffier.update(on: app.db)
        }
        try await AccountStore.grant(.trekker, municipalityCode: "GM7001", to: griffier.requireID(), on: app.db)
        let modules = app.learningModules.modules
        let now = app.clock.now()
        try await app.db.transaction { db in
            for index in 0..<members {
                let (user, _) = try await AccountStore.findOrCreate(
                    email: "raadslid-\(index + 1)@synthetic.dia.example", name: "Raadslid \(index + 1)", on: db)
                let id = try user.requireID()
                try await AccountStore.grant(.raadslid, municipalityCode: "GM7001", to: id, on: db)
                guard try await LearningResultRecord.query(on: db).filter(\.$userID == id).count() == 0 else { continue }
                for (offset, module) in [modules[index % modules.count], modules[(index + 5) % modules.count]].enumerated() {
                    let lessons = offset == 0 ? module.lessons.count : 1
                    for (number, lesson) in module.lessons.prefix(lessons).enumerated() {
                        try await LearningResultRecord(allRightIn: number + 1, of: lesson.quiz, module: module.id, user: id, at: now)
                            .create(
                                on: db)
                    }
                    if offset == 0 {
                        try await LearningCertificate(module: module.id, user: id, holder: user.name, at: now).create(on: db)
                    }
                }
                if index % 2 == 0 {
                    let result = SelfTestResult()
                    result.userID = id
                    result.takenAt = now
                    result.answers = "{}"
                    result.scores = "{}"
                    try await result.create(on: db)
                }
            }
        }
    }

    /// Variants of the real offers until the catalogue holds `total`: the same texts under a numbered title,
    /// with pillars, focus areas and audiences turned round so every filter value has some.
    static func offers(upTo total: Int, app: Application) async throws {
        let existing = try await OfferRecord.query(on: app.db).all().map(\.offer)
        guard !existing.isEmpty, existing.count < total else { return }
        let now = app.clock.now()
        let made = (existing.count..<total).map { index -> OfferRecord in
            var offer = existing[index % existing.count]
            offer.slug = "synthetisch-\(index)"
            offer.title = LocalizedText(nl: offer.title.nl + " (variant \(index))", en: offer.title.en + " (variant \(index))")
            offer.pillar = Pillar.allCases[index % Pillar.allCases.count]
            offer.focusAreas = [FocusArea.allCases[index % 7], FocusArea.allCases[(index / 7) % 7]].reduce(into: []) {
                if !$0.contains($1) { $0.append($1) }
            }
            offer.audiences = [Audience.allCases[index % Audience.allCases.count]]
            offer.status = index % 10 == 0 ? .gepauzeerd : .beschikbaar
            return OfferRecord(offer, at: now, by: nil)
        }
        try await made.create(on: app.db)
    }

    /// A fictional municipality with one closed scan of `responses` answers; skipped when the code exists.
    @discardableResult
    static func municipalityWithClosedScan(
        app: Application, index: Int, code: String, responses: Int,
        progress: (Int) -> Void
    ) async throws -> UUID? {
        guard try await Municipality.find(code, on: app.db) == nil else { return nil }
        let province = Province.all[index % Province.all.count]
        let population = [8_000, 15_000, 27_000, 42_000, 64_000, 88_000, 130_000, 250_000][index % 8] + index * 37
        try await Municipality(
            code: code, name: String(format: "Synthetische gemeente %03d", index), province: province,
            population: population, validFrom: "2025-01-01", isDemo: true
        ).create(on: app.db)
        let bank = app.questionBanks.current
        let scan = Scan(
            municipalityCode: code, bankVersion: bank.version, title: "Synthetische scan", opensOn: "2026-01-05",
            closesOn: "2026-02-02")
        try await scan.create(on: app.db)
        try await ScanStore.open(scan, bank: bank, on: app.db)
        try await fill(app: app, scan: scan, bank: bank, responses: responses, seed: UInt64(index), progress: progress)
        try await ScanStore.close(scan, app: app, today: Format.parseDay(scan.closesOn) ?? app.clock.now(), on: app.db)
        return scan.id
    }

    /// Writes responses in transactions of `chunk`, through the same store as submissions.
    static func fill(
        app: Application, scan: Scan, bank: QuestionBank, responses: Int, seed: UInt64,
        progress: (Int) -> Void
    ) async throws {
        let scanID = try scan.requireID()
        var generator = SeededGenerator(seed: seed)
        let round = DemoScans.Round(
            municipality: scan.$municipality.id, title: scan.title, opensOn: scan.opensOn,
            closesOn: scan.closesOn, responses: [:], mood: generator.normal() * 0.3,
            themeShift: Dictionary(uniqueKeysWithValues: bank.themes.map { ($0.id, generator.normal() * 0.3) }),
            status: .closed)
        let questionnaires = Dictionary(
            uniqueKeysWithValues: RespondentGroup.allCases.map {
                ($0, Questionnaire(bank: bank, customQuestions: [], group: $0))
            })
        // Shares of the four groups in a typical scan: a few council and college members, more civil servants,
        // most of all inhabitants.
        let shares: [(RespondentGroup, Double)] = [(.raad, 0.08), (.college, 0.02), (.ambtenaren, 0.20), (.inwoners, 0.70)]
        let firstDay = Format.parseDay(scan.opensOn) ?? app.clock.now()
        var remaining = responses
        while remaining > 0 {
            let size = min(chunk, remaining)
            var batch: [ResponseStore.NewResponse] = []
            for _ in 0..<size {
                let draw = generator.uniform()
                var cumulative = 0.0
                let group =
                    shares.first {
                        cumulative += $0.1
                        return draw < cumulative
                    }?.0 ?? .inwoners
                let response = DemoScans.respondent(questionnaires[group]!, round: round, firstDay: firstDay, generator: &generator)
                batch.append(
                    ResponseStore.NewResponse(scanID: scanID, group: group, scale: response.scale, open: response.open, day: response.day))
            }
            let responses = batch
            try await app.db.transaction { db in try await ResponseStore.store(responses, on: db) }
            remaining -= size
            progress(size)
        }
    }

    /// An open scan whose links each hold a complete draft for the inhabitants' questionnaire, so sending is
    /// one request per link: what a benchmark of submissions needs.
    static func openScanWithReadyLinks(app: Application, code: String, links: Int) async throws -> [String] {
        let bank = app.questionBanks.current
        let scan = try await ScanStore.create(municipalityCode: code, bank: bank, today: app.clock.now(), on: app.db)
        scan.title = "Synthetische open scan"
        scan.opensOn = Format.day(app.clock.now().addingTimeInterval(-24 * 3600))
        try await scan.update(on: app.db)
        try await ScanStore.open(scan, bank: bank, on: app.db)
        let scanID = try scan.requireID()
        let questionnaire = Questionnaire(bank: bank, customQuestions: [], group: .inwoners)
        var generator = SeededGenerator(seed: 99)
        let round = DemoScans.Round(
            municipality: code, title: scan.title, opensOn: scan.opensOn, closesOn: scan.closesOn,
            responses: [:], mood: 0, themeShift: [:], status: .open)
        var codes: [String] = []
        var remaining = links
        while remaining > 0 {
            let size = min(chunk, remaining)
            var invitations: [ScanInvitation] = []
            for _ in 0..<size {
                let code = SecureToken.makeCode()
                codes.append(code)
                let response = DemoScans.respondent(questionnaire, round: round, firstDay: app.clock.now(), generator: &generator)
                let draft = response.scale.mapValues { String($0.rawValue) }.merging(response.open) { $1 }
                let invitation = ScanInvitation(
                    scanID: scanID, group: .inwoners,
                    tokenHash: SecureToken.hash(SecureToken.normalizedCode(code)), fromOpenLink: false)
                invitation.draft = FlatJSON.encode(draft)
                // As a respondent who saved their answers: under a code of their own.
                invitation.ownCode = true
                invitations.append(invitation)
            }
            let batch = invitations
            try await app.db.transaction { db in try await batch.create(on: db) }
            remaining -= size
        }
        return codes
    }
}

/// Seconds since `start`, to one decimal where it is printed.
private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}

extension SyntheticSeed {
    /// Published experiences up to `total`, of the synthetic municipalities in turn, each a demo experience with
    /// a passage of another one added (so no two index alike), numbered in its title; all in the search index.
    static func experiences(upTo total: Int, app: Application) async throws -> Int {
        let entries = try await DemoExperiences.entries(app: app)
        let municipalities = try await Municipality.query(on: app.db).filter(\.$id >= "GM7001").filter(\.$id <= "GM7999").sort(\.$id).all()
        guard !entries.isEmpty, !municipalities.isEmpty else { throw CommandFailure("seed synthetic municipalities first") }
        let existing = try await ExperienceRecord.query(on: app.db).filter(\.$slug =~ "synthetisch-").count()
        guard existing < total else { return 0 }
        let now = app.clock.now()
        for batch in stride(from: existing, to: total, by: 250) {
            try await app.db.transaction { db in
                for number in batch..<min(batch + 250, total) {
                    let base = entries[number % entries.count]
                    let other = entries[(number * 7 + 3) % entries.count].experience
                    var experience = base.experience
                    experience.title = LocalizedText(
                        nl: "\(base.experience.title.nl) (\(number + 1))", en: "\(base.experience.title.en) (\(number + 1))")
                    experience.story = LocalizedText(
                        nl: base.experience.story.nl + "\n\n" + other.worked.nl, en: base.experience.story.en + "\n\n" + other.worked.en)
                    let municipality = municipalities[number % municipalities.count]
                    let slug = "synthetisch-\(number + 1)"
                    let published = now.addingTimeInterval(-Double(number % 900) * 86_400)
                    let record = ExperienceRecord(slug: slug, municipalityCode: municipality.code, at: published)
                    record.statusValue = ExperienceStatus.gepubliceerd.rawValue
                    record.publishedVersion = 1
                    record.firstPublishedAt = published
                    try await record.create(on: db)
                    try await ExperienceVersionRecord(
                        experienceID: try record.requireID(), version: 1, experience: experience, at: published, by: nil
                    )
                    .create(on: db)
                    try await ExperienceStore.index(
                        experience, slug: slug, municipality: municipality, publishedOn: published, at: now, on: db)
                }
            }
        }
        return total - existing
    }

    /// Challenges spread over every real municipality, each of which gets the demo's rules switched on, in every
    /// step of the register, made from the demo's challenges.
    static func challenges(upTo total: Int, app: Application) async throws -> Int {
        let codes = try await Municipality.query(on: app.db).filter(\.$isDemo == false).filter(\.$validUntil == nil).sort(\.$id).all()
            .compactMap(\.id).filter { !$0.hasPrefix("GM7") }
        guard !codes.isEmpty else { throw CommandFailure("load the municipalities first") }
        let now = app.clock.now()
        let rules = DemoChallenges.rules["GM9901"] ?? .starting
        try await app.db.transaction { db in
            for code in codes where try await ChallengeRulesRecord.find(code, on: db) == nil {
                try await ChallengeRulesRecord(code: code, rules: rules, at: now).create(on: db)
            }
            try await ChallengeStore.changed(on: db)
        }
        let existing = try await ChallengeRecord.query(on: app.db).filter(\.$groupName =~ "Synthetische groep").count()
        guard existing < total else { return 0 }
        let statuses = ChallengeStatus.allCases
        let items = DemoChallenges.items
        for batch in stride(from: existing, to: total, by: 500) {
            try await app.db.transaction { db in
                for number in batch..<min(batch + 500, total) {
                    var submission = items[number % items.count].submission
                    submission.groupName = "Synthetische groep \(number + 1)"
                    let token = SecureToken.make()
                    let submitted = now.addingTimeInterval(-Double(30 + number % 700) * 86_400)
                    let record = ChallengeRecord(
                        municipalityCode: codes[number % codes.count], submission: submission, tokenHash: SecureToken.hash(token),
                        tokenSealed: try app.secrets.seal(token), language: .nl, at: submitted)
                    let status = statuses[(number / 3) % statuses.count]
                    record.status = status
                    record.statusSince = submitted.addingTimeInterval(20 * 86_400)
                    let areas = FocusArea.allCases
                    record.focusAreas = ChallengeRecord.focusText([areas[number % areas.count], areas[(number / 7) % areas.count]])
                    if [.toegekend, .deelsToegekend, .afgewezen, .overeenkomst, .uitvoering, .geevalueerd].contains(status) {
                        record.decision = status == .afgewezen ? .afgewezen : (status == .deelsToegekend ? .deels : .toegekend)
                        record.decisionReasons = "Het college besloot na het ambtelijk advies."
                        record.decidedOn = Format.day(record.statusSince)
                    }
                    try await record.create(on: db)
                }
                try await ChallengeStore.changed(on: db)
            }
        }
        return total - existing
    }
}
