/// One page of a long list. Built from whatever arrived in the URL, so any page number is safe.
public struct Pagination: Sendable, Equatable {
    public let page: Int
    public let perPage: Int
    public let total: Int

    public init(requestedPage: Int?, perPage: Int, total: Int) {
        self.perPage = max(1, perPage)
        self.total = max(0, total)
        let pageCount = max(1, (self.total + self.perPage - 1) / self.perPage)
        self.page = min(max(1, requestedPage ?? 1), pageCount)
    }

    public var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
    public var offset: Int { (page - 1) * perPage }
    public var hasPrevious: Bool { page > 1 }
    public var hasNext: Bool { page < pageCount }
    /// The 1-based position of the first and last item shown, for "21 tot 40 van 342".
    public var firstItem: Int { total == 0 ? 0 : offset + 1 }
    public var lastItem: Int { min(offset + perPage, total) }
}
