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
