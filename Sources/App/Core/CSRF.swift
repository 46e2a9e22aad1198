import Vapor

/// Every state-changing form carries a token that lives in the visitor's session, so another site cannot post
/// on their behalf. Forms send it in the hidden field `csrf`. Posts below a capability's `codeAuthorizedPaths` are
/// authorised by a secret code in their address instead, which another site cannot know either; they need no session.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        if [.POST, .PUT, .PATCH, .DELETE].contains(request.method),
            !request.application.registered.codeAuthorizedPaths.contains(where: { path.hasPrefix($0) })
        {
            // A body larger than one network read arrives after the head: collect it first (up to the limit the
            // routes allow), or the token would be missing from every longer form.
            let limit =
                request.application.registered.largeUploads.first { $0.matches(path) }?.limit
                ?? request.application.routes.defaultMaxBodySize
            _ = try await request.body.collect(max: limit.value).get()
            let sent = (try? request.content.get(String.self, at: Self.field)) ?? ""
            let expected = request.hasSessionCookie ? request.session.data[Self.field] : nil
            guard let expected, !sent.isEmpty, SecureToken.matches(sent, expected) else {
                throw PageError(.forbidden, "error.csrf")
            }
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The session's CSRF token, made on first use. Public pages without a form never make one for an
    /// anonymous visitor, so browsing them stores no session.
    func csrfToken() -> String? {
        guard hasSessionCookie || wantsForm else { return nil }
        if let token = session.data[CSRFMiddleware.field] { return token }
        let token = SecureToken.make()
        session.data[CSRFMiddleware.field] = token
        return token
    }

    private struct WantsFormKey: StorageKey { typealias Value = Bool }

    /// Set by handlers that render a form, so the page gets a token even for a first-time visitor.
    var wantsForm: Bool {
        get { storage[WantsFormKey.self] ?? false }
        set { storage[WantsFormKey.self] = newValue }
    }

    /// The visitor sent a session cookie and the sessions middleware has read it. An error page for a request
    /// that failed before that (a file address that cannot be decoded, a database that does not answer) is
    /// rendered without the session, instead of touching a session that was never read.
    var hasSessionCookie: Bool { storage[SessionReadKey.self] == true && cookies[DatabaseSessions.cookieName] != nil }

    fileprivate struct SessionReadKey: StorageKey { typealias Value = Bool }
}

/// Placed right after the sessions middleware: from here on the request's session may be used.
struct SessionReadMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[Request.SessionReadKey.self] = true
        return try await next.respond(to: request)
    }
}
