/// A URL query string for a V4 call: absent values are left out, the rest percent-encoded
/// (category names can be Chinese: `category=电子产品`).
enum V4Query {
    static func string(_ items: KeyValuePairs<String, String?>) -> String {
        items.compactMap { key, value in value.map { "\(key)=\(encode($0))" } }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters pass; every other byte of the UTF-8 text becomes `%XX`.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
