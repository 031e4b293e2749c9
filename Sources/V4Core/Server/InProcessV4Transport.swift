import Logging
import V4Contract

/// The bridge's transport onto the embedded core: the typed input goes to the endpoint's
/// handler through the same dispatcher the HTTP routes use (authentication, validation), and
/// the typed output comes back. Nothing is encoded or parsed on the way.
public struct InProcessV4Transport: V4Transport {
    let dispatcher: V4Dispatcher
    let logger: Logger

    public func call<Input, Output>(_ endpoint: V4Endpoint<Input, Output>, _ input: Input, as credentials: V4Credentials)
        async throws(V4ClientError) -> Output
    {
        do {
            return try await dispatcher.perform(
                endpoint, token: credentials.token, requestID: credentials.requestID, clientAddress: credentials.clientAddress
            ) { input }
        } catch let error as V4Error {
            throw V4ClientError(error)
        } catch {
            logger.error("unhandled error in \(endpoint.id): \(String(reflecting: error))", metadata: ["hb.request.id": .string(credentials.requestID)])
            // What the HTTP routes would answer: an internal error without details.
            throw V4ClientError(V4Error(.internalServerError))
        }
    }
}
