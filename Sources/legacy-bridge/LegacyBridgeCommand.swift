import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

@main
struct LegacyBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legacy-bridge",
        abstract: "Serves the v2.1 legacy API on the V4 core, migrates legacy data, diffs old and new responses.",
        subcommands: [Serve.self, Probe.self, Diff.self, Migrate.self, GenerateLegacy.self, MappingsCommand.self, MerchantsCommand.self, Provision.self, ShadowCommand.self],
        defaultSubcommand: Serve.self)

    /// `LEGACY_BRIDGE_EXECUTOR=nio`: Swift Concurrency's jobs run on NIO's event loops (NIO's
    /// takeover of the global executor), so a handler and the sockets it uses share a thread
    /// instead of hopping between two pools (Docs/performance.md, issue 27). Installed before any
    /// task is made; `default` (or unset) keeps Swift's own pool.
    static func main() async {
        if ProcessInfo.processInfo.environment["LEGACY_BRIDGE_EXECUTOR"] == "nio" {
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await main(nil)
    }
}
