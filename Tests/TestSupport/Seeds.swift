#if canImport(Glibc)
import Glibc
#endif

/// A seed for this test run: $DOCLEDGER_TEST_SEED when set (to replay a failure), else a
/// fresh one. Tests that draw from it name it in their failure messages.
public let testSeed: UInt64 = {
    if let text = getenv("DOCLEDGER_TEST_SEED").flatMap({ String(validatingCString: $0) }), let seed = UInt64(text) {
        return seed
    }
    return UInt64.random(in: 0...UInt64.max)
}()

/// SplitMix64: small, fast and the same on every platform, so a printed seed replays exactly.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
