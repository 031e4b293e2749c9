import ResponseDiff

/// One exchange to compare, queued after the client has its answer: the request as the client
/// sent it, and the answer the client got (the bridge's with `--shadow`, the old backend's with
/// `--primary`), as bytes: it is parsed by the comparison, off the request path.
struct ShadowJob: Sendable {
    var endpoint: String
    var route: ShadowRoute
    var request: ReplayRequest
    var status: Int
    var body: [UInt8]
    /// The client's address (through trusted proxies), sent on as `X-Forwarded-For` so the other
    /// side's per-address limits count the client, not this server.
    var clientAddress: String?

    var answered: SideResponse { SideResponse(status: status, raw: String(decoding: body, as: UTF8.self)) }
}
