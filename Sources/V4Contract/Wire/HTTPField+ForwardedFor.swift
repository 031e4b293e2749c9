import HTTPTypes

extension HTTPField.Name {
    /// The client's address as proxies pass it on; believed only from a trusted proxy.
    public static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
