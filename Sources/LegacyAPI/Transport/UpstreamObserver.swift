import V4Contract

/// Told of every call the HTTP transport makes upstream: which endpoint, the HTTP status when an
/// answer came, the failure if any, and how long it took.
public protocol UpstreamObserver: Sendable {
    func upstreamCall(_ endpoint: String, status: Int?, failure: V4ClientError?, seconds: Double)
}
