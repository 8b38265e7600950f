/// Removes what a photo says about where and when it was taken, and with what, before it is
/// published: EXIF (GPS position, time, camera serial), XMP, IPTC, comments and trailers after
/// the image. Only the pixels and what is needed to show them right stay: a JPEG keeps JFIF, its
/// colour profile, the Adobe colour-transform segment and — as the only EXIF field — its
/// orientation, so that a phone photo is not shown on its side. The image data itself is copied
/// byte for byte; nothing is decoded or re-encoded.
public enum ImageMetadata {
    public enum Failure: Error, Equatable {
        /// The file does not have the structure of its format (cut short, or not an image at all).
        case malformed
    }

    /// The Polish message for a file `strip` could not read.
    public static let polishFailure =
        "Nie udało się odczytać obrazu: plik jest uszkodzony lub niepełny. Zapisz go ponownie i dodaj jeszcze raz."

    public static func strip(_ bytes: [UInt8], kind: AttachmentKind) throws(Failure) -> [UInt8] {
        switch kind {
        case .jpeg: try stripJPEG(bytes)
        case .png: try stripPNG(bytes)
        case .webp: try stripWebP(bytes)
        default: bytes
        }
    }

    // MARK: JPEG

    static func stripJPEG(_ b: [UInt8]) throws(Failure) -> [UInt8] {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { throw .malformed }
        var out: [UInt8] = [0xFF, 0xD8]
        var orientation: UInt16?
        var wroteOrientation = false
        var i = 2
        var inScan = false
        while i < b.count {
            if inScan {
                // Entropy-coded data: copy up to the next marker (FF00 is a stuffed byte, FFD0–FFD7 restart markers).
                let start = i
                while i + 1 < b.count, !(b[i] == 0xFF && b[i + 1] != 0x00 && !(0xD0...0xD7).contains(b[i + 1])) { i += 1 }
                guard i + 1 < b.count else { throw .malformed }
                out += b[start..<i]
                inScan = false
                continue
            }
            guard b[i] == 0xFF, i + 1 < b.count else { throw .malformed }
            let marker = b[i + 1]
            if marker == 0xFF {  // fill byte
                i += 1
                continue
            }
            if marker == 0xD9 {  // end of image: whatever follows (vendor trailers) is dropped
                out += [0xFF, 0xD9]
                return out
            }
            guard i + 3 < b.count else { throw .malformed }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { throw .malformed }
            let segment = b[i..<(i + 2 + length)]
            let payload = b[(i + 4)..<(i + 2 + length)]
            switch marker {
            case 0xE1:  // EXIF or XMP: dropped, the orientation remembered
                if orientation == nil { orientation = exifOrientation(Array(payload)) }
            case 0xE2 where payload.starts(with: Array("ICC_PROFILE\0".utf8)):
                out += segment
            case 0xE0, 0xEE:  // JFIF, Adobe (colour transform)
                out += segment
            case 0xE2...0xEF, 0xFE:  // other application segments (MPF, IPTC, vendor data), comments
                break
            default:
                if !wroteOrientation, let orientation, orientation != 1 {
                    out += orientationSegment(orientation)
                }
                wroteOrientation = true
                out += segment
                if marker == 0xDA { inScan = true }
            }
            i += 2 + length
        }
        throw .malformed  // no end-of-image marker
    }

    /// The Orientation tag (0x0112) of IFD0 in an EXIF payload ("Exif\0\0" + TIFF), if valid.
    static func exifOrientation(_ p: [UInt8]) -> UInt16? {
        guard p.count >= 14, p.starts(with: Array("Exif\0\0".utf8)) else { return nil }
        let tiff = Array(p[6...])
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let a = u16(at), let b = u16(at + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<min(count, 500) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, u16(at + 2) == 3, let value = u16(at + 8), (1...8).contains(value) { return UInt16(value) }
        }
        return nil
    }

    /// An APP1 segment whose EXIF holds nothing but the orientation.
    static func orientationSegment(_ orientation: UInt16) -> [UInt8] {
        let tiff: [UInt8] =
            [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]  // big-endian TIFF, IFD0 at 8
            + [0x00, 0x01]  // one entry
            + [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0, 0]
            + [0x00, 0x00, 0x00, 0x00]  // no next IFD
        let payload = Array("Exif\0\0".utf8) + tiff
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    // MARK: PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func stripPNG(_ b: [UInt8]) throws(Failure) -> [UInt8] {
        guard b.starts(with: pngSignature) else { throw .malformed }
        let dropped: Set<String> = ["eXIf", "tEXt", "zTXt", "iTXt", "tIME"]
        var out = pngSignature
        var i = pngSignature.count
        while i + 12 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 0, i + 12 + length <= b.count else { throw .malformed }
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            if !dropped.contains(type) { out += b[i..<(i + 12 + length)] }
            i += 12 + length
            if type == "IEND" { return out }
        }
        throw .malformed
    }

    // MARK: WebP

    static func stripWebP(_ b: [UInt8]) throws(Failure) -> [UInt8] {
        guard b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) else {
            throw .malformed
        }
        var chunks: [UInt8] = []
        var i = 12
        while i + 8 <= b.count {
            let type = String(decoding: b[i..<(i + 4)], as: UTF8.self)
            let size = Int(b[i + 4]) | Int(b[i + 5]) << 8 | Int(b[i + 6]) << 16 | Int(b[i + 7]) << 24
            let end = i + 8 + size + (size % 2)
            guard end <= b.count || (end == b.count + 1 && size % 2 == 1) else { throw .malformed }
            var chunk = Array(b[i..<min(end, b.count)])
            if type == "VP8X", chunk.count > 8 {
                chunk[8] &= ~UInt8(0x0C)  // flags: no EXIF (0x08), no XMP (0x04)
            }
            if type != "EXIF" && type != "XMP " { chunks += chunk }
            i = end
        }
        let size = UInt32(chunks.count + 4)
        return Array("RIFF".utf8) + withUnsafeBytes(of: size.littleEndian, Array.init) + Array("WEBP".utf8) + chunks
    }
}
