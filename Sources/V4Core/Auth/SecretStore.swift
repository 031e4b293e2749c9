#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where the JWT signing secret comes from: the environment, or a random secret generated
/// once and kept in the data directory. Never a constant in the code.
public enum SecretStore {
    public static let environmentKeys = ["LEGACY_BRIDGE_JWT_SECRET", "JWT_SECRET"]

    public static func jwtSecret(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String
    {
        for key in environmentKeys {
            if let value = environment[key], value.utf8.count >= 16 { return value }
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
