@testable import App
import DemocracyKit
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Languages: Dutch by default, English on request")
struct LocalizationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Dutch and English have exactly the same strings, none empty")
    func sameKeysInBothLanguages() throws {
        let localizer = try Localizer.load(from: Self.root.appendingPathComponent("Resources/Locales/").path + HomeURL.home.path)
        let dutch = try #require(localizer.strings[.nl])
        let english = try #require(localizer.strings[.en])
        #expect(Set(dutch.keys) == Set(english.keys))
        #expect(dutch.values.allSatisfy { !$0.isEmpty } && english.values.allSatisfy { !$0.isEmpty })
    }

    @Test("Every string a template or controller asks for exists")
    func everyUsedKeyExists() throws {
        let localizer = try Localizer.load(from: Self.root.appendingPathComponent("Resources/Locales/").path + HomeURL.home.path)
        let keys = Set(try #require(localizer.strings[.nl]).keys)
        var used = Set<String>()
        // Keys always have a dot ("error.required"), which keeps examples in comments out.
        let key = #"([a-z0-9_]+\.[a-z0-9_.]+)"#
        // A key built at run time ("scan.kind_\(kind)") is left out: the closing quote must follow the key.
        let patterns = [#"#t\(""# + key + "\"", #"req\.t\(""# + key + "\"", #"message: ""# + key + "\"",
                        #"PageError\(\.[a-zA-Z]+, ""# + key + "\"", #"notice: ""# + key + "\"", #"labelKey: ""# + key + "\""]
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
        #expect(used.count > 100)
        #expect(used.subtracting(keys).sorted() == [])
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
            for path in [HomeURL.home.path, MunicipalityURL.list.path, MunicipalityURL.show(.value("GM0363")).path, SignupURL.form.path, AccountURL.login.path, HomeURL.privacy.path, HomeURL.accessibility.path,
                         HomeURL.terms.path, "/bestaat-niet"] {
                let html = try await app.testing().sendRequest(.GET, path).html
                #expect(html.components(separatedBy: "<h1").count == 2, "\(path)")
                #expect(html.contains(##"<a class="skip-link" href="#inhoud">"##), "\(path)")
                #expect(html.contains(#"<main id="inhoud""#), "\(path)")
            }
        }
    }
}
