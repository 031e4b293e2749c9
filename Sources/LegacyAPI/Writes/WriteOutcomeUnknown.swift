import V4Contract

/// A write the bridge sent to V4 whose outcome it could neither read in the answer nor read back
/// afterwards. The client is told to check its records (`outcome_unknown` in errors.yaml): the
/// write may have been committed, so "failed" would be a lie and a retry a second charge.
public struct WriteOutcomeUnknown: Error, Sendable, CustomStringConvertible {
    public var endpoint: String
    public var cause: V4ClientError
    public var readBackFailure: String?

    public var description: String {
        "the outcome of \(endpoint) is unknown (\(cause))" + (readBackFailure.map { "; reading it back failed: \($0)" } ?? "")
    }
}
