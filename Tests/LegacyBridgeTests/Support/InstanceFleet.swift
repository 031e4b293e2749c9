import AsyncHTTPClient
import BridgeKit
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// `legacy-bridge serve` processes in front of one V4, sharing one bridge store, and a real
/// nginx in front of them (`upstream` with every instance), as Docs/operations.md deploys it.
final class InstanceFleet: @unchecked Sendable {
    struct Instance {
        var process: ChildProcess
        var port: Int
        var lines: LineCollector
        var killed = false
    }

    let core: String
    let state: String
    let environment: [String: String]
    private(set) var instances: [Instance] = []
    private(set) var nginx: ChildProcess?
    private(set) var nginxPort = 0
    let directory = TestBridge.temporaryDirectory()

    init(core: String, state: String, environment: [String: String] = [:]) {
        self.core = core
        self.state = state
        self.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }

    static var binary: String { TestBridge.packageRoot + "/.build/debug/legacy-bridge" }

    /// Starts one more instance; returns its index.
    @discardableResult
    func start() async throws -> Int {
        let child = try ChildProcess.spawn(
            Self.binary, ["serve", "--core", core, "--port", "0", "--state", state, "--mappings", TestBridge.mappingsDirectory,
                          "--trusted-proxy", "127.0.0.1", "--event-poll-ms", "50"],
            environment: environment)
        let lines = LineCollector()
        PipeReader.follow(try require(child.output)) { lines.append($0) }
        let port = try await lines.waitForPort(timeout: .seconds(60))
        instances.append(Instance(process: child, port: port, lines: lines))
        return instances.count - 1
    }

    func port(_ index: Int) -> Int { instances[index].port }

    /// kill -9.
    func kill(_ index: Int) {
        instances[index].process.signal(SIGKILL)
        _ = instances[index].process.wait()
        instances[index].killed = true
    }

    /// nginx in front of every instance started so far: passive health checks (`max_fails`),
    /// the next instance tried on a connection error for idempotent requests (nginx's default
    /// never resends a POST), WebSocket upgrades passed through.
    func startNginx() async throws {
        let servers = instances.map { "    server 127.0.0.1:\($0.port) max_fails=1 fail_timeout=10s;" }.joined(separator: "\n")
        for _ in 0..<5 {
            let port = try Self.freePort()
            let configuration = """
                worker_processes 1;
                daemon off;
                pid \(directory)/nginx.pid;
                error_log \(directory)/error.log warn;
                events { worker_connections 512; }
                http {
                  access_log off;
                  client_body_temp_path \(directory)/body;
                  proxy_temp_path \(directory)/proxy;
                  fastcgi_temp_path \(directory)/fastcgi;
                  uwsgi_temp_path \(directory)/uwsgi;
                  scgi_temp_path \(directory)/scgi;
                  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
                  upstream bridges {
                \(servers)
                    keepalive 32;
                  }
                  server {
                    listen 127.0.0.1:\(port);
                    client_max_body_size 12m;
                    location / {
                      proxy_pass http://bridges;
                      proxy_http_version 1.1;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_set_header X-Forwarded-For $remote_addr;
                      proxy_connect_timeout 2s;
                      proxy_read_timeout 60s;
                      proxy_next_upstream error timeout http_502 http_503;
                    }
                  }
                }
                """
            try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
            let process = try ChildProcess.spawn("nginx", ["-p", directory, "-c", directory + "/nginx.conf", "-e", directory + "/error.log"], output: .null)
            // Up when its port answers; a port taken meanwhile makes nginx exit: try another.
            for _ in 0..<100 {
                if Self.accepts(port) {
                    nginx = process
                    nginxPort = port
                    return
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            process.signal(SIGTERM)
            _ = process.wait()
        }
        throw TestFailure("nginx did not start: \((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? "")")
    }

    func stop() {
        // SIGTERM: the master stops its workers before it exits (a SIGKILLed master orphans them).
        nginx.map { $0.signal(SIGTERM); _ = $0.wait() }
        for instance in instances where !instance.killed {
            instance.process.signal(SIGKILL)
            _ = instance.process.wait()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private func require<T>(_ value: T?) throws -> T {
        guard let value else { throw TestFailure("no output pipe") }
        return value
    }
}

/// One request to a port over a real socket, answered as the tests look at it.
struct PortClient: Sendable {
    var port: Int

    func send(
        _ method: HTTPMethod, _ path: String, json: JSONValue? = nil, token: String? = nil, headers extra: [String: String] = [:]
    ) async throws -> (result: LegacyResult, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json.serialized()))
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let raw = String(buffer: try await response.body.collect(upTo: 1 << 22))
        return (LegacyResult(status: Int(response.status.code), body: (try? JSONValue.parse(raw)) ?? .string(raw), raw: raw), response.headers)
    }

    /// A receipt upload (a real JPEG) as a v2.1 build sends it.
    func upload(token: String) async throws -> LegacyResult {
        let (body, contentType) = LegacyPhotoReviewTests.form(
            file: LegacyPhotoReviewTests.image("receipt.jpg"), field: "photo", name: "receipt.jpg", fields: ["amount": "58.50"])
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/photo/upload")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let raw = String(buffer: try await response.body.collect(upTo: 1 << 22))
        return LegacyResult(status: Int(response.status.code), body: (try? JSONValue.parse(raw)) ?? .string(raw), raw: raw)
    }

    func login(_ mobile: String) async throws -> String {
        let (result, _) = try await send(.POST, "/api/auth/login", json: ["mobile": .string(mobile), "verification_code": "123456"])
        guard let token = result.body["data"]?["access_token"]?.stringValue else { throw TestFailure("login failed: \(result.raw)") }
        return token
    }
}
