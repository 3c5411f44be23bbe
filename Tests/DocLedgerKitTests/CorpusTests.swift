@testable import DocLedgerKit
import Foundation
import LedgerJSON
import LedgerStore
import OfficeProjections
import Testing

/// The bad-input corpus (Tests/corpus): every malformed or hostile line is refused with its
/// exact `line L: field: reason`, and the ledger is unchanged (same digest, same count).
@Suite struct CorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    struct Case: CustomStringConvertible {
        let input: [UInt8]
        let expected: String
        let name: String
        var description: String { name }
    }

    /// The text cases of bad-lines.txt: "< input" followed by "> expected problem".
    static func textCases() throws -> [Case] {
        let text = try String(contentsOf: corpus.appendingPathComponent("bad-lines.txt"), encoding: .utf8)
        var cases: [Case] = []
        var pending: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("< ") {
                pending = String(line.dropFirst(2))
            } else if line.hasPrefix("> "), let input = pending {
                cases.append(Case(input: Array(input.utf8), expected: String(line.dropFirst(2)), name: input))
                pending = nil
            }
        }
        return cases
    }

    /// Cases that cannot live in a text file.
    static func binaryCases() -> [Case] {
        func issued(subject bytes: [UInt8]) -> [UInt8] {
            Array(#"{"type":"DocumentIssued","data":{"issued_on":"2017-01-09","doc_type":"QĐ","subject":""#.utf8) + bytes + Array(#""}}"#.utf8)
        }
        let offset = 87   // where the subject's text starts in the line above
        return [
            Case(input: issued(subject: [0x61, 0xC3, 0x28, 0x62]), expected: "line 1: json: invalid UTF-8 at byte \(offset)", name: "invalid UTF-8"),
            Case(input: issued(subject: [0x61, 0xC0, 0xAF, 0x62]), expected: "line 1: json: invalid UTF-8 at byte \(offset)", name: "overlong UTF-8"),
            Case(input: issued(subject: [0x61, 0xED, 0xA0, 0x80]), expected: "line 1: json: invalid UTF-8 at byte \(offset)", name: "UTF-8 surrogate"),
            Case(input: issued(subject: [0x61, 0x00, 0x62]), expected: "line 1: json: NUL byte in input at byte \(offset)", name: "raw NUL byte"),
            // Raw (unescaped) DEL, C1 and bidi bytes are valid JSON: the field check refuses them, naming the field.
            Case(input: issued(subject: [0x61, 0x7F, 0x62]), expected: "line 1: data.subject: contains a control character (U+007F)", name: "raw DEL"),
            Case(input: issued(subject: [0x61, 0xC2, 0x9B, 0x62]), expected: "line 1: data.subject: contains a control character (U+009B)", name: "raw C1 CSI"),
            Case(input: issued(subject: [0x61, 0xE2, 0x80, 0xAE, 0x62]), expected: "line 1: data.subject: contains a bidirectional control character (U+202E)",
                 name: "raw right-to-left override"),
            Case(input: Array(repeating: UInt8(ascii: "["), count: 100_000), expected: "line 1: json: nesting deeper than 64 levels at byte 64", name: "100 000 nested arrays"),
            Case(input: Array(#"{"type":"DocumentIssued","data":{"subject":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 10_000_000) + Array(#""}}"#.utf8),
                 expected: "line 1: line: is 10000047 bytes long; a line may be at most 1048576 bytes", name: "a 10 MB line"),
        ]
    }

    func ledgerWithSetup() throws -> (Ledger, String) {
        let path = NSTemporaryDirectory() + "corpus-\(UUID().uuidString).sqlite"
        let ledger = try Ledger(path: path, access: .create())
        let setup = try Data(contentsOf: Self.corpus.appendingPathComponent("setup.jsonl"))
        let result = try ledger.append(from: LineReader(bytes: Array(setup)), options: AppendOptions(actor: "corpus"))
        #expect(result.ok && result.appended == 8, "setup.jsonl must append cleanly: \(result.problems)")
        return (ledger, path)
    }

    @Test func corpusHasAtLeastFortyCases() throws {
        #expect(try Self.textCases().count + Self.binaryCases().count >= 40)
    }

    @Test func everyBadLineIsRefusedWithItsExactErrorAndChangesNothing() throws {
        let (ledger, path) = try ledgerWithSetup()
        defer { removeLedger(path) }
        let before = try ledger.head()
        // The clock the cases see: NOW in an expected problem.
        var options = AppendOptions(actor: "corpus")
        let now = try #require(Timestamp(parsing: "2026-11-30T08:00:00.000Z"))
        options.clock = { now }
        for c in try Self.textCases() + Self.binaryCases() {
            let result = try ledger.append(from: LineReader(bytes: c.input + [0x0A]), options: options)
            #expect(result.appended == 0, "accepted: \(c)")
            let expected = c.expected.replacingOccurrences(of: "(NOW)", with: "(\(now))")
            #expect(result.problems.first?.description == expected, "case \(c.name.prefix(120))")
            #expect(try ledger.head() == before, "ledger changed by \(c.name.prefix(120))")
        }
        #expect(try ledger.log.count() == 8)
        #expect(try ledger.replayCheck().differences.isEmpty)
    }

    @Test func quotesAndSQLFragmentsAreStoredAndReturnedVerbatim() throws {
        let (ledger, path) = try ledgerWithSetup()
        defer { removeLedger(path) }
        let hostile = #"Robert'); DROP TABLE events;-- "trích dẫn" \ gạch chéo \n %s %d ' OR '1'='1"#
        let line: JSONValue = .object(["id": "hostile", "type": "DocumentIssued",
                                       "data": .object(["issued_on": "2017-02-01", "doc_type": "TB", "subject": .string(hostile)])])
        let result = try ledger.append(from: LineReader(bytes: Array(line.canonicalString.utf8) + [0x0A]), options: AppendOptions(actor: "corpus"))
        #expect(result.ok && result.appended == 1)
        var exported: [String] = []
        try ledger.export { exported.append($0) }
        let last = try #require(exported.last)
        let data = try #require(try JSONParser.parse(last).objectValue?["data"]?.objectValue)
        #expect(data["subject"]?.stringValue == hostile)
        #expect(try ledger.log.count() == 9, "the events table is still there")
    }

    @Test func decomposedTextIsStoredAsItsComposedForm() throws {
        let (ledger, path) = try ledgerWithSetup()
        defer { removeLedger(path) }
        let composed = "Sở Tài chính"
        let decomposed = composed.decomposedStringWithCanonicalMapping
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let line: JSONValue = .object(["type": "DirectiveIssued", "data": .object([
            "directive_id": "D-NFD", "issued_on": "2017-03-21", "lead_unit": .string(decomposed), "content": "Kiểm tra"])])
        let result = try ledger.append(from: LineReader(bytes: Array(line.canonicalString.utf8)), options: AppendOptions(actor: "corpus"))
        #expect(result.ok)
        let report = try ReportQuery.run(ledger.db, period: .init(parsing: "2017-H1"), throughSeq: .max, asOf: nil)
        // D-1 (composed) and D-NFD (decomposed) are one unit.
        let units = report.directives.byUnit.filter { $0.unit == composed }
        #expect(units.count == 1 && units.first?.issued == 2)
        var stored = ""
        try ledger.export { if $0.contains("D-NFD") { stored = $0 } }
        #expect(stored.utf8.contains(where: { _ in true }) && Array(stored.utf8).firstRange(of: Array(composed.utf8)) != nil)
    }

    func removeLedger(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
