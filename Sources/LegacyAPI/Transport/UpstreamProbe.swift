import AsyncHTTPClient
import BridgeKit
import NIOCore
import NIOHTTP1
import V4Contract

/// Finds out which V4 endpoints a deployment has, without credentials: each endpoint the
/// bridge may call is asked once, unauthenticated, under each documented path. A JSON answer of
/// any status (401 `TOKEN_MISSING` mostly) means present; a 404 that is not JSON means absent
/// (Express's `Cannot GET`); no answer means unreachable. Then each legacy route is rated from
/// what it needs (`Mappings/degradation.yaml`): full, degraded (which V4 keys or endpoints it
/// does without) or unavailable (which capability is missing).
public struct UpstreamProbe: Sendable {
    public enum Presence: String, Sendable { case present, absent, unreachable }

    public struct EndpointResult: Sendable {
        public var id: String
        public var presence: Presence
        /// The path that answered (the canonical one or 003's other prefix).
        public var path: String
        public var status: Int?
    }

    public struct RouteResult: Sendable {
        public var route: String
        public var rating: String
        public var detail: String
    }

    public struct Report: Sendable {
        public var baseURL: String
        public var endpoints: [EndpointResult]
        public var routes: [RouteResult]
        /// The envelope variant seen (`003` without `version`, `002` with it).
        public var envelope: String

        public var absent: Set<String> { Set(endpoints.filter { $0.presence == .absent }.map(\.id)) }
        public var reachable: Bool { endpoints.contains { $0.presence != .unreachable } }

        public var json: JSONValue {
            [
                "base_url": .string(baseURL), "envelope": .string(envelope), "reachable": .bool(reachable),
                "endpoints": .array(endpoints.map {
                    ["id": .string($0.id), "presence": .string($0.presence.rawValue), "path": .string($0.path), "status": JSONValue($0.status)]
                }),
                "routes": .array(routes.map { ["route": .string($0.route), "rating": .string($0.rating), "detail": .string($0.detail)] }),
            ]
        }

        /// One line a legacy route, then a line per absent endpoint.
        public var table: String {
            var lines = ["legacy route                     rating       detail"]
            for route in routes {
                lines.append(route.route.padding(toLength: 33, withPad: " ", startingAt: 0) + route.rating.padding(toLength: 13, withPad: " ", startingAt: 0) + route.detail)
            }
            lines.append("")
            lines.append("V4 endpoints: \(endpoints.filter { $0.presence == .present }.count) present, \(absent.count) absent, \(endpoints.filter { $0.presence == .unreachable }.count) unreachable; envelope \(envelope)")
            for endpoint in endpoints where endpoint.presence != .present {
                lines.append("  \(endpoint.presence.rawValue): \(endpoint.id) (\(endpoint.path))")
            }
            return lines.joined(separator: "\n")
        }
    }

    public let baseURL: String
    public let degradation: DegradationTable

    public init(baseURL: String, degradation: DegradationTable) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.degradation = degradation
    }

    public func run(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(5)) async -> Report {
        var results: [EndpointResult] = []
        var envelope = "unknown"
        for endpoint in V4API.all + V4API.Upstream.all where degradation.probed.contains(endpoint.id) {
            var result = EndpointResult(id: endpoint.id, presence: .absent, path: "", status: nil)
            for path in Self.paths(of: endpoint) {
                var request = HTTPClientRequest(url: baseURL + path)
                request.method = NIOHTTP1.HTTPMethod(rawValue: endpoint.method.rawValue)
                request.headers.add(name: "accept", value: "application/json")
                if endpoint.method != .get {
                    request.headers.add(name: "content-type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: "{}"))
                }
                do {
                    let response = try await client.execute(request, timeout: timeout)
                    let body = try await response.body.collect(upTo: 1024 * 1024)
                    let status = Int(response.status.code)
                    if HTTPUpstreamTransport.looksLikeJSON(body) {
                        result = EndpointResult(id: endpoint.id, presence: .present, path: path, status: status)
                        if case .object(let object)? = try? JSONValue.parse(Array(body.readableBytesView)) {
                            envelope = object["version"] != nil ? "002 (version, request_id)" : "003 (success, message, error)"
                        }
                        break
                    }
                    result = EndpointResult(id: endpoint.id, presence: status == 404 ? .absent : .unreachable, path: path, status: status)
                } catch {
                    result = EndpointResult(id: endpoint.id, presence: .unreachable, path: path, status: nil)
                    break
                }
            }
            results.append(result)
        }
        let absent = Set(results.filter { $0.presence == .absent }.map(\.id))
        let unreachable = !results.contains { $0.presence != .unreachable }
        let routes = degradation.routes.map { route in
            degradation.rate(route, absent: absent, unreachable: unreachable)
        }
        return Report(baseURL: baseURL, endpoints: results, routes: routes, envelope: envelope)
    }

    /// The canonical path and 003's other prefix, path parameters filled with harmless values.
    static func paths(of endpoint: any V4EndpointDescription) -> [String] {
        func filled(_ template: String) -> String {
            template.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                guard segment.hasPrefix(":") else { return String(segment) }
                return segment.contains("ampaign") ? "BASIC_LOTTERY" : "1"
            }.joined(separator: "/")
        }
        let canonical = filled(endpoint.paths[0])
        var paths = [canonical]
        let base = V4API.basePath + "/"
        if canonical.hasPrefix(base) {
            let rest = canonical.dropFirst(base.count)
            if let prefix = V4API.alternatePrefixes[String(rest.prefix { $0 != "/" })] { paths.append(prefix + "/" + rest) }
        }
        return paths
    }
}

extension UpstreamProbe {
    /// Logs in as a client would and reads the active campaign: "ok: user 1, campaign BASIC_LOTTERY"
    /// or what failed.
    public static func checkLogin(baseURL: String, mobile: String, code: String) async -> String {
        let transport = HTTPUpstreamTransport(baseURL: baseURL, timeout: .seconds(10), breaker: nil)
        defer { Task { await transport.shutdown() } }
        do {
            let grant = try await transport.call(
                V4API.Auth.login, .init(mobile: mobile, verificationCode: code), as: V4Credentials(token: nil, requestID: "probe-login"))
            let campaigns = try await transport.call(
                V4API.Lottery.campaigns, .init(status: "active"), as: V4Credentials(token: grant.accessToken, requestID: "probe-campaigns"))
            let active = campaigns.items.first { $0.status == "active" }
            return "ok: user \(grant.user.userId), active campaign " + (active.map { "\($0.campaignId) \($0.campaignName)" } ?? "none")
        } catch {
            return "failed: \(error)"
        }
    }
}
