import V4Contract

/// The V4 transport with the legacy id map in front of it: inputs that name a migrated row by
/// its legacy id reach V4 with the row's V4 id, and answers show migrated rows under their
/// legacy ids. Every translation gets this for free; the types it touches are listed in
/// `LegacyIdMapped+Types.swift`.
struct LegacyIdTransport: V4Transport {
    let inner: any V4Transport
    let map: LegacyIdMap

    var callsAreRemote: Bool { inner.callsAreRemote }

    func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output
    {
        var input = input
        if let mapped = input as? any LegacyIdMapped, let toV4 = mapped.toV4(map) as? Input { input = toV4 }
        let output = try await inner.call(endpoint, input, as: credentials)
        if let mapped = output as? any LegacyIdMapped, let toLegacy = mapped.toLegacy(map) as? Output { return toLegacy }
        return output
    }
}

/// A V4 value that holds ids of rows the migrator may have renumbered.
protocol LegacyIdMapped {
    /// With legacy ids a client sent replaced by V4's.
    func toV4(_ map: LegacyIdMap) -> Self
    /// With V4 ids of migrated rows replaced by their legacy ids.
    func toLegacy(_ map: LegacyIdMap) -> Self
}

extension LegacyIdMapped {
    func toV4(_ map: LegacyIdMap) -> Self { self }
    func toLegacy(_ map: LegacyIdMap) -> Self { self }

    /// A copy with one field changed: `with(\.records) { $0 = … }`.
    func with<Value>(_ key: WritableKeyPath<Self, Value>, _ change: (inout Value) -> Void) -> Self {
        var copy = self
        change(&copy[keyPath: key])
        return copy
    }

    /// A copy with each element of a list changed.
    func withEach<Element>(_ key: WritableKeyPath<Self, [Element]>, _ change: (inout Element) -> Void) -> Self {
        with(key) { list in
            for index in list.indices { change(&list[index]) }
        }
    }
}
