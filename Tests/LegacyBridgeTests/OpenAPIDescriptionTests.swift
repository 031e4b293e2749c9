import BridgeKit
import Foundation
import LegacyAPI
import Testing
import V4Contract

/// The OpenAPI description (LegacyAPI/Description/OpenAPIDocument.swift): complete against the
/// mappings, the copy in Docs/ current, and the served one what the server loaded.
@Suite struct OpenAPIDescriptionTests {
    static func mappings() throws -> MappingSet {
        try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: TestBridge.mappingsDirectory)
    }

    @Test func docsCopyMatchesTheMappings() throws {
        let generated = OpenAPIDocument.build(try Self.mappings(), v4: V4API.all)
        let path = TestBridge.packageRoot + "/Docs/openapi.json"
        let stored = try JSONValue.parse(try String(contentsOfFile: path, encoding: .utf8))
        #expect(stored == generated, "Docs/openapi.json has drifted from Mappings/: run `legacy-bridge mappings openapi --output Docs/openapi.json`")
    }

    /// Every route under every path and method, each field as a parameter or body property with
    /// its type and bounds; every V4 endpoint path; each `$ref` resolvable.
    @Test func everyRouteFieldAndEndpointIsDescribed() throws {
        let mappings = try Self.mappings()
        let document = OpenAPIDocument.build(mappings, v4: V4API.all)
        #expect(document["openapi"] == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        for route in mappings.routes {
            for template in route.paths {
                let key = template.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                let operation = try #require(paths[key]?[route.method.rawValue.lowercased()], "\(route.id) \(template)")
                #expect((operation["security"] != nil) == (route.auth != .none), "\(route.id)")
                let parameters = operation["parameters"]?.arrayValue ?? []
                let bodySchema = operation["requestBody"]?["content"]?.objectValue?.entries.first?.value["schema"]
                for field in route.fields {
                    let described = parameters.first { $0["name"] == .string(field.name) }?["schema"]
                        ?? bodySchema?["properties"]?[field.name]
                        ?? parameters.first { parameter in field.aliases.contains { parameter["name"] == .string($0) } }?["schema"]
                    let schema = try #require(described, "\(route.id): field \(field.name)")
                    if let max = field.max { #expect(schema["maximum"] == .int(max), "\(route.id).\(field.name)") }
                    if let min = field.min { #expect(schema["minimum"] == .int(min), "\(route.id).\(field.name)") }
                    if let length = field.maxLength { #expect(schema["maxLength"] == .int(Int64(length)), "\(route.id).\(field.name)") }
                    if field.required, bodySchema?["properties"]?[field.name] != nil {
                        #expect(bodySchema?["required"]?.arrayValue?.contains(.string(field.name)) == true,
                                "\(route.id).\(field.name) is required")
                    }
                }
                let codes = operation["x-legacy-codes"]?.arrayValue ?? []
                for spec in route.errors.values { #expect(codes.contains(.int(Int64(spec.code))), "\(route.id): \(spec.code)") }
            }
        }
        for endpoint in V4API.all {
            for template in endpoint.paths {
                let key = template.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                #expect(paths[key]?[endpoint.method.rawValue.lowercased()] != nil, "\(endpoint.id) \(template)")
            }
        }
        let text = document.serialized()
        for reference in ["LegacyEnvelope", "V4Envelope"] {
            #expect(text.contains("#/components/schemas/\(reference)") && document["components"]?["schemas"]?[reference] != nil)
        }
    }

    /// Served at /openapi.json: the embedded server describes the V4 operations it mounts, a
    /// bridge in front of a remote core only the legacy routes.
    @Test(arguments: [TestBridge.Mode.embeddedSocket, .upstreamHTTP])
    func servedDescriptionIsWhatTheServerLoaded(_ mode: TestBridge.Mode) async throws {
        let mappings = try Self.mappings()
        try await TestBridge.withBridge(mode) { client in
            let answer = try await client.send(.get, OpenAPIDocument.path)
            #expect(answer.status == 200)
            let expected = OpenAPIDocument.build(mappings, v4: mode == .upstreamHTTP ? [] : V4API.all)
            #expect(answer.body == expected)
            let paths = answer.body["paths"]?.objectValue?.keys ?? []
            #expect(paths.contains("/api/exchange/submit"))
            #expect(paths.contains { $0.hasPrefix("/api/v4/") } == (mode != .upstreamHTTP))
        }
    }
}
