import V4Contract

extension LegacyCall {
    /// Sends a V4 write that must never be misreported, once. When V4 answered, its answer is the
    /// truth. When the outcome is unknown (a time-out after sending, a connection reset mid-answer,
    /// an unreadable answer), `readBack` looks for the write in V4's own records (balance,
    /// history, lists) and returns what it committed, or nil when it is not (yet) there. Found:
    /// the write is reported as the success it is. Not found, or the look-up failed: the client is
    /// told to check its records (`WriteOutcomeUnknown`), never that the write failed, since it
    /// may still commit.
    ///
    /// In front of a remote core the events the endpoint declares (`V4Endpoint.raising`) are
    /// raised here for the answer — after `complete` has filled in what the V4 answer lacked
    /// (the draw's cost) — as the user `userId` (default: the token's subject).
    func write<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, _ input: Input, as userId: Int64? = nil,
        readBack: @Sendable () async throws -> Output?, complete: (inout Output) -> Void = { _ in }
    ) async throws -> Output {
        var result = try await sendWrite(endpoint, input, readBack: readBack)
        complete(&result)
        if let rule = endpoint.raises, let events {
            events.publish(rule(result, V4EventContext(userId: userId ?? tokenUserId, now: now)))
        }
        return result
    }

    private func sendWrite<Input, Output>(
        _ endpoint: V4Endpoint<Input, Output>, _ input: Input, readBack: @Sendable () async throws -> Output?
    ) async throws -> Output {
        do {
            return try await v4(endpoint, input)
        } catch let cause where cause.outcomeUnknown {
            let recovered: Output?
            do {
                recovered = try await readBack()
            } catch {
                throw WriteOutcomeUnknown(endpoint: endpoint.id, cause: cause, readBackFailure: String(describing: error))
            }
            guard let recovered else { throw WriteOutcomeUnknown(endpoint: endpoint.id, cause: cause, readBackFailure: nil) }
            return recovered
        }
    }

    /// Whether a write's outcome could need reading back: only across a network. In process a
    /// call either returns or throws the core's own error.
    var writesNeedSnapshots: Bool { core.callsAreRemote }
}
