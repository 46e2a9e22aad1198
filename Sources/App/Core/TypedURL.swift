import Foundation
import Vapor

/// A path parameter of a typed URL: `.key` where the route is registered, `.value(…)` where a link is built.
enum Parameter<Value: CustomStringConvertible & Sendable>: Sendable {
    case key
    case value(Value)

    /// The path segment: `:name` for the route, the escaped value for a link.
    func segment(_ name: String) -> String {
        switch self {
        case .key: ":" + name
        case .value(let value): value.description.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? ""
        }
    }

    private static var segmentCharacters: CharacterSet {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return allowed
    }
}

/// A capability's URLs, each written once: the same case registers its route and builds every link to it, in
/// controllers, redirects, templates (which receive finished URLs), emails and tests.
protocol TypedURL: Sendable {
    /// The path; with `.key` parameters, the route's pattern (`/gemeenten/:code`).
    var path: String { get }
    /// Every route of the capability, with `.key` parameters; the route table's test checks that each
    /// registered route is one of these, so no path is typed outside its capability's URL type.
    static var routes: [Self] { get }
}

extension TypedURL {
    /// What the router reads: `:name` becomes a parameter.
    var pathComponents: [PathComponent] {
        path.split(separator: "/").map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant(String($0)) }
    }

    /// The path with a query; names and values keep only unreserved characters and `/` unescaped (RFC 3986),
    /// so a value with `&`, `=`, `+` or `#` stays one value.
    func with(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        var unreserved = CharacterSet(charactersIn: "-._~/")
        unreserved.formUnion(CharacterSet(charactersIn: "a"..."z"))
        unreserved.formUnion(CharacterSet(charactersIn: "A"..."Z"))
        unreserved.formUnion(CharacterSet(charactersIn: "0"..."9"))
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        return path + "?" + query.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// With the public address in front, for links people receive on paper or by email.
    func absolute(_ app: Application) -> String {
        app.config.publicURL + path
    }
}

extension RoutesBuilder {
    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ url: some TypedURL,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        get(url.pathComponents, use: closure)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ url: some TypedURL,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        post(url.pathComponents, use: closure)
    }

    /// A post that may carry more than the usual limit (an upload); only below a code-authorised path, since the
    /// CSRF check reads other bodies up to the usual limit first.
    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ url: some TypedURL, maxBody: ByteCount,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, url.pathComponents, body: .collect(maxSize: maxBody), use: closure)
    }
}

extension Request {
    /// A redirect (303, so a form's POST becomes a GET) to a typed URL.
    func redirect(to url: some TypedURL) -> Response {
        redirect(to: url.path)
    }
}
