import Vapor

/// The files in `Public/` (stylesheet, script, icon). Only addresses under its own top-level entries reach the
/// disk, so a page's address never costs a file lookup, and an address no file system could hold (a part over
/// 255 bytes, which the disk answers with an error instead of "not found") is a 404 before it gets there.
struct PublicFilesMiddleware: AsyncMiddleware {
    private let files: FileMiddleware
    private let entries: Set<Substring>

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory, defaultFile: nil)
        entries = Set(((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).map { Substring($0) })
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard let first = path.split(separator: "/", maxSplits: 1).first, entries.contains(first) else {
            return try await next.respond(to: request)
        }
        guard path.utf8.count <= 1_024, path.split(separator: "/").allSatisfy({ $0.utf8.count <= 255 }) else {
            throw PageError(.notFound, "error.page.404.message")
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
