import DemocracyKit
import Fluent
import Foundation
import Vapor

/// The uitdaagrecht in Demodorp and Voorbeeldstad: their rules, and six challenges at different steps, dated from
/// the day the demo is made so that the overdue one stays overdue and the new one stays new: green space taken over
/// for the same budget and evaluated, a village hall whose advice is overdue, a market's litter in conversation, a
/// market square rejected with reasons, a playground just submitted, and parking control that did not pass the
/// first check.
enum DemoChallenges {
    static let rules: [String: ChallengeRules] = [
        "GM9901": ChallengeRules(
            enabled: true,
            intro: LocalizedText(
                nl: """
                    Het uitdaagrecht staat in de **Participatieverordening Demodorp 2024**, artikel 12 tot en met 16. \
                    Twijfelt u of uw idee past? Mail eerst naar participatie@demodorp.example. Dan denken we mee voordat u indient.
                    """,
                en: """
                    The right to challenge is part of the **Demodorp Participation Ordinance 2024**, articles 12 to 16. \
                    Not sure whether your idea fits? First email participatie@demodorp.example, and we will think along before you submit.
                    """),
            openTasks: [
                "Onderhoud van openbaar groen in een buurt", "Beheer van een buurthuis of dorpshuis",
                "Schoonhouden van straten, pleinen en markten", "Onderhoud van speelplekken",
            ],
            excludedTasks: ["Vergunningen en handhaving", "Jeugdhulp en Wmo-voorzieningen", "Ophalen van huisvuil"],
            conditions: ChallengeCondition.allCases,
            weeks: [.ontvankelijkheid: 4, .gesprek: 4, .advies: 4, .besluit: 8, .overeenkomst: 6]),
        "GM9902": ChallengeRules(
            enabled: true,
            intro: LocalizedText(
                nl: """
                    Voorbeeldstad regelt het uitdaagrecht in hoofdstuk 4 van de **Verordening burgerparticipatie Voorbeeldstad**. \
                    De wijkcoördinator van uw wijk helpt u graag met uw plan.
                    """,
                en: """
                    Voorbeeldstad sets out the right to challenge in chapter 4 of the **Voorbeeldstad Citizen Participation Ordinance**. \
                    Your district coordinator is glad to help you with your plan.
                    """),
            openTasks: [
                "Schoonhouden van de weekmarkt en het marktplein", "Onderhoud van groen en bomen in de wijk", "Beheer van speelplekken",
                "Beheer van wijkcentra",
            ],
            excludedTasks: ["Parkeren en handhaving", "Taken van de GGD", "Bijzondere bijstand"],
            conditions: [.bestaandeTaak, .geworteld, .meerwaarde, .capaciteit, .draagvlak, .rechtsvorm, .kosten, .geenWettelijkeTaak],
            weeks: [.ontvankelijkheid: 6, .gesprek: 4, .advies: 6, .besluit: 10, .overeenkomst: 8]),
    ]

    struct Step: Sendable {
        let action: String
        let status: ChallengeStatus
        let daysAgo: Int
        let note: String
        var byGroup = false
        var day: Int? = nil
    }

    struct Item: Sendable {
        let code: String
        let submission: ChallengeSubmission
        let steps: [Step]
        /// Columns the steps wrote, set as the workflow would have.
        var fill: @Sendable (ChallengeRecord, Date) -> Void = { _, _ in }
    }

    static func submission(
        group: String, form: LegalForm, contact: String, email: String, task: String, precisely: String, plan: String, support: String,
        supporters: Int, capacity: String, budget: Int, areas: [FocusArea]
    ) -> ChallengeSubmission {
        ChallengeSubmission(
            groupName: group, legalForm: form.rawValue, contactName: contact, email: email, phone: "", task: task, otherTask: precisely,
            budgetLine: "", plan: plan, support: support, supporters: String(supporters), capacity: capacity, budget: String(budget),
            focusAreas: areas.map(\.slug), consent: true)
    }

    /// The same time of day, a number of calendar days earlier in the Netherlands: counting 24-hour steps back
    /// across a change to or from summer time would land on the day after, late in the evening.
    static func moment(_ daysAgo: Int, from now: Date) -> Date { Format.moment(now, addingDays: -daysAgo) }

    static func day(_ daysAgo: Int, from now: Date) -> String { Format.day(moment(daysAgo, from: now)) }

    static let items: [Item] = [
        Item(
            code: "GM9901",
            submission: submission(
                group: "Stichting Groen Bloemenwijk", form: .stichting, contact: "Fatima el Amrani",
                email: "groen.bloemenwijk@demo.dia.example",
                task: "Onderhoud van openbaar groen in een buurt", precisely: "Onderhoud van het openbaar groen in de Bloemenwijk",
                plan: """
                    Wij willen de plantsoenen, de hagen en de twee grasvelden in de Bloemenwijk zelf onderhouden, voor hetzelfde geld als de \
                    gemeente nu uitgeeft. Wij maaien minder vaak en zaaien bloemen in, zodat er meer bijen en vlinders komen. Jongeren uit \
                    de wijk verdienen een zakcentje met het snoeiwerk.
                    """,
                support: "142 huishoudens tekenden onze lijst, huis aan huis opgehaald in maart. Op de bewonersavond kwamen 60 mensen.",
                supporters: 142,
                capacity: """
                    Een vaste groep van twaalf vrijwilligers, van wie twee hoveniers in ruste. Een hoveniersbedrijf uit de wijk doet het \
                    zware snoeiwerk en leent ons machines.
                    """, budget: 18_400, areas: [.beterBetrokkenInwoners, .vitaleDemocratischeGemeenschap]),
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 420, note: "", byGroup: true),
                Step(action: "ontvankelijk", status: .ontvankelijk, daysAgo: 405, note: ""),
                Step(
                    action: "gesprek", status: .inGesprek, daysAgo: 392,
                    note: """
                        We bespraken welke plantsoenen erbij horen (kaart bijgevoegd per e-mail), hoe vaak er nu gemaaid wordt en wie \
                        aansprakelijk is. De gemeente stuurt de cijfers van het huidige onderhoud.
                        """, day: 392),
                Step(
                    action: "voorstel", status: .voorstel, daysAgo: 360,
                    note: "Uitgewerkt voorstel met maaibeheer, planning per seizoen en een begroting van € 18.400 per jaar.", byGroup: true),
                Step(
                    action: "advies", status: .advies, daysAgo: 338,
                    note: "Positief advies: het plan kost niet meer dan nu en de buurt steunt het breed."),
                Step(
                    action: "besluit", status: .toegekend, daysAgo: 310,
                    note: """
                        Het college kent de uitdaging toe voor twee jaar. De stichting onderhoudt het groen voor hetzelfde budget, met \
                        meer ruimte voor bloemen en insecten. Het zware snoeiwerk langs de doorgaande weg blijft bij de gemeente, \
                        vanwege de veiligheid.
                        """, day: 310),
                Step(
                    action: "overeenkomst", status: .overeenkomst, daysAgo: 290,
                    note: "Twee keer per jaar een kort verslag en een rondje door de wijk met de wijkbeheerder."),
                Step(
                    action: "voortgang", status: .uitvoering, daysAgo: 120,
                    note: "Het eerste jaar is rond. 14 vrijwilligers, 3 jongeren betaald voor snoeiwerk, en veel meer bloemen in de berm.",
                    byGroup: true),
                Step(
                    action: "evaluatie", status: .uitvoering, daysAgo: 20,
                    note: """
                        Goed: de wijk ziet er beter uit en mensen kennen elkaar. Niet goed: in de zomer waren er te weinig handen, en \
                        twee keer bleef het maaien liggen. Volgend jaar maken we een rooster met vervangers.
                        """, byGroup: true),
                Step(
                    action: "evaluatie", status: .geevalueerd, daysAgo: 12,
                    note: """
                        De kosten bleven binnen het budget en klachten over het groen daalden van 23 naar 6. Het maaien in juli liep \
                        twee keer uit; we spreken een vaste melder af. We verlengen de afspraak graag.
                        """),
            ],
            fill: { record, now in
                record.proposal = "Uitgewerkt voorstel met maaibeheer, planning per seizoen en een begroting van € 18.400 per jaar."
                record.proposalOn = day(360, from: now)
                record.advice = adviceJSON(ChallengeCondition.allCases.map { ($0, .voldoet, "") })
                record.adviceSummary = "Positief advies: het plan kost niet meer dan nu en de buurt steunt het breed."
                record.decision = .toegekend
                record.decisionReasons = """
                    Het college kent de uitdaging toe voor twee jaar. De stichting onderhoudt het groen voor hetzelfde budget, met meer \
                    ruimte voor bloemen en insecten. Het zware snoeiwerk langs de doorgaande weg blijft bij de gemeente, vanwege de \
                    veiligheid.
                    """
                record.decidedOn = day(310, from: now)
                record.agreementFrom = day(280, from: now)
                record.agreementUntil = day(-450, from: now)
                record.agreementBudget = 18_400
                record.agreementMethod = """
                    De stichting onderhoudt de plantsoenen, hagen en grasvelden volgens het maaibeheerplan. De wijkbeheerder is het vaste \
                    aanspreekpunt. De gemeente betaalt elk kwartaal een kwart van het budget.
                    """
                record.agreementReporting = "Twee keer per jaar een kort verslag en een rondje door de wijk met de wijkbeheerder."
                record.evaluationGroup = """
                    Goed: de wijk ziet er beter uit en mensen kennen elkaar. Niet goed: in de zomer waren er te weinig handen, en twee \
                    keer bleef het maaien liggen. Volgend jaar maken we een rooster met vervangers.
                    """
                record.evaluationMunicipality = """
                    De kosten bleven binnen het budget en klachten over het groen daalden van 23 naar 6. Het maaien in juli liep twee \
                    keer uit; we spreken een vaste melder af. We verlengen de afspraak graag.
                    """
            }),
        Item(
            code: "GM9901",
            submission: submission(
                group: "Vereniging Dorpshuis De Linde", form: .vereniging, contact: "Henk Veldkamp", email: "delinde@demo.dia.example",
                task: "Beheer van een buurthuis of dorpshuis", precisely: "Beheer van dorpshuis De Linde in Kleindorp",
                plan: """
                    Dorpshuis De Linde in Kleindorp staat drie dagen per week leeg. Wij willen het beheer overnemen, het huis zes dagen \
                    openhouden met vrijwilligers en de zaal verhuren aan clubs. De opbrengst gaat naar activiteiten voor ouderen en jongeren.
                    """,
                support: "De dorpsraad, de ijsclub, de muziekvereniging en de school steunen het plan. 310 inwoners tekenden.",
                supporters: 310,
                capacity: "Een bestuur van vijf mensen en 35 vrijwilligers. Twee van hen hebben eerder een kantine beheerd.",
                budget: 46_000, areas: [.beterBetrokkenInwoners, .vitaleDemocratischeGemeenschap]),
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 95, note: "", byGroup: true),
                Step(action: "ontvankelijk", status: .ontvankelijk, daysAgo: 80, note: ""),
                Step(
                    action: "gesprek", status: .inGesprek, daysAgo: 66,
                    note: "We spraken over de huur, het onderhoud van het gebouw (blijft bij de gemeente) en de verzekering.", day: 66),
                Step(
                    action: "voorstel", status: .voorstel, daysAgo: 40,
                    note: """
                        Ons voorstel: beheer vanaf 1 januari, zes dagen open, een beheerder voor 12 uur per week betaald uit de verhuur, \
                        en een bijdrage van de gemeente van € 46.000 per jaar in plaats van de huidige € 52.000.
                        """, byGroup: true),
            ],
            fill: { record, now in
                record.proposal = """
                    Ons voorstel: beheer vanaf 1 januari, zes dagen open, een beheerder voor 12 uur per week betaald uit de verhuur, en \
                    een bijdrage van de gemeente van € 46.000 per jaar in plaats van de huidige € 52.000.
                    """
                record.proposalOn = day(40, from: now)
            }),
        Item(
            code: "GM9901",
            submission: submission(
                group: "Coöperatie Schone Markt", form: .inOprichting, contact: "Ayse Kaya", email: "schonemarkt@demo.dia.example",
                task: "Schoonhouden van straten, pleinen en markten", precisely: "Zwerfafval opruimen na de zaterdagmarkt op het Kerkplein",
                plan: """
                    Na de zaterdagmarkt ligt er veel zwerfafval op het Kerkplein. De marktkooplieden willen zelf opruimen, direct na de \
                    markt, en het afval scheiden. Dat is sneller dan nu: de veegwagen komt pas op maandag.
                    """,
                support: "22 van de 25 marktkooplieden doen mee. De winkeliersvereniging steunt het.", supporters: 22,
                capacity: "Elke zaterdag ruimen vier kooplieden op, volgens een rooster. Een schoonmaakbedrijf leent ons afvalbakken.",
                budget: 9_800, areas: [.vitaleDemocratischeGemeenschap]),
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 48, note: "", byGroup: true),
                Step(action: "ontvankelijk", status: .ontvankelijk, daysAgo: 33, note: ""),
                Step(
                    action: "gesprek", status: .inGesprek, daysAgo: 19,
                    note: """
                        Goed gesprek op het marktkantoor. De coöperatie moet nog worden opgericht bij de notaris. De gemeente zoekt uit \
                        hoeveel de veegwagen op maandag nu kost.
                        """, day: 19),
            ]),
        Item(
            code: "GM9902",
            submission: submission(
                group: "Stichting Marktplein Samen", form: .stichting, contact: "Johan de Boer", email: "marktpleinsamen@demo.dia.example",
                task: "Schoonhouden van de weekmarkt en het marktplein", precisely: "Vegen van het marktplein na de weekmarkt",
                plan: "Wij willen het marktplein na elke woensdag- en zaterdagmarkt vegen, met mensen die nu moeilijk werk vinden.",
                support: "Twee buurthuizen en het werkleerbedrijf steunen het plan.", supporters: 85,
                capacity: "Vier vrijwilligers en zes deelnemers van het werkleerbedrijf, onder leiding van een vaste coach.",
                budget: 41_000, areas: [.vitaleDemocratischeGemeenschap]),
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 230, note: "", byGroup: true),
                Step(action: "ontvankelijk", status: .ontvankelijk, daysAgo: 200, note: ""),
                Step(
                    action: "gesprek", status: .inGesprek, daysAgo: 185, note: "Gesprek over de kosten en het aantal marktdagen.", day: 185),
                Step(
                    action: "voorstel", status: .voorstel, daysAgo: 150, note: "Voorstel met begroting van € 41.000 per jaar.",
                    byGroup: true),
                Step(
                    action: "advies", status: .advies, daysAgo: 115,
                    note: "Negatief advies: het plan kost meer dan nu en er zijn te weinig mensen voor 104 marktdagen per jaar."),
                Step(
                    action: "besluit", status: .afgewezen, daysAgo: 90,
                    note: """
                        Het college wijst de uitdaging af. Het vegen kost de gemeente nu € 29.500 per jaar; het plan kost € 41.000. \
                        Ook zijn vier vrijwilligers te weinig voor 104 marktdagen. Het college waardeert het idee om mensen werk te \
                        bieden en vraagt het werkleerbedrijf om samen met de afdeling Werk te kijken naar een leerbaan bij de veegdienst.
                        """, day: 90),
            ],
            fill: { record, now in
                record.proposal = "Voorstel met begroting van € 41.000 per jaar."
                record.proposalOn = day(150, from: now)
                record.advice = adviceJSON([
                    (.bestaandeTaak, .voldoet, ""), (.geworteld, .voldoet, ""),
                    (.meerwaarde, .voldoet, "Werk voor mensen die nu moeilijk werk vinden is een echte meerwaarde."),
                    (.capaciteit, .voldoetNiet, "Vier vaste vrijwilligers zijn te weinig voor twee marktdagen per week, het hele jaar."),
                    (.draagvlak, .deels, "Steun van buurthuizen, maar de marktkooplieden zijn niet gevraagd."),
                    (.rechtsvorm, .voldoet, ""),
                    (.kosten, .voldoetNiet, "Het plan kost € 41.000 per jaar; de gemeente betaalt nu € 29.500."),
                    (.geenWettelijkeTaak, .voldoet, ""),
                ])
                record.adviceSummary =
                    "Negatief advies: het plan kost meer dan nu en er zijn te weinig mensen voor 104 marktdagen per jaar."
                record.decision = .afgewezen
                record.decisionReasons = """
                    Het college wijst de uitdaging af. Het vegen kost de gemeente nu € 29.500 per jaar; het plan kost € 41.000. Ook zijn \
                    vier vrijwilligers te weinig voor 104 marktdagen. Het college waardeert het idee om mensen werk te bieden en vraagt het \
                    werkleerbedrijf om samen met de afdeling Werk te kijken naar een leerbaan bij de veegdienst.
                    """
                record.decidedOn = day(90, from: now)
            }),
        Item(
            code: "GM9902",
            submission: submission(
                group: "Buurtvereniging De Horst", form: .vereniging, contact: "Lotte Jansen", email: "dehorst@demo.dia.example",
                task: "Beheer van speelplekken", precisely: "Beheer van speelplek Het Klimrek",
                plan: """
                    Speelplek Het Klimrek is verouderd. Wij willen de speelplek zelf beheren: elke week controleren, schoonhouden en \
                    met de kinderen uit de buurt kiezen wat er nieuw komt.
                    """,
                support: "Ouders van 64 kinderen tekenden. De basisschool doet mee met het ontwerp.", supporters: 64,
                capacity: "Acht ouders maken een rooster. Eén van hen is gecertificeerd speeltoestelinspecteur.", budget: 6_500,
                areas: [.vitaleDemocratischeGemeenschap, .beterBetrokkenInwoners]),
            steps: [Step(action: "indienen", status: .ingediend, daysAgo: 5, note: "", byGroup: true)]),
        Item(
            code: "GM9902",
            submission: ChallengeSubmission(
                groupName: "Ouders Verkeersveilig Oost", legalForm: LegalForm.inOprichting.rawValue, contactName: "Ruud Hendriks",
                email: "verkeersveilig.oost@demo.dia.example", phone: "", task: ChallengeSubmission.otherTask,
                otherTask: "Toezicht op parkeren bij basisschool De Regenboog", budgetLine: "",
                plan: "Ouders willen zelf bonnen uitschrijven aan auto's die bij de school op de stoep parkeren.",
                support: "Veertig ouders van de school.", supporters: "40", capacity: "Tien ouders, om de beurt bij de schoolpoort.",
                budget: "", focusAreas: [], consent: true),
            steps: [
                Step(action: "indienen", status: .ingediend, daysAgo: 70, note: "", byGroup: true),
                Step(
                    action: "niet-ontvankelijk", status: .nietOntvankelijk, daysAgo: 52,
                    note: """
                        Bonnen uitschrijven mag alleen een boa van de gemeente: dat is een taak die de wet aan de overheid geeft. Wij \
                        willen wel graag met u praten over een veiliger schoolomgeving, bijvoorbeeld met verkeersbrigadiers of een \
                        schoolstraat. De wijkcoördinator belt u.
                        """),
            ],
            fill: { record, _ in record.refusedCondition = ChallengeCondition.geenWettelijkeTaak.rawValue }),
    ]

    static func adviceJSON(_ items: [(ChallengeCondition, ConditionVerdict, String)]) -> String {
        let assessments = items.map { ConditionAssessment(condition: $0.0, verdict: $0.1, explanation: $0.2) }
        return (try? JSONEncoder().encode(assessments)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// Adds the rules and challenges once; a municipality that has rules already keeps what it has.
    static func run(app: Application, handler: String) async throws {
        let now = app.clock.now()
        for (code, rules) in self.rules.sorted(by: { $0.key < $1.key }) where try await ChallengeRulesRecord.find(code, on: app.db) == nil {
            try await app.db.transaction { db in
                try await ChallengeRulesRecord(code: code, rules: rules, at: now).create(on: db)
                for item in items where item.code == code {
                    let token = SecureToken.make()
                    let submitted = moment(item.steps.first?.daysAgo ?? 0, from: now)
                    let record = ChallengeRecord(
                        municipalityCode: code, submission: item.submission, tokenHash: SecureToken.hash(token),
                        tokenSealed: try app.secrets.seal(token), language: .nl, at: submitted)
                    let last = item.steps.last!
                    record.status = last.status
                    record.statusSince = moment(
                        item.steps.last { $0.status == last.status && $0.action != "voortgang" }?.daysAgo ?? last.daysAgo, from: now)
                    record.version = item.steps.count
                    item.fill(record, now)
                    try await record.create(on: db)
                    for step in item.steps {
                        try await ChallengeEvent(
                            challengeID: try record.requireID(), action: step.action, status: step.status, note: step.note,
                            day: step.day.map { day($0, from: now) }, actorName: step.byGroup ? record.groupName : handler,
                            byGroup: step.byGroup, shared: true, at: moment(step.daysAgo, from: now)
                        ).create(on: db)
                    }
                }
                try await ChallengeStore.changed(on: db)
            }
        }
    }

    /// The follow-up link of a demo challenge, for the demo's walk-through and its tests.
    static func followLink(of record: ChallengeRecord, app: Application) throws -> String {
        ChallengeURL.follow(.value(try app.secrets.open(record.tokenSealed))).path
    }
}
