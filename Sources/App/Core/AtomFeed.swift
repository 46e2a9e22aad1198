import Vapor

/// An Atom feed (RFC 4287), as every capability with news serves it: made from this value with `atom.leaf`.
struct AtomFeed: Encodable {
    struct Entry: Encodable {
        let id: String
        let url: String
        let title: String
        let summary: String
        let author: String
        /// RFC 3339, such as `2026-11-30T00:00:00Z`.
        let updated: String
        let categories: [String]
    }

    let lang: String
    let id: String
    let title: String
    let selfURL: String
    let pageURL: String
    let updated: String
    let entries: [Entry]

    /// A stored day (yyyy-MM-dd) as the moment Atom wants.
    static func moment(_ day: String) -> String { day + "T00:00:00Z" }
}

extension Request {
    func atom(_ feed: AtomFeed) async throws -> Response {
        let response = try await view.render("atom", feed).encodeResponse(for: self)
        response.headers.contentType = .atom
        return response
    }
}
