import DemocracyKit
import Fluent
import Vapor

/// Demodorp's closed basisscan integriteit of a fictional candidate alderman: answered, assessed with two risks and
/// their measures, and closed by the burgemeester, who shared its summary with the council. The griffier opened it
/// and assessed it; both read it, and the council reads the summary.
enum DemoIntegrity {
    static let answers: [String: String] = [
        "schulden": "Nee, alleen de hypotheek op ons huis.",
        "faillissement": "Nee.",
        "belasting": "Nee.",
        "werkverleden": "Sinds 2016 projectleider bij een woningcorporatie in de regio. Daarvoor zes jaar docent aardrijkskunde.",
        "nevenfuncties":
            "Bestuurslid (onbetaald) van voetbalvereniging DVC Demodorp. Lid van de raad van toezicht (betaald) van de Stichting Kinderopvang Demodorp. Die functie wil ik houden.",
        "bedrijven": "Nee.",
        "vastgoed": "Nee, alleen ons eigen huis.",
        "familiebelangen": "Mijn broer heeft een installatiebedrijf dat soms opdrachten van de gemeente krijgt.",
        "contacten": "Nee.",
        "accounts": "LinkedIn en Facebook met mijn eigen naam. Een account op X dat ik sinds 2022 niet meer gebruik.",
        "uitingen":
            "In 2019 schreef ik op Facebook een boze reactie over de sluiting van het zwembad. Daar heb ik later sorry voor gezegd.",
        "justitie": "Nee.",
        "integriteit": "Nee.",
    ]

    static let assessment = IntegrityAssessment(
        publicSources:
            "Handelsregister van de KVK: geen eigen bedrijf; wel bestuurder van DVC Demodorp en toezichthouder bij de Stichting Kinderopvang Demodorp. Kadaster: alleen de eigen woning. Nieuwsarchief en sociale media tot 2015 bekeken: één boze reactie uit 2019 over het zwembad, met excuses erna.",
        interview:
            "Gesprek op het gemeentehuis met de kandidaat, de griffier en de burgemeester. Besproken: de nevenfuncties, het bedrijf van de broer en de oude reactie op Facebook. De kandidaat was open en stelde zelf voor de functie bij de kinderopvang neer te leggen als die onder de portefeuille valt.",
        risks: [
            IntegrityRisk(
                area: "werk", risk: "Toezichthouder bij de Stichting Kinderopvang Demodorp, die subsidie van de gemeente krijgt.",
                measure:
                    "Kinderopvang valt niet in de portefeuille. Bij besluiten over subsidie aan de stichting doet de wethouder niet mee.",
                owner: "Wethouder; de gemeentesecretaris let erop bij collegestukken"),
            IntegrityRisk(
                area: "relaties", risk: "De broer van de kandidaat krijgt soms opdrachten van de gemeente.",
                measure:
                    "De wethouder meldt het belang en doet niet mee aan besluiten over opdrachten aan dit bedrijf. Inkoop legt dit vast.",
                owner: "Wethouder; afdeling inkoop"),
        ],
        summary:
            "De basisscan leverde twee risico's op, beide door een belang bij een organisatie die met de gemeente te maken heeft. Voor beide is een maatregel afgesproken, die de kandidaat aanvaardt. Er zijn geen andere risico's gevonden."
    )

    static func run(app: Application, griffier: UUID, mayor: UUID) async throws {
        guard try await IntegrityCaseRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").count() == 0 else { return }
        let now = app.clock.now()
        let record = IntegrityCaseRecord()
        record.municipalityCode = "GM9901"
        record.status = .afgesloten
        record.candidateSealed = try app.secrets.seal(
            String(
                decoding: try JSONEncoder().encode(
                    IntegrityCaseStore.Candidate(name: "Sandra Vermeulen", email: "s.vermeulen@example.org")),
                as: UTF8.self))
        record.answersSealed = try app.secrets.seal(FlatJSON.encode(answers))
        record.assessmentSealed = try app.secrets.seal(String(decoding: try JSONEncoder().encode(assessment), as: UTF8.self))
        // The link was used and is no more: a hash of a random value nobody has.
        record.tokenHash = SecureToken.hash(SecureToken.make())
        record.version = 5
        record.openedAt = Format.moment(now, addingDays: -40)
        record.answeredAt = Format.moment(now, addingDays: -33)
        record.assessedAt = Format.moment(now, addingDays: -26)
        record.closedAt = Format.moment(now, addingDays: -25)
        // The burgemeester shared the summary with the council before it voted on the appointment.
        record.summarySharedAt = Format.moment(now, addingDays: -24)
        record.version = 6
        try await app.db.transaction { db in
            try await record.create(on: db)
            for (person, role) in [(griffier, CaseRole.opsteller), (griffier, .beoordelaar), (mayor, .burgemeester)] {
                let row = IntegrityCasePerson()
                row.caseID = try record.requireID()
                row.userID = person
                row.role = role
                try await row.create(on: db)
            }
        }
    }
}
