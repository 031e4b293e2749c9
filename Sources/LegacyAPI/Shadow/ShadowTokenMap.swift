import BridgeKit
import Foundation
import Synchronization

/// A legacy token is valid on one system only. When a login (or a refresh) is answered by both,
/// the token the client holds is mapped to the one the other system issued, so the client's later
/// requests can be replayed there as the same user. Bounded: the oldest mapping goes first.
/// Tokens are never logged or reported.
public final class ShadowTokenMap: Sendable {
    let capacity: Int
    private let state = Mutex<(map: [String: String], order: [String], head: Int)>(([:], [], 0))

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    /// The access and refresh tokens of a login's answer (`data.access_token`/`accessToken`/
    /// `token`, `data.refresh_token`/`refreshToken`).
    static func tokens(in body: JSONValue?) -> (access: String?, refresh: String?) {
        let data = body?["data"]
        let access = ["access_token", "accessToken", "token"].lazy.compactMap { data?[$0]?.stringValue }.first
        let refresh = ["refresh_token", "refreshToken"].lazy.compactMap { data?[$0]?.stringValue }.first
        return (access, refresh)
    }

    /// Learns from one answer pair: the client's answer (`held`) and the other system's.
    /// Returns how many tokens were mapped.
    @discardableResult
    public func learn(held: JSONValue?, other: JSONValue?) -> Int {
        let mine = Self.tokens(in: held), theirs = Self.tokens(in: other)
        var learned = 0
        for (key, value) in [(mine.access, theirs.access), (mine.refresh, theirs.refresh)] {
            guard let key, let value, !key.isEmpty, !value.isEmpty else { continue }
            insert(key, value)
            learned += 1
        }
        return learned
    }

    /// The other system's token for the one a client sent, if a login taught it.
    public func other(for token: String) -> String? { state.withLock { $0.map[token] } }

    public var count: Int { state.withLock { $0.map.count } }

    private func insert(_ key: String, _ value: String) {
        state.withLock { state in
            if state.map.updateValue(value, forKey: key) != nil { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.map[state.order[state.head]] = nil
                state.order[state.head] = key
                state.head = (state.head + 1) % capacity
            }
        }
    }
}
