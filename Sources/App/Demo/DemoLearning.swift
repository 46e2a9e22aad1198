import DemocracyKit
import Fluent
import Vapor

/// Demodorp's council on the learning platform: its council member took the self-test twice (weaker in analysis
/// and in persuading the first time), finished two modules with their certificates and started a third; the griffie
/// set a budget for the year, approved two of the member's requests and has one waiting.
enum DemoLearning {
    /// A rating per competence: first and second self-test. The member worked on the budget and on debating between.
    static let ratings: [Competence: (first: Int, second: Int)] = [
        .volksvertegenwoordigend: (4, 4), .samenwerken: (4, 4), .integriteit: (5, 5), .politiekeSensitiviteit: (3, 4),
        .analytisch: (2, 4), .omgevingsbewustzijn: (3, 3), .communicatief: (4, 4), .overtuigingskracht: (2, 3),
    ]

    static let finished = ["rol-van-de-raad", "begroting-lezen"]
    static let started = "onderhandelen-en-debatteren"

    struct DemoRequest {
        let what: String
        let provider: String
        let amount: Int
        /// Days from now to the course, kept inside the current year.
        let daysAhead: Int
        let why: String
        let status: SpendingStatus
        let reason: String?
    }

    static let requests = [
        DemoRequest(
            what: "Training debatteren en interrumperen in de raad", provider: "Nederlands Debat Instituut", amount: 65_000,
            daysAhead: -200,
            why:
                "Ik ben nieuw als woordvoerder financiën. In de begrotingsvergadering wil ik scherper interrumperen en mijn punt in twee minuten maken.",
            status: .goedgekeurd, reason: "Past goed bij uw rol als woordvoerder. Bewaar de factuur voor de griffie."),
        DemoRequest(
            what: "Jaarcongres voor raadsleden", provider: "Raadslid.Nu", amount: 29_500, daysAhead: -20,
            why: "Op het congres spreek ik raadsleden uit andere gemeenten over hoe zij inwoners bij de begroting betrekken.",
            status: .goedgekeurd, reason: nil),
        DemoRequest(
            what: "Leergang Omgevingswet voor raadsleden", provider: "VNG Academie", amount: 25_000, daysAhead: 12,
            why: "Het omgevingsplan komt volgend jaar in de raad. Ik wil weten welke keuzes bij de raad liggen en welke bij het college.",
            status: .aangevraagd, reason: nil),
    ]

    /// The council's budget per member for the current year, in cents.
    static let councilBudget = 200_000

    static func run(app: Application, member: (id: UUID, name: String), griffier: String) async throws {
        let db = app.db
        guard try await SelfTestResult.query(on: db).filter(\.$userID == member.id).count() == 0 else { return }
        let now = app.clock.now()
        let test = app.selfTest
        for (index, daysAgo) in [200, 20].enumerated() {
            var answers: [String: Int] = [:]
            for statement in test.statements {
                let rating = ratings[statement.competence].map { index == 0 ? $0.first : $0.second } ?? 3
                answers[statement.id] = rating
            }
            let result = SelfTestResult()
            result.userID = member.id
            result.takenAt = Format.moment(now, addingDays: -daysAgo)
            result.answers = FlatJSON.encode(answers)
            result.scores = FlatJSON.encode(test.profile(answers).stored)
            try await result.create(on: db)
        }
        for (offset, id) in (finished + [started]).enumerated() {
            guard let module = app.learningModules.module(id) else { continue }
            let lessons = id == started ? 1 : module.lessons.count
            for (index, lesson) in module.lessons.prefix(lessons).enumerated() {
                try await LearningResultRecord(
                    allRightIn: index + 1, of: lesson.quiz, module: id, user: member.id,
                    at: Format.moment(now, addingDays: -150 + offset * 40 + index)
                ).create(on: db)
            }
            if id != started {
                try await LearningCertificate(
                    module: id, user: member.id, holder: member.name,
                    at: Format.moment(now, addingDays: -150 + offset * 40 + module.lessons.count)
                ).create(on: db)
            }
        }
        let year = BudgetStore.currentYear(now)
        let budget = EducationBudgetRecord()
        budget.municipalityCode = "GM9901"
        budget.year = year
        budget.userID = nil
        budget.amount = councilBudget
        budget.setBy = griffier
        budget.setAt = Format.moment(now, addingDays: -300)
        try await budget.create(on: db)
        let lock = SpendingLedgerLock()
        lock.municipalityCode = "GM9901"
        lock.userID = member.id
        lock.year = year
        lock.version = 1
        try await lock.create(on: db)
        for (index, demo) in requests.enumerated() {
            let record = SpendingRequestRecord()
            record.municipalityCode = "GM9901"
            record.userID = member.id
            record.memberName = member.name
            record.year = year
            record.what = demo.what
            record.provider = demo.provider
            record.amount = demo.amount
            let earliest = Format.parseDay("\(year)-01-20") ?? now
            let latest = Format.parseDay("\(year)-12-20") ?? now
            let course = min(max(Format.moment(now, addingDays: demo.daysAhead), earliest), latest)
            let asked = min(Format.moment(course, addingDays: -45), Format.moment(now, addingDays: index - 3))
            record.day = Format.day(course)
            record.why = demo.why
            record.status = demo.status
            record.reason = demo.reason
            record.createdAt = asked
            if demo.status != .aangevraagd {
                record.decidedBy = griffier
                record.decidedAt = min(Format.moment(asked, addingDays: 2), now)
            }
            record.version = demo.status == .aangevraagd ? 1 : 2
            try await record.create(on: db)
        }
    }
}
