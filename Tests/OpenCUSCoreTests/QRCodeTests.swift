import Foundation
import Testing

@testable import OpenCUSCore

/// The QR encoder against an independent oracle: matrices made by Python's `qrcode` package
/// (8.2, byte mode, level M, the same version and a forced mask, no border), generated once
/// and kept here. CI also decodes our PNGs with Debian's `zbarimg` (web tests).
@Suite struct QRCodeTests {
    struct Vector {
        let text: String
        let version: Int
        let mask: Int
        let rows: [String]
    }

    static let vectors: [Vector] = [
        .init(
            text: "42-K7M", version: 1, mask: 0,
            rows: [
                "#######...##..#######",
                "#.....#.####..#.....#",
                "#.###.#...###.#.###.#",
                "#.###.#..###..#.###.#",
                "#.###.#.##.##.#.###.#",
                "#.....#..#.#..#.....#",
                "#######.#.#.#.#######",
                ".........##..........",
                "#.#.#.#...#.#...#..#.",
                ".##..#...###.#.#.#..#",
                ".###..#.#.##.###....#",
                "######...#.###.###.#.",
                ".##...#..###.###...##",
                "........#.#...##..#.#",
                "#######..#..#...###.#",
                "#.....#...#...#....##",
                "#.###.#.##..#.##..###",
                "#.###.#..###.#.#.###.",
                "#.###.#.#..#.#####..#",
                "#.....#...####..##.#.",
                "#######.#..#.#####.##",
            ]),
        .init(
            text: "42-K7M", version: 1, mask: 5,
            rows: [
                "#######..##...#######",
                "#.....#.#.#.#.#.....#",
                "#.###.#.##.##.#.###.#",
                "#.###.#.#...#.#.###.#",
                "#.###.#...###.#.###.#",
                "#.....#.....#.#.....#",
                "#######.#.#.#.#######",
                "........#.###........",
                "#.....#.##..###..###.",
                "#..##..##...#.#.#.##.",
                ".#..#.#..#.#.#..#....",
                "..#.#..#........#.#..",
                "..##.###..#...#..#..#",
                "........#######..#.##",
                "#######...#.#.##.##..",
                "#.....#..#.###.####..",
                "#.###.#...#.#...#.##.",
                "#.###.#...#.#........",
                "#.###.#..#....#.#..##",
                "#.....#..##....##.#..",
                "#######.####.#...#.#.",
            ]),
        .init(
            text: "https://opencus.example/r/abcdef", version: 3, mask: 2,
            rows: [
                "#######..#.#.###..###.#######",
                "#.....#...#..####.....#.....#",
                "#.###.#.##.###.#....#.#.###.#",
                "#.###.#.#.###.##.###..#.###.#",
                "#.###.#.###....######.#.###.#",
                "#.....#.#...#....#....#.....#",
                "#######.#.#.#.#.#.#.#.#######",
                "........#..##.#.#............",
                "#.#####...###...##..#.#####..",
                ".#...#..##.#####...######...#",
                ".#.##.###.#..######.##.......",
                "#.#..#...###.#.#..#.#.##.#.#.",
                "..#..##..#.##.##.###.....##..",
                ".#..#......#...######.###...#",
                ".#..###.###.#....#..#..####..",
                ".....#.....##.#.#......##..#.",
                ".###.###...##....#.......##..",
                "###..#..##.#####..###.###.#.#",
                "#.#..###...#####..#..#..#.#..",
                "#.#.#...#.#..#..#.....#.#..#.",
                "#....##..##.#.##.#.######.###",
                "........####....#.###...#####",
                "#######...##...######.#.###..",
                "#.....#.#.##..###.###...#..#.",
                "#.###.#.#.##...#.#..#####.##.",
                "#.###.#.#.###.#.#.##.#.#.####",
                "#.###.#.#....#.#.###.#######.",
                "#.....#...#..#.##...#.##.#.#.",
                "#######.###...##.#.#.###..#..",
            ]),
        .init(
            text: "Zażółć gęślą jaźń — kod recepcji 0042-K7M, wydarzenie testowe", version: 5, mask: 7,
            rows: [
                "#######..#..##......#..#.#.#..#######",
                "#.....#.....#.#.###.##.###.#..#.....#",
                "#.###.#....#..#.###..#.#..#.#.#.###.#",
                "#.###.#....#.......#.#.#..###.#.###.#",
                "#.###.#....#....###......##...#.###.#",
                "#.....#.#.#.....####...#..#.#.#.....#",
                "#######.#.#.#.#.#.#.#.#.#.#.#.#######",
                "..........#....#...###.....#.........",
                "#..#.##.###..#.#.#.#.#..###.##.#.....",
                "..#.#..#..##..##.#.####.#.#.##...#.#.",
                "#.#.#.#####.###.#.#.#.#.##...##....#.",
                ".#.###.#.##..###.....#..#.###...##.#.",
                ".#..#####..#....##.####.....#...##..#",
                ".#.#...#.#.###...######..#.#.#.##.#.#",
                "#.#..###...#.#...##.#....#.#....#####",
                "#.##...##.#......##..#.###.#...#.###.",
                "#.#.####.#.####...#..##....#..#..##.#",
                "##.###...#.#.####.####.####.#.####..#",
                "#.###.##.####.#####...#.#....###..###",
                "....#...###.##...#....##.#.##.#.#####",
                "#...#.##.#.#.#.##....#.##..#.##..#.#.",
                "...#.#.#.#.#..#.#...#..###.#.####.###",
                "##.#..##.####....#.#####.#.#.#..#...#",
                "...#...##..###.#.#.####..#.##...#.##.",
                "......####..........##..##....#.#.#..",
                ".###.#.#####...###..##.......###..#..",
                "#.##.###.#####...#.#.###..#..###..#.#",
                ".#......#..#...#.##.#..####.##..##.#.",
                "###...##....#.#.##..#...#.#.#######..",
                "........###.....#...##.##.###...##..#",
                "#######...#.#.#...#.##..##..#.#.##.##",
                "#.....#.#...#..#.##.##......#...##.##",
                "#.###.#....#.##.###..#..##########.#.",
                "#.###.#.####...#####.#..##..#..#.#.#.",
                "#.###.#...#.##.#.###.....###......###",
                "#.....#..##..#..#.##.....##.#....#...",
                "#######.##########....####.##.#.#..##",
            ]),
        .init(
            text: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            version: 6, mask: 4,
            rows: [
                "#######.#.#####.#....###...###....#######",
                "#.....#...#.....#.###...###...###.#.....#",
                "#.###.#..##.###..##..###...###....#.###.#",
                "#.###.#.#.#.#.#.##.##...###...###.#.###.#",
                "#.###.#.#..####.##...###...###....#.###.#",
                "#.....#.#....##.#.###...###...###.#.....#",
                "#######.#.#.#.#.#.#.#.#.#.#.#.#.#.#######",
                "........#...#....#...###...###...........",
                "#...#.####.#...###...###...###...#####..#",
                "#...##..###.##.#.#...###...###...#####.##",
                "#.######..#.######...###...###...#.#....#",
                "###..#.######.#..#...###...###...#####.##",
                "##.#.##...###..#.#..####...###...#.#....#",
                "#...#...#######..#.#.###...###...#####.##",
                ".###..##..#..###.#.#.###...###...#.#....#",
                "..#....######.####.#####...###...#####.##",
                ".#.#.##...##...#.#...###...###...#.#....#",
                ".#.#.#.##.#..##..#...###...###...#####.##",
                ".#..#.#...#..##.#.#..###...###...#.#....#",
                "#....#...#....#.#....###...###...#####.##",
                ".#..####.##..#.........#...###...#.#....#",
                ".#.......#...#...##..#.#...###...#####.##",
                ".#..#.#.###...#.##...###...###...#.#....#",
                "#....#.####...#.##...###...###...#####.##",
                ".#..####.##..#..##...###...###...#.#...#.",
                ".#......#..##...##...###...###...#####.##",
                ".##..########.####...###...###...#.#....#",
                "#.###.......#.####...###...###...#####.##",
                ".#..####..##..#..#...###...###...#.#....#",
                "#...#...#.#.#..###.#####...###...#####.##",
                "..#..######.#.#.##..####...###...#.#....#",
                "..###......#..#.##...###...###...#####.##",
                "##....##..###.####.#.###...###..#####...#",
                "........#.##...#.....###...###..#...##.##",
                "#######.####.....#.....#...###.##.#.#...#",
                "#.....#..#.##.#..##...##...###.##...##.##",
                "#.###.#.#...#####.#...##...###.######...#",
                "#.###.#...##...#.#...#.#...###.###.#.#..#",
                "#.###.#..#.#..#..##..###...###..#.......#",
                "#.....#..######..#...###...###.###.#.#.##",
                "#######.###.#..##....###...###..#......#.",
            ]),
        .init(
            text: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", version: 4, mask: 3,
            rows: [
                "#######.##.#.##.##.##.##..#######",
                "#.....#.#...##....#.#..#..#.....#",
                "#.###.#..####...##.#..#...#.###.#",
                "#.###.#.###...#.#..##.##..#.###.#",
                "#.###.#..###.##.....###.#.#.###.#",
                "#.....#..#.#.#.....##.#...#.....#",
                "#######.#.#.#.#.#.#.#.#.#.#######",
                "........##.#..#..#..#..#.........",
                "#.##.###.#....#..#####.##.#..#.##",
                "######...#.#..#.#..##.##.##....##",
                "....#.##.#.#..#..#..#..#.....#.##",
                ".#.#.....#...##.#.##..#..#...#.#.",
                "##....##.#..#.....##..##.#..##..#",
                "#.#.....##.##...#.#..##.##.#.###.",
                "####.#####.##..##.....#..##.#....",
                ".#......####.##.#.####..#..####..",
                "...#.##.####..###.##.##.#####.#..",
                ".....#...#.....#.##.##.##.###.#.#",
                ".#...####.#.#.##.#...#..#.##..##.",
                "#...##....#.#.......#..#..#.#...#",
                ".#...###....####..#..#.##..#.####",
                "###.......#.#.##.##...##.##....##",
                "..###.###.#.##..##..#..#.....#.##",
                ".#.#.....##..#..#..#..#..#...#.##",
                "#.#####..#.#...###.##.########...",
                "........#.#.#.######.##.#...####.",
                "#######.#..#.#..#..#..###.#.#....",
                "#.....#.##.###.#.....#.##...###..",
                "#.###.#..#.#..##.#.#.########.#..",
                "#.###.#.#........##.##.....#..#.#",
                "#.###.#.#..##.#...#..#...##...#..",
                "#.....#..###.#####..#...#.......#",
                "#######.#.##.###.##.##.#.#...##..",
            ]),
    ]

    @Test(arguments: vectors.indices) func matchesPythonQRCode(index: Int) throws {
        let vector = Self.vectors[index]
        let code = try QRCode(vector.text, mask: vector.mask)
        #expect(code.version == vector.version)
        #expect(code.size == vector.rows.count)
        let rows = (0..<code.size).map { y in String((0..<code.size).map { code.isDark(x: $0, y: y) ? "#" : "." }) }
        for (y, row) in rows.enumerated() {
            #expect(row == vector.rows[y], "row \(y) of \(vector.text.prefix(20))")
        }
    }

    @Test func picksTheSmallestVersionAndRefusesWhatDoesNotFit() throws {
        #expect(try QRCode("0042-K7M").version == 1)
        #expect(try QRCode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(String(repeating: "a", count: QRCode.maximumBytes)).version == 6)
        #expect(throws: QRCode.Failure.tooLong(bytes: 107, maximum: 106)) { try QRCode(String(repeating: "a", count: 107)) }
        // The automatic mask is one of the eight, and the SVG path draws only inside the quiet zone.
        let code = try QRCode("42-K7M")
        #expect((0..<8).contains(code.mask))
        #expect(code.viewBoxSide == 29 && code.svgPath.hasPrefix("M4 4h7v1h-7z"))
    }

    /// Checksums against their published values; the PNG against Python's zlib and, where CI
    /// provides it, Debian's `zbarimg` reading the code back.
    @Test func pngChecksumsAreTheStandardOnes() {
        #expect(MonochromePNG.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(MonochromePNG.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(MonochromePNG.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let png = MonochromePNG.encode(try! QRCode("42-K7M"), scale: 2)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["OPENCUS_TEST_ZBARIMG"] != nil))
    func zbarimgReadsOurPNGsBack() throws {
        let zbarimg = ProcessInfo.processInfo.environment["OPENCUS_TEST_ZBARIMG"]!
        for text in ["42-K7M", "https://opencus.example/r/abcdef", String(repeating: "x", count: 100)] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString).png")
            try Data(MonochromePNG.encode(try QRCode(text), scale: 4)).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: zbarimg)
            process.arguments = ["--raw", "-q", file.path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            process.waitUntilExit()
            let decoded = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0 && decoded.trimmingCharacters(in: .newlines) == text)
        }
    }
}

@Suite struct CheckInCodeTests {
    @Test func codesAreTheNumberAndThreeUnambiguousLetters() {
        var generator = SystemRandomNumberGenerator()
        for sequence in [1, 42, 12_345] as [Int64] {
            let code = CheckInCode.make(sequence: sequence, using: &generator)
            #expect(code.hasPrefix("\(sequence)-") && code.count == "\(sequence)".count + 4)
            #expect(CheckInCode.normalise(code) == code)
            #expect(!code.contains { "0O1IL5S8B2Z".contains($0) && $0.isLetter })
        }
    }

    @Test func whatADeskTypesIsReadAsACodeOrAsAName() {
        #expect(CheckInCode.normalise(" 42-k7m ") == "42-K7M")
        #expect(CheckInCode.normalise("42 – K7M") == "42-K7M", "a Polish keyboard's dash")
        #expect(CheckInCode.normalise("0042-K7M") == "42-K7M")
        #expect(CheckInCode.normalise("Kowalska") == nil)
        #expect(CheckInCode.normalise("42-K7") == nil)
        #expect(CheckInCode.normalise("42-KOM") == nil, "O is not in the alphabet")
        #expect(CheckInCode.normalise("-K7M") == nil)
        #expect(CheckInCode.normalise("12345678-K7M") == nil)
        #expect(CheckInCode.normalise("42-K7M-1") == nil)
    }
}
