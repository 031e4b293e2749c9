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

    /// Reads `[from, to)` of the open file `descriptor` (which the caller closes).
    init(descriptor: Int32, from: Int, to: Int, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
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
                start = end + 1
                position = start
                return true
            }
            if exhausted {
                guard start < buffer.count else { return false }
                let tail = buffer.count
                let statementOffset = bufferOffset + start
                let blank = buffer[start..<tail].allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
                if !blank {
                    try buffer.withUnsafeBufferPointer { all in
                        try body(UnsafeBufferPointer(rebasing: all[start..<tail]), statementOffset)
                    }
                }
                start = tail
                position = tail
                return !blank
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
                    switch byte {
                    case 0x3B: return index  // ;
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
