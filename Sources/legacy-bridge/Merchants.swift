import ArgumentParser
import BridgeKit
import LegacyAPI
import V4Contract

/// `legacy-bridge merchants list|approve|reject`: an admin decides the merchant applications the
/// bridge store holds (in front of a V4 without a merchant role). Works beside a running server.
struct MerchantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchants", abstract: "Decide merchant applications held by the bridge store.",
        subcommands: [List.self, Approve.self, Reject.self])

    struct StateOptions: ParsableArguments {
        @Option(help: "The bridge store: a directory or mysql://… (serve's --state; default <data-dir>/bridge).") var state: String?
        @Option(help: "Data directory (the store is <data-dir>/bridge without --state).") var dataDir = "./data"

        func open() throws -> any BridgeStore {
            try BridgeStoreLocation(state ?? (dataDir + "/bridge")).open(exclusive: false)
        }
    }

    static func line(_ application: V4MerchantApplication) -> String {
        "\(application.applicationId)\t\(application.status)\tuser \(application.userId)\t\(application.businessName)\t"
            + "\(application.contactPerson) \(MobileNumber.masked(application.contactPhone))\t\(application.appliedAt)"
    }

    static func decide(_ id: Int64, approve: Bool, in store: StateOptions) throws {
        guard let decided = try store.open().decide(applicationId: id, approve: approve, at: Date()) else {
            throw ValidationError("no pending application \(id)")
        }
        print(line(decided))
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applications (all, or one status).")
        @OptionGroup var store: StateOptions
        @Option(help: "pending, approved or rejected.") var status: String?

        func run() throws {
            for application in try store.open().applications(status: status) { print(MerchantsCommand.line(application)) }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending application: its user reviews receipts as a merchant.")
        @OptionGroup var store: StateOptions
        @Argument(help: "The application id (`merchants list`).") var id: Int64

        func run() throws { try MerchantsCommand.decide(id, approve: true, in: store) }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending application.")
        @OptionGroup var store: StateOptions
        @Argument(help: "The application id (`merchants list`).") var id: Int64

        func run() throws { try MerchantsCommand.decide(id, approve: false, in: store) }
    }
}
