import BridgeKit
import Crypto
import Synchronization
import V4Contract

/// D1-V1's two-step upload (legacy inventory §4.3, §6.1): `GET /api/v1/upload/token` issues a
/// short-lived upload token scoped to one user, one purpose and a size limit; the client posts the
/// file to `uploadUrl` with that token (`wx.uploadFile`, field `file`) and gets a `fileUrl`; its
/// `POST /api/v1/upload/submit` names that URL, and only a file this user uploaded through a
/// token is accepted. Tokens are HMAC-signed with a per-process key and used once; staged files
/// are held in memory, bounded, until submitted or expired. Per instance: behind a load balancer
/// the three steps of one upload go to one instance (nginx `hash $http_authorization`) or a
/// client retries from step one (Docs/operations.md).
public final class UploadStaging: Sendable {
    public struct Limits: Sendable {
        /// §4.3.1 `expire` (the doc shows 3600 s; a receipt is photographed and sent in seconds).
        public var tokenLifetime: Duration = .seconds(600)
        /// §4.3.1 shows 10 MB; V4's photo upload takes 5 MB (003 FILE_TOO_LARGE), so the token
        /// promises what the submit can deliver.
        public var maxSize = 5 * 1024 * 1024
        /// Staged files held at once (and their bytes), the oldest dropped first.
        public var maxFiles = 256
        public var maxBytes = 256 * 1024 * 1024
        public init() {}
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Not a token this instance issued, expired, or used already.
        case invalidToken
        case tooLarge
        case unsupportedType
        /// Not a file this user uploaded through a token (or it expired, or was submitted).
        case unknownFile
    }

    struct Claims: Codable {
        var user: Int64
        var purpose: String
        var maxSize: Int
        var expires: Int64
        var nonce: String
    }

    struct Staged {
        var userId: Int64
        var file: V4UploadedFile
        var expires: ContinuousClock.Instant
    }

    struct State {
        var usedNonces: [String: ContinuousClock.Instant] = [:]
        var files: [String: Staged] = [:]
        var order: [String] = []
        var bytes = 0
    }

    public let limits: Limits
    private let key = SymmetricKey(size: .bits256)
    private let state = Mutex(State())

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// A token for one upload by `userId`.
    public func issue(userId: Int64, purpose: String, now: Date = Date()) -> String {
        let claims = Claims(
            user: userId, purpose: purpose, maxSize: limits.maxSize,
            expires: Int64(now.timeIntervalSince1970) + limits.tokenLifetime.components.seconds,
            nonce: Self.randomId())
        let payload = Base64URL.encode(Array((try? JSONEncoder().encode(claims)) ?? Data()))
        return payload + "." + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key)))
    }

    /// Checks the token and keeps the file; its id (for the `fileUrl`). The token is spent.
    public func accept(token: String, file: V4UploadedFile, now: Date = Date()) throws(Refusal) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, token.utf8.count <= 1024, let signature = Base64URL.decode(String(parts[1])),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Array(parts[0].utf8), using: key),
            let payload = Base64URL.decode(String(parts[0])), let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)),
            claims.expires > Int64(now.timeIntervalSince1970)
        else { throw .invalidToken }
        guard file.bytes.count <= claims.maxSize else { throw .tooLarge }
        guard let kind = ImageKind(file.bytes) else { throw .unsupportedType }
        let id = Self.randomId() + "." + kind.fileExtension
        let lifetime = limits.tokenLifetime
        let refusal: Refusal? = state.withLock { state in
            let clock = ContinuousClock.now
            state.usedNonces = state.usedNonces.filter { $0.value > clock }
            guard state.usedNonces[claims.nonce] == nil else { return .invalidToken }
            state.usedNonces[claims.nonce] = clock.advanced(by: lifetime)
            Self.purge(&state, now: clock)
            var staged = file
            staged.contentType = kind.contentType
            state.files[id] = Staged(userId: claims.user, file: staged, expires: clock.advanced(by: lifetime))
            state.order.append(id)
            state.bytes += file.bytes.count
            while state.files.count > limits.maxFiles || state.bytes > limits.maxBytes, let oldest = state.order.first {
                state.order.removeFirst()
                if let dropped = state.files.removeValue(forKey: oldest) { state.bytes -= dropped.file.bytes.count }
            }
            return nil
        }
        if let refusal { throw refusal }
        return id
    }

    /// The file `userId` staged under the id at the end of `url`, if it is theirs and still held.
    public func file(at url: String, userId: Int64) -> V4UploadedFile? {
        let id = Self.fileId(url)
        return state.withLock { state in
            guard let staged = state.files[id], staged.userId == userId, staged.expires > .now else { return nil }
            return staged.file
        }
    }

    /// Drops a submitted file.
    public func consume(url: String) {
        let id = Self.fileId(url)
        state.withLock { state in
            if let dropped = state.files.removeValue(forKey: id) { state.bytes -= dropped.file.bytes.count }
            state.order.removeAll { $0 == id }
        }
    }

    public var stagedCount: Int { state.withLock { $0.files.count } }

    static func fileId(_ url: String) -> String {
        String(url.split(separator: "/").last ?? "")
    }

    private static func purge(_ state: inout State, now: ContinuousClock.Instant) {
        for (id, staged) in state.files where staged.expires <= now {
            state.files[id] = nil
            state.bytes -= staged.file.bytes.count
        }
        state.order.removeAll { state.files[$0] == nil }
    }

    static func randomId() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(generator.next() % 36, radix: 36) }.joined()
    }

    /// JPEG or PNG, by their bytes (§4.3.1 allowedTypes jpg, png, jpeg).
    enum ImageKind {
        case jpeg, png

        init?(_ bytes: [UInt8]) {
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
            else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
            else { return nil }
        }

        var fileExtension: String { self == .jpeg ? "jpg" : "png" }
        var contentType: String { self == .jpeg ? "image/jpeg" : "image/png" }
    }
}
