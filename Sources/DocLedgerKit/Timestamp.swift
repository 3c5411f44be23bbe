#if canImport(Glibc)
import Glibc
#endif
import OfficeDomain

/// A moment in UTC with millisecond precision, written `2017-01-09T08:00:00.000Z`.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The first and last millisecond a ledger stores (years 0001–9999 in UTC): outside them
    /// the four-digit year of the stored form would wrap (10000 would be stored as 0000).
    public static let earliest = Timestamp(millisecondsSinceEpoch: Int64(Day(year: 1, month: 1, day: 1)!.daysSinceEpoch) * 86_400_000)
    public static let latest = Timestamp(millisecondsSinceEpoch: Int64(Day(year: 9999, month: 12, day: 31)!.daysSinceEpoch) * 86_400_000 + 86_399_999)

    /// True for a moment a ledger can store: years 0001–9999 in UTC.
    public var isStorable: Bool { self >= Self.earliest && self <= Self.latest }

    /// The system clock now.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(millisecondsSinceEpoch: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.millisecondsSinceEpoch < b.millisecondsSinceEpoch }

    /// The canonical form stored in the ledger.
    public var description: String {
        let ms = millisecondsSinceEpoch
        let days = Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000)
        let inDay = Int(ms - Int64(days) * 86_400_000)
        let day = Day(daysSinceEpoch: days)
        return "\(day)T\(two(inDay / 3_600_000)):\(two(inDay / 60_000 % 60)):\(two(inDay / 1000 % 60)).\(three(inDay % 1000))Z"
    }

    /// Parses ISO 8601: `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH:MM)`; with `dateMeansEndOfDay`, a bare
    /// `YYYY-MM-DD` means the last millisecond of that day (UTC). Nil for anything else.
    public init?(parsing text: String, dateMeansEndOfDay: Bool = false) {
        let b = Array(text.utf8)
        guard b.count >= 10, let day = Day(String(decoding: b[0..<10], as: UTF8.self)) else { return nil }
        let dayMs = Int64(day.daysSinceEpoch) * 86_400_000
        if b.count == 10 {
            guard dateMeansEndOfDay else { return nil }
            self.init(millisecondsSinceEpoch: dayMs + 86_399_999)
            return
        }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") else { return nil }
        var i = 11
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let d = Int(b[k]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let hh = digits(2), hh < 24, expect(":"), let mm = digits(2), mm < 60 else { return nil }
        var ss = 0, ms = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let s = digits(2), s < 60 else { return nil }
            ss = s
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var fraction = 0, count = 0
                while i < b.count, (48...57).contains(b[i]) {
                    if count < 3 { fraction = fraction * 10 + Int(b[i]) - 48 }
                    count += 1
                    i += 1
                }
                guard count > 0 else { return nil }
                if count < 3 { for _ in count..<3 { fraction *= 10 } }
                ms = fraction
            }
        }
        var offsetMinutes = 0
        guard i < b.count else { return nil }   // a zone is required: local time is ambiguous
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2), oh <= 14 else { return nil }
            _ = expect(":")
            guard let om = digits(2), om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let local = dayMs + Int64(hh * 3_600_000 + mm * 60_000 + ss * 1000 + ms)
        self.init(millisecondsSinceEpoch: local - Int64(offsetMinutes) * 60_000)
    }
}

private func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
private func three(_ v: Int) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
