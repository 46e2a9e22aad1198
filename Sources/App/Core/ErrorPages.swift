import DemocracyKit
import Vapor

/// An error with a message for the person who meets it (a key into the interface strings).
struct PageError: AbortError {
    let status: HTTPResponseStatus
    let messageKey: String

    init(_ status: HTTPResponseStatus, _ messageKey: String) {
        self.status = status
        self.messageKey = messageKey
    }

    var reason: String { messageKey }
}

/// Turns every error into a page in the visitor's language (or JSON for machine routes), never a stack trace.
/// Unexpected errors are logged with the request id; the page only says something went wrong.
struct ErrorPageMiddleware: AsyncMiddleware {
    /// The statuses with a page of their own (`error.page.<status>.title` and `.message`); others show 400 or 500.
    static let knownStatuses: Set<UInt> = [400, 401, 403, 404, 405, 409, 410, 413, 429, 500, 503]

    struct Context: Encodable {
        let status: UInt
        let heading: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await page(for: error, request: request)
        }
    }

    private func page(for error: any Error, request: Request) async -> Response {
        let status: HTTPResponseStatus
        var messageKey: String?
        var headers = HTTPHeaders()
        switch error {
        case let pageError as PageError:
            status = pageError.status
            messageKey = pageError.messageKey
        case let failure as StoreFailure:
            (status, messageKey) =
                switch failure {
                // A form that lets its field errors through has nothing better to show than "check the form".
                case .fields: (.badRequest, "error.form_tampered")
                case .conflict(let key): (.conflict, key)
                case .notFound(let key): (.notFound, key)
                case .notAllowed(let key): (.forbidden, key)
                }
        case let abort as any AbortError:
            status = abort.status
            headers = abort.headers
        case is DecodingError:
            status = .badRequest
        case _ where DatabaseOutage.isOutage(error):
            // The database is stopped, restarting or out of connections: nothing broke that a person could fix;
            // what they sent was not saved, and their browser's Back button still has it.
            status = .serviceUnavailable
            messageKey = request.method == .POST ? "error.page.503.not_saved" : "error.page.503.message"
            headers.replaceOrAdd(name: "Retry-After", value: "30")
        default:
            status = .internalServerError
        }
        if status.code >= 500 {
            request.logger.report(error: error)
        }
        if [.movedPermanently, .found, .seeOther, .temporaryRedirect].contains(status), headers[.location].first != nil {
            return Response(status: status, headers: headers)
        }

        let code = Self.knownStatuses.contains(status.code) ? status.code : (status.code >= 500 ? 500 : 400)
        let heading = request.t("error.page.\(code).title")
        let message = messageKey.map { request.t($0) } ?? request.t("error.page.\(code).message")

        if request.url.path.hasPrefix("/api") || request.url.path == OperationsURL.health.path
            || request.headers.accept.mediaTypes.contains(.json) && !request.headers.accept.mediaTypes.contains(.html)
        {
            let body = (try? JSONEncoder().encode(["error": message])) ?? Data()
            return Response(
                status: status, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: .init(data: body))
        }
        do {
            let response = try await request.render(
                "error", title: heading,
                Context(status: status.code, heading: heading, message: message),
                status: status)
            for (name, value) in headers where name.lowercased() == "retry-after" {
                response.headers.replaceOrAdd(name: name, value: value)
            }
            return response
        } catch {
            request.logger.report(error: error)
            return Response(
                status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: .init(string: "\(heading)\n\n\(message)\n"))
        }
    }
}
