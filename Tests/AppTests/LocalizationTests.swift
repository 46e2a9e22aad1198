import DemocracyKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Languages: Dutch by default, English on request")
struct LocalizationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var localesDirectory: String { root.appendingPathComponent("Resources/Locales/").path + "/" }

    @Test("Every strings file loads: each key in Dutch and English, with the same placeholders, in one file only")
    func stringsFilesLoad() throws {
        let localizer = try Localizer.load(from: Self.localesDirectory)
        #expect(localizer.table.texts.count > 300)
        #expect(Set(localizer.table.files.values).count >= 7, "one file per capability")
    }

    @Test("A count of one reads in the singular everywhere: no \"1 gemeenten\" or \"1 responses\" in any text")
    func countsOfOneAreSingular() throws {
        let localizer = try Localizer.load(from: Self.localesDirectory)
        let plural = try Regex(
            #"(^|[^0-9.,])1 (gemeenten|antwoorden|uitnodigingen|adressen|regels|minuten|dagen|resultaten|vragen|aanmeldingen|punten|"#
                + #"municipalities|responses|answers|invitations|addresses|lines|entries|minutes|days|results|questions|sign-ups|points)\b"#
        )
        var wrong: [String] = []
        for (key, texts) in localizer.table.texts {
            for language in Language.allCases {
                let arguments = (0..<10).map { _ in "1" }
                let text = StringTable.fill(texts[language] ?? "", arguments)
                if text.contains(plural) { wrong.append("\(key) (\(language.rawValue)): \(text)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.sorted().joined(separator: "\n"))")
    }

    @Test("Every key the code asks for exists, and every key that exists is asked for, also keys built at run time")
    func everyKeyUsedAndNoneUnused() throws {
        let keys = Set(try Localizer.load(from: Self.localesDirectory).table.texts.keys)
        var used = Set<String>()
        // Keys always have a dot ("error.required"), which keeps examples in comments out.
        let key = #"([a-z][a-z0-9_]*\.[a-z0-9_.]+)"#
        // A key built at run time ("scan.kind_\(kind)") does not match: the closing quote must follow the key.
        let patterns = [
            #"#t\(\s*""# + key + "\"", #"\bt\(\s*""# + key + "\"", #"message:\s*""# + key + "\"",
            #"PageError\(\s*\.[a-zA-Z]+,\s*""# + key + "\"", #"notice: ""# + key + "\"", #"labelKey: ""# + key + "\"",
            #"StoreFailure\.[a-zA-Z]+\(\s*""# + key + "\"", #"Refusal\(\s*""# + key + "\"", #"return ""# + key + "\"",
            #"refusal: ""# + key + "\"",
            #"text\(\s*""# + key + "\"",
            // either side of a choice: `empty ? "error.code_required" : "error.code_unknown"`
            #"\? ""# + key + "\"", #" : ""# + key + "\"",
        ]
        for folder in ["Resources/Views", "Sources"] {
            let enumerator = FileManager.default.enumerator(at: Self.root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard ["leaf", "swift"].contains(url.pathExtension) else { continue }
                let text = try String(contentsOf: url, encoding: .utf8)
                for pattern in patterns {
                    let regex = try NSRegularExpression(pattern: pattern)
                    for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                        if let range = Range(match.range(at: 1), in: text) { used.insert(String(text[range])) }
                    }
                }
            }
        }
        // The keys the code builds at run time, from the values it builds them from.
        for status in ErrorPageMiddleware.knownStatuses {
            used.insert("error.page.\(status).title")
            used.insert("error.page.\(status).message")
        }
        used.formUnion(DashboardController.StepState.allCases.map { "step.\($0.rawValue)" })
        used.formUnion(QuestionBank.QuestionKind.allCases.map { "scan.kind_\($0.rawValue)" })
        used.formUnion(DeliveryStatus.allCases.map { "mail.status.\($0.rawValue)" })
        used.formUnion(MailTopic.allCases.map { "preferences.topic.\($0.rawValue)" })
        used.formUnion(RequestWorkflow.ratings.map { "request.rating.\($0)" })
        used.formUnion(UploadKind.Refusal.allCases.map(\.rawValue))
        #expect(used.count > 300)
        #expect(used.subtracting(keys).sorted() == [], "asked for but missing")
        #expect(keys.subtracting(used).sorted() == [], "in the strings files but never asked for")
    }

    @Test("A missing translation, placeholders that differ, or a key in two files stop loading, naming file and key")
    func brokenStringsAreRefused() throws {
        var table = StringTable()
        try table.add(yaml: "scan.title:\n  nl: \"Scan {0}\"\n  en: \"Scan {0}\"\n", file: "quickscan.yaml")
        #expect(throws: StringTable.Problem(file: "x.yaml", key: "a.b", reason: "has no en text")) {
            try table.add(yaml: "a.b:\n  nl: \"Alleen Nederlands\"\n", file: "x.yaml")
        }
        #expect(throws: StringTable.Problem(file: "x.yaml", key: "a.c", reason: "uses other placeholders in nl than in en")) {
            try table.add(yaml: "a.c:\n  nl: \"Stap {0} van {1}\"\n  en: \"Step {0}\"\n", file: "x.yaml")
        }
        #expect(throws: StringTable.Problem(file: "y.yaml", key: "scan.title", reason: "is also in quickscan.yaml")) {
            try table.add(yaml: "scan.title:\n  nl: \"Scan\"\n  en: \"Scan\"\n", file: "y.yaml")
        }
    }

    @Test("Pages are Dutch by default; ?lang=en switches to English and is remembered")
    func languageSwitch() async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app)
            // act
            let dutch = try await browser.get(HomeURL.home.path)
            let english = try await browser.get(HomeURL.home.with([("lang", "en")]))
            let remembered = try await browser.get(MunicipalityURL.list.path)
            let back = try await browser.get(MunicipalityURL.list.with([("lang", "nl")]))
            // check
            #expect(dutch.html.contains(#"<html lang="nl">"#))
            #expect(dutch.html.contains("Zeven aandachtsgebieden"))
            #expect(dutch.html.contains(#"href="?lang=en" lang="en""#))
            #expect(english.html.contains(#"<html lang="en">"#))
            #expect(english.html.contains("Seven focus areas"))
            #expect(remembered.html.contains("Municipalities"))
            #expect(back.html.contains(#"<html lang="nl">"#))
        }
    }

    @Test("Every page has one h1 and a skip link to the main content")
    func pageSkeleton() async throws {
        try await withTestApp { app in
            for path in [
                HomeURL.home.path, MunicipalityURL.list.path, MunicipalityURL.show(.value("GM0363")).path, SignupURL.form.path,
                AccountURL.login.path, HomeURL.privacy.path, HomeURL.accessibility.path,
                HomeURL.terms.path, "/bestaat-niet",
            ] {
                let html = try await app.testing().sendRequest(.GET, path).html
                #expect(html.components(separatedBy: "<h1").count == 2, "\(path)")
                #expect(html.contains(##"<a class="skip-link" href="#inhoud">"##), "\(path)")
                #expect(html.contains(#"<main id="inhoud""#), "\(path)")
            }
        }
    }
}
