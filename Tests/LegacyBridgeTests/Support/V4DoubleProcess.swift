import AsyncHTTPClient
import BridgeKit
import Foundation
import NIOCore
import NIOHTTP1

/// The documented-V4 test double (Tests/V4Double/v4_double.py, written from seed 003) as a child
/// process on a free loopback port, with its control API (`/__double/…`).
struct V4DoubleProcess: Sendable {
    let process: ChildProcess
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("V4Double/v4_double.py").path

    static func with<T: Sendable>(_ arguments: [String] = [], _ body: @Sendable (V4DoubleProcess) async throws -> T) async throws -> T {
        let portFile = TestBridge.temporaryDirectory() + "/double.port"
        let process = try ChildProcess.spawn("python3", [script, "--port", "0", "--port-file", portFile, "--random-seed", "7"] + arguments, output: .null)
        var port: Int?
        for _ in 0..<300 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                port = value
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let port else {
            process.signal(SIGKILL)
            throw TestFailure("the V4 double did not start")
        }
        let double = V4DoubleProcess(process: process, port: port)
        do {
            let result = try await body(double)
            // SIGKILL: a child spawned from a pool thread inherits its blocked signals, SIGTERM
            // among them; the double keeps nothing to flush.
            process.signal(SIGKILL)
            _ = process.wait()
            return result
        } catch {
            process.signal(SIGKILL)
            _ = process.wait()
            throw error
        }
    }

    /// A control call: `GET /__double/state`, `POST /__double/fault {…}`.
    @discardableResult
    func control(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url + "/__double/" + path)
        request.method = method
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return try JSONValue.parse(Array(bytes.readableBytesView))
    }

    func fault(_ mode: String, path: String, method: String? = nil, count: Int = 1, delayMs: Int? = nil) async throws {
        var body: JSONObject = ["mode": .string(mode), "path_contains": .string(path), "count": .int(Int64(count))]
        if let method { body["method"] = .string(method) }
        if let delayMs { body["delay_ms"] = .int(Int64(delayMs)) }
        try await control(.POST, "fault", .object(body))
    }

    /// The double's own balance for a user and the ledger's length.
    func balance(of userId: Int64) async throws -> Int64? {
        let state = try await control(.GET, "state")
        return state["users"]?.arrayValue?.first { $0["user_id"]?.intValue == userId || $0["id"]?.intValue == userId }?["available_points"]?.intValue
            ?? state["users"]?.arrayValue?.first { $0["user_id"]?.intValue == userId || $0["id"]?.intValue == userId }?["points"]?.intValue
    }

    /// Writes the double committed on a route, as its state counts them.
    func committed(_ route: String) async throws -> Int64 {
        let state = try await control(.GET, "state")
        guard let committed = state["write_calls"]?["committed"]?.objectValue else { return 0 }
        return committed.entries.filter { $0.key.contains(route) }.reduce(0) { $0 + ($1.value.intValue ?? 0) }
    }
}
