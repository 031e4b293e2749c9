import BridgeKit
import CaptchaImage
import Synchronization

/// D1-V1's image captcha (`GET /api/v1/auth/captcha`, legacy inventory §4.1.4): a short code
/// drawn by `CaptchaImage`, its answer kept here for five minutes and checked once (a wrong
/// answer spends it too, so it cannot be guessed at). Bounded; per instance.
public final class CaptchaStore: Sendable {
    public let lifetime: Duration
    public let capacity: Int
    private let entries = Mutex<[String: (answer: String, expires: ContinuousClock.Instant)]>([:])
    /// No 0/O, 1/I/L: a person reads it without guessing.
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public init(lifetime: Duration = .seconds(300), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// A new captcha: its id, its answer and its PNG (nil without the `Captcha` trait).
    public func issue() -> (id: String, answer: String, png: [UInt8])? {
        var generator = SystemRandomNumberGenerator()
        let answer = String((0..<5).map { _ in Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))] })
        guard let png = CaptchaImage.render(answer, seed: generator.next()) else { return nil }
        let id = "captcha_" + UploadStaging.randomId()
        let lifetime = self.lifetime, capacity = self.capacity
        entries.withLock { entries in
            let now = ContinuousClock.now
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) { entries[oldest.key] = nil }
            entries[id] = (answer, now.advanced(by: lifetime))
        }
        return (id, answer, png)
    }

    /// Whether `answer` (any case) is the captcha's; the captcha is spent either way.
    public func check(id: String, answer: String) -> Bool {
        guard let entry = entries.withLock({ $0.removeValue(forKey: id) }), entry.expires > .now else { return false }
        return entry.answer == answer.uppercased()
    }

    public static var isAvailable: Bool { CaptchaImage.isAvailable }
}

/// `GET /api/v1/auth/captcha`: `{captchaId, captchaImage: data:image/png;base64,…}`.
struct CaptchaTranslation: LegacyTranslation {
    static let name = "v1.auth.captcha"
    static let reads = MappingReads()

    func translate(_ call: LegacyCall) async throws -> LegacyReply {
        guard let captcha = call.captchas?.issue() else {
            throw LegacyError(call.mappings.legacyError(forFailure: .upstreamAbsent, route: call.route))
        }
        return LegacyReply(data: [
            "captchaId": .string(captcha.id), "captchaImage": .string("data:image/png;base64," + Data(captcha.png).base64EncodedString()),
        ])
    }
}
