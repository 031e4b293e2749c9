import Synchronization

/// The keys a V4 answer lacked that the bridge reads when present: what 003 does not promise
/// (our core's extensions, [A]-only names). Each is decoded with a documented fallback (derived
/// from what 003 does promise, or a neutral value) and noted here as `Type.key`, so
/// `/health`, `probe` and the tests can compare what a deployment lacked with the degradation
/// table in `Mappings/degradation.yaml`.
public enum V4DecodingGaps {
    private static let seen = Mutex<Set<String>>([])

    public static func note(_ gap: String) {
        seen.withLock { _ = $0.insert(gap) }
    }

    /// Every gap noted since start (or the last `reset`), sorted.
    public static var observed: [String] { seen.withLock { $0.sorted() } }

    public static func reset() { seen.withLock { $0.removeAll() } }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback()` when the answer lacks it (noted as a gap of `owner`).
    /// A value of the wrong type is still an error: that is no documented shape.
    public func lenient<T: Decodable>(_ type: T.Type, _ key: Key, of owner: String, _ fallback: @autoclosure () -> T) throws -> T {
        if let value = try decodeIfPresent(T.self, forKey: key) { return value }
        V4DecodingGaps.note(owner + "." + key.stringValue)
        return fallback()
    }

    /// An optional value the bridge reads when present; a missing one is noted as a gap of `owner`.
    public func optional<T: Decodable>(_ type: T.Type, _ key: Key, of owner: String) throws -> T? {
        if let value = try decodeIfPresent(T.self, forKey: key) { return value }
        V4DecodingGaps.note(owner + "." + key.stringValue)
        return nil
    }

    /// A string id sent as a string or a number (003's `draw_id: 123`, our core's `"draw_…"`).
    public func idString(_ key: Key) throws -> String? {
        if let text = try? decodeIfPresent(String.self, forKey: key) { return text }
        return try decodeIfPresent(Int64.self, forKey: key).map(String.init)
    }
}
