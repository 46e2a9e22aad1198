import DemocracyKit
import Foundation
import Testing

@Suite("Burgerberaad by lot, step 1: the address file, the published seed and a draw anyone can repeat")
struct LotteryDrawTests {
    static let file = """
        straat;huisnummer;postcode;woonplaats
        Dorpsstraat;1;9999 AA;Demodorp
        Kerkweg;12a;9999 AB;Demodorp
        Molenlaan;3;9999 AC;Demodorp
        Schoolstraat;7;9999 AD;Demodorp
        Havenkade;21;9999 AE;Demodorp
        """

    @Test("A header, a byte order mark, Windows line ends, empty lines and repeated addresses are read as the doc says, and counted")
    func messyFileIsRead() throws {
        // setup: the same addresses with a BOM, CR LF, blank lines, a repeat in other case and spacing
        let messy =
            "\u{FEFF}" + Self.file.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\n  \r\ndorpsstraat ; 1;9999  AA;DEMODORP\r\n"
        // act
        let sample = try AddressSample.read(messy)
        // check
        #expect(sample.addresses.count == 5)
        #expect(sample.addresses.first == "dorpsstraat, 1, 9999 aa, demodorp")
        #expect(sample.lines == 9)
        #expect(sample.emptyLines == 2)
        #expect(sample.duplicates == 1)
        #expect(sample.skipped == 1, "the header has no number")
        #expect(sample.fingerprint == (try AddressSample.read(Self.file)).fingerprint, "the same addresses give the same fingerprint")
    }

    @Test("One address a line with commas reads the same as the same address in columns")
    func columnsAndCommasAgree() {
        #expect(AddressSample.normalize("Kerkweg 12a, 9999 AB  Demodorp") == "kerkweg 12a, 9999 ab demodorp")
        #expect(AddressSample.normalize("\"Kerkweg 12a\";\"9999 AB Demodorp\"") == "kerkweg 12a, 9999 ab demodorp")
    }

    @Test("A file without addresses, with an over-long line or with more lines than allowed is refused with a message")
    func badFilesAreRefused() {
        #expect(throws: StoreFailure.fields([FieldError(field: "addresses", message: "lottery.error_no_addresses")])) {
            try AddressSample.read("\u{FEFF}\n\nstraat;plaats\n")
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "addresses", message: "lottery.error_line_too_long", limit: 2)])) {
            try AddressSample.read("Dorpsstraat 1\n" + String(repeating: "a", count: 301) + " 1\n")
        }
        let tooMany = String(repeating: "Dorpsstraat 1\n", count: AddressSample.maxLines + 1)
        #expect(
            throws: StoreFailure.fields([
                FieldError(field: "addresses", message: "lottery.error_too_many_lines", limit: AddressSample.maxLines)
            ])
        ) {
            try AddressSample.read(tooMany)
        }
    }

    @Test("The draw matches the doc's Python lines: the lowest SHA-256 tickets of seed and address, whatever the file's order")
    func drawMatchesTheReference() throws {
        // setup: figures computed with Python's hashlib as docs/lottery.md shows
        let sample = try AddressSample.read(Self.file)
        let reversed = try AddressSample.read(Self.file.split(separator: "\n").reversed().joined(separator: "\n"))
        // act
        let drawn = try Lottery.draw(sample, count: 2, seed: "4711")
        // check
        #expect(drawn.count == 2)
        #expect(try Lottery.draw(reversed, count: 2, seed: "4711") == drawn)
        #expect(
            Lottery.ticket("4711", "dorpsstraat 1, 9999 aa demodorp") == "4652e30c9a9f885243d6cf1e3a437e7bc7af617e8a19f2f6c5e422d32d7de7cc")
        let plain = try AddressSample.read(
            [
                "Dorpsstraat 1, 9999 AA Demodorp", "Kerkweg 12a, 9999 AB Demodorp", "Molenlaan 3, 9999 AC Demodorp",
                "Schoolstraat 7, 9999 AD Demodorp", "Havenkade 21, 9999 AE Demodorp",
            ]
            .joined(separator: "\n"))
        let plainDraw = try Lottery.draw(plain, count: 2, seed: "4711")
        #expect(plainDraw == ["molenlaan 3, 9999 ac demodorp", "dorpsstraat 1, 9999 aa demodorp"])
        #expect(plain.fingerprint == "585c0f0caacfb4fbc33077a96f649c4834d1ed583d3b338fd6af993d81cc67ae")
        #expect(Lottery.fingerprint(of: plainDraw) == "f2cb4bd7b8ca89551894d14bbc7850cc35721f9427ac3aea5ac78b3b22cf78c7")
        #expect(try Lottery.draw(plain, count: 2, seed: "4712") != plainDraw, "another seed gives another draw")
    }

    @Test("More letters than addresses, or none, is refused with the number of addresses there are")
    func letterCountIsChecked() throws {
        let sample = try AddressSample.read(Self.file)
        #expect(throws: StoreFailure.fields([FieldError(field: "letters", message: "lottery.error_more_letters_than_addresses", limit: 5)]))
        {
            try Lottery.draw(sample, count: 6, seed: "1")
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "letters", message: "lottery.error_letters_count")])) {
            try Lottery.draw(sample, count: 0, seed: "1")
        }
    }

    @Test("Every address is about equally likely to be drawn")
    func drawIsUniform() throws {
        // setup: 20 addresses, 5 letters, 4,000 seeds: each address expects 1,000 draws
        let sample = try AddressSample.read((1...20).map { "Dorpsstraat \($0)" }.joined(separator: "\n"))
        var counts: [String: Int] = [:]
        // act
        for seed in 0..<4_000 { for address in try Lottery.draw(sample, count: 5, seed: String(seed)) { counts[address, default: 0] += 1 } }
        // check: a chi-square with 19 degrees of freedom stays below 43.8 (p = 0.001) for a fair draw
        let chiSquare = counts.values.reduce(0.0) { $0 + pow(Double($1) - 1_000, 2) / 1_000 }
        #expect(counts.count == 20)
        #expect(chiSquare < 43.8, "chi-square \(chiSquare)")
    }

    @Test("A seed is trimmed, and refused when empty, too long or holding characters nobody can read out")
    func seedIsChecked() throws {
        #expect(try LotterySeed.read("  8 december  2026: 4711 ") == "8 december 2026: 4711")
        #expect(throws: StoreFailure.fields([FieldError(field: "seed", message: "lottery.error_seed_required")])) {
            try LotterySeed.read(" \n ")
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "seed", message: "error.too_long", limit: 100)])) {
            try LotterySeed.read(String(repeating: "9", count: 101))
        }
        #expect(throws: StoreFailure.fields([FieldError(field: "seed", message: "lottery.error_seed_characters")])) {
            try LotterySeed.read("4711\u{200B}")
        }
    }

    @Test("Registration codes are typed forgivingly and a code with a look-alike or the wrong length is no code")
    func codesAreForgiving() {
        var generator = SeededGenerator(seed: "codes", purpose: "test")
        let code = RegistrationCode.make(using: &generator)
        #expect(code.count == 14)
        #expect(RegistrationCode.normalize(code.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
        #expect(RegistrationCode.normalize("ABCD-EFGH-JK0M") == nil, "0 is not in the alphabet")
        #expect(RegistrationCode.normalize("ABCD-EFGH") == nil)
    }
}

func skewedPool(_ size: Int) -> [Volunteer] { ExamplePool.volunteers(size, seed: "pool") }

func populationQuotas(panel: Int) -> Quotas { ExamplePool.quotas(panelSize: panel) }

@Suite("Burgerberaad by lot, step 2: a panel that meets the quotas, with chances as equal as the quotas allow")
struct PanelSelectionTests {
    @Test("Quotas from CBS shares are the panel's share rounded down and up")
    func quotasFromShares() {
        let quotas = populationQuotas(panel: 24)
        let age = quotas.criteria[0].values
        #expect(age.map(\.minimum) == [3, 7, 7, 5])
        #expect(age.map(\.maximum) == [4, 8, 8, 6])
        #expect(quotas.criteria[1].values[2].minimum == 0, "1% of 24 seats is less than one")
    }

    @Test("Both methods meet every quota, give the same panel for the same seed, and the balanced one lifts the least chance")
    func bothMethodsMeetQuotas() throws {
        // setup
        let pool = skewedPool(300)
        let quotas = populationQuotas(panel: 30)
        let selector = PanelSelector(volunteers: pool, quotas: quotas)
        // act
        let legacy = try selector.select(seed: "raad 12 mei", method: .legacy, runs: 300)
        let balanced = try selector.select(seed: "raad 12 mei", method: .balanced, runs: 300)
        // check
        for selection in [legacy, balanced] {
            #expect(selection.panel.count == 30)
            #expect(Set(selection.panel).count == 30)
            let counts = selection.counts(in: pool)
            for criterion in quotas.criteria {
                for value in criterion.values {
                    let count = counts[criterion.id]?[value.id] ?? 0
                    #expect(count >= value.minimum && count <= value.maximum, "\(selection.method) \(criterion.id) \(value.id): \(count)")
                }
            }
            let sum = selection.probabilities.values.reduce(0, +)
            #expect(abs(sum - 30) < 0.5, "the chances add up to the panel's size")
        }
        #expect(try selector.select(seed: "raad 12 mei", method: .balanced, runs: 300) == balanced)
        #expect(try selector.select(seed: "raad 12 mei", method: .legacy, runs: 300) == legacy)
        #expect(balanced.minimumProbability > legacy.minimumProbability)
        #expect(balanced.minimumProbability <= balanced.upperBound + 1e-9)
    }

    @Test("Quotas the pool cannot meet name the value and the shortfall, and the nearest quotas can be met")
    func impossibleQuotasSayWhyAndOfferTheNearest() throws {
        // setup: only a few young volunteers for a panel that needs at least 10 of them
        var pool = skewedPool(80)
        pool = pool.filter { $0.features["leeftijd"] != "16-24" } + pool.filter { $0.features["leeftijd"] == "16-24" }.prefix(2)
        var quotas = populationQuotas(panel: 24)
        quotas.criteria[0].values[0].minimum = 10
        quotas.criteria[0].values[0].maximum = 10
        // act
        let problems = quotas.problems(for: pool)
        // check
        #expect(problems.contains(.tooFewWithValue(criterion: "Leeftijd", value: "16 tot 25 jaar", minimum: 10, available: 2)))
        #expect(problems.contains(.minimumsAbovePanel(criterion: "Leeftijd", total: 29, panelSize: 24)))
        #expect(throws: SelectionFailure.self) {
            try PanelSelector(volunteers: pool, quotas: quotas).select(seed: "1", method: .legacy, runs: 10)
        }
        let nearest = quotas.nearest(for: pool)
        #expect(nearest.criteria[0].values[0].minimum == 2)
        #expect(nearest.problems(for: pool).isEmpty)
        let panel = try PanelSelector(volunteers: pool, quotas: nearest).select(seed: "1", method: .balanced, runs: 100)
        #expect(panel.panel.count == 24)
    }

    @Test("Fewer volunteers than seats is a problem with both figures, and the nearest panel is the whole pool")
    func tooFewVolunteers() {
        let pool = skewedPool(10)
        let quotas = populationQuotas(panel: 24)
        #expect(quotas.problems(for: pool).first == .tooFewVolunteers(available: 10, panelSize: 24))
        #expect(quotas.nearest(for: pool).panelSize == 10)
    }

    @Test("A volunteer whose answer is no value of a criterion is not in the pool")
    func unknownValuesAreNotEligible() {
        let pool =
            [Volunteer(id: "a", features: ["leeftijd": "12-15", "geslacht": "vrouw", "wijk": "noord", "opleiding": "laag"])]
            + skewedPool(50)
        let selector = PanelSelector(volunteers: pool, quotas: populationQuotas(panel: 10))
        #expect(selector.pool.count == 50)
    }
}

@Suite("Burgerberaad by lot: the steps in their order")
struct LotteryWorkflowTests {
    /// The message key of the refusal, or nil when the step is allowed.
    func refusal(_ step: LotteryStep, from status: LotteryStatus, hasAddresses: Bool = true) -> String? {
        do {
            _ = try LotteryWorkflow.next(step, from: status, hasAddresses: hasAddresses)
            return nil
        } catch {
            guard case .conflict(let key) = error else { return "unexpected" }
            return key
        }
    }

    @Test("Each step leads to the next status and is allowed only there; the panel can end only once it is chosen, and only once")
    func order() throws {
        #expect(try LotteryWorkflow.next(.publishSeed, from: .concept, hasAddresses: true) == .startgetal)
        #expect(try LotteryWorkflow.next(.draw, from: .startgetal, hasAddresses: true) == .uitgenodigd)
        #expect(try LotteryWorkflow.next(.closeRegistration, from: .uitgenodigd, hasAddresses: true) == .aanmeldingGesloten)
        #expect(try LotteryWorkflow.next(.select, from: .aanmeldingGesloten, hasAddresses: true) == .gekozen)
        #expect(try LotteryWorkflow.next(.finish, from: .gekozen, hasAddresses: true) == .afgerond)
        #expect(refusal(.publishSeed, from: .concept, hasAddresses: false) == "lottery.error_addresses_first")
        #expect(refusal(.uploadAddresses, from: .startgetal) == "lottery.error_file_fixed")
        #expect(refusal(.register, from: .afgerond) == "lottery.error_registration_closed")
        #expect(refusal(.select, from: .afgerond) == "lottery.error_already_selected")
        #expect(refusal(.finish, from: .aanmeldingGesloten) == "lottery.error_select_first")
        #expect(refusal(.finish, from: .afgerond) == "lottery.error_already_finished")
    }
}
