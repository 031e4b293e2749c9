import V4Core

extension LegacyCall {
    /// The V4 user id behind the call's token (V4's per-user routes take it in the path).
    func callerUserId() async throws -> Int64 {
        try await core.profile(token: requiredToken, requestID: requestID).user.userId
    }

    /// `page` and `limit` of a list route; their defaults and bounds come from the mapping.
    var paging: (page: Int, limit: Int) {
        (Int(input.int("page") ?? 1), Int(input.int("limit") ?? 20))
    }

    /// A filter field's canonical value, nil for the mapping's "everything" value `all`.
    func filter(_ name: String) -> String? {
        input.string(name).flatMap { $0 == "all" ? nil : $0 }
    }
}
