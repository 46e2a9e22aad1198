import DemocracyKit
import Fluent
import Foundation
import Vapor

/// Two burgerberaden by lot, run through the same steps a coordinator takes: Demodorp's on the energy transition
/// (5,000 addresses, 600 letters, about 60 registered, registration closed) and Voorbeeldstad's on housing (2,000
/// addresses, 200 letters, registration still open). The addresses are made up; Demodorp and Voorbeeldstad do not
/// exist.
enum DemoLottery {
    struct Plan {
        let code: String
        let title: String
        let areas: [String]
        let streets: [String]
        let postcode: String
        let place: String
        let addresses: Int
        /// The number read out in the council, and where; the day is added from the demo's calendar.
        let number: String
        let meeting: String
        let letters: Int
        let volunteers: Int
        let closes: Bool
        let startedDaysAgo: Int
    }

    static let plans = [
        Plan(
            code: "GM9901", title: "Burgerberaad over de energietransitie", areas: ["Centrum", "Noord", "Zuid", "Buitengebied"],
            streets: [
                "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Beukenlaan", "Eikenlaan", "Julianastraat", "Wilhelminalaan",
                "Prins Bernhardweg", "Nieuwe Weg", "Veldweg", "Kastanjelaan", "Lindenlaan", "Populierenweg", "Akkerstraat",
                "Korenbloemstraat", "Zonnebloemstraat", "Vlinderweg", "Brinkweg", "Stationsweg", "Havenstraat", "Sportlaan",
                "Berkenhof", "Esdoornlaan", "Hoge Dijk",
            ], postcode: "3999", place: "Demodorp", addresses: 5_000, number: "58213",
            meeting: "agendapunt 6, burgerberaad energietransitie",
            letters: 600, volunteers: 60, closes: true, startedDaysAgo: 42),
        Plan(
            code: "GM9902", title: "Burgerberaad over betaalbaar wonen", areas: ["Binnenstad", "Noord", "Oost", "Zuid", "West"],
            streets: [
                "Marktstraat", "Stationsplein", "Spoorlaan", "Parkweg", "Rijnstraat", "Maasstraat", "IJssellaan", "Waalkade",
                "Oranjesingel", "Burgemeester de Boerlaan", "Tuinstraat", "Ringbaan Oost", "Ringbaan West", "Zuiderpark", "Noorderhaven",
            ], postcode: "6999", place: "Voorbeeldstad", addresses: 2_000, number: "3306", meeting: "mededelingen van de burgemeester",
            letters: 200, volunteers: 12, closes: false, startedDaysAgo: 25),
    ]

    static let firstNames = [
        "Anna", "Bram", "Chantal", "Daan", "Esra", "Femke", "Gijs", "Hanneke", "Ilse", "Jeroen", "Karim", "Lotte", "Mohamed", "Noor",
        "Olga", "Pim", "Rachida", "Sem", "Tamara", "Uzay", "Vera", "Willem", "Yara", "Zeynep",
    ]
    static let lastNames = [
        "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
        "van Dijk", "Yilmaz", "El Amrani", "Kramer", "van Leeuwen", "de Groot", "Willems", "Postma",
    ]

    static func run(app: Application, coordinators: [String: (UUID, String)]) async throws {
        for plan in plans where try await LotteryRecord.query(on: app.db).filter(\.$municipalityCode == plan.code).count() == 0 {
            guard let (id, name) = coordinators[plan.code] else { continue }
            let user = CurrentUser(id: id, name: name, email: "", memberships: [Membership(role: .trekker, municipalityCode: plan.code)])
            try await run(plan, by: user, app: app)
        }
    }

    /// The panel of 24, balanced on CBS-like shares for a municipality of Demodorp's size, from a seed announced
    /// in a later council meeting.
    private static func select(_ record: LotteryRecord, plan: Plan, meetingDaysAgo: Int, app: Application) async throws {
        let shares: [String: String] = [
            "leeftijd-16-24": "14", "leeftijd-25-44": "30", "leeftijd-45-64": "32", "leeftijd-65+": "24", "geslacht-vrouw": "50,3",
            "geslacht-man": "49,2", "geslacht-anders": "0,5", "wijk-w1": "30", "wijk-w2": "25", "wijk-w3": "25", "wijk-w4": "20",
            "opleiding-laag": "28", "opleiding-middelbaar": "38", "opleiding-hoog": "34",
        ]
        let meeting = Format.day(Format.day(Format.moment(app.clock.now(), addingDays: -meetingDaysAgo)), .nl)
        var values = Dictionary(uniqueKeysWithValues: shares.map { ("share-" + $0.key, $0.value) })
        values["panel"] = "24"
        values["selectionSeed"] = "Raadsvergadering \(meeting): 7730"
        values["selectionAnnounced"] = "Raadsvergadering van \(meeting), \(plan.meeting)"
        let volunteers = try await LotteryStore.volunteerCount(of: record, on: app.db)
        let form = try LotterySelectionForm.read(values, criteria: record.criteria, volunteers: volunteers, language: .nl)
        try await LotteryStore.select(form, useNearest: true, on: record, app: app)
    }

    private static func run(_ plan: Plan, by user: CurrentUser, app: Application) async throws {
        let record = try await LotteryStore.create(
            title: plan.title, areas: plan.areas.joined(separator: "\n"), of: plan.code, by: user, app: app)
        let file =
            "straat;huisnummer;postcode;woonplaats\n"
            + (0..<plan.addresses).map { index in
                let street = plan.streets[index % plan.streets.count]
                let number = index / plan.streets.count + 1
                let letters = ["AA", "AB", "AC", "AD", "AE", "AG", "AH", "AJ"][index % plan.streets.count % 8]
                return "\(street);\(number);\(plan.postcode) \(letters);\(plan.place)"
            }.joined(separator: "\n")
        try await LotteryStore.upload(file, to: record, app: app)
        let now = app.clock.now()
        let meeting = Format.day(Format.day(Format.moment(now, addingDays: -plan.startedDaysAgo + 7)), .nl)
        try await LotteryStore.publishSeed(
            "Raadsvergadering \(meeting): \(plan.number)", announced: "Raadsvergadering van \(meeting), \(plan.meeting)", on: record,
            app: app)
        try await LotteryStore.draw(letters: String(plan.letters), on: record, app: app)
        // Every tenth letter or so says yes, as in a real call: more older and more educated people.
        let letters = try await LotteryStore.letters(of: record, app: app)
        let pool = ExamplePool.volunteers(plan.volunteers, seed: plan.code)
        let areaIDs = ["centrum": "w1", "noord": "w2", "zuid": "w3", "buitengebied": "w4"]
        for (index, volunteer) in pool.enumerated() {
            let letter = letters[(index * letters.count) / plan.volunteers]
            let first = firstNames[(index * 7) % firstNames.count]
            let last = lastNames[(index * 11) % lastNames.count]
            var features = volunteer.features
            // Voorbeeldstad has five areas; its fifth gets every fifth volunteer.
            features["wijk"] = plan.areas.count > 4 && index % 5 == 4 ? "w5" : areaIDs[volunteer.features["wijk"] ?? ""] ?? "w1"
            let email = (first + "." + last).lowercased().replacingOccurrences(of: " ", with: "") + "@example.nl"
            try await LotteryStore.register(
                LotteryRegistration(
                    code: letter.code, features: features, name: "\(first) \(last)", email: index % 4 == 3 ? "" : email,
                    phone: index % 4 == 3 ? "06 \(String(format: "%08d", 12_345_678 + index * 97))" : ""),
                for: record, from: "demo", app: app)
        }
        if plan.closes {
            try await LotteryStore.closeRegistration(record, app: app)
            try await select(record, plan: plan, meetingDaysAgo: 4, app: app)
        }
        // Dated as the steps would have been taken: made, seed announced, drawn, closed.
        record.createdAt = Format.moment(now, addingDays: -plan.startedDaysAgo)
        record.seedPublishedAt = Format.moment(now, addingDays: -plan.startedDaysAgo + 7)
        record.drawnAt = Format.moment(now, addingDays: -plan.startedDaysAgo + 8)
        if plan.closes { record.registrationClosedAt = Format.moment(now, addingDays: -5) }
        try await record.save(on: app.db)
    }
}
