import BridgeKit
import V4Contract
#if canImport(Glibc)
import Glibc
#endif

/// Where the JWT signing secret comes from: the environment, or a random secret generated
/// once and kept in the data directory. Never a constant in the code.
public enum SecretStore {
    public static let environmentKeys = ["LEGACY_BRIDGE_JWT_SECRET", "JWT_SECRET"]
    /// HS256 keys shorter than the hash output (32 bytes) are refused.
    public static let minimumLength = 32

    public struct TooShort: Error, CustomStringConvertible {
        public var source: String
        public var description: String { "\(source): the JWT secret must be at least \(SecretStore.minimumLength) bytes" }
    }

    /// Checks a configured secret.
    public static func validated(_ secret: String, source: String) throws -> String {
        guard secret.utf8.count >= minimumLength else { throw TooShort(source: source) }
        return secret
    }

    public static func jwtSecret(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String
    {
        for key in environmentKeys {
            if let value = environment[key], !value.isEmpty { return try validated(value, source: key) }
        }
        let path = dataDirectory + "/jwt-secret"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            let trimmed = existing.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.utf8.count >= 32 { return trimmed }
        }
        var rng = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try secret.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return secret
    }
}
