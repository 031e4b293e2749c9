import ArgumentParser

@main
struct LegacyBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "legacy-bridge",
        abstract: "Serves the v2.1 legacy API on the V4 core, migrates legacy data, diffs old and new responses.",
        subcommands: [Serve.self, Probe.self, Diff.self, Migrate.self, GenerateLegacy.self, MappingsCommand.self, MerchantsCommand.self, Provision.self, ShadowCommand.self],
        defaultSubcommand: Serve.self)
}
