import DemocracyKit
import Fluent
import Vapor

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    /// The signed-in person, loaded once per request by `CurrentUserMiddleware`.
    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The signed-in person; behind `RequireSignIn` this never fails.
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw PageError(.unauthorized, "error.sign_in_needed") }
        return user
    }
}

/// Loads the signed-in person from the session. Looks at the session only when the visitor has a cookie.
struct CurrentUserMiddleware: AsyncMiddleware {
    static let sessionKey = "user"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSessionCookie, let raw = request.session.data[Self.sessionKey] {
            if let id = UUID(uuidString: raw), let user = try await AccountStore.currentUser(id: id, on: request.db) {
                request.currentUser = user
            } else {
                request.session.data[Self.sessionKey] = nil
            }
        }
        return try await next.respond(to: request)
    }
}

/// Sends visitors who are not signed in to the login page, and back here after they sign in.
struct RequireSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser != nil else {
            let target = request.method == .GET ? request.url.path : DashboardURL.home.path
            return request.redirect(to: AccountURL.login.with([("terug", target)]))
        }
        return try await next.respond(to: request)
    }
}

/// Pages for the programme's service desk only.
struct RequireProgrammeStaff: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser?.isProgrammeStaff == true else { throw PageError(.forbidden, "error.forbidden") }
        return try await next.respond(to: request)
    }
}
