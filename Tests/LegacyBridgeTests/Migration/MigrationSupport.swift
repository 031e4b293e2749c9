import BridgeKit
import Foundation
import GRDB
import Testing
@testable import Migration

/// Paths and helpers shared by the migration tests.
enum MigrationSupport {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let fixtures = root + "/LegacyFixtures/migration"
    static let mappings = root + "/Mappings"
    static let binary = root + "/.build/debug/legacy-bridge"

    static func rules() throws -> ConversionRules { try ConversionRules.load(directory: mappings) }

    static func scratchDirectory(_ name: String = #function) throws -> String {
        PoolWatchdog.start()
        let path = NSTemporaryDirectory() + "lb-migration-\(name.filter(\.isLetter))-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs the migrator in-process, on a thread of its own: the migrator blocks (on SQLite,
    /// on the MariaDB client library, on its batch channel), and a test that blocks the
    /// cooperative pool's two threads stalls every other test's server. CI once saw a request
    /// wait out its 20 s read timeout while the MariaDB suite wrote in batches of four.
    @discardableResult
    static func migrate(
        _ source: any LegacySource, into target: any MigrationTarget, rejectFile: String? = nil,
        configure: (inout MigrationOptions) -> Void = { _ in }
    ) async throws -> MigrationReport {
        var options = MigrationOptions()
        options.rejectFile = rejectFile
        configure(&options)
        let migrator = UncheckedBox(Migrator(source: source, target: target, rules: try rules(), dates: LegacyDateTime(),
                                             options: options))
        return try await OffPool.run { try migrator.value.run() }
    }

    static func migrateFile(_ source: MigrationEndpoint, to path: String, rejectFile: String? = nil,
                            configure: (inout MigrationOptions) -> Void = { _ in }) async throws -> MigrationReport {
        let legacy = try source.openSource()
        defer { legacy.close() }
        let target = try SQLiteTarget(path: path)
        defer { try? target.close() }
        return try await migrate(legacy, into: target, rejectFile: rejectFile, configure: configure)
    }

    /// A unified-schema SQLite file that already holds rows V4 wrote (`sql`), as a target.
    static func unifiedTarget(at path: String, holding sql: String) throws {
        let prepared = try SQLiteTarget(path: path)
        try prepared.prepare()
        try prepared.close()
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        try queue.write { db in try db.execute(sql: sql) }
    }

    /// Every row of the migrated tables as text, in key order: equal texts mean identical targets.
    static func contents(of path: String) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var result: [String: [String]] = [:]
            for table in TargetTable.written {
                let order = table == "user_roles" ? "user_id, role_id" : "1"
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY \(order)").map(\.description)
            }
            return result
        }
    }

    /// Rows of `table` as JSON objects with the given columns (legacy_extras parsed).
    static func rows(_ path: String, _ table: String, columns: [String]) throws -> [JSONValue] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let sql: String
            if table == "user_roles" {
                sql = "SELECT ur.user_id, r.role_name FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id ORDER BY ur.user_id, r.role_level"
            } else {
                sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY 1"
            }
            return try Row.fetchAll(db, sql: sql).map { row in
                var object = JSONObject()
                for (index, column) in columns.enumerated() {
                    let value: JSONValue = json(row[index] as DatabaseValue)
                    if column == "legacy_extras", case .string(let text) = value {
                        object[column] = try JSONValue.parse(text)
                    } else {
                        object[column] = value
                    }
                }
                return .object(object)
            }
        }
    }

    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .blob(let data): .string(data.base64EncodedString())
        }
    }

    static func json(_ value: LegacyValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .int(number)
        case .decimal(let text), .text(let text): .string(text)
        case .bytes(let bytes): ["hex": .string(bytes.map { String(format: "%02x", $0) }.joined())]
        }
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Runs the `legacy-bridge` binary; returns its exit status and output.
    static func run(_ arguments: [String], in directory: String) async throws -> (status: Int32, output: String) {
        try await OffPool.run { try runBlocking(arguments, in: directory) }
    }

    private static func runBlocking(_ arguments: [String], in directory: String) throws -> (status: Int32, output: String) {
        let (termination, output) = try ChildProcess.run(binary, arguments, directory: directory)
        return (termination.status, output)
    }
}

extension MigrationSupport {
    /// Runs `migrate` (attempts after the first get `--resume`) and kills it with SIGKILL after a
    /// random delay until one attempt finishes; the delays grow so the run always ends. Returns
    /// how many attempts were killed.
    static func killUntilDone(
        _ arguments: (_ resume: Bool) -> [String], in directory: String, random: inout SplitMix64,
        minimumDelay: Double, spread: Double
    ) async throws -> Int {
        var kills = 0
        var attempt = 0
        while true {
            let delay = minimumDelay + Double(random.next() % 1000) / 1000 * (spread + spread / 2 * Double(attempt))
            let runArguments = arguments(attempt > 0)
            let termination = try await OffPool.run { () throws -> ChildProcess.Termination in
                let child = try ChildProcess.spawn(binary, runArguments, directory: directory, output: .null)
                Thread.sleep(forTimeInterval: delay)
                if let ended = child.poll() { return ended }
                child.signal(SIGKILL)
                return child.wait()
            }
            attempt += 1
            if case .exit(let status) = termination {
                #expect(status == 0)
                return kills
            }
            kills += 1
            try #require(attempt < 60, "never finished")
        }
    }
}

/// Hands a value that is not `Sendable` to one other thread, which alone uses it from then on.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
