import BridgeKit
import Foundation
import Testing
@testable import LegacyAPI

/// The socket's client-message parsers and the realtime mapping, property- and fuzz-style.
@Suite struct RealtimeParsingTests {
    /// Random bytes and random JSON never crash the parser; what it accepts is an object with a
    /// non-empty string `type`, and everything else is one of the two documented failures.
    @Test func clientMessagesParseOrFailCleanly() throws {
        var rng = SplitMix64(seed: 12)
        for round in 0..<3000 {
            let text: String
            if round % 2 == 0 {
                var value = RandomJSON.value(&rng)
                if round % 4 == 0, case .object(var object) = value {
                    object["type"] = .string(RandomJSON.string(&rng))
                    value = .object(object)
                }
                text = value.serialized()
            } else {
                text = String(decoding: (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, as: UTF8.self)
            }
            switch LegacySocketSession.parse(text) {
            case .success(let object):
                #expect(object["type"]?.stringValue?.isEmpty == false)
            case .failure(let failure):
                #expect(failure == .malformedJSON || failure == .missingType)
                #expect(LegacySocketMessage.error(failure, at: Date()).contains("\"type\":\"error\""))
            }
            // Whatever it is, the other readers cope.
            if case .success(let object) = LegacySocketSession.parse(text) {
                _ = LegacySocketSession.token(in: object)
                if let ids = LegacySocketSession.productIDs(in: object), let list = ids { #expect(list.allSatisfy { $0 > 0 } && list.count <= 100) }
            }
        }
    }

    @Test func tokensInEveryDocumentedSpelling() throws {
        func token(_ json: String) throws -> String? { LegacySocketSession.token(in: try JSONValue.parse(json).objectValue!) }
        #expect(try token(#"{"type":"authenticate","token":"Bearer abc.def"}"#) == "abc.def")
        #expect(try token(#"{"type":"authenticate","token":"bearer  abc"}"#) == "abc")
        #expect(try token(#"{"type":"auth","token":"abc","timestamp":1672531200000}"#) == "abc")
        #expect(try token(#"{"type":"auth","data":{"token":"xyz"},"messageId":"msg_1"}"#) == "xyz")
        #expect(try token(#"{"type":"auth","token":42}"#) == nil)
        #expect(try token(#"{"type":"auth"}"#) == nil)
    }

    @Test func productSubscriptions() throws {
        func ids(_ json: String) throws -> [Int64]?? { LegacySocketSession.productIDs(in: try JSONValue.parse(json).objectValue!) }
        #expect(try ids(#"{"type":"subscribe_products","product_ids":[1,2,3]}"#) == .some([1, 2, 3]))
        #expect(try ids(#"{"type":"subscribe","data":{"product_ids":[4]}}"#) == .some([4]))
        #expect(try ids(#"{"type":"unsubscribe_products"}"#) == .some(nil))
        #expect(try ids(#"{"type":"subscribe_products","product_ids":[0]}"#) == nil)
        #expect(try ids(#"{"type":"subscribe_products","product_ids":"1,2"}"#) == nil)
        #expect(try ids(#"{"type":"subscribe_products","product_ids":[1.5]}"#) == nil)
        let many = "[" + (1...101).map(String.init).joined(separator: ",") + "]"
        #expect(try ids(#"{"type":"subscribe_products","product_ids":"# + many + "}") == nil)
    }

    @Test func upgradeQueryAndSubprotocol() {
        #expect(LegacySocketUpgrade.queryValue("token", in: "a=1&token=abc%2Edef&b=2") == "abc.def")
        #expect(LegacySocketUpgrade.queryValue("token", in: "token=") == "")
        #expect(LegacySocketUpgrade.queryValue("token", in: "tokens=1") == nil)
        #expect(LegacySocketUpgrade.queryValue("token", in: "token=%ZZ") == "%ZZ")
        #expect(LegacySocketUpgrade.subprotocol(offered: "chat, tiangong-v1", supported: ["tiangong-v1"]) == "tiangong-v1")
        #expect(LegacySocketUpgrade.subprotocol(offered: "chat", supported: ["tiangong-v1"]) == nil)
    }

    /// A broken realtime section fails start-up with its file and line.
    @Test(arguments: [
        ("  idle_timeout_seconds: 90\n", "  idle_timeout_seconds: 2\n", "idle_timeout_seconds must be in 5...3600"),
        ("  queue_size: 100\n", "  queue_size: 100\n  queue_sise: 5\n", "queue_sise"),
        ("  paths: [/ws, /]\n", "  paths: [ws]\n", "must be a plain absolute path"),
        ("    fields: [announcement_id, title,", "    fields: [announcement_id, headline, title,", "no field 'headline'"),
    ])
    func brokenRealtimeMappingsFailStartUp(_ old: String, _ new: String, _ reason: String) throws {
        var files = try MappingFiles.read(directory: TestBridge.mappingsDirectory)
        let index = try #require(files.firstIndex { $0.name.hasSuffix("realtime.yaml") })
        let range = try #require(files[index].text.range(of: old))
        files[index].text.replaceSubrange(range, with: new)
        do {
            _ = try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(files: files)
            Issue.record("loaded")
        } catch let error as MappingError {
            #expect(error.file.hasSuffix("realtime.yaml") && error.line > 0 && "\(error)".contains(reason), Comment(rawValue: "\(error)"))
        }
    }

    @Test func aRealtimeSectionNeedsItsShapes() throws {
        var files = try MappingFiles.read(directory: TestBridge.mappingsDirectory)
        let index = try #require(files.firstIndex { $0.name.hasSuffix("realtime.yaml") })
        files[index].text = String(files[index].text[..<files[index].text.range(of: "shapes:")!.lowerBound])
        #expect(throws: MappingError.self) { try MappingLoader(vocabulary: TranslationRegistry.standard.vocabulary).load(files: files) }
    }
}
