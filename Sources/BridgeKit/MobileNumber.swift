/// Mainland mobile numbers as both APIs use them.
public enum MobileNumber {
    /// 11 digits starting with 1, the format every doc validates.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return utf8.count == 11 && utf8[0] == UInt8(ascii: "1") && utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `138****8000`: first three, four stars, last four (V4 §6.12). Values that are not
    /// 11 characters long (the admin pseudo-mobile `admin_admin` is) are returned unchanged.
    public static func masked(_ text: String) -> String {
        guard text.count == 11, text.allSatisfy(\.isNumber) else { return text }
        return String(text.prefix(3)) + "****" + String(text.suffix(4))
    }
}
