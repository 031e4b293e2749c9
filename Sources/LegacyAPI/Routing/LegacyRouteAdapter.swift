import BridgeKit
import HTTPTypes
import Hummingbird
import Logging
import ServerKit
import V4Contract

/// The single handler behind every legacy route: authentication check, input validation per
/// Mappings, the named translation, and the mapping of every failure to a legacy error.
struct LegacyRouteAdapter: Sendable {
    let route: RouteSpec
    let translation: any LegacyTranslation
    let mappings: MappingSet
    let core: any V4Transport
    let events: (any EventBus)?
    let deployment: LegacyDeployment
    let profiles: ProfileSet
    let metrics: BridgeMetrics
    let campaigns: CampaignDirectory
    let replays: ReplayStore?
    let builds: BuildMemory
    let uploads: UploadStaging
    let maintenance: LotteryMaintenance

    /// `path`: the template the router matched (profile rules can name an alias only one build calls).
    func respond(_ request: Request, context: AppRequestContext, path: String) async throws -> Response {
        let token = request.bearerToken
        var selection = ProfileRequest(headers: request.headers, path: path, route: route.id)
        // Until the input is read, the profile its headers and token give (for early refusals).
        let recall = builds.recall(token)
        let remembered = recall.profile
        var profile = profiles.select(selection, remembered: remembered).profile
        var response = try await answer(request, token: token, context: context) { input in
            selection.sentKeys = input.sentKeys
            let chosen = profiles.select(selection, remembered: remembered)
            if chosen.marked { builds.remember(chosen.profile.name, for: recall) }
            profile = chosen.profile
            return chosen.profile
        }
        metrics.recordProfile(profile.name)
        response.headers[HTTPField.Name.legacyProfile] = profile.name
        return response
    }

    private func answer(
        _ request: Request, token: String?, context: AppRequestContext, choosingProfile: (LegacyInput) -> ClientProfile
    ) async throws -> Response {
        do {
            if route.auth != .none, token == nil {
                throw mapped(route.auth == .refresh ? "REFRESH_TOKEN_REQUIRED" : "TOKEN_MISSING")
            }
            let clientAddress = deployment.trustedProxies.clientAddress(
                peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor])
            if route.auth == .user, let token, request.bodyMayExceed(Self.smallBody) {
                // A large body is read only for a caller the core accepts: a forged or expired
                // token costs one verification, not the reading and parsing of up to
                // `body_limit` bytes. A small body (a draw's, a submit's) costs less to read
                // than a verification, which over HTTP is a round trip: it is read, and the
                // token checked by the call it makes, as before. GETs carry no body.
                _ = try await core.call(
                    V4API.Auth.verify, V4NoInput(),
                    as: V4Credentials(token: token, requestID: context.requestID, clientAddress: clientAddress))
            }
            var pathParameters: [String: String] = [:]
            for (key, value) in context.parameters { pathParameters[String(key)] = String(value) }
            let input = try await LegacyInput.read(request, route: route, pathParameters: pathParameters)
            let profile = choosingProfile(input)
            var call = LegacyCall(
                route: route, input: input, token: token, requestID: context.requestID, core: core, mappings: mappings, now: Date(),
                reads: type(of: translation).reads)
            call.origin = deployment.publicBaseURL ?? Self.origin(
                of: request, viaTrustedProxy: context.peerAddress.map(deployment.trustedProxies.contains) ?? false)
            call.events = events
            call.deployment = deployment
            call.campaigns = campaigns
            call.uploads = uploads
            call.maintenance = maintenance
            call.captchas = deployment.captchas
            try checkCaptcha(call)
            try stage(&call)
            call.clientAddress = clientAddress
            guard route.replays, let replays else { return await run(call, profile: profile, logger: context.logger).0.response }
            let idempotencyKey = request.headers[Self.idempotencyKey]
            let key = ReplayStore.key(token: token, route: route.id, idempotencyKey: idempotencyKey, input: input.canonicalBytes)
            let logger = context.logger
            let answer: LegacyAnswer
            let replayed: Bool
            if idempotencyKey != nil {
                // Another instance still running the same keyed write past the wait: its outcome is unknown here.
                let requestID = context.requestID
                let busy: @Sendable () -> LegacyAnswer = { [self] in
                    failure(
                        WriteOutcomeUnknown(endpoint: route.id, cause: .timedOut, readBackFailure: "another instance is still running it"),
                        requestID: requestID, logger: logger)
                }
                (answer, replayed) = await replays.answer(key: key, busy: busy) { [self, call] in
                    let (answer, outcome) = await run(call, profile: profile, logger: logger)
                    return (answer, outcome != .refused)
                }
            } else if let kept = replays.unresolved(key) {
                (answer, replayed) = (kept, true)
            } else {
                let outcome: ReplayStore.Outcome
                (answer, outcome) = await run(call, profile: profile, logger: logger)
                if outcome == .unknown { replays.keepUnresolved(key, answer) }
                replayed = false
            }
            var response = answer.response
            if replayed {
                response.headers[Self.replayedHeader] = "true"
                logger.notice("\(route.id): a repeat within the replay window; the first answer replayed")
            }
            return response
        } catch {
            return failure(error, requestID: context.requestID, logger: context.logger).response
        }
    }

    /// The translation's answer, and whether a repeat should get it again: a success, or a write
    /// whose outcome is unknown; not a refusal that changed nothing.
    private func run(_ call: LegacyCall, profile: ClientProfile, logger: Logger) async -> (LegacyAnswer, ReplayStore.Outcome) {
        do {
            let reply = try await translation.translate(call)
            // A submitted staged file is spent.
            for field in route.fields where field.staged {
                if let url = call.input.string(field.name) { uploads.consume(url: url) }
            }
            // A login's or a refresh's new tokens keep the build its request showed (or its
            // token had), so the build's later requests, uploads without its headers included,
            // get its profile.
            if profile.name != profiles.defaultProfile {
                let tokens = ["access_token", "refresh_token", "token"].compactMap { reply.data[$0]?.stringValue }
                if !tokens.isEmpty { builds.remember(profile.name, tokens: tokens) }
            }
            let family = mappings.family(of: route)
            var data = profile.apply(to: reply.data, route: route.id)
            if let reshape = route.reshape, let family { data = reshape.apply(to: data, source: reply.source, input: call.input, family: family) }
            return (LegacyEnvelope.successAnswer(msg: reply.msg ?? route.message, data: data, family: family, requestID: call.requestID), .succeeded)
        } catch {
            let answer = failure(error, requestID: call.requestID, logger: logger)
            return (answer, error is WriteOutcomeUnknown ? .unknown : .refused)
        }
    }

    /// A staged file field (`imageUrl`) becomes the caller's staged file; a URL that is not a file
    /// this caller uploaded through a token is refused (`upload_token_invalid`: 5003 上传凭证无效).
    private func stage(_ call: inout LegacyCall) throws {
        for field in route.fields where field.staged {
            guard let url = call.input.string(field.name) else { continue }
            guard let userId = call.tokenUserId, let file = uploads.file(at: url, userId: userId) else {
                throw LegacyError(mappings.legacyError(forFailure: .uploadTokenInvalid, route: route))
            }
            call.input.files[field.name] = file
        }
    }

    /// A route that asks for an image captcha (`captcha:` in its mapping) refuses a wrong, spent
    /// or missing answer before anything else (`captcha_invalid`).
    private func checkCaptcha(_ call: LegacyCall) throws {
        guard let fields = route.captcha else { return }
        guard let id = call.input.string(fields.id), let answer = call.input.string(fields.answer),
            deployment.captchas.check(id: id, answer: answer)
        else { throw LegacyError(mappings.legacyError(forFailure: .captchaInvalid, route: route)) }
    }

    /// Any failure as this route's family answers it.
    func failure(_ error: any Error, requestID: String, logger: Logger) -> LegacyAnswer {
        LegacyEnvelope.failureAnswer(
            LegacyErrorMapping(mappings: mappings).legacyError(for: error, route: route, logger: logger),
            family: mappings.family(of: route), requestID: requestID)
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Legacy-Replayed")!

    /// `https` when a trusted proxy says `X-Forwarded-Proto: https` (else http) + `Host`, when the
    /// Host header is a plain host[:port]. A client's own `X-Forwarded-Proto` is not believed.
    static func origin(of request: Request, viaTrustedProxy: Bool) -> String? {
        guard let host = request.head.authority, !host.isEmpty, host.count <= 255,
            host.utf8.allSatisfy({ ($0 >= 48 && $0 <= 58) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 46 || $0 == 91 || $0 == 93 })
        else { return nil }
        let proto = viaTrustedProxy && request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        return proto + "://" + host
    }

    /// Bodies up to this size are read before the token is verified (see `answer`).
    static let smallBody = 16 * 1024

    private func mapped(_ v4Code: String) -> LegacyError {
        LegacyError(mappings.legacyError(forV4Code: v4Code, route: route))
    }
}

extension Request {
    /// Whether the body may be larger than `bytes`: a `Content-Length` above it, or a body of
    /// unannounced length (chunked).
    func bodyMayExceed(_ bytes: Int) -> Bool {
        guard method != .get, method != .head else { return false }
        if headers[.transferEncoding] != nil { return true }
        guard let length = headers[.contentLength] else { return false }
        return Int(length).map { $0 > bytes } ?? true
    }
}

extension Router where Context == AppRequestContext {
    /// Mounts every route of `mappings` (each under all its paths) with its named translation.
    func addLegacyRoutes(
        _ mappings: MappingSet, registry: TranslationRegistry, core: any V4Transport, events: (any EventBus)?, deployment: LegacyDeployment,
        profiles: ProfileSet, metrics: BridgeMetrics, replays: ReplayStore? = nil
    ) {
        let campaigns = CampaignDirectory()
        let builds = BuildMemory()
        let uploads = UploadStaging()
        let maintenance = LotteryMaintenance()
        for route in mappings.routes {
            // The loader has checked every translation name against the registry.
            guard let translation = registry.translations[route.translation] else { continue }
            let adapter = LegacyRouteAdapter(
                route: route, translation: translation, mappings: mappings, core: core, events: events, deployment: deployment,
                profiles: profiles, metrics: metrics, campaigns: campaigns, replays: replays, builds: builds,
                uploads: uploads, maintenance: maintenance)
            for path in route.paths {
                on(RouterPath(path), method: route.method) { request, context in
                    try await adapter.respond(request, context: context, path: path)
                }
            }
        }
    }
}
