import DemocracyKit
import Testing

@Suite("Basisscan integriteit: the case file's rules")
struct IntegrityCaseTests {
    @Test("A case goes from opened to answered, assessed and closed, and nowhere else")
    func workflow() throws {
        #expect(try IntegrityCaseWorkflow.next(.saveAnswers, from: .geopend) == .geopend)
        #expect(try IntegrityCaseWorkflow.next(.submitAnswers, from: .geopend) == .ingevuld)
        #expect(try IntegrityCaseWorkflow.next(.assess, from: .ingevuld) == .beoordeeld)
        #expect(try IntegrityCaseWorkflow.next(.assess, from: .beoordeeld) == .beoordeeld, "the assessor may improve the assessment")
        #expect(try IntegrityCaseWorkflow.next(.close, from: .beoordeeld) == .afgesloten)
        #expect(throws: StoreFailure.conflict("basisscan.error.already_sent")) {
            try IntegrityCaseWorkflow.next(.saveAnswers, from: .ingevuld)
        }
        #expect(throws: StoreFailure.conflict("basisscan.error.closed")) {
            try IntegrityCaseWorkflow.next(.submitAnswers, from: .afgesloten)
        }
        #expect(throws: StoreFailure.conflict("basisscan.error.not_answered")) { try IntegrityCaseWorkflow.next(.assess, from: .geopend) }
        #expect(throws: StoreFailure.conflict("basisscan.error.assess_first")) { try IntegrityCaseWorkflow.next(.close, from: .ingevuld) }
        #expect(throws: StoreFailure.conflict("basisscan.error.closed")) { try IntegrityCaseWorkflow.next(.assess, from: .afgesloten) }
    }

    @Test("Only people named on a case read it; the assessor assesses; the opener or burgemeester closes")
    func access() {
        #expect(!IntegrityCaseAccess.allows([], .read), "no role reads a case by itself")
        for role in CaseRole.allCases { #expect(IntegrityCaseAccess.allows([role], .read)) }
        #expect(IntegrityCaseAccess.allows([.beoordelaar], .assess) && !IntegrityCaseAccess.allows([.opsteller, .burgemeester], .assess))
        #expect(IntegrityCaseAccess.allows([.opsteller], .close) && IntegrityCaseAccess.allows([.burgemeester], .close))
        #expect(!IntegrityCaseAccess.allows([.beoordelaar], .close))
    }

    let areas = ["financien", "werk"]
    var complete: [String: String] {
        ["publicSources": "KVK en Kadaster bekeken.", "interview": "Gesprek op 3 maart.", "summary": "Twee risico's met maatregelen."]
    }

    @Test("An assessment without risks is valid: the outcome is a list of risks, not a pass or a fail")
    func noRisks() throws {
        let assessment = try IntegrityAssessment.read(complete, areas: areas).get()
        #expect(assessment.risks.isEmpty && assessment.summary == "Twee risico's met maatregelen.")
        #expect(try IntegrityAssessment.read(assessment.values(), areas: areas).get() == assessment, "the form shows what was saved")
    }

    @Test("A risk needs its area, a measure and who follows it up; an empty row is skipped")
    func riskRows() throws {
        var values = complete
        values["r2-risk"] = "Nevenfunctie bij een aannemer"
        values["r2-area"] = "werk"
        values["r2-measure"] = "Nevenfunctie neerleggen voor de benoeming"
        values["r2-owner"] = "Kandidaat; griffier controleert"
        let assessment = try IntegrityAssessment.read(values, areas: areas).get()
        #expect(
            assessment.risks == [
                IntegrityRisk(
                    area: "werk", risk: "Nevenfunctie bij een aannemer", measure: "Nevenfunctie neerleggen voor de benoeming",
                    owner: "Kandidaat; griffier controleert")
            ])
        values["r2-measure"] = ""
        values["r2-area"] = "elders"
        guard case .failure(.fields(let errors)) = IntegrityAssessment.read(values, areas: areas) else {
            Issue.record("a risk without a measure was accepted")
            return
        }
        #expect(Set(errors.map(\.field)) == ["r2-measure", "r2-area"])
    }

    @Test("Saving keeps what is typed; sending needs every question answered and names each empty one")
    func questionnaire() throws {
        let questionnaire = try IntegrityQuestionnaire.load(
            yaml: """
                areas:
                  - id: financien
                    title: { nl: "Financiën", en: "Finances" }
                    intro: { nl: "Waarom.", en: "Why." }
                    questions:
                      - id: schulden
                        text: { nl: "Heeft u schulden?", en: "Do you have debts?" }
                      - id: belasting
                        text: { nl: "Een conflict met de Belastingdienst?", en: "A dispute with the tax office?" }
                """)
        #expect(try questionnaire.read(["v-schulden": " Nee "], sending: false).get() == ["schulden": "Nee"])
        guard case .failure(.fields(let errors)) = questionnaire.read(["v-schulden": "Nee"], sending: true) else {
            Issue.record("sent with an empty answer")
            return
        }
        #expect(errors.map(\.field) == ["v-belasting"])
        guard case .failure = questionnaire.read(["v-schulden": String(repeating: "a", count: 4_001)], sending: false) else {
            Issue.record("an answer of 4,001 characters was kept")
            return
        }
    }

    @Test("Opening a case needs the candidate's name and email and the assessor's email")
    func form() {
        let form = IntegrityCaseForm(values: ["candidateName": "", "candidateEmail": "geen-adres", "assessorEmail": "", "mayorEmail": "x"])
        #expect(Set(form.problems().map(\.field)) == ["candidateName", "candidateEmail", "assessorEmail", "mayorEmail"])
    }
}
