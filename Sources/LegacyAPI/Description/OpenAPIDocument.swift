import BridgeKit
import HTTPTypes
import V4Contract

/// The machine-readable description of what the bridge serves, generated from the mappings
/// (OpenAPI 3.1): every legacy route under each of its paths, with its fields as query
/// parameters (GET, DELETE) or body properties (JSON, or multipart when a field is a file),
/// each with its type and bounds, who may call it, the legacy envelope and the legacy codes it
/// can answer; then the V4 operations mounted beside them when the core is embedded.
///
/// Served at `path`, written to Docs/openapi.json by `legacy-bridge mappings openapi`; a test
/// fails when the file in Docs/ no longer matches Mappings/.
public enum OpenAPIDocument {
    public static let path = "/openapi.json"

    public static func build(_ mappings: MappingSet, v4 endpoints: [any V4EndpointDescription]) -> JSONValue {
        var paths = JSONObject()
        func add(_ template: String, _ method: HTTPRequest.Method, _ operation: JSONValue) {
            let key = openAPIPath(template)
            var item = paths[key]?.objectValue ?? JSONObject()
            item[method.rawValue.lowercased()] = operation
            paths[key] = .object(item)
        }
        for route in mappings.routes {
            for (index, template) in route.paths.enumerated() {
                add(template, route.method, legacyOperation(route, path: template, alias: index, mappings: mappings))
            }
        }
        for endpoint in endpoints {
            for (index, template) in endpoint.paths.enumerated() {
                add(template, endpoint.method, v4Operation(endpoint, path: template, alias: index))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "LegacyBridge",
                "version": "2.1",
                "description": .string(
                    "The v2.1 legacy API as LegacyBridge serves it (every route of Mappings/), and the V4 operations of the embedded core. "
                        + "Generated from the mappings; do not edit by hand: `legacy-bridge mappings openapi --output Docs/openapi.json`."),
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
                "schemas": ["LegacyEnvelope": legacyEnvelope, "FamilyEnvelope": familyEnvelope, "V4Envelope": v4Envelope],
            ],
        ]
    }

    /// `/api/photo/review/:id` → `/api/photo/review/{id}`.
    static func openAPIPath(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    static func parameterNames(_ template: String) -> [String] {
        template.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    // MARK: legacy

    /// `{code, msg, message, data}` (LegacyEnvelope): code 0 on success, the legacy code otherwise.
    static let legacyEnvelope: JSONValue = [
        "type": "object",
        "required": ["code", "msg", "message", "data"],
        "properties": [
            "code": ["type": "integer", "description": "0 on success; otherwise the legacy error code (x-legacy-codes lists a route's own)."],
            "msg": ["type": "string"],
            "message": ["type": "string", "description": "The same text as msg (the v2.1 request wrapper toasts message)."],
            "data": ["description": "The route's answer; on an error null or the error's details."],
        ],
    ]

    /// E2 (`/api/v1`): `{code, message, data, timestamp, requestId}`, failures with `errors[]` or `solution`.
    static let familyEnvelope: JSONValue = [
        "type": "object",
        "required": ["code", "message", "data", "timestamp", "requestId"],
        "properties": [
            "code": ["type": "integer", "description": "0 on success; otherwise the family's error code (x-legacy-codes lists a route's own)."],
            "message": ["type": "string"],
            "data": ["description": "The route's answer; on an error null or the error's details."],
            "timestamp": ["type": "integer", "description": "Epoch milliseconds."],
            "requestId": ["type": "string", "description": "req_…"],
            "errors": [
                "type": "array", "description": "The fields at fault.",
                "items": [
                    "type": "object", "required": ["field", "code", "message"],
                    "properties": ["field": ["type": "string"], "code": ["type": "integer"], "message": ["type": "string"]],
                ],
            ],
            "solution": ["type": "string", "description": "What the user can do."],
        ],
    ]

    static func legacyOperation(_ route: RouteSpec, path: String, alias: Int, mappings: MappingSet) -> JSONValue {
        let inPath = Set(parameterNames(path))
        var parameters: [JSONValue] = parameterNames(path).map { name in
            let field = route.fields.first { $0.name == name || $0.aliases.contains(name) }
            return [
                "name": .string(name), "in": "path", "required": true,
                "schema": field.map(schema) ?? ["type": "string"],
            ]
        }
        let fields = route.fields.filter { field in !inPath.contains(field.name) && !field.aliases.contains { inPath.contains($0) } }
        var operation: JSONObject = [
            "operationId": .string(alias == 0 ? route.id : "\(route.id)#\(alias + 1)"),
            "summary": .string(route.id),
            "tags": [.string("legacy " + (route.id.split(separator: ".").first.map(String.init) ?? route.id))],
            "x-mapping": .string("\(route.file.split(separator: "/").last.map(String.init) ?? route.file):\(route.line)"),
            "x-translation": .string(route.translation),
        ]
        if route.method == .get || route.method == .delete || route.method == .head {
            for field in fields where field.type != .file {
                parameters.append(["name": .string(field.name), "in": "query", "required": .bool(field.required), "schema": schema(field)])
            }
        } else if !fields.isEmpty {
            let mediaType = fields.contains { $0.type == .file } ? "multipart/form-data" : "application/json"
            var properties = JSONObject()
            for field in fields { properties[field.name] = schema(field) }
            var body: JSONObject = ["type": "object", "properties": .object(properties)]
            let required = fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { body["required"] = .array(required) }
            operation["requestBody"] = [
                "required": .bool(!required.isEmpty),
                "description": .string("At most \(route.bodyLimit) bytes."),
                "content": [mediaType: ["schema": .object(body)]],
            ]
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if route.auth != .none {
            operation["security"] = [["bearer": []]]
            if route.auth == .refresh {
                operation["description"] = "The bearer token is the refresh token (or refresh_token in the body)."
            }
        }
        operation["x-legacy-codes"] = .array(legacyCodes(route, mappings: mappings).map { .int(Int64($0)) })
        let envelope: JSONValue = ["$ref": route.family == nil ? "#/components/schemas/LegacyEnvelope" : "#/components/schemas/FamilyEnvelope"]
        operation["responses"] = [
            "200": ["description": .string(route.message), "content": ["application/json": ["schema": envelope]]],
            "default": ["description": "A legacy error: its code, message and data", "content": ["application/json": ["schema": envelope]]],
        ]
        return .object(operation)
    }

    /// The codes a route can answer besides 0: its own overrides and field errors, the bridge's
    /// own failures, and the token and rate-limit errors when it needs a token. (Any V4 error
    /// the translation meets maps through errors.yaml too; those are not repeated per route.)
    static func legacyCodes(_ route: RouteSpec, mappings: MappingSet) -> [Int] {
        var codes = Set(route.errors.values.map(\.code))
        codes.formUnion(route.fields.compactMap { $0.error?.code })
        let bridgeErrors = mappings.family(of: route)?.bridgeErrors ?? mappings.bridgeErrors
        codes.formUnion(bridgeErrors.filter { BridgeFailure(rawValue: $0.key)?.isRouteSpecific != true }.values.map(\.code))
        if route.auth != .none {
            codes.formUnion(["TOKEN_MISSING", "TOKEN_INVALID", "TOKEN_EXPIRED", "RATE_LIMIT_EXCEEDED"].map {
                mappings.legacyError(forV4Code: $0, route: route).code
            })
        }
        return codes.sorted()
    }

    static func schema(_ field: FieldSpec) -> JSONValue {
        var schema = JSONObject()
        switch field.type {
        case .string: schema["type"] = "string"
        case .integer: schema["type"] = "integer"
        case .number: schema["type"] = "number"
        case .boolean: schema["type"] = "boolean"
        case .object: schema["type"] = "object"
        case .array: schema["type"] = "array"
        case .file:
            schema["type"] = "string"
            schema["contentMediaType"] = "application/octet-stream"
        }
        if let maxLength = field.maxLength { schema["maxLength"] = .int(Int64(maxLength)) }
        if let min = field.min { schema["minimum"] = .int(min) }
        if let max = field.max { schema["maximum"] = .int(max) }
        if let values = field.values {
            let spellings = values.keys.sorted()
            schema["enum"] = .array(spellings.map { field.type == .integer ? (Int64($0).map { .int($0) } ?? .string($0)) : .string($0) })
        }
        if let value = field.defaultValue { schema["default"] = value }
        var notes: [String] = []
        if field.aliases != [field.name] { notes.append("Also read as: " + field.aliases.filter { $0 != field.name }.joined(separator: ", ") + ".") }
        if field.clamp { notes.append("Values out of range are clamped.") }
        if field.type == .integer || field.type == .number || field.type == .boolean {
            notes.append("Sent as text, it is read as the number or boolean it spells.")
        }
        if !notes.isEmpty { schema["description"] = .string(notes.joined(separator: " ")) }
        return .object(schema)
    }

    // MARK: V4

    /// `{success, code, message, data, version, timestamp, request_id}`, errors with `error` too.
    static let v4Envelope: JSONValue = [
        "type": "object",
        "required": ["success", "code", "message", "data", "version", "timestamp", "request_id"],
        "properties": [
            "success": ["type": "boolean"],
            "code": ["type": "string"],
            "error": ["type": "string"],
            "message": ["type": "string"],
            "data": [:],
            "version": ["type": "string"],
            "timestamp": ["type": "string"],
            "request_id": ["type": "string"],
        ],
    ]

    static func v4Operation(_ endpoint: any V4EndpointDescription, path: String, alias: Int) -> JSONValue {
        var operation: JSONObject = [
            "operationId": .string(alias == 0 ? "v4." + endpoint.id : "v4.\(endpoint.id)#\(alias + 1)"),
            "summary": .string(endpoint.successMessage),
            "tags": [.string("v4 " + (endpoint.id.split(separator: ".").first.map(String.init) ?? endpoint.id))],
            "x-input": .string(endpoint.inputTypeName),
            "x-output": .string(endpoint.outputTypeName),
        ]
        let parameters: [JSONValue] = parameterNames(path).map { name in
            ["name": .string(name), "in": "path", "required": true,
             "schema": name == "id" || name.hasSuffix("_id") ? ["type": "integer", "minimum": 1] : ["type": "string"]]
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if endpoint.method == .post || endpoint.method == .put || endpoint.method == .patch {
            operation["requestBody"] = [
                "required": false,
                "description": .string("A JSON object, at most \(endpoint.bodyLimit) bytes (\(endpoint.inputTypeName))."),
                "content": ["application/json": ["schema": ["type": "object"]]],
            ]
        }
        if endpoint.access == .bearer { operation["security"] = [["bearer": []]] }
        let envelope: JSONValue = ["$ref": "#/components/schemas/V4Envelope"]
        operation["responses"] = [
            "200": ["description": .string("\(endpoint.successCode): \(endpoint.successMessage)"),
                    "content": ["application/json": ["schema": envelope]]],
            "default": ["description": "A V4 error (success false, the error code)", "content": ["application/json": ["schema": envelope]]],
        ]
        return .object(operation)
    }
}
