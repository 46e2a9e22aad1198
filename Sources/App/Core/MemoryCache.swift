/// A small cache in the memory of one app instance, shared by its requests. Only for values that are found
/// again by a key that changes when they change, so nothing stale is ever served; when full, it starts afresh.
actor MemoryCache<Key: Hashable & Sendable, Value: Sendable> {
    private var entries: [Key: Value] = [:]
    /// Values being made, so that who asks for one meanwhile waits for it instead of making it again.
    private var making: [Key: Task<Value, any Error>] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The kept value, or else the one `make` returns, kept from then on. When many ask at once for a value
    /// that is not kept (a report everyone opens after a scan closed), it is made once and all of them get
    /// it; when making fails, they all get the error and nothing is kept.
    func value(_ key: Key, orMake make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let kept = entries[key] { return kept }
        if let running = making[key] { return try await running.value }
        let running = Task { try await make() }
        making[key] = running
        defer { making[key] = nil }
        let value = try await running.value
        if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
        return value
    }
}
