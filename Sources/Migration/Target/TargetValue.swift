/// A value bound into a unified-schema column.
public enum TargetValue: Sendable, Equatable, Hashable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }
    public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }
}
