import Foundation
import Testing

@testable import OpenCUSCore

/// Photos lose their location, time and camera data before they are published. The images are
/// CPython's own test images (Lib/test/imghdrdata, PSF licence): real files that decode, into
/// which the tests write the metadata a phone adds.
@Suite struct ImageMetadataTests {
    static let jpeg = Array(
        Data(
            base64Encoded:
                "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q"
                + "EBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ"
                + "EBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQID"
                + "BAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/"
                + "2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx"
                + "4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+"
                + "Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolv"
                + "w4KOp1KM6iCNvngZHwetf//Z"
        )!)
    static let png = Array(
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAMAAAAoLQ9TAAAAIGNIUk0AAHomAACAhAAA+gAAAIDoAAB1MAAA6mAAADqYAAAXcJy6"
                + "UTwAAAHFUExURQAAAE6NwEqGujxxnjdolgAAAAAAAAAAAAAAAAAAAE6PxEyKv0iFtkN9rT10oTlsljZmkAAAAAAAAFKRxv3dSvnV"
                + "PgAAADJghwAAAP3VNgAAADVokgAAAOzORQAAADZpkxsxRQAAAAAAAOLDRf3ZQQAAAEaBsjZnkQAAAPLhbv3pav3LG0N9rhwyS/Xj"
                + "b/PBGkB1oz1zogAAAMKaEgAAAAAAAAAAAAAAAAAAAOjHPevFNOvCKuu+Ieu7GMabEgAAAAAAAAAAAAAAAAAAAAAAAAAAAP3eTgAA"
                + "AAAAAAAAAAAAAPHQP/rTOf3SL/rHGcCXEgAAAAAAAAAAAAAAAAAAAAAAAEiDtER+rUB4p0yKvP///0V/r0F5qD50ojpvmzZplEmF"
                + "t0aAsUJ7qj51oztwnTdqljhsl0+NwUuIu0R9rUB4pj1zoDltmf/iVVCPw0yJvEiEtT10of/eS//aQU2LvkaAsDtwnP/aQv/WN//T"
                + "LUqHuUeBskN8qz92pf/XOP/PI//mYf/jV//fTf/bQv/TLv/PJP/rbP/nYf/bQ//XOf/MHDpwnP/nYv/jWP/fTv/TL//bRP/XOv/T"
                + "MP/QJf/YOv/UMP/QJpJJAAIAAABWdFJOUwCv7feSCwMoQRV+oKGjp6qqSBi994IKtkPtJPdPiD22XExHa/dG96pOpvf311uzwm/3"
                + "S3o0CCE8NaqpqampeSACCRMSLB73QBwFAUzM99h7Ox1CRTgf+DIQcQAAAAFiS0dEWgO7paIAAAD1SURBVBjTY2AAAkamsPAIZhZW"
                + "NgYoiIyKjomNi2dnhQkkJCYlp6TGc3CCeVzcPLx8/AJp8fGCQiC+cHpGWGZWdk48UCBXRFSMIS+/IDqmMA7IF5coKpaUYihJKE1K"
                + "LkuNlxaXkS2vqJRjqKquqZVXUBRU4lBWqausV2VQy8xS19DUamhsaq5radVWYtCJKdTVa2tvbOrobGnt0udgMDDsNmrr6e3r6Oxv"
                + "7eoyNmEwNTO3APItraxtbG3tOOwZHBydnHv7JkycNLmLw8LFFeJ6twlTpk6L0nb3cPT0Agt4+/hO6/LzD3CGec400CJIKTgk1BTI"
                + "BgBAYkJ/yC2b5QAAACV0RVh0ZGF0ZTpjcmVhdGUAMjAxNC0wMS0yNlQyMDo1OTozNyswMjowMPuaB3cAAAAldEVYdGRhdGU6bW9k"
                + "aWZ5ADIwMTQtMDEtMjZUMjA6NTk6MDArMDI6MDDB74amAAAAAElFTkSuQmCC"
        )!)

    /// An EXIF payload like a phone's: orientation, capture time and a GPS position.
    static func exif(orientation: UInt16) -> [UInt8] {
        // Little-endian TIFF: IFD0 with Orientation, DateTime and the GPS IFD pointer; the GPS IFD
        // with latitude reference "N".
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
        tiff += [0x03, 0x00]  // three entries
        tiff += [0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, UInt8(orientation), 0x00, 0x00, 0x00]
        tiff += [0x32, 0x01, 0x02, 0x00, 0x14, 0x00, 0x00, 0x00, 0x32, 0x00, 0x00, 0x00]  // DateTime at 50
        tiff += [0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x46, 0x00, 0x00, 0x00]  // GPS IFD at 70
        tiff += [0x00, 0x00, 0x00, 0x00]
        tiff += Array("2026:11:18 10:15:00\0".utf8)  // offset 50, 20 bytes
        tiff += [0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x4E, 0x00, 0x00, 0x00]  // GPSLatitudeRef "N"
        tiff += [0x00, 0x00, 0x00, 0x00]
        return Array("Exif\0\0".utf8) + tiff
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    /// The phone's file: after JFIF, EXIF with GPS, XMP, an IPTC block and a comment; a trailer after the image.
    static func phonePhoto(orientation: UInt16) -> [UInt8] {
        let app0End = 2 + 2 + 16
        return Array(jpeg[0..<app0End]) + segment(0xE1, exif(orientation: orientation))
            + segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPS 52.4064,16.9252</x:xmpmeta>".utf8))
            + segment(0xED, Array("Photoshop 3.0\08BIM city=Poznan".utf8)) + segment(0xFE, Array("Jan Kowalski".utf8))
            + Array(jpeg[app0End...]) + Array("SAMSUNG-TRAILER 52.4064N".utf8)
    }

    @Test func aJPEGLosesEverythingButItsImageAndOrientation() throws {
        #expect(ImageMetadata.exifOrientation(Self.exif(orientation: 6)) == 6)
        // Upright: exactly the original file comes back.
        #expect(try ImageMetadata.strip(Self.phonePhoto(orientation: 1), kind: .jpeg) == Self.jpeg)
        // Turned: the original with one EXIF segment that holds nothing but the orientation.
        let turned = try ImageMetadata.strip(Self.phonePhoto(orientation: 6), kind: .jpeg)
        let app0End = 20
        let kept = ImageMetadata.orientationSegment(6)
        #expect(turned == Array(Self.jpeg[0..<app0End]) + kept + Array(Self.jpeg[app0End...]))
        #expect(ImageMetadata.exifOrientation(Array(kept[4...])) == 6)
        for secret in ["2026:11:18", "52.4064", "Poznan", "Kowalski", "SAMSUNG"] {
            #expect(!String(decoding: turned, as: UTF8.self).contains(secret), "\(secret)")
        }
        // The original already has none: unchanged.
        #expect(try ImageMetadata.strip(Self.jpeg, kind: .jpeg) == Self.jpeg)
    }

    @Test func aPNGLosesItsTextTimeAndExifChunks() throws {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let length = UInt32(data.count).bigEndian
            return withUnsafeBytes(of: length, Array.init) + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        let ihdrEnd = 8 + 12 + 13
        let tagged =
            Array(Self.png[0..<ihdrEnd]) + chunk("eXIf", Array(Self.exif(orientation: 1)[6...]))
            + chunk("tEXt", Array("Location\052.4064,16.9252".utf8)) + chunk("tIME", [7, 234, 11, 18, 10, 15, 0])
            + Array(Self.png[ihdrEnd...])
        // The original file carries two tEXt chunks of its own (from byte 910) before IEND (its last 12 bytes).
        let withoutText = Array(Self.png[0..<910]) + Array(Self.png.suffix(12))
        #expect(String(decoding: Self.png[910..<918], as: UTF8.self).hasSuffix("tEXt"))
        #expect(try ImageMetadata.strip(tagged, kind: .png) == withoutText)
        #expect(try ImageMetadata.strip(Self.png, kind: .png) == withoutText)
    }

    @Test func aWebPLosesItsExifAndXMPChunksAndFlags() throws {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            Array(type.utf8) + withUnsafeBytes(of: UInt32(data.count).littleEndian, Array.init) + data
                + (data.count % 2 == 1 ? [0] : [])
        }
        let image = chunk("VP8L", [0x2F, 0x00, 0x00, 0x00, 0x00])
        let extended =
            chunk("VP8X", [0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]) + image + chunk("EXIF", Array(Self.exif(orientation: 1)[6...]))
            + chunk("XMP ", Array("<x:xmpmeta>GPS</x:xmpmeta>".utf8))
        func riff(_ body: [UInt8]) -> [UInt8] {
            Array("RIFF".utf8) + withUnsafeBytes(of: UInt32(body.count + 4).littleEndian, Array.init) + Array("WEBP".utf8) + body
        }
        let stripped = try ImageMetadata.strip(riff(extended), kind: .webp)
        #expect(stripped == riff(chunk("VP8X", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) + image))
    }

    @Test func aCutOrFakeImageIsRefused() {
        #expect(throws: ImageMetadata.Failure.malformed) { try ImageMetadata.strip(Array(Self.jpeg.prefix(200)), kind: .jpeg) }
        #expect(throws: ImageMetadata.Failure.malformed) { try ImageMetadata.strip(Array(Self.png.prefix(60)), kind: .png) }
        #expect(throws: ImageMetadata.Failure.malformed) {
            try ImageMetadata.strip(Array("<script>alert(1)</script>".utf8), kind: .jpeg)
        }
        #expect(throws: ImageMetadata.Failure.malformed) {
            try ImageMetadata.strip([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF], kind: .jpeg)
        }
    }
}
