import DemocracyKit
import Fluent
import Vapor

/// Ondermijning in the demo: two news items from programme staff, Demodorp's burgemeester as the contact for
/// reported signals, and one report from a (fictional) inhabitant that she is looking into and answered.
enum DemoUndermining {
    static let news: [(days: Int, title: LocalizedText, body: LocalizedText)] = [
        (
            40,
            LocalizedText(nl: "Quiz ondermijning: test wat u weet", en: "Undermining crime quiz: test what you know"),
            LocalizedText(
                nl: """
                    De quiz over ondermijning heeft drie niveaus: herkennen, handelen en instrumenten. Elk niveau heeft tien vragen. \
                    Hebt u 80 procent goed, dan gaat het volgende niveau open. Bij elk antwoord leest u waarom het goed of niet goed is.

                    De quiz is gemaakt voor raadsleden, wethouders, burgemeesters en ambtenaren. Log in, dan bewaren we uw voortgang.
                    """,
                en: """
                    The quiz on undermining crime has three levels: recognising, taking action and instruments. Each level has ten \
                    questions. When you get 80 per cent right, the next level opens. With every answer you read why it is right or not.

                    The quiz is made for council members, aldermen, mayors and civil servants. Sign in and we keep your progress.
                    """)
        ),
        (
            12,
            LocalizedText(nl: "Meldpunt ondermijning per gemeente", en: "An undermining reporting point per municipality"),
            LocalizedText(
                nl: """
                    Gemeenten kunnen nu een vaste contactpersoon voor ondermijning kiezen. De griffier of de burgemeester doet dat op \
                    het dashboard, bij **Meldpunt ondermijning**. Daarna kan iedereen een signaal melden, zonder account.

                    De melder krijgt een code om later de stand en het antwoord te lezen. Alleen de contactpersoon leest de meldingen. \
                    Wij bewaren ze versleuteld en houden niet bij wie ze deed. Bij direct gevaar: bel 112.
                    """,
                en: """
                    Municipalities can now choose a designated contact for undermining crime. The griffier or the mayor does so on \
                    the dashboard, under **Undermining reporting point**. After that anyone can report a sign, without an account.

                    The reporter gets a code to read the status and the answer later. Only the contact reads the reports. We keep \
                    them encrypted and do not record who made them. In urgent danger: call 112.
                    """)
        ),
    ]

    static let report = SignalReport(
        sector: .buitengebied,
        what:
            "Bij de lege varkensstal aan de rand van het dorp staan sinds een paar weken 's nachts bestelbusjes. De ramen van de stal zijn afgeplakt en er staat een groot aggregaat dat de hele nacht draait. Overdag is er niemand.",
        place: "Stal aan de Hoge Dijk, buiten de bebouwde kom", moment: "Sinds begin vorige maand, vooral tussen 23.00 en 3.00 uur")

    static let reply =
        "Dank u voor uw melding. Wij hebben die doorgegeven aan de politie en aan het RIEC. Ga alstublieft niet zelf kijken bij de stal. Over een onderzoek kunnen wij verder niets vertellen."

    static func run(app: Application, staff: String, mayor: UUID) async throws {
        guard try await SignalContact.query(on: app.db).filter(\.$municipalityCode == "GM9901").count() == 0 else { return }
        let now = app.clock.now()
        for item in news {
            let row = UnderminingNews()
            row.titleNl = item.title.nl
            row.titleEn = item.title.en
            row.bodyNl = item.body.nl
            row.bodyEn = item.body.en
            row.authorName = staff
            row.publishedAt = now.addingTimeInterval(-Double(item.days) * 86_400)
            try await row.create(on: app.db)
        }
        let contact = SignalContact()
        contact.municipalityCode = "GM9901"
        contact.userID = mayor
        contact.setAt = now.addingTimeInterval(-20 * 86_400)
        try await contact.create(on: app.db)
        let record = SignalReportRecord()
        record.municipalityCode = "GM9901"
        record.status = .inBehandeling
        record.reportSealed = try app.secrets.seal(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
        record.replySealed = try app.secrets.seal(reply)
        // The reporter's code is theirs alone: a hash of a random value nobody here has.
        record.codeHash = SecureToken.hash(SecureToken.make())
        record.version = 2
        record.receivedAt = now.addingTimeInterval(-6 * 86_400)
        record.updatedAt = now.addingTimeInterval(-5 * 86_400)
        try await record.create(on: app.db)
    }
}
