/// Writes mysqldump-style SQL: CREATE TABLE, LOCK TABLES and extended INSERTs of bounded size,
/// with MySQL's string escapes. Output goes through a buffer flushed to `sink`.
struct DumpWriter {
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    private let statementLimit: Int
    private var rowsInStatement = 0
    private var statementBytes = 0
    private var table = ""

    init(statementLimit: Int = 1 << 20, sink: @escaping ([UInt8]) throws -> Void) {
        self.statementLimit = statementLimit
        self.sink = sink
        buffer.reserveCapacity(1 << 20)
    }

    mutating func raw(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try flushIfLarge()
    }

    mutating func beginTable(_ name: String) throws {
        table = name
        try raw("\n--\n-- Dumping data for table `\(name)`\n--\n\nLOCK TABLES `\(name)` WRITE;\n/*!40000 ALTER TABLE `\(name)` DISABLE KEYS */;\n")
    }

    mutating func endTable() throws {
        if rowsInStatement > 0 { buffer.append(contentsOf: ";\n".utf8) }
        rowsInStatement = 0
        try raw("/*!40000 ALTER TABLE `\(table)` ENABLE KEYS */;\nUNLOCK TABLES;\n")
    }

    enum Field {
        case int(Int64)
        case decimal(String)
        case text(String)
        case null
    }

    mutating func row(_ fields: [Field]) throws {
        let before = buffer.count
        if rowsInStatement == 0 {
            buffer.append(contentsOf: "INSERT INTO `\(table)` VALUES ".utf8)
        } else {
            buffer.append(0x2C)
        }
        buffer.append(0x28)
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            switch field {
            case .int(let value): buffer.append(contentsOf: String(value).utf8)
            case .decimal(let value): buffer.append(contentsOf: value.utf8)
            case .null: buffer.append(contentsOf: "NULL".utf8)
            case .text(let value):
                buffer.append(0x27)
                for byte in value.utf8 {
                    switch byte {
                    case 0x00: buffer.append(contentsOf: [0x5C, 0x30])
                    case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
                    case 0x1A: buffer.append(contentsOf: [0x5C, 0x5A])
                    case 0x27, 0x22, 0x5C: buffer.append(contentsOf: [0x5C, byte])
                    default: buffer.append(byte)
                    }
                }
                buffer.append(0x27)
            }
        }
        buffer.append(0x29)
        rowsInStatement += 1
        statementBytes += buffer.count - before
        if statementBytes >= statementLimit {
            buffer.append(contentsOf: ";\n".utf8)
            rowsInStatement = 0
            statementBytes = 0
        }
        try flushIfLarge()
    }

    private mutating func flushIfLarge() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
