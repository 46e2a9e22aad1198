import DemocracyKit
import Foundation
import Testing

@Suite("Woningscan: the self-check, the request form and the visit's workflow")
struct HomeScanTests {
    static let shipped: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("Resources/Data/resilience/homecheck.yaml"), encoding: .utf8)) ?? ""
    }()

    /// A one-question file, with `change` applied to its text.
    static func file(_ change: (String) -> String = { $0 }) -> String {
        change(
            """
            questions:
              - id: "deuren-slot"
                area: "deuren"
                question:
                  nl: "Heeft uw deur een goed slot?"
                  en: "Does your door have a good lock?"
                advice:
                  ja:
                    nl: "Goed."
                    en: "Good."
                  nee:
                    nl: "Laat een slot plaatsen."
                    en: "Have a lock fitted."
                  weet-niet:
                    nl: "Kijk op het slot."
                    en: "Look at the lock."
            """)
    }

    @Test("The shipped self-check loads: 12 questions on five areas, each with advice for ja, nee and weet-niet in both languages")
    func shippedFileLoads() throws {
        let check = try HomeCheck.load(yaml: Self.shipped, file: "homecheck.yaml")
        #expect(check.questions.count == 12)
        #expect(check.areas.map(\.area) == [.deuren, .ramen, .verlichting, .online, .gewoonten])
        for question in check.questions {
            #expect(Set(question.advice.keys) == Set(HomeCheckAnswer.allCases), "\(question.id)")
            #expect(question.advice.values.allSatisfy { !$0.nl.isEmpty && !$0.en.isEmpty }, "\(question.id)")
        }
    }

    @Test(
        "A wrong file stops loading, naming the file and what is wrong: an id twice, an unknown area, a missing advice, a missing language, an advice for an unknown answer"
    )
    func wrongFilesAreRefused() throws {
        func reason(_ yaml: String) -> String? {
            do {
                _ = try HomeCheck.load(yaml: yaml, file: "homecheck.yaml")
                return nil
            } catch let error as QuestionBank.LoadError {
                #expect(error.file == "homecheck.yaml")
                return error.reason
            } catch {
                return "\(error)"
            }
        }
        #expect(reason(Self.file()) == nil, "the base file is fine")
        let twice = Self.file() + "\n" + Self.file().replacingOccurrences(of: "questions:\n", with: "")
        #expect(reason(twice)?.contains("deuren-slot is used twice") == true)
        #expect(reason(Self.file { $0.replacingOccurrences(of: #"area: "deuren""#, with: #"area: "tuin""#) })?.contains("'tuin'") == true)
        let noAdvice = Self.file {
            $0.replacingOccurrences(of: "weet-niet:\n        nl: \"Kijk op het slot.\"\n        en: \"Look at the lock.\"", with: "")
        }
        #expect(reason(noAdvice)?.contains("the advice for 'weet-niet' needs Dutch and English") == true)
        let noEnglish = Self.file { $0.replacingOccurrences(of: "en: \"Have a lock fitted.\"", with: "en: \" \"") }
        #expect(reason(noEnglish)?.contains("the advice for 'nee' needs Dutch and English") == true)
        let extra = Self.file { $0.replacingOccurrences(of: "weet-niet:", with: "misschien:") }
        #expect(reason(extra)?.contains("'misschien', which is not an answer") == true)
        #expect(reason("questions: []")?.contains("has no questions") == true)
        #expect(reason("questions: [[[")?.contains("is not a valid self-check") == true)
    }

    @Test(
        "Reading the self-check: answers per question, open questions skipped, at least one answer, unknown values refused on their field")
    func readingAnswers() throws {
        let check = try HomeCheck.load(yaml: Self.shipped, file: "homecheck.yaml")
        let answers = try check.read(["h-deuren-slot": "nee", "h-online-adres": "weet-niet", "h-ramen-dicht": " ja "])
        #expect(answers == ["deuren-slot": .nee, "online-adres": .weetNiet, "ramen-dicht": .ja])
        #expect(throws: StoreFailure.fields([FieldError(field: "h-deuren-slot", message: "woningscan.error.no_answers")])) {
            try check.read([:])
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "h-ramen-slot", message: "woningscan.error.answer_unknown")])) {
            try check.read(["h-deuren-slot": "ja", "h-ramen-slot": "soms"])
        }
        let advice = check.advice(for: answers)
        #expect(advice.map(\.questionID) == ["deuren-slot", "ramen-dicht", "online-adres"], "in the page's order")
        #expect(advice[0].advice.nl.hasPrefix("Laat sloten en cilinders met het SKG-keurmerk plaatsen"))
        #expect(check.answers(stored: ["deuren-slot": "ja", "vervallen-vraag": "nee", "ramen-dicht": "soms"]) == ["deuren-slot": .ja])
    }

    static var good: [String: String] {
        [
            "office": "wethouder", "municipality": "GM0014", "phone": "06-12345678", "street": "Herestraat 1", "postcode": "9711lk",
            "place": "Groningen",
        ]
    }

    @Test("A request form that is right has no problems, and its postcode reads 1234 AB whatever way it was typed")
    func goodForm() {
        for typed in ["9711lk", "9711 LK", " 9711  lk "] {
            var values = Self.good
            values["postcode"] = typed
            let form = HomeScanRequestForm(values: values)
            #expect(form.problems(municipalities: ["GM0014"]).isEmpty, "\(typed)")
            #expect(form.postcode == "9711 LK")
        }
        #expect(HomeScanRequestForm(values: Self.good).details.values["postcode"] == "9711 LK")
    }

    @Test("Postcodes: four digits (not starting with 0) and two letters; phone numbers: 10 to 15 digits and a few signs")
    func postcodeAndPhone() {
        #expect(HomeScanRequestForm.normalizedPostcode("1234ab") == "1234 AB")
        for wrong in ["0123 AB", "123 AB", "12345 AB", "1234 A1", "1234 ABC", "ABCD 12", "1234", "", "１２３４ AB"] {
            #expect(HomeScanRequestForm.normalizedPostcode(wrong) == nil, "\(wrong)")
        }
        for right in ["0612345678", "06-12345678", "+31 6 12345678", "(050) 123 45 67"] {
            #expect(HomeScanRequestForm.isPhone(right), "\(right)")
        }
        for wrong in ["12345", "06-1234567a", "+31+612345678", "0612345678901234", "bel me"] {
            #expect(!HomeScanRequestForm.isPhone(wrong), "\(wrong)")
        }
    }

    @Test("Every wrong field of the request form gets its own message, and only one's own municipalities can be chosen")
    func badForm() {
        let empty = HomeScanRequestForm(values: [:]).problems(municipalities: ["GM0014"])
        #expect(
            empty == [
                FieldError(field: "office", message: "woningscan.error.office"),
                FieldError(field: "municipality", message: "woningscan.error.municipality"),
                FieldError(field: "phone", message: "woningscan.error.phone"),
                FieldError(field: "street", message: "woningscan.error.street"),
                FieldError(field: "postcode", message: "woningscan.error.postcode"),
                FieldError(field: "place", message: "woningscan.error.place"),
            ])
        var values = Self.good
        values["office"] = "koning"
        values["phone"] = "bel me maar"
        values["street"] = "Herestraat"
        values["postcode"] = "97111 LK"
        values["availability"] = String(repeating: "a", count: HomeScanRequestForm.maxAvailability + 1)
        values["notes"] = String(repeating: "n", count: HomeScanRequestForm.maxNotes + 1)
        values["place"] = String(repeating: "p", count: HomeScanRequestForm.maxPlace + 1)
        #expect(
            HomeScanRequestForm(values: values).problems(municipalities: ["GM0014"]) == [
                FieldError(field: "office", message: "woningscan.error.office"),
                FieldError(field: "phone", message: "woningscan.error.phone_invalid"),
                FieldError(field: "street", message: "woningscan.error.street_number"),
                FieldError(field: "postcode", message: "woningscan.error.postcode_invalid"),
                FieldError(field: "place", message: "error.too_long", limit: HomeScanRequestForm.maxPlace),
                FieldError(field: "availability", message: "error.too_long", limit: HomeScanRequestForm.maxAvailability),
                FieldError(field: "notes", message: "error.too_long", limit: HomeScanRequestForm.maxNotes),
            ])
        #expect(
            HomeScanRequestForm(values: Self.good).problems(municipalities: ["GM0363"]) == [
                FieldError(field: "municipality", message: "woningscan.error.municipality")
            ], "a municipality the person holds no role in")
        values = Self.good
        values["phone"] = String(repeating: "0", count: 21)
        #expect(
            HomeScanRequestForm(values: values).problems(municipalities: ["GM0014"]) == [
                FieldError(field: "phone", message: "error.too_long", limit: HomeScanRequestForm.maxPhone)
            ])
    }

    @Test("Anyone with a role in a municipality may request for it; programme staff's role names none")
    func whoMayRequest() {
        let memberships = [
            Membership(role: .raadslid, municipalityCode: "GM0014"), Membership(role: .burgemeester, municipalityCode: "GM0014"),
            Membership(role: .begeleider, municipalityCode: "GM0363"), Membership(role: .programma, municipalityCode: nil),
        ]
        #expect(HomeScanAccess.municipalities(forRequesting: memberships) == ["GM0014", "GM0363"])
        #expect(HomeScanAccess.municipalities(forRequesting: [Membership(role: .programma, municipalityCode: nil)]).isEmpty)
        #expect(
            HomeScanAccess.allows(isStaff: true, isHandler: false, .list) && HomeScanAccess.allows(isStaff: true, isHandler: false, .take))
        #expect(!HomeScanAccess.allows(isStaff: true, isHandler: false, .handle), "another staff member does not read the address")
        #expect(HomeScanAccess.allows(isStaff: true, isHandler: true, .handle))
        #expect(
            !HomeScanAccess.allows(isStaff: false, isHandler: true, .handle)
                && !HomeScanAccess.allows(isStaff: false, isHandler: false, .list))
    }

    let anouk = UUID()
    let bram = UUID()
    let today = "2026-12-03"

    @Test("A request is taken, planned and done; only the handler who took it plans or finishes it")
    func workflow() throws {
        let new = HomeScanState(status: .aangevraagd, handler: nil, plannedOn: nil)
        let taken = try HomeScanWorkflow.take(new, by: anouk)
        #expect(taken == HomeScanState(status: .aangevraagd, handler: anouk, plannedOn: nil))
        #expect(throws: StoreFailure.conflict("woningscan.error.taken")) { try HomeScanWorkflow.take(taken, by: bram) }
        #expect(throws: StoreFailure.notAllowed("woningscan.error.not_handler")) {
            try HomeScanWorkflow.plan(new, on: "2026-12-10", by: anouk, today: today)
        }
        #expect(throws: StoreFailure.notAllowed("woningscan.error.not_handler")) {
            try HomeScanWorkflow.plan(taken, on: "2026-12-10", by: bram, today: today)
        }
        #expect(throws: StoreFailure.conflict("woningscan.error.plan_first")) {
            try HomeScanWorkflow.finish(taken, advice: "Sloten vervangen.", by: anouk)
        }
        let planned = try HomeScanWorkflow.plan(taken, on: "10-12-2026", by: anouk, today: today)
        #expect(planned == HomeScanState(status: .ingepland, handler: anouk, plannedOn: "2026-12-10"), "a Dutch date is read too")
        let moved = try HomeScanWorkflow.plan(planned, on: "2026-12-17", by: anouk, today: today)
        #expect(moved.plannedOn == "2026-12-17" && moved.status == .ingepland, "the visit can be moved")
        #expect(throws: StoreFailure.notAllowed("woningscan.error.not_handler")) {
            try HomeScanWorkflow.finish(moved, advice: "Sloten vervangen.", by: bram)
        }
        let (done, advice) = try HomeScanWorkflow.finish(moved, advice: "  Sloten vervangen.\n", by: anouk)
        #expect(done == HomeScanState(status: .uitgevoerd, handler: anouk, plannedOn: "2026-12-17") && advice == "Sloten vervangen.")
        #expect(throws: StoreFailure.conflict("woningscan.error.done")) {
            try HomeScanWorkflow.finish(done, advice: "Nog eens.", by: anouk)
        }
        #expect(throws: StoreFailure.conflict("woningscan.error.done")) {
            try HomeScanWorkflow.plan(done, on: "2026-12-20", by: anouk, today: today)
        }
    }

    @Test("The visit's day is a real day from today up to a year ahead; the advice is required and bounded")
    func planAndFinishInput() throws {
        let taken = HomeScanState(status: .aangevraagd, handler: anouk, plannedOn: nil)
        func refusal(_ day: String) -> String? {
            do {
                _ = try HomeScanWorkflow.plan(taken, on: day, by: anouk, today: today)
                return nil
            } catch let failure as StoreFailure {
                guard case .fields(let errors) = failure else { return "\(failure)" }
                return errors.first?.message
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("2026-12-03") == nil, "today")
        #expect(refusal("2027-12-03") == nil, "a year ahead")
        #expect(refusal("") == "woningscan.error.date")
        #expect(refusal("morgen") == "woningscan.error.date_invalid")
        #expect(refusal("2026-02-30") == "woningscan.error.date_invalid")
        #expect(refusal("2026-12-02") == "woningscan.error.date_past")
        #expect(refusal("2027-12-04") == "woningscan.error.date_far")
        let planned = HomeScanState(status: .ingepland, handler: anouk, plannedOn: "2026-12-10")
        #expect(throws: StoreFailure.fields([FieldError(field: "advice", message: "woningscan.error.advice")])) {
            try HomeScanWorkflow.finish(planned, advice: "  ", by: anouk)
        }
        #expect(
            throws: StoreFailure.fields([FieldError(field: "advice", message: "error.too_long", limit: HomeScanWorkflow.maxAdvice)])
        ) {
            try HomeScanWorkflow.finish(planned, advice: String(repeating: "a", count: HomeScanWorkflow.maxAdvice + 1), by: anouk)
        }
    }
}
