/// A QR code (ISO/IEC 18004) for short texts such as a check-in code: byte mode, error
/// correction level M, versions 1–6 (up to 106 bytes), the mask with the lowest penalty unless
/// one is asked for. No QR package is on the package mirror, so this is written here, small,
/// following the standard's steps; it is tested against matrices made by Python's `qrcode`
/// package and, in CI, against Debian's `zbarimg` decoder.
public struct QRCode: Sendable, Equatable {
    /// Modules per side (21 for version 1, +4 per version).
    public let size: Int
    public let version: Int
    public let mask: Int
    /// Row-major, `true` for a dark module.
    public let modules: [Bool]

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    public enum Failure: Error, Equatable { case tooLong(bytes: Int, maximum: Int) }

    /// Level M: (data codewords per block, blocks, EC codewords per block) for versions 1–6.
    static let levelM: [(data: Int, blocks: Int, ec: Int)] = [
        (16, 1, 10), (28, 1, 16), (44, 1, 26), (32, 2, 18), (43, 2, 24), (27, 4, 16),
    ]
    /// The second alignment pattern's centre for versions 2–6 (the first is always at 6).
    static let alignment = [0, 18, 22, 26, 30, 34]
    public static let maximumBytes = levelM[5].data * levelM[5].blocks - 2

    public init(_ text: String, mask forcedMask: Int? = nil) throws {
        let bytes = Array(text.utf8)
        // 4 bits of mode, 8 bits of length (versions 1–9), the bytes.
        guard let version = (1...6).first(where: { QRCode.capacity($0) >= bytes.count + 2 }) else {
            throw Failure.tooLong(bytes: bytes.count, maximum: QRCode.maximumBytes)
        }
        let codewords = QRCode.interleaved(QRCode.dataCodewords(bytes, version: version), version: version)
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.place(codewords)
        let chosen =
            forcedMask
            ?? (0..<8).min { a, b in
                matrix.masked(a).penalty < matrix.masked(b).penalty
            }!
        let final = matrix.masked(chosen)
        self.version = version
        self.size = final.size
        self.mask = chosen
        self.modules = final.dark
    }

    static func capacity(_ version: Int) -> Int { levelM[version - 1].data * levelM[version - 1].blocks }

    /// Mode and length, the bytes, the terminator, then the pad codewords 0xEC 0x11 to capacity.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, 8)
        for byte in bytes { append(Int(byte), 8) }
        let capacityBits = capacity(version) * 8
        append(0, min(4, capacityBits - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var result = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while result.count < capacity(version) {
            result.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return result
    }

    /// Splits into blocks, adds each block's Reed–Solomon codewords, interleaves data then EC.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let layout = levelM[version - 1]
        let divisor = ReedSolomon.divisor(degree: layout.ec)
        let blocks = (0..<layout.blocks).map { Array(data[$0 * layout.data..<($0 + 1) * layout.data]) }
        let ecBlocks = blocks.map { ReedSolomon.remainder($0, divisor: divisor) }
        var result: [UInt8] = []
        for i in 0..<layout.data { for block in blocks { result.append(block[i]) } }
        for i in 0..<layout.ec { for block in ecBlocks { result.append(block[i]) } }
        return result
    }

    /// Polynomial arithmetic over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
    enum ReedSolomon {
        static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
            var z = 0
            for i in stride(from: 7, through: 0, by: -1) {
                z = (z << 1) ^ ((z >> 7) * 0x11D)
                z ^= Int((y >> UInt8(i)) & 1) * Int(x)
            }
            return UInt8(z & 0xFF)
        }

        static func divisor(degree: Int) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: degree)
            result[degree - 1] = 1
            var root: UInt8 = 1
            for _ in 0..<degree {
                for j in 0..<degree {
                    result[j] = multiply(result[j], root)
                    if j + 1 < degree { result[j] ^= result[j + 1] }
                }
                root = multiply(root, 0x02)
            }
            return result
        }

        static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
            var result = [UInt8](repeating: 0, count: divisor.count)
            for byte in data {
                let factor = byte ^ result.removeFirst()
                result.append(0)
                for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
            }
            return result
        }
    }

    struct Matrix {
        let size: Int
        let version: Int
        var dark: [Bool]
        var function: [Bool]

        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            function = Array(repeating: false, count: size * size)
        }

        mutating func set(_ x: Int, _ y: Int, _ isDark: Bool) {
            dark[y * size + x] = isDark
            function[y * size + x] = true
        }

        mutating func drawFunctionPatterns() {
            for i in 0..<size {
                set(6, i, i % 2 == 0)
                set(i, 6, i % 2 == 0)
            }
            for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 {
                        let (x, y) = (cx + dx, cy + dy)
                        guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                        let distance = max(abs(dx), abs(dy))
                        set(x, y, distance != 2 && distance != 4)
                    }
                }
            }
            if version > 1 {
                // Versions 2–6 have one alignment pattern (the others would overlap finders).
                let c = QRCode.alignment[version - 1]
                for dy in -2...2 { for dx in -2...2 { set(c + dx, c + dy, max(abs(dx), abs(dy)) != 1) } }
            }
            drawFormat(mask: 0)  // reserves the format areas; the real bits are drawn per mask
        }

        /// Level M (bits 00) and the mask, BCH(15,5) protected, XOR 0x5412, in both copies.
        mutating func drawFormat(mask: Int) {
            let data = 0b00 << 3 | mask
            var remainder = data
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            let bits = (data << 10 | remainder) ^ 0x5412
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            for i in 0...5 { set(8, i, bit(i)) }
            set(8, 7, bit(6))
            set(8, 8, bit(7))
            set(7, 8, bit(8))
            for i in 9..<15 { set(14 - i, 8, bit(i)) }
            for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
            for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
            set(8, size - 8, true)
        }

        /// The codewords' bits in the standard's zigzag, two columns at a time from the right.
        mutating func place(_ codewords: [UInt8]) {
            var index = 0
            var right = size - 1
            while right >= 1 {
                if right == 6 { right = 5 }
                for vertical in 0..<size {
                    for j in 0..<2 {
                        let x = right - j
                        let upward = (right + 1) & 2 == 0
                        let y = upward ? size - 1 - vertical : vertical
                        guard !function[y * size + x], index < codewords.count * 8 else { continue }
                        dark[y * size + x] = (codewords[index >> 3] >> UInt8(7 - (index & 7))) & 1 == 1
                        index += 1
                    }
                }
                right -= 2
            }
        }

        func masked(_ mask: Int) -> Matrix {
            var copy = self
            for y in 0..<size {
                for x in 0..<size where !function[y * size + x] {
                    let invert: Bool
                    switch mask {
                    case 0: invert = (x + y) % 2 == 0
                    case 1: invert = y % 2 == 0
                    case 2: invert = x % 3 == 0
                    case 3: invert = (x + y) % 3 == 0
                    case 4: invert = (x / 3 + y / 2) % 2 == 0
                    case 5: invert = x * y % 2 + x * y % 3 == 0
                    case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                    default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                    if invert { copy.dark[y * size + x].toggle() }
                }
            }
            copy.drawFormat(mask: mask)
            return copy
        }

        /// The standard's four penalty rules: runs, 2×2 blocks, finder-like patterns, balance.
        var penalty: Int {
            var score = 0
            func line(_ cells: [Bool]) -> Int {
                var total = 0
                var run = 1
                for i in 1..<cells.count {
                    if cells[i] == cells[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { total += run - 2 }
                        run = 1
                    }
                }
                if run >= 5 { total += run - 2 }
                let pattern: [Bool] = [true, false, true, true, true, false, true]
                let light = [Bool](repeating: false, count: 4)
                for start in 0...(cells.count - 7) where Array(cells[start..<start + 7]) == pattern {
                    let before = start >= 4 ? Array(cells[start - 4..<start]) == light : start == 0
                    let after =
                        start + 11 <= cells.count ? Array(cells[start + 7..<start + 11]) == light : start + 7 == cells.count
                    if before || after { total += 40 }
                }
                return total
            }
            for y in 0..<size { score += line((0..<size).map { dark[y * size + $0] }) }
            for x in 0..<size { score += line((0..<size).map { dark[$0 * size + x] }) }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let c = dark[y * size + x]
                    if c == dark[y * size + x + 1], c == dark[(y + 1) * size + x], c == dark[(y + 1) * size + x + 1] {
                        score += 3
                    }
                }
            }
            let darkCount = dark.filter { $0 }.count
            let total = size * size
            let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
            score += max(k, 0) * 10
            return score
        }
    }
}

extension QRCode {
    /// An SVG path of the dark modules, offset by a quiet zone of 4 modules (one unit per module).
    public var svgPath: String {
        var parts: [String] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < size && isDark(x: x + run, y: y) { run += 1 }
                parts.append("M\(x + 4) \(y + 4)h\(run)v1h-\(run)z")
                x += run
            }
        }
        return parts.joined()
    }

    /// Side of the SVG's view box: the code and its quiet zone.
    public var viewBoxSide: Int { size + 8 }
}
