import BridgeKit

/// D1-B's member level from lifetime earned points and the thresholds in Mappings
/// (`user.info` params `levels`: `[{name, min_points}]`, ascending).
enum LegacyMemberLevel {
    /// `{current_level (1-based), level_name, next_level_points, points_to_next}`; at the top
    /// level `next_level_points` is null and `points_to_next` 0.
    static func level(accumulated: Int, levels: JSONValue?) -> JSONValue {
        let table: [(name: String, min: Int64)] = (levels?.arrayValue ?? []).compactMap { entry in
            guard let name = entry["name"]?.stringValue, let min = entry["min_points"]?.intValue else { return nil }
            return (name, min)
        }
        guard !table.isEmpty else { return .null }
        let points = Int64(max(accumulated, 0))
        let index = table.lastIndex { $0.min <= points } ?? 0
        let next = index + 1 < table.count ? table[index + 1].min : nil
        return [
            "current_level": .int(Int64(index + 1)), "level_name": .string(table[index].name),
            "next_level_points": next.map { .int($0) } ?? .null, "points_to_next": .int(next.map { $0 - points } ?? 0),
        ]
    }
}
