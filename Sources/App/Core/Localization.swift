import DemocracyKit
import Foundation
import Leaf
import Vapor

/// The interface strings in Dutch and English, from `Resources/Locales/*.yaml` (one file per capability, both
/// languages side by side; see `StringTable`). Templates ask for them with `#t("key")`, Swift code with
/// `req.t("key")`.
struct Localizer: Sendable {
    let table: StringTable

    static func load(from directory: String) throws -> Localizer {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".yaml") }.sorted() ?? []
        guard !files.isEmpty else { throw Abort(.internalServerError, reason: "No strings files (*.yaml) in \(directory)") }
        var table = StringTable()
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + file) else {
                throw Abort(.internalServerError, reason: "The strings file \(directory + file) cannot be read")
            }
            try table.add(yaml: String(decoding: data, as: UTF8.self), file: file)
        }
        return Localizer(table: table)
    }

    /// `{0}`, `{1}` … in a string are replaced by the arguments, in order, and `{0|one|other}` chooses the singular
    /// or plural word (`StringTable.fill`). An unknown key shows as itself, so a
    /// missing string is visible on the page (and the strings test fails).
    func text(_ key: String, _ language: Language, _ arguments: [String] = []) -> String {
        StringTable.fill(table.texts[key]?[language] ?? key, arguments)
    }
}

extension Application {
    private struct LocalizerKey: StorageKey { typealias Value = Localizer }

    var localizer: Localizer {
        get { storage[LocalizerKey.self] ?? Localizer(table: StringTable()) }
        set { storage[LocalizerKey.self] = newValue }
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The language of this request, chosen by `LanguageMiddleware`.
    var language: Language {
        get { storage[LanguageKey.self] ?? .nl }
        set { storage[LanguageKey.self] = newValue }
    }

    func t(_ key: String, _ arguments: String...) -> String {
        application.localizer.text(key, language, arguments)
    }

    /// The message for a form error, in this request's language.
    func message(for error: FieldError) -> String {
        let named = [error.argument, error.money.map { Money.format($0, language) }].compactMap { $0 }
        return application.localizer.text(error.message, language, named.isEmpty ? error.limit.map { [String($0)] } ?? [] : named)
    }
}

/// Chooses the language: `?lang=en` (remembered in a cookie), else the cookie, else Dutch.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "taal"
    static let cookieDays = 365

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Most requests have no query at all; decoding one costs more than the rest of this middleware.
        let chosen = request.url.query == nil ? nil : Language(code: request.query[String.self, at: "lang"])
        request.language = chosen ?? Language(code: request.cookies[Self.cookieName]?.string) ?? .nl
        let response = try await next.respond(to: request)
        if let chosen {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: chosen.rawValue, maxAge: Self.cookieDays * 24 * 3600, path: "/",
                isSecure: request.application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// `#t("key")` or `#t("key", value)` in a template.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw Abort(.internalServerError, reason: "#t needs a string key")
        }
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard let request = ctx.request else { return .string(key) }
        return .string(request.application.localizer.text(key, request.language, Array(arguments)))
    }
}
