import DemocracyKit
import Foundation
import Testing

@Suite("Focus areas, pillars and the trajectory")
struct ProgrammeTests {
    @Test("There are exactly seven focus areas, numbered 1 to 7, with unique slugs and both languages")
    func sevenFocusAreas() {
        #expect(FocusArea.allCases.map(\.rawValue) == Array(1...7))
        #expect(Set(FocusArea.allCases.map(\.slug)).count == 7)
        for area in FocusArea.allCases {
            #expect(FocusArea(slug: area.slug) == area)
            #expect(!area.name.nl.isEmpty && !area.name.en.isEmpty && area.name.nl != area.name.en)
            #expect(!area.summary.nl.isEmpty && !area.summary.en.isEmpty)
        }
        #expect(FocusArea.weerbaarBestuur.name(.nl) == "Weerbaar bestuur")
    }

    @Test("The offer has three pillars and the trajectory eight steps in order")
    func pillarsAndSteps() {
        #expect(Pillar.allCases.map { $0.name(.nl) } == ["Lokaal maatwerk", "Innovatietrajecten", "Leren van elkaar"])
        #expect(TrajectoryStep.allCases.count == 8)
        #expect(TrajectoryStep.allCases.first == .aanmelding && TrajectoryStep.allCases.last == .herhaalscan)
    }
}

@Suite("Municipality reference data")
struct MunicipalityDataTests {
    @Test("CBS codes are GM and four digits; typed codes are normalised")
    func codes() {
        #expect(MunicipalityCode.isValid("GM0363"))
        for bad in ["GM363", "gm0363", "GM03630", "XX0363", "GM03a3", ""] { #expect(!MunicipalityCode.isValid(bad)) }
        #expect(MunicipalityCode.normalized(" gm0363 ") == "GM0363")
        #expect(MunicipalityCode.normalized("Amsterdam") == nil)
    }

    @Test("The CSV reader handles quoted fields with commas")
    func quotedField() throws {
        let text = "code,name,province,population\nGM0820,\"Nuenen, Gerwen en Nederwetten\",Noord-Brabant,23500\n"
        let records = try MunicipalityCSV.parse(text, validFrom: "2025-01-01")
        #expect(
            records == [
                MunicipalityRecord(
                    code: "GM0820", name: "Nuenen, Gerwen en Nederwetten", province: "Noord-Brabant",
                    population: 23500, validFrom: "2025-01-01")
            ])
    }

    @Test(
        "A wrong CSV line is reported with its line number and reason",
        arguments: [
            ("code,name,province,population\nGM0014,Groningen,Groningen\n", 2, "expected 4 fields"),
            ("code,name,province,population\nGM14,Groningen,Groningen,1\n", 2, "is not a CBS code"),
            ("code,name,province,population\nGM0014,Groningen,Atlantis,1\n", 2, "is not a province"),
            ("code,name,province,population\nGM0014,Groningen,Groningen,veel\n", 2, "is not a population"),
            ("code,name,province,population\nGM0014,A,Groningen,1\nGM0014,B,Groningen,1\n", 3, "appears twice"),
            ("gemeente,naam\n", 1, "expected the header"),
        ])
    func badLines(text: String, line: Int, reason: String) {
        #expect { try MunicipalityCSV.parse(text, validFrom: "2025-01-01") } throws: { error in
            guard let error = error as? MunicipalityCSV.ParseError else { return false }
            return error.line == line && error.reason.contains(reason)
        }
    }

    @Test("Size classes follow the number of inhabitants")
    func sizeClasses() {
        #expect(SizeClass(population: 19_999) == .upTo20k)
        #expect(SizeClass(population: 20_000) == .from20kTo50k)
        #expect(SizeClass(population: 99_999) == .from50kTo100k)
        #expect(SizeClass(population: 238_147) == .from100k)
    }
}

@Suite("Who may see what")
struct AccessTests {
    @Test("A municipality's people and programme staff see its non-public pages; others do not")
    func nonPublicAccess() {
        let coordinator = [Membership(role: .trekker, municipalityCode: "GM0014")]
        let facilitator = [
            Membership(role: .begeleider, municipalityCode: "GM0014"), Membership(role: .begeleider, municipalityCode: "GM0037"),
        ]
        let staff = [Membership(role: .programma, municipalityCode: nil)]
        #expect(Access.canSeeNonPublic(ofMunicipality: "GM0014", memberships: coordinator))
        #expect(!Access.canSeeNonPublic(ofMunicipality: "GM0363", memberships: coordinator))
        #expect(Access.canSeeNonPublic(ofMunicipality: "GM0037", memberships: facilitator))
        #expect(Access.canSeeNonPublic(ofMunicipality: "GM0363", memberships: staff))
        #expect(!Access.canSeeNonPublic(ofMunicipality: "GM0014", memberships: []))
        #expect(Access.municipalities(of: facilitator) == ["GM0014", "GM0037"])
        #expect(Access.isProgrammeStaff(staff) && !Access.isProgrammeStaff(facilitator))
    }
}

@Suite("Forms and validation")
struct ValidationTests {
    @Test(
        "Email addresses need one @ and a domain with a dot, and nothing that could end an address in a mail header",
        arguments: [
            ("griffie@gemeente.nl", true), ("a.b+c@sub.gemeente.nl", true),
            ("griffie.gemeente.nl", false), ("@gemeente.nl", false), ("griffie@", false), ("griffie@gemeente", false),
            ("grif fie@gemeente.nl", false), ("a@b@c.nl", false), ("griffie@gemeente..nl", false),
            ("josé.de-vries@súdwest-fryslân.nl", true), ("<griffie@gemeente.nl>", false), ("griffie@gemeente.nl>", false),
            ("griffie@gemeente.nl\r\nBcc: x@evil.nl", false), ("\"griffie\"@gemeente.nl", false), ("a,b@gemeente.nl", false),
        ])
    func emails(address: String, valid: Bool) {
        #expect(Validate.isEmail(address) == valid)
    }

    @Test("New passwords need 10 characters, at most 72 bytes, and the same confirmation")
    func passwords() {
        #expect(Validate.newPassword("kort", confirmation: "kort").map(\.message) == ["error.password_short"])
        #expect(
            Validate.newPassword(String(repeating: "é", count: 40), confirmation: String(repeating: "é", count: 40)).map(\.message) == [
                "error.password_long"
            ])
        #expect(Validate.newPassword("lang-genoeg-1", confirmation: "anders").map(\.field) == ["passwordConfirmation"])
        #expect(Validate.newPassword("lang-genoeg-1", confirmation: "lang-genoeg-1").isEmpty)
        let common = Validate.commonPasswords(fromList: "# a comment\nwachtwoord123\nqwertyuiop\n")
        #expect(common == ["wachtwoord123", "qwertyuiop"])
        #expect(
            Validate.newPassword("Wachtwoord123", confirmation: "Wachtwoord123", common: common).map(\.message) == ["error.password_common"]
        )
        #expect(Validate.newPassword("Raadhuisplein-1-Sanne", confirmation: "Raadhuisplein-1-Sanne", common: common).isEmpty)
    }

    @Test("A sign-up reports every problem at once, and a municipality that takes part already; one that waits does not block")
    func signupForm() {
        let empty = SignupForm().validate(municipalityStanding: .unknown)
        #expect(Set(empty.map(\.field)) == ["municipalityCode", "contactName", "contactFunction", "email", "acceptsTerms"])
        let good = SignupForm(
            municipalityCode: "GM0014", contactName: "Ineke", contactFunction: "griffier",
            email: "griffie@groningen.nl", acceptsTerms: true)
        #expect(good.validate(municipalityStanding: .available).isEmpty)
        #expect(good.validate(municipalityStanding: .signupPending).isEmpty)
        #expect(good.validate(municipalityStanding: .alreadyParticipating).map(\.message) == ["error.municipality_participates"])
        var long = good
        long.contactName = String(repeating: "x", count: 10_000)
        #expect(
            long.validate(municipalityStanding: .available) == [FieldError(field: "contactName", message: "error.too_long", limit: 120)])
    }

    @Test("Only a submitted sign-up can be accepted or rejected")
    func signupTransitions() {
        #expect(SignupStatus.submitted.canMove(to: .accepted))
        #expect(SignupStatus.submitted.canMove(to: .rejected))
        #expect(!SignupStatus.accepted.canMove(to: .rejected))
        #expect(!SignupStatus.rejected.canMove(to: .accepted))
        #expect(!SignupStatus.submitted.canMove(to: .submitted))
    }
}

@Suite("Pagination, reach and formatting")
struct ListTests {
    @Test("Days back are counted on the Dutch calendar: late in a winter evening, 420 days back is not the day after in summer")
    func calendarDaysAcrossSummerTime() throws {
        // 1 December 2026, 23:15 in the Netherlands (22:15 UTC)
        let evening = try #require(ISO8601DateFormatter().date(from: "2026-12-01T22:15:00Z"))
        #expect(Format.day(Format.moment(evening, addingDays: -420)) == "2025-10-07")
        // 24-hour steps would end at 00:15 summer time, on the 8th
        #expect(Format.day(evening.addingTimeInterval(-420 * 86_400)) == "2025-10-08")
        #expect(Format.day(Format.moment(evening, addingDays: 0)) == "2026-12-01")
    }

    @Test(
        "Any requested page lands inside the list",
        arguments: [
            (nil as Int?, 1), (0, 1), (-3, 1), (2, 2), (14, 14), (15, 14), (999, 14),
        ])
    func pagination(requested: Int?, page: Int) {
        let pagination = Pagination(requestedPage: requested, perPage: 25, total: 342)
        #expect(pagination.page == page)
        #expect(pagination.pageCount == 14)
    }

    @Test("An empty list has one empty page")
    func emptyPagination() {
        let pagination = Pagination(requestedPage: 3, perPage: 25, total: 0)
        #expect(pagination.page == 1 && pagination.firstItem == 0 && pagination.lastItem == 0 && !pagination.hasNext)
    }

    @Test("Reach counts participants per province, lists every province and totals them")
    func reach() {
        let overview = Reach.overview(
            municipalities: [("GM0014", "Groningen"), ("GM0037", "Groningen"), ("GM0344", "Utrecht")],
            participating: ["GM0014", "GM0344"])
        #expect(overview.rows.count == 12)
        #expect(overview.rows.first { $0.province == "Groningen" } == ReachRow(province: "Groningen", municipalities: 2, participating: 1))
        #expect(overview.rows.first { $0.province == "Groningen" }?.percentage == 50)
        #expect(overview.rows.first { $0.province == "Zeeland" }?.percentage == 0)
        #expect(overview.total.municipalities == 3 && overview.total.participating == 2 && overview.total.percentage == 67)
    }

    @Test("Numbers and dates are written the Dutch or English way")
    func formatting() {
        #expect(Format.number(238_147, .nl) == "238.147")
        #expect(Format.number(238_147, .en) == "238,147")
        #expect(Format.number(999, .nl) == "999")
        #expect(Format.number(1_000_000, .nl) == "1.000.000")
        let date = Date(timeIntervalSince1970: 1_773_316_800)  // 12 March 2026, noon UTC
        #expect(Format.date(date, .nl) == "12 maart 2026")
        #expect(Format.date(date, .en) == "12 March 2026")
        #expect(Format.searchKey("Súdwest-Fryslân") == "sudwest-fryslan")
    }

    @Test("The login limit allows five attempts per account and address, twenty per address and fifty per account")
    func throttle() {
        let throttle = LoginThrottle.standard
        #expect(!throttle.isBlocked(pairAttempts: 5, addressAttempts: 20, accountAttempts: 50))
        #expect(throttle.isBlocked(pairAttempts: 6, addressAttempts: 6, accountAttempts: 6))
        #expect(throttle.isBlocked(pairAttempts: 1, addressAttempts: 21, accountAttempts: 1))
        #expect(throttle.isBlocked(pairAttempts: 1, addressAttempts: 1, accountAttempts: 51))
        #expect(throttle.windowMinutes == 15)
    }
}

@Suite("Email: address lists as coordinators paste them")
struct AddressListTests {
    @Test("A spreadsheet saved as CSV: byte order mark, header row, semicolons, names beside the address, duplicates")
    func spreadsheet() {
        let list = AddressList(
            parsing: "\u{FEFF}Naam;E-mail\r\nJan;Jan@Gemeente.nl\r\nPiet;piet@gemeente.nl\r\nJan;jan@gemeente.nl\r\n\r\n")
        #expect(list.addresses == ["jan@gemeente.nl", "piet@gemeente.nl"])
        #expect(list.duplicates == 1 && list.problemCount == 0)
    }

    @Test("Lines without a valid address are counted and named by line number; nothing in them is taken")
    func problems() {
        let list = AddressList(parsing: "a@gemeente.nl\ngeen adres\nb@\nCor de Vries <c@gemeente.nl>\nd@gemeente.nl\r\nBcc: x@evil.nl")
        #expect(list.addresses == ["a@gemeente.nl", "c@gemeente.nl", "d@gemeente.nl"])
        #expect(list.problems.map(\.line) == [2, 3, 6] && list.problemCount == 3)
    }

    @Test("At most 10,000 addresses at a time; the rest are counted, not taken")
    func limit() {
        let list = AddressList(parsing: (1...10_003).map { "p\($0)@gemeente.nl" }.joined(separator: "\n"))
        #expect(list.addresses.count == 10_000 && list.overLimit == 3)
    }
}
