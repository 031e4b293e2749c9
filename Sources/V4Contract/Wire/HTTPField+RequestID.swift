public import HTTPTypes

extension HTTPField.Name {
    /// Carries the request id from the bridge to the V4 core, so one id names both hops.
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
