import Foundation

/// How the bridge runs beside the old v2.1 backend (`serve --shadow URL` or `--primary URL`,
/// Docs/differ.md "Shadow cut-over").
public struct ShadowSettings: Sendable {
    public enum Mode: String, Sendable {
        /// The bridge answers clients; the old backend gets a copy and the answers are compared.
        case shadow
        /// Dark launch: the old backend answers clients (its bytes, unchanged); the bridge's
        /// answer is computed on the side and compared.
        case primary
    }

    public var mode: Mode
    /// The old backend (`http://old-backend:3000`).
    public var oldBackend: String
    /// The share of a route's requests compared (a route's `shadow: percent` overrides it).
    public var percent = 100
    /// Comparisons waiting at most; one more is dropped and counted.
    public var queueCapacity = 1000
    /// Comparisons running at once.
    public var concurrency = 4
    /// Deadline of one call made for a comparison (the other side's answer).
    public var timeout: Duration = .seconds(5)
    /// Deadline of the proxied call in `primary` mode (the client waits for it).
    public var proxyTimeout: Duration = .seconds(30)
    /// Compared requests without a real difference after which a route is marked ready.
    public var readyAfter = 100
    /// Differing pairs kept for the report (the newest).
    public var sampleLimit = 200
    /// Per endpoint, how many safe requests are also sent a second time to the old backend to
    /// learn which fields differ between two of its own answers (noise).
    public var calibrationCalls = 5
    /// Largest request body copied for a comparison; a longer one is answered but not compared.
    public var maxBody = 1024 * 1024

    public init(mode: Mode, oldBackend: String) {
        self.mode = mode
        self.oldBackend = oldBackend.hasSuffix("/") ? String(oldBackend.dropLast()) : oldBackend
    }
}
