import AsyncHTTPClient
import BridgeKit
import Foundation
import NIOCore
import NIOHTTP1

/// What one side answered (or why it did not).
public struct SideResponse: Sendable, Equatable {
    public var status: Int
    public var body: JSONValue?
    public var raw: String
    public var error: String?

    public init(status: Int, raw: String, error: String? = nil) {
        self.status = status
        self.raw = raw
        self.body = try? JSONValue.parse(raw)
        self.error = error
    }

    public static func failure(_ reason: String) -> SideResponse { SideResponse(status: 0, raw: "", error: reason) }
}

/// One side of a comparison: the old backend, the bridge, a second old instance, or a recording.
public protocol ResponseSource: Sendable {
    /// Shown in reports (`primary`, `candidate`, …).
    var label: String { get }
    /// Base URL for "copy as curl", when the side is reachable over HTTP.
    var baseURL: String? { get }
    func send(_ request: ReplayRequest) async -> SideResponse
}

/// A side reached over HTTP with a per-request deadline.
public struct HTTPSource: ResponseSource {
    public let label: String
    public let baseURL: String?
    let client: HTTPClient
    let timeout: TimeAmount

    public init(label: String, baseURL: String, client: HTTPClient, timeout: TimeAmount) {
        self.label = label
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
        self.timeout = timeout
    }

    public func send(_ request: ReplayRequest) async -> SideResponse {
        var outgoing = HTTPClientRequest(url: (baseURL ?? "") + request.target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
            if outgoing.headers["content-type"].isEmpty { outgoing.headers.add(name: "content-type", value: "application/json") }
        }
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
            return SideResponse(status: Int(response.status.code), raw: String(buffer: body))
        } catch {
            return .failure("\(label): \(error)")
        }
    }
}
