import Testing
import Foundation
@testable import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections

/// One JSON line: an envelope with its type, data and (when the test is about as-of) recorded_at.
func line(_ type: String, _ data: JSONObject, at recordedAt: String? = nil, id: String? = nil) -> String {
    var envelope: JSONObject = ["type": .string(type), "data": .object(data)]
    if let recordedAt { envelope["recorded_at"] = .string(recordedAt) }
    if let id { envelope["id"] = .string(id) }
    return JSONValue.object(envelope).canonicalString
}

/// "Sở Nội vụ" and the like in decomposed Unicode (NFD), as some keyboards and PDFs produce it.
func nfd(_ text: String) -> String { text.decomposedStringWithCanonicalMapping }

/// True when `text` is stored in NFC, byte for byte (Swift's `==` would call NFD text equal to
/// its NFC form, so a check written with it cannot fail).
func isStoredNFC(_ text: String) -> Bool { Array(Normalization.nfc(text).utf8) == Array(text.utf8) }

/// The exact Unicode scalars of a string (Swift's `==` treats NFC and NFD as equal; these do not).
func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

/// A fresh ledger file under /tmp for one test, removed when the test is done.
final class TestLedger {
    let directory: String
    let path: String
    let ledger: Ledger

    init(series: SeriesConfig? = nil) throws {
        directory = NSTemporaryDirectory() + "docledger-domaintests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/ledger.sqlite"
        ledger = try Ledger(path: path, access: .create(), seriesConfig: series, durable: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Appends the lines as one input (one transaction).
    @discardableResult
    func append(_ lines: [String], keepEvents: Bool = false) throws -> AppendResult {
        let text = lines.joined(separator: "\n") + "\n"
        return try ledger.append(from: LineReader(bytes: Array(text.utf8)), options: AppendOptions(actor: "test"),
                                 keepEvents: keepEvents)
    }

    /// Appends the lines and fails the test unless every one was accepted.
    @discardableResult
    func given(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> AppendResult {
        let result = try append(lines, keepEvents: true)
        #expect(result.problems.map(\.description) == [], sourceLocation: sourceLocation)
        #expect(result.appended == lines.count, sourceLocation: sourceLocation)
        return result
    }

    /// The report for a period, counting only events recorded at or before `asOf` when given.
    func report(_ period: String, asOf: String? = nil) throws -> OfficeReport {
        try ledger.report(ReportRequest(period: period, asOf: asOf))
    }

    func head() throws -> ChainHead { try ledger.log.readHead() }
    func count() throws -> Int64 { try ledger.log.count() }

    /// Every stored event, in order.
    func events() throws -> [StoredEvent] {
        var out: [StoredEvent] = []
        try ledger.log.forEach { out.append($0) }
        return out
    }

    /// When `line` is appended: refused with exactly this field and reason, and nothing written
    /// (the chain head and the event count are as before).
    func expectRefused(_ line: String, field: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let headBefore = try head(), countBefore = try count()
        let result = try append([line])
        #expect(result.appended == 0, sourceLocation: sourceLocation)
        #expect(result.problems.map(\.field) == [field], sourceLocation: sourceLocation)
        #expect(result.problems.map(\.reason) == [reason], sourceLocation: sourceLocation)
        #expect(result.problems.map(\.description) == ["line 1: \(field): \(reason)"], sourceLocation: sourceLocation)
        #expect(try head() == headBefore, sourceLocation: sourceLocation)
        #expect(try count() == countBefore, sourceLocation: sourceLocation)
    }
}


/// The moment a clerk records a fact of `day`: 08:00 plus `second` seconds (UTC).
func at(_ day: String, _ second: Int = 0) -> String {
    "\(day)T08:\(second / 60 < 10 ? "0" : "")\(second / 60):\(second % 60 < 10 ? "0" : "")\(second % 60).000Z"
}

/// The end of a day (UTC), for as-of cut-offs.
func endOf(_ day: String) -> String { "\(day)T23:59:59.999Z" }

extension OfficeReport {
    /// The report's JSON member at a dotted path, e.g. "documents.issued".
    func json(_ path: String) -> JSONValue? {
        var value: JSONValue? = json
        for key in path.split(separator: ".") { value = value?.objectValue?[String(key)] }
        return value
    }
}
