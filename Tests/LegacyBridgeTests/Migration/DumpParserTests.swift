import BridgeKit
import Foundation
import Testing
@testable import Migration

@Suite("mysqldump parser")
struct DumpParserTests {
    @Test("parser edge cases: escapes, _binary, hex, comments, column lists, 4-byte UTF-8")
    func edgeCases() throws {
        let source = try MySQLDumpSource(path: MigrationSupport.fixtures + "/edge.dump.sql")
        defer { source.close() }
        let expected = try MigrationSupport.readJSON(MigrationSupport.fixtures + "/edge.expected.json").arrayValue ?? []
        var seen: [JSONValue] = []
        for table in LegacyTable.allCases {
            try source.scan(table, skip: 0) { row in
                seen.append(["table": .string(table.name), "values": .array(row.values.map(MigrationSupport.json))])
            }
        }
        #expect(seen.count == expected.count)
        for (got, want) in zip(seen, expected) { #expect(got == want) }
    }

    @Test("the real mysqldump of the fixture set reads every row")
    func realDump() throws {
        let source = try MySQLDumpSource(path: MigrationSupport.fixtures + "/legacy.dump.sql")
        defer { source.close() }
        var counts: [String: Int] = [:]
        for table in LegacyTable.allCases { try source.scan(table, skip: 0) { _ in counts[table.name, default: 0] += 1 } }
        #expect(counts == ["users": 11, "products": 10, "upload_reviews": 15, "points_records": 46])
        // skip resumes after exactly that many rows, in file order
        var ids: [Int64] = []
        try source.scan(.pointsRecords, skip: 40) { ids.append($0.legacyId ?? 0) }
        #expect(ids.count == 6)
    }

    @Test("property: rows written with MySQL escaping read back identical, whatever the chunk boundaries")
    func roundTrip() throws {
        var random = SplitMix64(seed: 42)
        let alphabet: [String] = ["a", "Z", "0", " ", "'", "\"", "\\", "\n", "\r", "\t", "\0", "\u{1A}", ";", "(", ")", ",",
                                  "--", "/*", "*/", "#", "`", "%", "_", "é", "积分", "😋", "🍜"]
        for iteration in 0..<60 {
            var rows: [[DumpWriter.Field]] = []
            var expected: [[LegacyValue]] = []
            for _ in 0..<Int(random.next() % 40 + 1) {
                var fields: [DumpWriter.Field] = []
                var values: [LegacyValue] = []
                for _ in PointsRecordColumn.allCases {
                    switch random.next() % 4 {
                    case 0:
                        let number = Int64(bitPattern: random.next()) >> Int64(random.next() % 63)
                        fields.append(.int(number))
                        values.append(.integer(number))
                    case 1:
                        fields.append(.null)
                        values.append(.null)
                    case 2:
                        let text = "\(random.next() % 100000).\(random.next() % 100)"
                        fields.append(.decimal(text))
                        values.append(.decimal(text))
                    default:
                        let text = (0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                        fields.append(.text(text))
                        values.append(.text(text))
                    }
                }
                rows.append(fields)
                expected.append(values)
            }
            var bytes: [UInt8] = []
            var writer = DumpWriter(statementLimit: Int(random.next() % 400 + 1)) { bytes.append(contentsOf: $0) }
            try writer.raw(LegacySchema.createStatements)
            try writer.beginTable("points_records")
            for row in rows { try writer.row(row) }
            try writer.endTable()
            try writer.flush()
            let path = NSTemporaryDirectory() + "roundtrip-\(iteration).sql"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }

            let chunk = Int(random.next() % 64 + 1)
            let descriptor = open(path, O_RDONLY)
            defer { close(descriptor) }
            let reader = DumpStatementReader(descriptor: descriptor, from: 0, to: bytes.count, chunkSize: chunk)
            var statements = 0
            var parsed: [[LegacyValue]] = []
            while try reader.next({ statement, offset in
                statements += 1
                var cursor = DumpCursor(statement, offset: offset)
                guard cursor.keyword("INSERT") else { return }
                _ = cursor.keyword("INTO")
                _ = cursor.tableName()
                _ = cursor.keyword("VALUES")
                repeat {
                    let opened = cursor.expect(0x28)
                    #expect(opened)
                    var values: [LegacyValue] = []
                    repeat { values.append(try cursor.value()) } while cursor.expect(0x2C)
                    let closed = cursor.expect(0x29)
                    #expect(closed)
                    parsed.append(values)
                } while cursor.expect(0x2C)
            }) {}
            #expect(parsed == expected, "iteration \(iteration), chunk \(chunk)")
            // and through the source, which also maps columns
            let source = try MySQLDumpSource(path: path)
            var viaSource: [[LegacyValue]] = []
            try source.scan(.pointsRecords, skip: 0) { viaSource.append($0.values) }
            source.close()
            #expect(viaSource == expected)
        }
    }

    @Test("syntax errors name the byte offset instead of crashing")
    func syntaxErrors() throws {
        for text in ["INSERT INTO `users` VALUES (1,'unterminated);", "INSERT INTO `users` VALUES (1,@x);",
                     "INSERT INTO `users` VALUES 1,2;"] {
            let path = NSTemporaryDirectory() + "bad-\(UUID().uuidString).sql"
            try Data((LegacySchema.createStatements + text).utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(throws: LegacySourceError.self) {
                let source = try MySQLDumpSource(path: path)
                defer { source.close() }
                try source.scan(.users, skip: 0) { _ in }
            }
        }
    }
}
