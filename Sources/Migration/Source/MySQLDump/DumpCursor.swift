/// A cursor over one SQL statement of a dump: keywords, identifiers and MySQL literals.
struct DumpCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// File offset of `bytes[0]`, for error messages.
    let offset: Int
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { index >= bytes.count }

    func error(_ reason: String) -> LegacySourceError { .syntax(offset: offset + index, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
            } else if byte == 0x23 || (byte == 0x2D && index + 1 < bytes.count && bytes[index + 1] == 0x2D) {
                while index < bytes.count && bytes[index] != 0x0A { index += 1 }
            } else if byte == 0x2F && index + 1 < bytes.count && bytes[index + 1] == 0x2A {
                index += 2
                while index + 1 < bytes.count && !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                index = min(index + 2, bytes.count)
            } else {
                return
            }
        }
    }

    /// Consumes `word` (ASCII, compared case-insensitively) when it is the next whole word.
    mutating func keyword(_ word: String) -> Bool {
        skipSpace()
        var probe = index
        for expected in word.utf8 {
            guard probe < bytes.count, bytes[probe] | 0x20 == expected | 0x20 else { return false }
            probe += 1
        }
        if probe < bytes.count, Self.isIdentifierByte(bytes[probe]) { return false }
        index = probe
        return true
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x24
            || byte >= 0x80
    }

    /// A backticked, double-quoted (`--compatible=ansi` dumps) or bare identifier.
    mutating func identifier() -> String? {
        skipSpace()
        guard index < bytes.count else { return nil }
        let quote = bytes[index]
        if quote == 0x60 || quote == 0x22 {
            var name: [UInt8] = []
            index += 1
            while index < bytes.count {
                if bytes[index] == quote {
                    if index + 1 < bytes.count && bytes[index + 1] == quote {
                        name.append(quote)
                        index += 2
                        continue
                    }
                    index += 1
                    return String(decoding: name, as: UTF8.self)
                }
                name.append(bytes[index])
                index += 1
            }
            return nil
        }
        let first = index
        while index < bytes.count, Self.isIdentifierByte(bytes[index]) { index += 1 }
        return index > first ? String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self) : nil
    }

    /// `db`.`table` → `table`.
    mutating func tableName() -> String? {
        guard var name = identifier() else { return nil }
        while index < bytes.count, bytes[index] == 0x2E {
            index += 1
            guard let next = identifier() else { return nil }
            name = next
        }
        return name
    }

    /// `(a, b, c)` → names.
    mutating func columnList() throws -> [String] {
        var names: [String] = []
        repeat {
            guard let name = identifier() else { throw error("expected a column name") }
            names.append(name)
        } while expect(0x2C)
        guard expect(0x29) else { throw error("expected ')' after the column list") }
        return names
    }

    /// Skips to the `,` or `)` that ends the current element at this depth (not consuming it).
    mutating func skipElement() {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x28: depth += 1
            case 0x29:
                if depth == 0 { return }
                depth -= 1
            case 0x2C where depth == 0: return
            case 0x27, 0x22, 0x60:
                index += 1
                while index < bytes.count && bytes[index] != byte {
                    if bytes[index] == 0x5C && byte != 0x60 { index += 1 }
                    index += 1
                }
            default: break
            }
            index += 1
        }
    }

    // MARK: - Literals

    mutating func value() throws -> LegacyValue {
        skipSpace()
        guard index < bytes.count else { throw error("expected a value") }
        let byte = bytes[index]
        switch byte {
        case 0x27, 0x22:
            return try string(quote: byte, binary: false)
        case 0x30 where index + 1 < bytes.count && bytes[index + 1] | 0x20 == 0x78:  // 0x…
            index += 2
            return .bytes(try hexDigits(until: nil))
        case 0x2D, 0x2B, 0x2E, 0x30...0x39:
            return try number()
        case 0x5F:  // _binary '…', _utf8mb4 '…'
            guard let introducer = identifier() else { throw error("expected a charset introducer") }
            skipSpace()
            guard index < bytes.count, bytes[index] == 0x27 || bytes[index] == 0x22 else {
                throw error("expected a string after \(introducer)")
            }
            return try string(quote: bytes[index], binary: introducer.lowercased() == "_binary")
        case 0x78 where index + 1 < bytes.count && bytes[index + 1] == 0x27,
             0x58 where index + 1 < bytes.count && bytes[index + 1] == 0x27:  // X'…'
            index += 2
            let value = try hexDigits(until: 0x27)
            return .bytes(value)
        default:
            if keyword("NULL") { return .null }
            if keyword("TRUE") { return .integer(1) }
            if keyword("FALSE") { return .integer(0) }
            throw error("unexpected character '\(Character(Unicode.Scalar(byte)))' in a value")
        }
    }

    private mutating func number() throws -> LegacyValue {
        let first = index
        var integral = true
        if bytes[index] == 0x2D || bytes[index] == 0x2B { index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                index += 1
            } else if byte == 0x2E || byte | 0x20 == 0x65 {
                integral = false
                index += 1
                if byte | 0x20 == 0x65, index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B { index += 1 }
            } else {
                break
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self)
        if integral, let value = Int64(text) { return .integer(value) }
        guard Double(text) != nil else { throw error("not a number: \(text)") }
        return .decimal(text)
    }

    /// `0xABC` is 0x0ABC to MySQL (an odd count is padded on the left); `X'ABC'` is an error.
    private mutating func hexDigits(until terminator: UInt8?) throws -> [UInt8] {
        var nibbles: [UInt8] = []
        scanning: while index < bytes.count {
            let byte = bytes[index]
            if let terminator, byte == terminator {
                index += 1
                break
            }
            switch byte {
            case 0x30...0x39: nibbles.append(byte - 0x30)
            case 0x61...0x66: nibbles.append(byte - 0x61 + 10)
            case 0x41...0x46: nibbles.append(byte - 0x41 + 10)
            default:
                if terminator == nil { break scanning }
                throw error("not a hex digit")
            }
            index += 1
        }
        if nibbles.count % 2 == 1 {
            if terminator != nil { throw error("odd number of hex digits in X'…'") }
            nibbles.insert(0, at: 0)
        }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// A quoted string with MySQL's escapes; text when it is UTF-8, bytes otherwise or for `_binary`.
    private mutating func string(quote: UInt8, binary: Bool) throws -> LegacyValue {
        index += 1
        let first = index
        // Fast path: no escapes, no doubled quotes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote { break }
                let slice = UnsafeBufferPointer(rebasing: bytes[first..<index])
                index += 1
                return Self.stringValue(slice, binary: binary)
            }
            if byte == 0x5C { break }
            index += 1
        }
        var unescaped = Array(UnsafeBufferPointer(rebasing: bytes[first..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                if index + 1 < bytes.count && bytes[index + 1] == quote {
                    unescaped.append(quote)
                    index += 2
                    continue
                }
                index += 1
                return unescaped.withUnsafeBufferPointer { Self.stringValue($0, binary: binary) }
            }
            if byte == 0x5C, index + 1 < bytes.count {
                let next = bytes[index + 1]
                switch next {
                case 0x30: unescaped.append(0x00)
                case 0x62: unescaped.append(0x08)
                case 0x6E: unescaped.append(0x0A)
                case 0x72: unescaped.append(0x0D)
                case 0x74: unescaped.append(0x09)
                case 0x5A: unescaped.append(0x1A)
                case 0x25, 0x5F: unescaped.append(contentsOf: [0x5C, next])  // \% and \_ keep their backslash
                default: unescaped.append(next)
                }
                index += 2
                continue
            }
            unescaped.append(byte)
            index += 1
        }
        throw error("unterminated string")
    }

    private static func stringValue(_ slice: UnsafeBufferPointer<UInt8>, binary: Bool) -> LegacyValue {
        if !binary, let text = String(validating: slice, as: UTF8.self) { return .text(text) }
        return .bytes(Array(slice))
    }
}
