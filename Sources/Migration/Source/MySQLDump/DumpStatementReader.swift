#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a region of a SQL file into statements at `;` outside quotes and comments, reading
/// fixed-size chunks: memory is bounded by the longest statement (mysqldump keeps each below
/// `--net-buffer-length`), not by the file.
final class DumpStatementReader {
    private enum State { case normal, single, double, backtick, lineComment, blockComment }

    private let descriptor: Int32
    private let end: Int
    private var buffer: [UInt8] = []
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int
    private var start = 0
    private var position = 0
    private var state = State.normal
    private var exhausted = false
    private let chunkSize: Int
    /// The statement terminator; `DELIMITER ;;` lines (routines in a dump) change it.
    private var delimiter: [UInt8] = [0x3B]

    /// True when `[from, to)` ends at a statement's end (a section the index pass found), so the
    /// last statement comes without its terminator.
    private let endsAtStatement: Bool

    /// Reads `[from, to)` of the open file `descriptor` (which the caller closes).
    init(descriptor: Int32, from: Int, to: Int, endsAtStatement: Bool = false, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.endsAtStatement = endsAtStatement
        self.bufferOffset = from
        self.end = to
        self.chunkSize = chunkSize
        _ = lseek(descriptor, off_t(from), SEEK_SET)
    }

    /// File offset up to which statements have been handed out.
    var offset: Int { bufferOffset + start }

    /// Calls `body` with the next statement (without its `;`) and its file offset; false at the end.
    func next(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws -> Bool {
        while true {
            if let end = scan() {
                let statementOffset = bufferOffset + start
                try buffer.withUnsafeBufferPointer { all in
                    try body(UnsafeBufferPointer(rebasing: all[start..<end]), statementOffset)
                }
                start = end + delimiter.count
                position = start
                return true
            }
            if exhausted {
                guard start < buffer.count else { return false }
                if endsAtStatement {
                    let tail = buffer.count
                    let statementOffset = bufferOffset + start
                    try buffer.withUnsafeBufferPointer { all in
                        try body(UnsafeBufferPointer(rebasing: all[start..<tail]), statementOffset)
                    }
                    start = tail
                    position = tail
                    return true
                }
                // Only comments and blanks may follow the last statement: anything else means
                // the file was cut off mid-statement, and its rows must not pass for complete.
                let offset = bufferOffset + start
                try buffer.withUnsafeBufferPointer { all in
                    var cursor = DumpCursor(UnsafeBufferPointer(rebasing: all[start...]), offset: offset)
                    cursor.skipSpace()
                    if !cursor.atEnd { throw cursor.error("statement not terminated by ';' (truncated dump?)") }
                }
                start = buffer.count
                position = start
                return false
            }
            try refill()
        }
    }

    /// Advances `position` to the next top-level `;`; nil when more bytes are needed.
    private func scan() -> Int? {
        let count = buffer.count
        // One byte of lookahead is needed for escapes, doubled quotes and comment openers.
        let limit = exhausted ? count : count - 1
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            var index = position
            var state = self.state
            defer {
                self.position = index
                self.state = state
            }
            while index < limit {
                let byte = bytes[index]
                switch state {
                case .normal:
                    if (byte | 0x20) == 0x64, index == self.start || bytes[index - 1] == 0x0A {  // a line starting with d/D
                        switch delimiterCommand(bytes, at: index, count: count) {
                        case .none: break
                        case .needMore: return nil
                        case .changed(let next):
                            // The command and the comments before it are not a statement.
                            self.start = next
                            index = next
                            continue
                        }
                    }
                    if byte == delimiter[0] && matchesDelimiter(bytes, at: index, count: count) { return index }
                    switch byte {
                    case 0x27: state = .single
                    case 0x22: state = .double
                    case 0x60: state = .backtick
                    case 0x23: state = .lineComment  // #
                    case 0x2D where index + 1 < count && bytes[index + 1] == 0x2D: state = .lineComment
                    case 0x2F where index + 1 < count && bytes[index + 1] == 0x2A:  // /*
                        state = .blockComment
                        index += 1
                    default: break
                    }
                case .single, .double:
                    let quote: UInt8 = state == .single ? 0x27 : 0x22
                    if byte == 0x5C {  // backslash escapes the next byte
                        index += 1
                    } else if byte == quote {
                        if index + 1 < count && bytes[index + 1] == quote { index += 1 } else { state = .normal }
                    }
                case .backtick:
                    if byte == 0x60 { state = .normal }
                case .lineComment:
                    if byte == 0x0A { state = .normal }
                case .blockComment:
                    if byte == 0x2A && index + 1 < count && bytes[index + 1] == 0x2F {
                        state = .normal
                        index += 1
                    }
                }
                index += 1
            }
            return nil
        }
    }

    private enum DelimiterCommand { case none, needMore, changed(Int) }

    /// `DELIMITER xx` at `index` (a line start): the new terminator and where the next line starts.
    private func delimiterCommand(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> DelimiterCommand {
        let word = Array("delimiter".utf8)
        guard index + word.count < count else { return exhausted ? .none : .needMore }
        for (offset, letter) in word.enumerated() where bytes[index + offset] | 0x20 != letter { return .none }
        guard bytes[index + word.count] == 0x20 || bytes[index + word.count] == 0x09 else { return .none }
        var end = index + word.count
        while end < count && bytes[end] != 0x0A { end += 1 }
        if end == count && !exhausted { return .needMore }
        let token = bytes[(index + word.count)..<end].filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
        guard !token.isEmpty else { return .none }
        delimiter = Array(token)
        return .changed(min(end + 1, count))
    }

    private func matchesDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, count: Int) -> Bool {
        guard delimiter.count > 1 else { return true }
        guard index + delimiter.count <= count else { return false }
        for offset in 1..<delimiter.count where bytes[index + offset] != delimiter[offset] { return false }
        return true
    }

    private func refill() throws {
        if start > 0 {
            buffer.removeFirst(start)
            bufferOffset += start
            position -= start
            start = 0
        }
        let remaining = end - (bufferOffset + buffer.count)
        guard remaining > 0 else {
            exhausted = true
            return
        }
        let want = min(chunkSize, remaining)
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: want))
        let got = buffer.withUnsafeMutableBytes { raw in
            read(descriptor, raw.baseAddress! + oldCount, want)
        }
        guard got >= 0 else { throw LegacySourceError.unreadable("read failed: errno \(errno)") }
        buffer.removeLast(want - got)
        if got == 0 { exhausted = true }
    }
}
