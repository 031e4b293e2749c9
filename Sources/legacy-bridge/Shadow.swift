import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `legacy-bridge shadow report`: the differ's reports of a shadowing server's live comparison.
struct ShadowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow", abstract: "Read what a server run with --shadow or --primary has compared.",
        subcommands: [Report.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the live comparison's reports (per route: compared, equal, different, noise-only, errored, dropped, skipped, ready; a redacted sample of differing answers).")

        @Option(help: "The shadowing server (http://bridge:3000). Its /shadow/report answers as /metrics does: this machine, or the metrics token (LEGACY_BRIDGE_METRICS_TOKEN).")
        var url: String
        @Option(help: "Write the HTML report (one self-contained page) here.") var reportHtml: String?
        @Option(help: "Write the JSON report here.") var reportJson: String?
        @Option(help: "Write the JUnit report here.") var reportJunit: String?
        @Option(help: "Seconds to wait for the server.") var timeout = 30

        func run() async throws {
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            let token = ProcessInfo.processInfo.environment["LEGACY_BRIDGE_METRICS_TOKEN"]
            let client = HTTPClient.shared
            func fetch(_ format: String) async throws -> String {
                var request = HTTPClientRequest(url: base + "/shadow/report?format=" + format)
                if let token, !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer " + token) }
                let response = try await client.execute(request, timeout: .seconds(Int64(timeout)))
                let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
                guard response.status == .ok else {
                    throw ValidationError("\(base)/shadow/report answered HTTP \(response.status.code): is the server run with --shadow or --primary, and may this machine read it (LEGACY_BRIDGE_METRICS_TOKEN)?")
                }
                return String(buffer: body)
            }
            for (path, format) in [(reportHtml, "html"), (reportJson, "json"), (reportJunit, "junit")] {
                guard let path else { continue }
                try await fetch(format).write(toFile: path, atomically: true, encoding: .utf8)
                print("wrote \(path)")
            }
            print(try await fetch("text"), terminator: "")
        }
    }
}
