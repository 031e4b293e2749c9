/// RFC 6901 JSON pointers: `/data/records/0/created_at`.
public enum JSONPointer {
    public static func escape(_ token: String) -> String {
        // Almost every key has neither character: no Foundation search for those.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    public static func appending(_ pointer: String, _ token: String) -> String { pointer + "/" + escape(token) }

    public static func appending(_ pointer: String, _ index: Int) -> String { pointer + "/" + String(index) }

    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.utf8.contains(UInt8(ascii: "~")) ? $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String($0)
        }
    }
}

/// A path pattern as users write it in rules: `data.records[*].created_at`, `data.token`,
/// `data.**` (any depth). It matches JSON pointers.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Hashable, Sendable {
        case key(String)
        case anyIndex
        case anyKey
        case anyDepth
    }

    let segments: [Segment]
    public let description: String

    /// Parses `a.b[*].c`, `a[0].b`, `a.*.c`, `a.**`; throws on empty segments or unbalanced brackets.
    public init(_ text: String) throws(PathPatternError) {
        description = text
        var segments: [Segment] = []
        var current = ""
        var chars = Array(text)
        var i = 0
        func flush() throws(PathPatternError) {
            guard !current.isEmpty else { throw PathPatternError(pattern: text, reason: "empty segment") }
            segments.append(current == "**" ? .anyDepth : current == "*" ? .anyKey : .key(current))
            current = ""
        }
        if chars.first == "$" { chars.removeFirst(); if chars.first == "." { chars.removeFirst() } }
        while i < chars.count {
            let c = chars[i]
            if c == "." {
                try flush()
            } else if c == "[" {
                if !current.isEmpty { try flush() }
                guard let close = chars[i...].firstIndex(of: "]") else {
                    throw PathPatternError(pattern: text, reason: "unclosed [")
                }
                let inner = String(chars[(i + 1)..<close])
                if inner == "*" {
                    segments.append(.anyIndex)
                } else if let index = Int(inner), index >= 0 {
                    segments.append(.key(String(index)))
                } else {
                    throw PathPatternError(pattern: text, reason: "[\(inner)] is neither [*] nor an index")
                }
                i = close
                if i + 1 < chars.count, chars[i + 1] == "." { i += 1 }
            } else {
                current.append(c)
            }
            i += 1
        }
        if !current.isEmpty { try flush() }
        guard !segments.isEmpty else { throw PathPatternError(pattern: text, reason: "empty pattern") }
        self.segments = segments
    }

    /// Whether the pattern matches the pointer exactly (or, with `**`, any descendant).
    public func matches(pointer: String) -> Bool {
        Self.match(segments[...], JSONPointer.tokens(pointer)[...])
    }

    /// Whether the pattern matches the pointer or one of its ancestors (ignoring `a.b` ignores `a.b.c`).
    public func covers(pointer: String) -> Bool {
        let tokens = JSONPointer.tokens(pointer)
        return (0...tokens.count).contains { Self.match(segments[...], tokens[..<$0]) }
    }

    static func match(_ pattern: ArraySlice<Segment>, _ tokens: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return tokens.isEmpty }
        if first == .anyDepth {
            return (tokens.startIndex...tokens.endIndex).contains { match(pattern.dropFirst(), tokens[$0...]) }
        }
        guard let token = tokens.first else { return false }
        switch first {
        case .key(let key): guard key == token else { return false }
        case .anyIndex: guard Int(token) != nil else { return false }
        case .anyKey, .anyDepth: break
        }
        return match(pattern.dropFirst(), tokens.dropFirst())
    }

    /// The pattern that matches this pointer with every array index generalised to `[*]`.
    public static func generalising(_ pointer: String) -> PathPattern {
        let text = JSONPointer.tokens(pointer).map { Int($0) != nil ? "[*]" : "." + $0 }.joined()
        let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
        return (try? PathPattern(trimmed.isEmpty ? "**" : trimmed)) ?? (try! PathPattern("**"))
    }
}

public struct PathPatternError: Error, Sendable, CustomStringConvertible {
    public var pattern: String
    public var reason: String
    public var description: String { "path pattern '\(pattern)': \(reason)" }
}
