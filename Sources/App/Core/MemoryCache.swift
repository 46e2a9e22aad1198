import NIOConcurrencyHelpers

/// A small cache in the memory of one app instance, shared by its requests. Only for values that are found
/// again by a key that changes when they change, so nothing stale is ever served; when full, it starts afresh.
final class MemoryCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox<[Key: Value]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(key: Key) -> Value? {
        get { entries.withLockedValue { $0[key] } }
        set {
            entries.withLockedValue { entries in
                if newValue != nil, entries[key] == nil, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
                entries[key] = newValue
            }
        }
    }

    var count: Int { entries.withLockedValue { $0.count } }
}
