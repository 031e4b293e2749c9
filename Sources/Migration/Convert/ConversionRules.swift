import BridgeKit
import Yams

/// The value maps the converters apply, read from `Mappings/migration.yaml` so that mapping
/// knowledge lives in data.
public struct ConversionRules: Sendable {
    public struct PointsKind: Sendable, Equatable {
        public var businessType: String
        public var title: String
    }

    public var userStatus: [String: String]
    public var reviewStatus: [String: String]
    public var productStatus: [String: String]
    /// source → direction (`earn`/`consume`) → kind.
    public var pointsSources: [String: [String: PointsKind]]
    public var otherSource: PointsKind

    public static let fileName = "migration.yaml"

    public static func load(directory: String) throws -> ConversionRules {
        let path = directory + "/" + fileName
        let text = directory == MappingFiles.builtIn
            ? MappingFiles.builtInFiles.first { $0.name == fileName }?.text
            : try? String(contentsOfFile: path, encoding: .utf8)
        guard let text else {
            throw MappingError(file: path, line: 0, column: 0, reason: "cannot read the migration mappings")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = fileName) throws -> ConversionRules {
        let reader = YAMLReader(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw reader.error(Node(""), "empty file") }
            root = node
        } catch let error as MappingError {
            throw error
        } catch {
            throw MappingError(file: file, line: 0, column: 0, reason: "not YAML: \(error)")
        }
        let section = try reader.mapping(root, allowed: ["migration"], required: ["migration"])["migration"]!
        let tables = try reader.mapping(
            section, allowed: ["users", "upload_reviews", "products", "points_records"],
            required: ["users", "upload_reviews", "products", "points_records"])

        func valueMap(_ table: String, _ column: String, allowedTargets: Set<String>) throws -> [String: String] {
            let fields = try reader.mapping(tables[table]!, allowed: [column], required: [column])
            var map: [String: String] = [:]
            for (key, value) in try reader.mapping(fields[column]!) {
                let target = try reader.string(value.node)
                try reader.check(value.node, allowedTargets.contains(target),
                                 "\(table).\(column): '\(target)' is not one of \(allowedTargets.sorted())")
                map[key.string] = target
            }
            return map
        }

        func kind(_ node: Node) throws -> PointsKind {
            let fields = try reader.mapping(node, allowed: ["business_type", "title"], required: ["business_type", "title"])
            return PointsKind(businessType: try reader.string(fields["business_type"]!), title: try reader.string(fields["title"]!))
        }

        let points = try reader.mapping(tables["points_records"]!, allowed: ["sources", "other_source"],
                                        required: ["sources", "other_source"])
        var sources: [String: [String: PointsKind]] = [:]
        for (source, directions) in try reader.mapping(points["sources"]!) {
            let byDirection = try reader.mapping(directions.node, allowed: ["earn", "consume"], required: ["earn", "consume"])
            sources[source.string] = try byDirection.mapValues(kind)
        }
        return ConversionRules(
            userStatus: try valueMap("users", "status", allowedTargets: ["active", "inactive"]),
            reviewStatus: try valueMap("upload_reviews", "review_status",
                                       allowedTargets: ["pending", "reviewing", "approved", "rejected"]),
            productStatus: try valueMap("products", "status", allowedTargets: ["active", "inactive"]),
            pointsSources: sources,
            otherSource: try kind(points["other_source"]!))
    }

    func pointsKind(source: String, direction: String) -> PointsKind {
        if let kind = sources(source)?[direction] { return kind }
        return PointsKind(
            businessType: otherSource.businessType.replacing("{source}", with: source),
            title: otherSource.title.replacing("{source}", with: source))
    }

    private func sources(_ source: String) -> [String: PointsKind]? { pointsSources[source] }
}
