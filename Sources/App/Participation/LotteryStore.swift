import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Reads and writes a burgerberaad's lottery. Every step asks `LotteryWorkflow` first; addresses, codes and
/// contact details are sealed with the platform's key.
enum LotteryStore {
    static let maxTitleLength = 150
    static let maxAnnouncementLength = 300
    static let maxLetters = 10_000
    /// Wrong codes one network address may type in an hour before the form refuses it.
    static let codeAttemptsPerHour = 10

    static func list(of code: String, on db: any Database) async throws -> [LotteryRecord] {
        try await LotteryRecord.query(on: db).filter(\.$municipalityCode == code).sort(\.$createdAt, .descending).all()
    }

    /// The lottery with this id, of this municipality only.
    static func find(_ id: UUID?, of code: String, on db: any Database) async throws -> LotteryRecord {
        guard let id, let record = try await LotteryRecord.find(id, on: db), record.municipalityCode == code else {
            throw StoreFailure.notFound("lottery.not_found")
        }
        return record
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> LotteryRecord {
        guard let id, let record = try await LotteryRecord.find(id, on: db) else { throw StoreFailure.notFound("lottery.not_found") }
        return record
    }

    static func create(title: String, areas areasText: String, of code: String, by user: CurrentUser, app: Application) async throws
        -> LotteryRecord
    {
        var errors: [FieldError] = []
        let title = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let error = Validate.required(title, field: "title", max: maxTitleLength, message: "lottery.error_title_required") {
            errors.append(error)
        }
        var areas: [String] = []
        do { areas = try LotteryCriteria.areas(from: areasText) } catch .fields(let more) { errors += more } catch { throw error }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        let record = LotteryRecord()
        record.municipalityCode = code
        record.title = title
        record.status = .concept
        record.areas = areas.joined(separator: "\n")
        record.addressLines = 0
        record.addressCount = 0
        record.addressDuplicates = 0
        record.addressEmpty = 0
        record.addressSkipped = 0
        record.letterCount = 0
        record.createdAt = app.clock.now()
        record.createdBy = user.name
        try await record.create(on: app.db)
        return record
    }

    /// Keeps the file's addresses sealed until the draw, with its counts and fingerprint.
    static func upload(_ text: String, to record: LotteryRecord, app: Application) async throws {
        record.status = try LotteryWorkflow.next(.uploadAddresses, from: record.status, hasAddresses: record.fileFingerprint != nil)
        let sample = try AddressSample.read(text)
        record.addressFile = try app.secrets.seal(sample.written.joined(separator: "\n"))
        record.addressLines = sample.lines
        record.addressCount = sample.addresses.count
        record.addressDuplicates = sample.duplicates
        record.addressEmpty = sample.emptyLines
        record.addressSkipped = sample.skipped
        record.fileFingerprint = sample.fingerprint
        try await record.save(on: app.db)
    }

    /// Publishes the seed: from now on neither the file nor the seed can change.
    static func publishSeed(_ text: String, announced: String, on record: LotteryRecord, app: Application) async throws {
        record.status = try LotteryWorkflow.next(.publishSeed, from: record.status, hasAddresses: record.fileFingerprint != nil)
        var errors: [FieldError] = []
        var seed = ""
        do { seed = try LotterySeed.read(text) } catch StoreFailure.fields(let more) { errors += more }
        let announced = announced.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let error = Validate.required(
            announced, field: "announced", max: maxAnnouncementLength, message: "lottery.error_announced_required")
        {
            errors.append(error)
        }
        guard errors.isEmpty else { throw StoreFailure.fields(errors) }
        record.seed = seed
        record.seedAnnounced = announced
        record.seedPublishedAt = app.clock.now()
        try await record.save(on: app.db)
    }

    /// Draws the letters from the sealed file with the published seed, gives each a code, and lets go of the file.
    static func draw(letters text: String, on record: LotteryRecord, app: Application) async throws {
        record.status = try LotteryWorkflow.next(.draw, from: record.status, hasAddresses: record.fileFingerprint != nil)
        guard let count = Validate.number(text, in: 1...min(maxLetters, max(record.addressCount, 1))) else {
            let message =
                Int(text.trimmingCharacters(in: .whitespaces)) ?? 0 > record.addressCount
                ? "lottery.error_more_letters_than_addresses" : "lottery.error_letters_range"
            throw StoreFailure.fields([FieldError(field: "letters", message: message, limit: min(maxLetters, record.addressCount))])
        }
        guard let sealed = record.addressFile, let seed = record.seed else { throw StoreFailure.conflict("lottery.error_seed_first") }
        let sample = AddressSample(written: try app.secrets.open(sealed).split(separator: "\n").map(String.init))
        let positions = try Lottery.drawIndices(sample, count: count, seed: seed)
        let drawn = positions.map { sample.addresses[$0] }
        var generator = SystemRandomNumberGenerator()
        var codes = Set<String>()
        while codes.count < drawn.count { codes.insert(RegistrationCode.make(using: &generator)) }
        let lotteryID = try record.requireID()
        let secrets = app.secrets
        let letters = try zip(positions.map { sample.written[$0] }, codes).enumerated().map { position, pair in
            let letter = LotteryLetter()
            letter.$lottery.id = lotteryID
            letter.position = position + 1
            letter.address = try secrets.seal(pair.0)
            letter.code = try secrets.seal(pair.1)
            letter.codeHash = secrets.fingerprint(pair.1)
            letter.registered = false
            return letter
        }
        record.letterCount = count
        record.drawFingerprint = Lottery.fingerprint(of: drawn)
        record.drawnAt = app.clock.now()
        record.addressFile = nil
        try await app.db.transaction { db in
            for chunk in stride(from: 0, to: letters.count, by: 500) {
                try await Array(letters[chunk..<min(chunk + 500, letters.count)]).create(on: db)
            }
            try await record.save(on: db)
        }
    }

    struct Letter {
        let position: Int
        let address: String
        let code: String
    }

    /// The letters with their addresses and codes, opened, in draw order.
    static func letters(of record: LotteryRecord, app: Application) async throws -> [Letter] {
        guard record.status != .afgerond else { throw StoreFailure.notFound("lottery.letters_erased") }
        let rows = try await LotteryLetter.query(on: app.db).filter(\.$lottery.$id == record.requireID()).sort(\.$position).all()
        return try rows.map {
            Letter(position: $0.position, address: try app.secrets.open($0.address), code: try app.secrets.open($0.code))
        }
    }

    /// Registers an invitee. A code of another lottery, a code used before, or too many wrong codes from one
    /// network address are refused, each with its own message.
    static func register(_ registration: LotteryRegistration, for record: LotteryRecord, from address: String, app: Application)
        async throws
    {
        _ = try LotteryWorkflow.next(.register, from: record.status, hasAddresses: true)
        let lotteryID = try record.requireID()
        let hash = app.secrets.fingerprint(registration.code)
        guard let letter = try await LotteryLetter.query(on: app.db).filter(\.$codeHash == hash).first(),
            letter.$lottery.id == lotteryID
        else {
            let key = "lottery-code:\(lotteryID.uuidString):" + SecureToken.hash(address)
            let count = try await LoginFailure.record([key], at: app.clock.now(), window: 3_600, on: app.db).counts[0]
            if count > codeAttemptsPerHour {
                throw StoreFailure.fields([FieldError(field: "code", message: "lottery.error_code_attempts", limit: 60)])
            }
            let elsewhere = try await LotteryLetter.query(on: app.db).filter(\.$codeHash == hash).count() > 0
            throw StoreFailure.fields([
                FieldError(field: "code", message: elsewhere ? "lottery.error_code_other_draw" : "lottery.error_code_unknown")
            ])
        }
        guard !letter.registered else { throw StoreFailure.fields([FieldError(field: "code", message: "lottery.error_code_used")]) }
        let contact = FlatJSON.encode(["name": registration.name, "email": registration.email, "phone": registration.phone])
        let volunteer = LotteryVolunteer()
        volunteer.$lottery.id = lotteryID
        volunteer.letterID = try letter.requireID()
        volunteer.features = FlatJSON.encode(registration.features)
        volunteer.contact = try app.secrets.seal(contact)
        volunteer.registeredOn = Format.day(app.clock.now())
        volunteer.selected = false
        // The unique letter on a volunteer keeps two sends of the same code at once from both registering.
        try await app.db.transaction { db in
            letter.registered = true
            try await letter.save(on: db)
            try await volunteer.create(on: db)
        }
    }

    static func closeRegistration(_ record: LotteryRecord, app: Application) async throws {
        record.status = try LotteryWorkflow.next(.closeRegistration, from: record.status, hasAddresses: true)
        record.registrationClosedAt = app.clock.now()
        try await record.save(on: app.db)
    }

    /// The quotas cannot be met: why, and the nearest quotas that can.
    struct QuotaProblems: Error {
        let problems: [QuotaProblem]
        let nearest: Quotas
    }

    /// The volunteers as the selection sees them, in the order of their letters, so the same seed gives the
    /// same panel; each with the row it came from.
    static func pool(of record: LotteryRecord, on db: any Database) async throws -> [(row: LotteryVolunteer, volunteer: Volunteer)] {
        let id = try record.requireID()
        let positions = try await LotteryLetter.query(on: db).filter(\.$lottery.$id == id).filter(\.$registered == true).all()
            .reduce(into: [UUID: Int]()) { if let letterID = $1.id { $0[letterID] = $1.position } }
        return try await LotteryVolunteer.query(on: db).filter(\.$lottery.$id == id).all()
            .map { row in (row, Volunteer(id: String(format: "%06d", positions[row.letterID] ?? 0), features: row.answers)) }
            .sorted { $0.volunteer.id < $1.volunteer.id }
    }

    /// Chooses the panel with the balanced method from the published selection seed, and keeps the outcome with
    /// LEGACY's least chance on the same pool beside it. Quotas the pool cannot meet are refused with the nearest
    /// ones, unless the coordinator chose those.
    static func select(_ form: LotterySelectionForm, useNearest: Bool, on record: LotteryRecord, app: Application) async throws {
        let status = try LotteryWorkflow.next(.select, from: record.status, hasAddresses: true)
        let rows = try await pool(of: record, on: app.db)
        let volunteers = rows.map(\.volunteer)
        var quotas = form.quotas
        let problems = quotas.problems(for: volunteers)
        if !problems.isEmpty {
            guard useNearest else { throw QuotaProblems(problems: problems, nearest: quotas.nearest(for: volunteers)) }
            quotas = quotas.nearest(for: volunteers)
        }
        let selector = PanelSelector(volunteers: volunteers, quotas: quotas)
        let selection: PanelSelection
        do {
            selection = try selector.select(seed: form.seed, method: .balanced)
        } catch {
            throw QuotaProblems(problems: error.problems, nearest: quotas.nearest(for: volunteers))
        }
        var generator = DemocracyKit.SeededGenerator(seed: form.seed, purpose: "legacy-comparison")
        let legacy = selector.legacyProbabilities(runs: PanelSelector.defaultRuns, using: &generator).probabilities.min() ?? 0
        let outcome = LotteryOutcome(
            quotas: quotas, nearest: !problems.isEmpty, seed: form.seed, announced: form.announced, selectedAt: app.clock.now(),
            selection: selection, volunteers: volunteers, legacyMinimum: legacy)
        let chosen = Set(selection.panel)
        record.selection = String(decoding: try JSONEncoder.lottery.encode(outcome), as: UTF8.self)
        record.status = status
        try await app.db.transaction { db in
            for (row, volunteer) in rows where chosen.contains(volunteer.id) {
                row.selected = true
                try await row.save(on: db)
            }
            try await record.save(on: db)
        }
    }

    struct Member {
        let name: String
        let email: String
        let phone: String
        let features: [String: String]
    }

    /// The panel's members with how to reach them, for the coordinator.
    static func members(of record: LotteryRecord, app: Application) async throws -> [Member] {
        try await LotteryVolunteer.query(on: app.db).filter(\.$lottery.$id == record.requireID()).filter(\.$selected == true).all()
            .map { row in
                let contact = try row.contactDetails(app.secrets)
                return Member(
                    name: contact["name"] ?? "", email: contact["email"] ?? "", phone: contact["phone"] ?? "", features: row.answers)
            }
            .sorted { $0.name < $1.name }
    }

    /// How many registered; once finished, as the outcome counted them.
    static func volunteerCount(of record: LotteryRecord, on db: any Database) async throws -> Int {
        if record.status == .afgerond { return record.outcome?.volunteers ?? 0 }
        return try await LotteryVolunteer.query(on: db).filter(\.$lottery.$id == record.requireID()).count()
    }

    /// Ends the assembly: the volunteers' answers and contact details and the letters with their addresses and
    /// codes are erased, in one transaction, with a record in the audit log. The outcome's counts, the chances and
    /// the fingerprints stay, so the public account still adds up.
    static func finish(_ record: LotteryRecord, by actor: AuditLog.Actor, app: Application, on db: any Database) async throws {
        let status = try LotteryWorkflow.next(.finish, from: record.status, hasAddresses: true)
        let id = try record.requireID()
        try await db.transaction { db in
            let volunteers = try await LotteryVolunteer.query(on: db).filter(\.$lottery.$id == id).count()
            let letters = try await LotteryLetter.query(on: db).filter(\.$lottery.$id == id).count()
            try await LotteryVolunteer.query(on: db).filter(\.$lottery.$id == id).delete()
            try await LotteryLetter.query(on: db).filter(\.$lottery.$id == id).delete()
            record.status = status
            record.finishedAt = app.clock.now()
            try await record.save(on: db)
            try await AuditLog.record(
                .answersErased, by: actor, municipality: record.municipalityCode,
                subject: "Burgerberaad ‘\(record.title)’: \(volunteers) aanmeldingen en \(letters) brieven gewist", app: app, on: db)
        }
    }
}
