import DemocracyKit
import Leaf
import Vapor

/// What the layout needs on every page: title, language, the signed-in person, the CSRF token, a message.
struct PageMeta: Encodable {
    let title: String
    let lang: String
    let switchLanguageLabel: String
    let switchLanguageCode: String
    let switchLanguageURL: String
    let user: UserSummary?
    let csrf: String?
    let flash: String?
    let path: String
    /// The header's menu and the footer's links that this visitor sees, from the registered capabilities.
    let menu: [Link]
    let footerLinks: [Link]
    let homeURL = HomeURL.home.path
    let logoutURL = AccountURL.logout.path

    struct UserSummary: Encodable {
        let name: String
        let isProgramme: Bool
    }

    struct Link: Encodable {
        let label: String
        let href: String
    }
}

/// The value every template renders: `meta` for the layout and `c`, the page's own context.
struct Page<Content: Encodable>: Encodable {
    let meta: PageMeta
    let c: Content
}

/// For pages that need nothing beyond the layout.
struct NoContent: Encodable {}

extension Request {
    /// Renders a template inside the layout. `hasErrors` puts "Fout: " before the title, as the form pattern asks.
    func render<Content: Encodable>(
        _ template: String, title: String, _ content: Content,
        hasErrors: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let user = currentUser
        let other: Language = language == .nl ? .en : .nl
        let fullTitle = (hasErrors ? t("error.title_prefix") : "") + title + " – Democratie in Actie"
        let meta = PageMeta(
            title: fullTitle,
            lang: language.rawValue,
            switchLanguageLabel: application.localizer.text("layout.switch_language", other),
            switchLanguageCode: other.rawValue,
            switchLanguageURL: languageSwitchURL(other),
            user: user.map { PageMeta.UserSummary(name: $0.name, isProgramme: $0.isProgrammeStaff) },
            csrf: csrfToken(),
            flash: takeFlash(),
            path: url.path,
            menu: application.links(.header, for: user, in: language),
            footerLinks: application.links(.footer, for: user, in: language)
        )
        let view = try await leaf.render(template, Page(meta: meta, c: content))
        let response = try await view.encodeResponse(for: self)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// A public page that is the same for every visitor who is not signed in (no session: no token, message or
    /// name in it), kept whole in `cache` under a key that must change whenever the page's content does; the
    /// address's query is added to it, since the page's language switch repeats it. Signed-in people, and
    /// anyone with a session, get the page made afresh.
    func renderSharedWithVisitors(
        _ cache: MemoryCache<String, ByteBuffer>, key: String, contentType: HTTPMediaType = .html,
        _ render: @escaping @Sendable () async throws -> Response
    ) async throws -> Response {
        guard currentUser == nil, !hasSessionCookie else { return try await render() }
        let body = try await cache.value(key + "|" + language.rawValue + "|" + (url.query ?? "")) {
            let response = try await render()
            // Pages that fail throw, and are not kept; a page made here is always a whole buffer.
            guard let buffer = response.body.buffer else { throw Abort(.internalServerError) }
            return buffer
        }
        let response = Response(status: .ok, body: .init(buffer: body))
        response.headers.contentType = contentType
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// This page in the other language, with its search and page number kept. Only the query is written: a
    /// reference without a path stays on this page of this site, whatever path the address had (`//other.site`).
    private func languageSwitchURL(_ language: Language) -> String {
        var components = URLComponents()
        let kept = (URLComponents(string: url.string)?.queryItems ?? []).filter { $0.name != "lang" }
        components.queryItems = kept + [URLQueryItem(name: "lang", value: language.rawValue)]
        return components.string ?? "?lang=" + language.rawValue
    }

    /// A message shown once on the next page, such as "U bent uitgelogd".
    func flash(_ message: String) {
        session.data["flash"] = message
    }

    private func takeFlash() -> String? {
        guard hasSessionCookie, let message = session.data["flash"] else { return nil }
        session.data["flash"] = nil
        return message
    }

    /// A CSV file to download; never cached, since it may hold links or a municipality's numbers.
    func csvDownload(_ body: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// An uploaded file to download, never shown in the browser: its kind as checked on upload, its stored name,
    /// and never cached, since only the people with access may have it.
    func fileDownload(_ data: Data, name: String, mediaType: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: mediaType)
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "document"
        let plain = String(name.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? $0 : "_" })
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// Redirects only within this site, so a crafted `?terug=` cannot send people elsewhere.
    /// Browsers drop tabs and line breaks from an address and read `\\` as `/`, so only visible ASCII is
    /// allowed; that also keeps a line break from adding a header to the redirect.
    func safeReturnPath(_ candidate: String?) -> String? {
        guard let path = candidate, path.utf8.count <= 2_000, path.hasPrefix("/"), !path.hasPrefix("//"),
            !path.contains("\\"), path.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        else { return nil }
        return path
    }
}

/// An uploaded document in a list: its name (a download link where the reader may have it), its size and when it
/// came.
struct DocumentLink: Encodable {
    let name: String
    let url: String?
    let size: String
    let at: String

    init(name: String, url: String?, bytes: Int, at: Date, req: Request) {
        self.name = name
        self.url = url
        size = req.t("upload.size_kb", Format.number(max(1, (bytes + 1023) / 1024), req.language))
        self.at = Format.date(at, req.language)
    }
}
