import BridgeKit
import Foundation
import NIOCore
import ServerKit
import Testing
import V4Contract
import V4Core

/// Property and fuzz-style tests of the upload parsers: multipart forms, image sniffing, amounts.
@Suite struct UploadParsingTests {
    static let images = TestBridge.fixturesDirectory + "/../images"
    static func image(_ name: String) -> [UInt8] { Array(FileManager.default.contents(atPath: images + "/" + name)!) }

    @Test func realImagesAreRecognisedWithTheirSize() {
        #expect(ImageFormat.probe(Self.image("receipt.jpg")) == .init(format: .jpeg, width: 320, height: 480))
        #expect(ImageFormat.probe(Self.image("receipt.png")) == .init(format: .png, width: 160, height: 120))
        #expect(ImageFormat.probe(Self.image("receipt.webp")) == .init(format: .webp, width: 64, height: 48))
        #expect(ImageFormat.probe(Self.image("not-an-image.jpg")) == nil)
        #expect(ImageFormat.probe(Self.image("png-garbage.png")) == nil)
        #expect(ImageFormat.probe([]) == nil)
    }

    /// Truncations and byte flips of real images never crash the probe; a truncated PNG or JPEG
    /// is never taken for an image, and a flipped PNG byte fails its CRC.
    @Test func mutatedImagesNeverCrashAndTruncationsAreRefused() {
        var rng = SplitMix64(seed: 42)
        for name in ["receipt.jpg", "receipt.png", "receipt.webp"] {
            let bytes = Self.image(name)
            for cut in stride(from: 0, to: bytes.count - 1, by: max(bytes.count / 97, 1)) where name != "receipt.webp" {
                #expect(ImageFormat.probe(Array(bytes.prefix(cut))) == nil, "\(name) cut at \(cut)")
            }
            for _ in 0..<300 {
                var copy = bytes
                let index = Int(rng.next() % UInt64(copy.count))
                copy[index] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                let probe = ImageFormat.probe(copy)
                if name == "receipt.png", index >= 8 { #expect(probe == nil, "PNG flip at \(index)") }
            }
        }
    }

    @Test func multipartRoundTripsAndGarbageNeverCrashes() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let bytes = (0..<Int(rng.next() % 3000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let form = MultipartForm(
                fields: ["amount": String(rng.next() % 10000), "description": "晚餐 \"消费\"\r\n第二行"],
                files: ["photo": V4UploadedFile(fileName: "a\"b.jpg", contentType: "image/jpeg", bytes: bytes)])
            let (body, contentType) = form.encoded()
            let boundary = try #require(MultipartForm.boundary(ofContentType: contentType))
            let parsed = try MultipartForm.parse(body, boundary: boundary)
            #expect(parsed.fields == form.fields)
            #expect(parsed.files["photo"]?.bytes == bytes && parsed.files["photo"]?.fileName == "ab.jpg")
            var garbage = body
            let cut = Int(rng.next() % UInt64(max(body.readableBytes, 1)))
            garbage.moveWriterIndex(to: cut)
            _ = try? MultipartForm.parse(garbage, boundary: boundary)
            let random = ByteBuffer(bytes: (0..<256).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            _ = try? MultipartForm.parse(random, boundary: boundary)
        }
        #expect(MultipartForm.boundary(ofContentType: "application/json") == nil)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=\"abc\"") == "abc")
    }

    /// multipart-kit 4.7.1 traps on a header-name byte above 0x7F (schemathesis found it on
    /// `/api/v1/upload/file`): such headers are refused as malformed, random header blocks after
    /// a real delimiter never crash, and UTF-8 in a header value (a Chinese file name) is fine.
    @Test func nonASCIIHeaderNamesAreRefusedAndRandomHeadersNeverCrash() throws {
        func body(_ text: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: text) }
        let crashing = Array("--b\r\n".utf8) + [0xD3, 0xB2, 0xF3, 0x86, 0x80, 0xBC, 0x20, 0x0A] + Array("--b--\r\n".utf8)
        #expect(throws: MultipartForm.Failure.malformed) { try MultipartForm.parse(body(crashing), boundary: "b") }
        let named = Array("--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"小票.jpg\"\r\n\r\nxyz\r\n--b--\r\n".utf8)
        #expect(try MultipartForm.parse(body(named), boundary: "b").files["photo"]?.fileName == "小票.jpg")
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let header = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let text = Array("--b\r\n".utf8) + header + Array("\r\n\r\nv\r\n--b--\r\n".utf8)
            _ = try? MultipartForm.parse(body(text), boundary: "b")
        }
    }

    @Test(arguments: [
        ("58.50", 5850), ("58.5", 5850), ("58", 5800), ("0.01", 1), ("10000.00", 1_000_000), (" 12.30 ", 1230),
    ])
    func amountsParse(_ text: String, _ cents: Int) {
        #expect(V4Money.cents(text: text) == cents)
    }

    @Test(arguments: ["", "abc", "-5", "+5", "1e3", "58.505", "5..0", ".5", "58.", "1234567890", "０.５", "NaN"])
    func nonAmountsAreRefused(_ text: String) {
        #expect(V4Money.cents(text: text) == nil)
    }

    @Test func amountBounds() {
        #expect(throws: V4Error(.invalidAmount)) { _ = try V4Money.requiredAmount(.string("0")) }
        #expect(throws: V4Error(.amountTooLarge)) { _ = try V4Money.requiredAmount(.string("10000.01")) }
        #expect(throws: V4Error(.invalidAmount)) { _ = try V4Money.requiredAmount(nil) }
        #expect(throws: V4Error(.invalidAmount)) { _ = try V4Money.requiredAmount(.double(58.505)) }
        #expect((try? V4Money.requiredAmount(.double(58.5))) == 5850)
        #expect(V4Money.yuanText(5805) == "58.05")
    }
}
