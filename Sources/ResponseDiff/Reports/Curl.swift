/// "Copy as curl": a shell command that sends exactly the replayed request.
public enum Curl {
    public static func command(for request: ReplayRequest, baseURL: String) -> String {
        var parts = ["curl", "-sS", "-X", request.method, quote(baseURL + request.target)]
        for (name, value) in request.headers { parts += ["-H", quote("\(name): \(value)")] }
        if let body = request.body {
            parts += ["--data-binary", quote(String(decoding: body, as: UTF8.self))]
        }
        return parts.joined(separator: " ")
    }

    /// POSIX single quotes; a single quote inside becomes '\''.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
