#if Captcha
import CGD
#endif

/// A picture of a short code a person can read and a script cannot simply parse: the characters
/// in libgd's giant bitmap font, each offset and coloured, over noise lines and dots, as a PNG.
/// libgd (Debian's libgd-dev) does the drawing and the PNG encoding, behind the `Captcha` package
/// trait; without it `render` is nil and the captcha routes say the service is unavailable.
public enum CaptchaImage {
    public static var isAvailable: Bool {
        #if Captcha
        true
        #else
        false
        #endif
    }

    /// The PNG of `text` (ASCII letters and digits), `seed` choosing the noise; nil without libgd.
    public static func render(_ text: String, seed: UInt64) -> [UInt8]? {
        #if Captcha
        var random = seed | 1
        func next(_ bound: Int32) -> Int32 {
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return Int32(truncatingIfNeeded: random % UInt64(max(bound, 1)))
        }
        let width: Int32 = 28 + 22 * Int32(text.utf8.count), height: Int32 = 44
        // Drawn small in the bitmap font, then scaled up: thicker strokes, still legible.
        guard let small = gdImageCreateTrueColor(width / 2, height / 2), let image = gdImageCreateTrueColor(width, height) else { return nil }
        defer {
            gdImageDestroy(small)
            gdImageDestroy(image)
        }
        gdImageFilledRectangle(small, 0, 0, width / 2, height / 2, gdTrueColorAlpha(250, 250, 245, 0))
        let font = gdFontGetGiant()
        var x: Int32 = 4
        for byte in text.utf8 {
            let colour = gdTrueColorAlpha(20 + next(80), 30 + next(80), 90 + next(100), 0)
            gdImageChar(small, font, x, 2 + next(5), Int32(byte), colour)
            x += 11
        }
        gdImageCopyResampled(image, small, 0, 0, 0, 0, width, height, width / 2, height / 2)
        for _ in 0..<5 {
            gdImageSetThickness(image, 1)
            gdImageLine(image, next(width), next(height), next(width), next(height), gdTrueColorAlpha(120 + next(100), 120 + next(100), 120 + next(100), 0))
        }
        for _ in 0..<(width * 2) {
            gdImageSetPixel(image, next(width), next(height), gdTrueColorAlpha(100 + next(150), 100 + next(150), 100 + next(150), 0))
        }
        var size: Int32 = 0
        guard let png = gdImagePngPtr(image, &size), size > 0 else { return nil }
        defer { gdFree(png) }
        return Array(UnsafeRawBufferPointer(start: png, count: Int(size)))
        #else
        _ = text
        _ = seed
        return nil
        #endif
    }
}

#if Captcha
/// libgd's `gdTrueColorAlpha` macro.
@inline(__always)
func gdTrueColorAlpha(_ red: Int32, _ green: Int32, _ blue: Int32, _ alpha: Int32) -> Int32 {
    (alpha << 24) + (red << 16) + (green << 8) + blue
}
#endif
