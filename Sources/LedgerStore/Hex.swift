private let hexAlphabet: StaticString = "0123456789abcdef"

/// The bytes as lowercase hex.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = hexAlphabet.utf8Start
    return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
        for (i, byte) in bytes.enumerated() {
            out[2 * i] = digits[Int(byte >> 4)]
            out[2 * i + 1] = digits[Int(byte & 0x0F)]
        }
        return bytes.count * 2
    }
}

/// The bytes spelled by `hex`, or nil unless it is an even number of hex digits (either case).
public func bytes(fromHex hex: String) -> [UInt8]? {
    let utf8 = Array(hex.utf8)
    guard utf8.count % 2 == 0 else { return nil }
    @inline(__always) func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c &- 0x30
        case 0x61...0x66: return c &- 0x61 &+ 10
        case 0x41...0x46: return c &- 0x41 &+ 10
        default: return nil
        }
    }
    var result: [UInt8] = []
    result.reserveCapacity(utf8.count / 2)
    var i = 0
    while i < utf8.count {
        guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
        result.append(high << 4 | low)
        i += 2
    }
    return result
}
