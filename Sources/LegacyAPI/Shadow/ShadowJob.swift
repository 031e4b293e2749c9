import ResponseDiff

/// One exchange to compare, queued after the client has its answer: the request as the client
/// sent it, and the answer the client got (the bridge's with `--shadow`, the old backend's with
/// `--primary`).
struct ShadowJob: Sendable {
    var endpoint: String
    var route: RouteSpec
    var request: ReplayRequest
    var answered: SideResponse
}
