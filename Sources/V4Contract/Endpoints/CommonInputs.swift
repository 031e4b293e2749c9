/// An endpoint that takes nothing but, maybe, the caller's token.
public struct V4NoInput: V4FieldInput, Equatable {
    public init() {}
    public static let fields: [V4Field<Self>] = []
}

/// `…/:user_id`: a per-user resource (the user themself or an admin).
public struct V4UserPath: V4FieldInput, Equatable {
    public var userId: Int64 = 0

    public init() {}
    public init(userId: Int64) { self.userId = userId }

    public static let fields: [V4Field<Self>] = [.path(\.userId, "user_id")]
}

/// `…/:campaignCode`.
public struct V4CampaignPath: V4FieldInput, Equatable {
    public var campaignCode = ""

    public init() {}
    public init(campaignCode: String) { self.campaignCode = campaignCode }

    public static let fields: [V4Field<Self>] = [.path(\.campaignCode, "campaignCode")]

    public func validate() throws(V4Error) {
        _ = try V4Input(path: ["campaignCode": campaignCode]).pathString("campaignCode")
    }
}

extension V4PageQuery {
    /// The same bounds (`?page&limit`, [B]: page ≥ 1, limit 1…100) for a value that did not come
    /// from a query string.
    public func validate() throws(V4Error) {
        _ = try V4Input(query: ["page": String(page), "limit": String(limit)]).pageQuery()
    }
}

extension V4Input {
    /// Sets a query item when there is a value.
    public mutating func setQuery(_ key: String, _ value: String?) {
        if let value { query[key] = value }
    }

    /// Sets a body field when there is a value.
    public mutating func setBody(_ key: String, _ value: String?) {
        if let value { body[key] = .string(value) }
    }

    public mutating func setBody(_ key: String, _ value: Int?) {
        if let value { body[key] = .int(Int64(value)) }
    }
}

/// The states a list can be filtered by.
public protocol V4StatusVocabulary: Sendable {
    static var statuses: Set<String> { get }
}

/// `?page&limit&status` over one vocabulary of states; `all` or absent is every state, an
/// unknown state `INVALID_PARAMETER`.
public struct V4StatusPageQuery<Vocabulary: V4StatusVocabulary>: V4FieldInput, Equatable {
    public var page = V4PageQuery(page: 1, limit: 20)
    public var status: String?

    public init() {}
    public init(page: V4PageQuery, status: String? = nil) {
        self.page = page
        self.status = status == "all" ? nil : status
    }

    public static var fields: [V4Field<Self>] { [.page(\.page), .query(\.status, "status", allMeansEvery: true)] }

    public func validate() throws(V4Error) {
        try page.validate()
        if let status, !Vocabulary.statuses.contains(status) { throw V4Error(.invalidParameter, "参数 status 无效") }
    }
}
