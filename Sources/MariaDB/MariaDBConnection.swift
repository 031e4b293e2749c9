#if MySQL
import BridgeKit
import CMariaDB

/// A connection through the MariaDB C client (libmariadb): plain queries, and results streamed
/// row by row (`mysql_use_result`) so a table of any size is read in constant memory. One
/// connection is used by one thread at a time; the bridge store keeps a pool of them.
public final class MariaDBConnection {
    private let handle: UnsafeMutablePointer<MYSQL>

    public init(_ location: MySQLLocation) throws {
        guard let handle = mysql_init(nil) else { throw MariaDBError.database("mysql_init failed") }
        self.handle = handle
        _ = mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        var timeout: UInt32 = 10
        _ = mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        let connected = mysql_real_connect(
            handle, location.socket == nil ? location.host : nil, location.user, location.password, location.database,
            UInt32(location.port), location.socket, 0)
        guard connected != nil else {
            // deinit closes the handle: the object is fully initialised by now.
            throw MariaDBError.database("cannot connect to \(location): \(String(cString: mysql_error(handle)))")
        }
    }

    deinit { mysql_close(handle) }

    public var lastError: String { String(cString: mysql_error(handle)) }

    public func execute(_ sql: String) throws {
        var sql = sql
        let code = sql.withUTF8 { mysql_real_query(handle, $0.baseAddress.map(UnsafeRawPointer.init)?.assumingMemoryBound(to: CChar.self), UInt($0.count)) }
        guard code == 0 else { throw MariaDBError.server(code: mysql_errno(handle), message: "\(lastError) in: \(sql.prefix(200))") }
        // Drain any result so the connection is ready for the next statement.
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    /// Rows of a query as legacy values, with column names; `body` sees one row at a time.
    public func stream(_ sql: String, _ body: ([String], [MariaDBValue]) throws -> Void) throws {
        var sql = sql
        let code = sql.withUTF8 { mysql_real_query(handle, $0.baseAddress.map(UnsafeRawPointer.init)?.assumingMemoryBound(to: CChar.self), UInt($0.count)) }
        guard code == 0 else { throw MariaDBError.server(code: mysql_errno(handle), message: "\(lastError) in: \(sql.prefix(200))") }
        guard let result = mysql_use_result(handle) else { return }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        let fields = mysql_fetch_fields(result)!
        var names: [String] = []
        var kinds: [ValueKind] = []
        for index in 0..<count {
            names.append(String(cString: fields[index].name))
            kinds.append(ValueKind(fields[index]))
        }
        var values: [MariaDBValue] = []
        values.reserveCapacity(count)
        while let row = mysql_fetch_row(result) {
            let lengths = mysql_fetch_lengths(result)!
            values.removeAll(keepingCapacity: true)
            for index in 0..<count {
                guard let cell = row[index] else {
                    values.append(.null)
                    continue
                }
                let bytes = UnsafeRawBufferPointer(start: cell, count: Int(lengths[index]))
                values.append(kinds[index].value(bytes))
            }
            try body(names, values)
        }
        guard mysql_errno(handle) == 0 else { throw MariaDBError.server(code: mysql_errno(handle), message: "reading rows: \(lastError)") }
    }

    /// A query's rows, each by column name (for the bridge store's small reads).
    public func rows(_ sql: String) throws -> [[String: MariaDBValue]] {
        var rows: [[String: MariaDBValue]] = []
        try stream(sql) { names, values in rows.append(Dictionary(uniqueKeysWithValues: zip(names, values))) }
        return rows
    }

    /// `X'…'`: bytes as a literal, whatever they hold.
    public static func hexLiteral(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text = [UInt8](repeating: 0, count: bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            text[2 * index] = digits[Int(byte >> 4)]
            text[2 * index + 1] = digits[Int(byte & 15)]
        }
        return "X'" + String(decoding: text, as: UTF8.self) + "'"
    }

    /// The first AUTO_INCREMENT id the last INSERT generated (for a multi-row INSERT, the
    /// first row's), and the rows it changed.
    public var insertId: Int64 { Int64(mysql_insert_id(handle)) }
    public var affectedRows: Int64 { Int64(bitPattern: UInt64(mysql_affected_rows(handle))) }

    /// One integer from a query (COUNT(*) and the like).
    public func integer(_ sql: String) throws -> Int64? {
        var value: Int64? = nil
        try stream(sql) { _, row in value = row.first?.integer }
        return value
    }

    /// `'…'` with MySQL escaping for this connection's character set.
    public func quoted(_ text: String) -> String {
        let source = Array(text.utf8CString)
        var escaped = [CChar](repeating: 0, count: source.count * 2 + 1)
        let length = mysql_real_escape_string(handle, &escaped, source, UInt(source.count - 1))
        return "'" + String(decoding: escaped.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self) + "'"
    }

    /// How the text protocol's bytes of a column become a legacy value.
    private enum ValueKind {
        case integer, decimal, text, bytes

        init(_ field: MYSQL_FIELD) {
            switch field.type {
            case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
                self = .integer
            case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL, MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
                self = .decimal
            default:
                // Character set 63 is `binary`: BLOB and VARBINARY columns.
                self = field.charsetnr == 63 && field.type != MYSQL_TYPE_DATETIME && field.type != MYSQL_TYPE_DATE
                    && field.type != MYSQL_TYPE_TIMESTAMP ? .bytes : .text
            }
        }

        func value(_ bytes: UnsafeRawBufferPointer) -> MariaDBValue {
            let text = bytes.bindMemory(to: UInt8.self)
            switch self {
            case .integer:
                let string = String(decoding: text, as: UTF8.self)
                return Int64(string).map { .integer($0) } ?? .decimal(string)
            case .decimal: return .decimal(String(decoding: text, as: UTF8.self))
            case .text: return String(validating: text, as: UTF8.self).map { .text($0) } ?? .bytes(Array(text))
            case .bytes: return .bytes(Array(text))
            }
        }
    }
}
#endif
