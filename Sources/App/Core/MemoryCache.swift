/// A small cache in the memory of one app instance, shared by its requests. Only for values that are found
/// again by a key that changes when they change, so nothing stale is ever served; when full, it starts afresh.
actor MemoryCache<Key: Hashable & Sendable, Value: Sendable> {
    private var entries: [Key: Value] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(_ key: Key) -> Value? { entries[key] }

    func keep(_ value: Value, as key: Key) {
        if entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = value
    }
}
