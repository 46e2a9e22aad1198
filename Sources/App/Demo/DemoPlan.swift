import DemocracyKit
import Fluent
import Vapor

/// Demodorp's participation plan for its energy transition, written from the advisor's mix and shared with the
/// council: the burgerberaad of the demo lottery is its second step, and it serves the agenda's first priority.
enum DemoPlan {
    static let plan = ParticipationPlan(
        question: AdvisorQuestion(
            project: "Demodorp aardgasvrij: welke wijk gaat als eerste van het gas af, en hoe?", phase: .plan, influence: .adviseren,
            groups: [.jongeren, .laaggeletterden, .anderstaligen], scale: .gemeente, weeks: 40, budget: 150_000),
        steps: [
            .init(
                method: "straatgesprekken",
                purpose:
                    "Ophalen welke zorgen en ideeën inwoners hebben over van het gas af gaan, ook bij mensen die nooit naar een avond komen. De vragen voor het burgerberaad komen hieruit.",
                when: "januari en februari 2027", who: "De gebiedsregisseurs, samen met de energiecoöperatie"),
            .init(
                method: "burgerberaad",
                purpose:
                    "Vierentwintig ingelote inwoners wegen de keuzes af: welke wijk eerst, welke warmtebron, en hoe de kosten eerlijk te verdelen. Zij schrijven een advies aan de raad.",
                when: "maart tot en met juni 2027, zes zaterdagen", who: "De griffie, met een onafhankelijke gespreksleider"),
            .init(
                method: "inwonersavond-raad",
                purpose:
                    "De raad hoort het advies van het burgerberaad en stelt vragen aan de deelnemers, voordat het college een raadsvoorstel schrijft.",
                when: "september 2027", who: "De griffie en de raadscommissie Ruimte"),
        ],
        inhabitants: PlanFeedback(
            who: "De projectleider warmte, samen met deelnemers van het burgerberaad", due: "2027-12-15",
            how:
                "Een brief aan alle deelnemers en aan alle adressen die een uitnodiging kregen: per aanbeveling wat de raad besloot en waarom. Daarna een avond in wijkcentrum De Schakel en een pagina op de website van de gemeente."
        ),
        council: PlanFeedback(
            who: "De griffier", due: "2027-07-01",
            how:
                "Het advies van het burgerberaad gaat ongewijzigd als bijlage bij het raadsvoorstel. Het college zegt per aanbeveling of het die overneemt, en zo niet, waarom niet."
        ),
        agendaArea: .beterBetrokkenInwoners)

    static func run(app: Application, coordinator: String) async throws {
        guard try await ParticipationPlanRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").count() == 0 else { return }
        let now = app.clock.now()
        let record = ParticipationPlanRecord()
        record.municipalityCode = "GM9901"
        record.title = plan.title
        record.content = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        record.version = 3
        record.createdAt = Format.moment(now, addingDays: -75)
        record.updatedAt = Format.moment(now, addingDays: -60)
        record.updatedBy = coordinator
        record.sharedAt = Format.moment(now, addingDays: -58)
        record.sharedBy = coordinator
        try await record.create(on: app.db)
    }
}
