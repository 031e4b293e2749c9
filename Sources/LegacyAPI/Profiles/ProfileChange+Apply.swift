import BridgeKit

extension ProfileChange {
    /// `data` with the change made wherever the path leads; a path that leads nowhere (a key the
    /// answer does not have, a value of another type) leaves the answer as it is.
    func apply(to data: JSONValue) -> JSONValue {
        Self.apply(kind, when: when, at: path.steps[...], in: data)
    }

    private static func apply(_ kind: Kind, when: Condition?, at steps: ArraySlice<ProfilePath.Step>, in value: JSONValue) -> JSONValue {
        guard let step = steps.first, case .object(var object) = value, let inner = object[step.key] else { return value }
        let rest = steps.dropFirst()
        if step.eachElement {
            guard case .array(let items) = inner else { return value }
            object[step.key] = .array(items.map { apply(kind, when: when, at: rest, in: $0) })
            return .object(object)
        }
        guard rest.isEmpty else {
            object[step.key] = apply(kind, when: when, at: rest, in: inner)
            return .object(object)
        }
        if let when, object[when.field] != when.value { return value }
        switch kind {
        case .drop:
            object[step.key] = nil
        case .rename(let to):
            object[step.key] = nil
            object[to] = inner
        case .after(let field, let hours):
            guard let base = object[field]?.stringValue.flatMap(Timestamp.parse) else { return value }
            object[step.key] = .string(Timestamp.utc(base.addingTimeInterval(Double(hours) * 3600)))
        default:
            object[step.key] = transform(kind, inner)
        }
        return .object(object)
    }

    /// The new value of a leaf; values the change does not apply to are kept.
    static func transform(_ kind: Kind, _ value: JSONValue) -> JSONValue {
        switch (kind, value) {
        case (.string(let decimals), .int(let int)): return .string(fixed(Double(int), decimals))
        case (.string(let decimals), .double(let double)): return .string(fixed(double, decimals))
        case (.number, .string(let text)):
            if let int = Int64(text) { return .int(int) }
            if let double = Double(text), double.isFinite { return .double(double) }
            return value
        case (.field(let name), .object(let object)): return object[name] ?? .null
        case (.magnitude, .int(let int)): return int == .min ? value : .int(abs(int))
        case (.magnitude, .double(let double)): return .double(abs(double))
        case (.values(let names), .string(let text)): return names[text].map { .string($0) } ?? value
        case (.scale(let factor), .int(let int)): return scaled(Double(int) * factor)
        case (.scale(let factor), .double(let double)): return scaled(double * factor)
        case (.time(let format), .string(let text)):
            guard let date = Timestamp.parse(text) else { return value }
            switch format {
            case .isoUTC: return .string(Timestamp.utc(date))
            case .isoBeijing: return .string(Timestamp.beijing(date))
            case .beijingSeconds:
                let beijing = Timestamp.beijing(date)
                return .string(beijing.prefix(10) + " " + beijing.dropFirst(11).prefix(8))
            }
        default: return value
        }
    }

    /// A product without binary noise (98 × 0.01 is 0.98, not 0.9800000000000001), integral when it is.
    static func scaled(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        let rounded = (value * 1e9).rounded() / 1e9
        if rounded == rounded.rounded(), abs(rounded) < 9e15 { return .int(Int64(rounded)) }
        return .double(rounded)
    }

    /// `value` with exactly `decimals` places, half away from zero, without a locale.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        let scale = (0..<decimals).reduce(1.0) { value, _ in value * 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(value) }
        let units = Int64(scaled)
        let whole = units / Int64(scale), fraction = units % Int64(scale)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}
