import ArgumentParser
import BridgeKit
import LegacyAPI
import Foundation

/// `legacy-bridge probe --core URL`: which documented V4 endpoints a deployment has, and what
/// that means for every legacy route (full, degraded, unavailable). `--login mobile:code` also
/// logs in and reads the active campaign, as a client's first calls would.
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Asks a V4 deployment which endpoints it has and rates every legacy route.")

    @Option(help: "Base URL of the V4 deployment.") var core: String
    @Option(help: "mobile:code to log in with, checking the login and the active campaign too.") var login: String?
    @Option(help: "A legacy route (id) that must be available; repeatable. Exit status 1 when one is not.") var require: [String] = []
    @Flag(help: "Print the report as JSON.") var json = false
    @Option(help: "Directory of the mapping files.") var mappings: String?

    func run() async throws {
        let directory = try MappingsLocator.resolve(mappings)
        let set = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(directory: directory)
        for id in require where !set.degradation.routes.contains(where: { $0.id == id }) {
            throw ValidationError("--require names '\(id)', which is no legacy route")
        }
        let report = await UpstreamProbe(baseURL: core, degradation: set.degradation).run()
        var loginLine: String?
        if let login {
            let parts = login.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--login takes mobile:code") }
            loginLine = await UpstreamProbe.checkLogin(baseURL: core, mobile: parts[0], code: parts[1])
        }
        if json {
            var object = report.json.objectValue ?? [:]
            if let loginLine { object["login"] = .string(loginLine) }
            announce(String(decoding: JSONValue.object(object).serializedBytes(), as: UTF8.self))
        } else {
            announce(report.table)
            if let loginLine { announce("login: \(loginLine)") }
        }
        let unavailable = report.routes.filter { require.contains($0.route) && $0.rating == "unavailable" }
        if !unavailable.isEmpty {
            FileHandle.standardError.write(Data("required routes unavailable: \(unavailable.map(\.route).joined(separator: ", "))\n".utf8))
            throw ExitCode(1)
        }
    }
}
