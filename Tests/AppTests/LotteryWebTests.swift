import DemocracyKit
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Burgerberaad by lot: the coordinator draws letters with a published seed, invitees register with their code")
struct LotteryWebTests {
    static let addresses = (1...120).map { "Dorpsstraat \($0);9999 AA;Amsterdam" }

    /// A coordinator of Amsterdam signed in, with a lottery made through the form; returns the lottery's page.
    private func coordinatorWithLottery(_ app: Application) async throws -> (Browser, String) {
        try await makeUser(app, email: "trekker@amsterdam.example", name: "Sanne de Trekker", roles: [(.trekker, "GM0363")])
        let coordinator = Browser(app)
        try await coordinator.signIn("trekker@amsterdam.example")
        let index = LotteryURL.index(.value("GM0363")).path
        try await coordinator.get(index)
        let created = try await coordinator.post(
            index, ["title": "Burgerberaad over de energietransitie", "areas": "Centrum\nNoord\nZuid"])
        #expect(created.status == .seeOther)
        return (coordinator, try #require(created.location))
    }

    @Test(
        "The whole first step: the file is read and counted, the seed is published and then fixed, the letters are drawn as the verify command draws them, printed and downloaded with a record in the audit log"
    )
    func drawFromPublishedSeed() async throws {
        try await withTestApp { app in
            // setup
            let (coordinator, page) = try await coordinatorWithLottery(app)
            try await coordinator.get(page)
            let file =
                "\u{FEFF}straat;postcode;plaats\r\n" + Self.addresses.joined(separator: "\r\n") + "\r\n\r\n" + Self.addresses[0] + "\r\n"
            // act: upload, publish the seed, then try to change both
            let uploaded = try await coordinator.upload(page + "/adressen", field: "addresses", filename: "adressen.csv", content: file)
            let withFile = try await coordinator.get(page)
            let seedEmpty = try await coordinator.post(page + "/startgetal", ["seed": " ", "announced": ""])
            let published = try await coordinator.post(page + "/startgetal", ["seed": "4711", "announced": "Raadsvergadering 8 december"])
            let seedAgain = try await coordinator.post(page + "/startgetal", ["seed": "1234", "announced": "Later"])
            try await coordinator.get(page)
            let fileAgain = try await coordinator.upload(
                page + "/adressen", field: "addresses", filename: "ander.csv", content: "Kerkweg 1\n")
            let tooMany = try await coordinator.post(page + "/trekking", ["letters": "121"])
            let drawn = try await coordinator.post(page + "/trekking", ["letters": "20"])
            let drawAgain = try await coordinator.post(page + "/trekking", ["letters": "20"])
            let letters = try await coordinator.get(page + "/brieven")
            let csv = try await coordinator.get(page + "/brieven.csv")
            // check: counts on the page, the seed fixed with a message, the draw the same as the domain's
            #expect(uploaded.status == .seeOther)
            #expect(withFile.html.contains(">123<") && withFile.html.contains(">120<"), "lines and addresses are counted")
            #expect(
                seedEmpty.status == .unprocessableEntity && seedEmpty.html.contains("Vul het startgetal in dat vooraf bekend is gemaakt."))
            #expect(published.status == .seeOther)
            #expect(seedAgain.status == .conflict && seedAgain.html.contains("kan niet meer veranderen"))
            #expect(fileAgain.status == .conflict && fileAgain.html.contains("het adressenbestand niet meer veranderen"))
            #expect(tooMany.status == .unprocessableEntity && tooMany.html.contains("Het bestand heeft 120 adressen."))
            #expect(drawn.status == .seeOther)
            #expect(drawAgain.status == .conflict && drawAgain.html.contains("Een trekking kan maar één keer."))
            let record = try #require(try await LotteryRecord.query(on: app.db).first())
            let expected = try Lottery.draw(try AddressSample.read(file), count: 20, seed: "4711")
            #expect(record.drawFingerprint == Lottery.fingerprint(of: expected))
            #expect(record.addressFile == nil, "the file is let go after the draw")
            #expect(record.status == .uitgenodigd)
            #expect(letters.status == .ok)
            #expect(letters.html.components(separatedBy: "class=\"letter\"").count - 1 == 20)
            #expect(letters.html.lowercased().contains(expected[0]), "the first letter goes to the first address drawn")
            let rows = csv.body.string.split(separator: "\r\n")
            #expect(rows.count == 21 && rows[1].lowercased().contains(expected[0]))
            #expect(csv.headers.first(name: .cacheControl) == "no-store")
            let logged = try await AuditEvent.query(on: app.db).filter(\.$action == .lettersDownloaded).count()
            #expect(logged == 2)
            let stored = try await LotteryLetter.query(on: app.db).all()
            #expect(stored.allSatisfy { !$0.address.lowercased().contains("dorpsstraat") }, "addresses are sealed at rest")
            // the public account shows the fingerprints and the command, and no address
            let audit = try await Browser(app).get(LotteryURL.audit(.value(try record.requireID())).path)
            #expect(audit.status == .ok)
            #expect(audit.html.contains(try #require(record.drawFingerprint)) && audit.html.contains("dia lottery verify"))
            #expect(!audit.html.lowercased().contains("dorpsstraat"))
        }
    }

    @Test(
        "An invitee registers once with their code; a used code, a code of another draw, a wrong code, missing answers and a closed registration each get their own message"
    )
    func registerWithCode() async throws {
        // Requests come through a trusted proxy, so each browser's forwarded address counts on its own.
        try await withTestApp({ $0.trustedProxies = ["unknown"] }) { app in
            // setup: two lotteries drawn, each with its letters
            let (coordinator, page) = try await coordinatorWithLottery(app)
            let second = try await coordinatorWithLotterySecond(coordinator)
            for (index, target) in [page, second].enumerated() {
                try await coordinator.get(target)
                try await coordinator.upload(
                    target + "/adressen", field: "addresses", filename: "a.csv", content: Self.addresses.joined(separator: "\n"))
                try await coordinator.post(target + "/startgetal", ["seed": "seed \(index)", "announced": "Raad"])
                try await coordinator.post(target + "/trekking", ["letters": "5"])
            }
            let records = try await LotteryRecord.query(on: app.db).all()
            let first = try #require(records.first { page.hasSuffix($0.id?.uuidString ?? "-") })
            let other = try #require(records.first { second.hasSuffix($0.id?.uuidString ?? "-") })
            let firstCodes = try await LotteryStore.letters(of: first, app: app).map(\.code)
            let otherCode = try #require(try await LotteryStore.letters(of: other, app: app).first?.code)
            #expect(first.status == .uitgenodigd && firstCodes.count == 5)
            let register = LotteryURL.register(.value(try first.requireID())).path
            let invitee = Browser(app)
            try await invitee.get(register)
            let answers = [
                "leeftijd": "25-44", "geslacht": "vrouw", "wijk": "w2", "opleiding": "middelbaar", "name": "Eva Jansen",
                "email": "eva@example.nl",
            ]
            // act
            let empty = try await invitee.post(register, ["code": ""])
            let wrong = try await invitee.post(register, answers.merging(["code": "AAAA-BBBB-CCCC"]) { $1 })
            let ofOther = try await invitee.post(register, answers.merging(["code": otherCode]) { $1 })
            let done = try await invitee.post(
                register, answers.merging(["code": firstCodes[0].lowercased().replacingOccurrences(of: "-", with: " ")]) { $1 })
            let thanks = try await invitee.get(try #require(done.location))
            // ten more wrong codes from one network address: the eleventh wrong one in the hour is refused to wait,
            // and someone at another address can still register
            let guesser = Browser(app)
            guesser.forwardedFor = "198.51.100.7"
            try await guesser.get(register)
            var guesses: [TestingHTTPResponse] = []
            for number in 0..<11 {
                guesses.append(
                    try await guesser.post(register, answers.merging(["code": "AAAA-BBBB-CC\(number % 8 + 2)\(number % 7 + 2)"]) { $1 }))
            }
            let elsewhere = Browser(app)
            elsewhere.forwardedFor = "203.0.113.5"
            try await elsewhere.get(register)
            let fromElsewhere = try await elsewhere.post(register, answers.merging(["code": firstCodes[2]]) { $1 })
            let again = try await invitee.post(register, answers.merging(["code": firstCodes[0]]) { $1 })
            try await coordinator.get(page)
            let closed = try await coordinator.post(page + "/aanmelden-sluiten", ["close": "ja"])
            let late = try await invitee.post(register, answers.merging(["code": firstCodes[1]]) { $1 })
            // check
            #expect(empty.status == .unprocessableEntity)
            for message in [
                "Vul de code uit uw brief in.", "Kies uw leeftijd.", "Kies de wijk of het dorp waar u woont.", "Vul uw naam in.",
                "Vul een e-mailadres of een telefoonnummer in",
            ] {
                #expect(empty.html.contains(message), "\(message)")
            }
            #expect(wrong.status == .unprocessableEntity && wrong.html.contains("Deze code kennen we niet."))
            #expect(ofOther.status == .unprocessableEntity && ofOther.html.contains("Deze code hoort bij een ander burgerberaad."))
            #expect(done.status == .seeOther && thanks.html.contains("U bent aangemeld"))
            #expect(guesses.prefix(10).allSatisfy { $0.html.contains("Deze code kennen we niet.") })
            #expect(guesses[10].html.contains("U hebt te vaak een verkeerde code ingevuld. Probeer het over 60 minuten opnieuw."))
            #expect(fromElsewhere.status == .seeOther, "another address is not held back")
            #expect(again.status == .unprocessableEntity && again.html.contains("Met deze code heeft iemand zich al aangemeld."))
            #expect(again.html.contains("Eva Jansen"), "the person's input is kept")
            #expect(closed.status == .seeOther)
            #expect(late.status == .conflict && late.html.contains("Aanmelden kan niet meer"))
            let volunteers = try await LotteryVolunteer.query(on: app.db).all()
            #expect(volunteers.count == 2)
            #expect(!(volunteers.first?.contact.contains("Eva") ?? true), "contact details are sealed at rest")
        }
    }

    private func coordinatorWithLotterySecond(_ coordinator: Browser) async throws -> String {
        let index = LotteryURL.index(.value("GM0363")).path
        try await coordinator.get(index)
        let created = try await coordinator.post(index, ["title": "Burgerberaad over wonen", "areas": "Oost\nWest"])
        return try #require(created.location)
    }

    @Test("A new lottery without a name or with one area is refused with a message per field; a council member may not open the pages")
    func badInputAndAccess() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "trekker@amsterdam.example", roles: [(.trekker, "GM0363")])
            try await makeUser(app, email: "raad@amsterdam.example", roles: [(.raadslid, "GM0363")])
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@amsterdam.example")
            let member = Browser(app)
            try await member.signIn("raad@amsterdam.example")
            let index = LotteryURL.index(.value("GM0363")).path
            try await coordinator.get(index)
            // act
            let refused = try await coordinator.post(index, ["title": "", "areas": "Centrum\ncentrum"])
            let single = try await coordinator.post(index, ["title": "Beraad", "areas": "Centrum"])
            let forMember = try await member.get(index)
            // check
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.html.contains("Vul een naam in voor het burgerberaad.") && refused.html.contains("staat er twee keer in"))
            #expect(single.status == .unprocessableEntity && single.html.contains("Noem minstens twee wijken of dorpen"))
            #expect(forMember.status == .forbidden && forMember.html.contains("Alleen de trekker van de gemeente"))
            #expect(try await LotteryRecord.query(on: app.db).count() == 0)
        }
    }
    @Test(
        "Choosing the assembly: bad numbers get a message per field, quotas the registrations cannot meet say by how much and offer the nearest, which then chooses a panel that the account shows without names"
    )
    func chooseThePanel() async throws {
        try await withTestApp { app in
            // setup: a lottery with 40 registrations, closed
            let (coordinator, page) = try await coordinatorWithLottery(app)
            try await coordinator.get(page)
            try await coordinator.upload(
                page + "/adressen", field: "addresses", filename: "a.csv", content: Self.addresses.joined(separator: "\n"))
            try await coordinator.post(page + "/startgetal", ["seed": "4711", "announced": "Raad"])
            try await coordinator.post(page + "/trekking", ["letters": "100"])
            let record = try #require(try await LotteryRecord.query(on: app.db).first())
            let letters = try await LotteryStore.letters(of: record, app: app)
            let areas = ["centrum": "w1", "noord": "w2", "zuid": "w3", "buitengebied": "w1"]
            for (index, volunteer) in ExamplePool.volunteers(40, seed: "test").enumerated() {
                var features = volunteer.features
                features["wijk"] = areas[features["wijk"] ?? ""] ?? "w1"
                try await LotteryStore.register(
                    LotteryRegistration(
                        code: letters[index].code, features: features, name: "Inwoner \(index)", email: "i\(index)@example.nl", phone: ""),
                    for: record, from: "192.0.2.9", app: app)
            }
            try await coordinator.get(page)
            try await coordinator.post(page + "/aanmelden-sluiten", ["close": "ja"])
            var shares: [String: String] = [:]
            for criterion in record.criteria {
                for value in criterion.values { shares[LotterySelectionForm.shareField(criterion.id, value.id)] = "25" }
            }
            let valid = shares.merging(["panel": "12", "selectionSeed": "Raad 2: 9021", "selectionAnnounced": "Raadsvergadering"]) { $1 }
            // act
            try await coordinator.get(page)
            let bad = try await coordinator.post(page + "/selectie", valid.merging(["panel": "0", "share-leeftijd-16-24": "veel"]) { $1 })
            // a quarter "anders" asks 4 seats of 12; the registrations have fewer
            let impossible = try await coordinator.post(page + "/selectie", valid)
            let other = try await LotteryStore.pool(of: record, on: app.db).filter { $0.volunteer.features["geslacht"] == "anders" }.count
            let nearest = try await coordinator.post(page + "/selectie", valid.merging(["nearest": "ja"]) { $1 })
            let chosen = try await coordinator.get(page)
            let again = try await coordinator.post(page + "/selectie", valid)
            let audit = try await Browser(app).get(LotteryURL.audit(.value(try record.requireID())).path)
            // check
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.html.contains("Vul in hoeveel mensen het burgerberaad krijgt: van 2 tot en met 40."))
            #expect(bad.html.contains("Vul voor „16 tot 25 jaar” een percentage in van 0 tot en met 100"))
            #expect(impossible.status == .unprocessableEntity)
            #expect(other < 4)
            #expect(
                impossible.html.contains("Geslacht, Anders, of zeg ik liever niet: minstens 4 plaatsen, maar \(other) aanmelding"),
                "the shortfall is named with its figures")
            #expect(impossible.html.contains("\(4 - other) te weinig"))
            #expect(impossible.html.contains("De dichtstbijzijnde verdeling die kan"))
            #expect(nearest.status == .seeOther)
            let stored = try #require(try await LotteryRecord.query(on: app.db).first())
            #expect(stored.status == .gekozen)
            let outcome = try #require(stored.outcome)
            #expect(outcome.nearest && outcome.quotas.panelSize == 12)
            #expect(outcome.minimum <= outcome.upperBound && outcome.chances.count == 40)
            #expect(abs(outcome.chances.reduce(0, +) - 12) < 0.01, "the chances add up to the seats")
            #expect(
                outcome.panel["geslacht"]?["anders"] == other, "everyone who answered anders is on the panel, as the nearest quotas ask")
            #expect(try await LotteryVolunteer.query(on: app.db).filter(\.$selected == true).count() == 12)
            #expect(chosen.html.components(separatedBy: "Inwoner ").count - 1 == 12, "the coordinator sees the 12 members")
            #expect(again.status == .conflict && again.html.contains("Een selectie kan maar één keer."))
            #expect(audit.html.contains("Kleinste kans van een aanmelding") && audit.html.contains("Raad 2: 9021"))
            #expect(!audit.html.contains("Inwoner "), "the account names no one")
        }
    }
}

@Suite("Burgerberaad by lot: when the assembly ends, the registrations go and the counts stay")
struct LotteryFinishTests {
    @Test(
        "The coordinator finishes Demodorp's chosen burgerberaad after confirming: its registrations and letters are erased, logged, and the public account still adds up"
    )
    func coordinatorFinishes() async throws {
        try await withTestApp { app in
            // setup: the demo, with Demodorp's panel of 24 chosen
            try await DemoSeed.run(app: app)
            let record = try #require(try await LotteryRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").first())
            let id = try record.requireID()
            let page = LotteryURL.show(.value("GM9901"), .value(id)).path
            let coordinator = Browser(app)
            try await coordinator.signIn("trekker@demo.dia.example", password: DemoSeed.password)
            let before = try await coordinator.get(page)
            let auditBefore = try await Browser(app).get(LotteryURL.audit(.value(id)).path)
            // act: without the confirmation, then with it, then again
            let unconfirmed = try await coordinator.post(page + "/afronden", [:])
            let finished = try await coordinator.post(page + "/afronden", ["confirm": "ja"])
            let again = try await coordinator.post(page + "/afronden", ["confirm": "ja"])
            let after = try await coordinator.get(page)
            let letters = try await coordinator.get(page + "/brieven")
            let auditAfter = try await Browser(app).get(LotteryURL.audit(.value(id)).path)
            // check
            #expect(before.html.contains(#"action="\#(page)/afronden""#))
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.html.contains("Vink aan dat u begrijpt"))
            #expect(finished.status == .seeOther)
            #expect(again.status == .conflict && again.html.contains("al afgerond"))
            #expect(try await LotteryVolunteer.query(on: app.db).filter(\.$lottery.$id == id).count() == 0)
            #expect(try await LotteryLetter.query(on: app.db).filter(\.$lottery.$id == id).count() == 0)
            #expect(after.html.contains("Afgerond op") && !after.html.contains(#"action="\#(page)/afronden""#))
            #expect(letters.status == .notFound)
            let outcome = try #require(record.outcome)
            let count = "\(outcome.volunteers) van de \(record.letterCount)"
            #expect(auditBefore.html.contains(count) && auditAfter.html.contains(count), "the account counts the registrations as before")
            #expect(auditAfter.html.contains(record.drawFingerprint ?? "-"))
            let logged = try await AuditEvent.query(on: app.db).filter(\.$action == .answersErased).all()
            #expect(logged.map(\.subject) == ["Burgerberaad ‘\(record.title)’: \(outcome.volunteers) aanmeldingen en 600 brieven gewist"])
        }
    }

    @Test("dia maintenance finishes a chosen burgerberaad a year after its panel, and leaves a younger one alone")
    func maintenanceFinishesOldPanels() async throws {
        try await withTestApp { app in
            try await DemoSeed.run(app: app)
            let record = try #require(try await LotteryRecord.query(on: app.db).filter(\.$municipalityCode == "GM9901").first())
            let kept = try await PrivacyStore.applyRetention(.standard, app: app, on: app.db)
            let short = try await PrivacyStore.applyRetention(RetentionPolicy(lotteryMonths: 0), app: app, on: app.db)
            #expect(kept.lotteriesFinished == 0, "the demo's panel was chosen this year")
            #expect(short.lotteriesFinished == 1)
            let after = try #require(try await LotteryRecord.find(record.id, on: app.db))
            #expect(after.status == .afgerond && after.finishedAt != nil)
            #expect(try await LotteryVolunteer.query(on: app.db).filter(\.$lottery.$id == record.requireID()).count() == 0)
        }
    }
}
