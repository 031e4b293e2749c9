/// An endpoint that takes nothing but, maybe, the caller's token.
public struct V4NoInput: V4EndpointInput, Equatable {
    public init() {}
    public init(from input: V4Input) throws(V4Error) {}
    public func write(to input: inout V4Input) {}
}

/// `…/:user_id`: a per-user resource (the user themself or an admin).
public struct V4UserPath: V4EndpointInput, Equatable {
    public var userId: Int64

    public init(userId: Int64) { self.userId = userId }

    public init(from input: V4Input) throws(V4Error) {
        userId = try input.pathInt("user_id")
    }

    public func write(to input: inout V4Input) {
        input.path["user_id"] = String(userId)
    }
}

/// `…/:campaignCode`.
public struct V4CampaignPath: V4EndpointInput, Equatable {
    public var campaignCode: String

    public init(campaignCode: String) { self.campaignCode = campaignCode }

    public init(from input: V4Input) throws(V4Error) {
        campaignCode = try input.pathString("campaignCode")
    }

    public func write(to input: inout V4Input) {
        input.path["campaignCode"] = campaignCode
    }

    public func validate() throws(V4Error) {
        _ = try V4Input(path: ["campaignCode": campaignCode]).pathString("campaignCode")
    }
}

extension V4PageQuery {
    /// Reads `?page&limit` ([B]: page ≥ 1, limit 1…100).
    public init(from input: V4Input) throws(V4Error) {
        self = try input.pageQuery()
    }

    public func write(to input: inout V4Input) {
        input.query["page"] = String(page)
        input.query["limit"] = String(limit)
    }

    /// The same bounds for a value that did not come from a query string.
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
public struct V4StatusPageQuery<Vocabulary: V4StatusVocabulary>: V4EndpointInput, Equatable {
    public var page: V4PageQuery
    public var status: String?

    public init(page: V4PageQuery, status: String? = nil) {
        self.page = page
        self.status = status == "all" ? nil : status
    }

    public init(from input: V4Input) throws(V4Error) {
        self.init(page: try V4PageQuery(from: input), status: input.queryString("status"))
    }

    public func write(to input: inout V4Input) {
        page.write(to: &input)
        input.setQuery("status", status)
    }

    public func validate() throws(V4Error) {
        try page.validate()
        if let status, !Vocabulary.statuses.contains(status) { throw V4Error(.invalidParameter, "参数 status 无效") }
    }
}
