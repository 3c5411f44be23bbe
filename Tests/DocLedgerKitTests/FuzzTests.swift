@testable import DocLedgerKit
import Foundation
import LedgerJSON
import LedgerStore
import OfficeDomain
import TestSupport
import Testing

/// A seeded fuzz of the line decoder and the validator, bounded for CI (scripts/fuzz runs
/// libFuzzer for longer): arbitrary bytes and mutated valid events never crash or hang the
/// pipeline, a refused line changes nothing, and whatever is accepted reads back as a valid,
/// canonical event (the replay and the chain check agree at the end).
@Suite struct FuzzTests {
    static let seeds: [String] = {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus")
        let setup = (try? String(contentsOf: corpus.appendingPathComponent("setup.jsonl"), encoding: .utf8)) ?? ""
        let bad = (try? String(contentsOf: corpus.appendingPathComponent("bad-lines.txt"), encoding: .utf8)) ?? ""
        return setup.split(separator: "\n").map(String.init)
            + bad.split(separator: "\n").filter { $0.hasPrefix("< ") }.map { String($0.dropFirst(2)) }
            + [#"{"type":"DirectiveProgressReported","data":{"directive_id":"D-1","reported_on":"2017-04-01","unit":"Sở Tài chính","note":"Đang làm"}}"#,
               #"{"type":"DocumentReceived","data":{"received_on":"2017-01-03","sender":"Bộ Tài chính","number_symbol":"45/BC-BTC","doc_type":"BC","subject":"Báo cáo"}}"#,
               #"{"type":"ProgrammeItemRescheduled","data":{"item_id":"P-1","rescheduled_on":"2017-05-01","due":"Q4/2017","reason":"Chậm"}}"#,
               #"{"type":"DocumentRecalled","data":{"document":"41/QĐ-UBND","year":2017,"recalled_on":"2017-05-01","reason":"Sai sót"}}"#]
    }()

    static let fragments: [String] = [
        "null", "true", "false", "0", "-1", "1e999", "99999999999999999999", "1.5", "\"\"", "\"   \"", "[]", "{}",
        "\"2017-02-30\"", "\"2017-12-31\"", "\"QĐ\"", "\"Q\\u0110\"", "\"QD\"", "\"CV\"", "\"41/QĐ-UBND\"", "\"9/KH-UBND\"",
        "\"Q2/2017\"", "\"2017-2020\"", "\"D-1\"", "\"P-1\"", "\"S\\u01a1\\u0309 Ta\\u0300i chi\\u0301nh\"", "\"\\ud800\"",
        "\"a\\u0000b\"", "\"' OR 1=1; --\"", String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ]

    struct Mutator {
        var rng: SeededGenerator
        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

        mutating func line() -> [UInt8] {
            var bytes = Array(FuzzTests.seeds[int(0...FuzzTests.seeds.count - 1)].utf8)
            switch int(0...7) {
            case 0:   // arbitrary bytes
                return (0..<int(0...200)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 1:   // flip bits
                for _ in 0..<int(1...4) where !bytes.isEmpty { bytes[int(0...bytes.count - 1)] ^= UInt8(1 << int(0...7)) }
            case 2:   // delete a run
                if bytes.count > 2 { let a = int(0...bytes.count - 2); bytes.removeSubrange(a..<min(bytes.count, a + int(1...8))) }
            case 3:   // insert random bytes
                let at = int(0...bytes.count)
                bytes.insert(contentsOf: (0..<int(1...6)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            case 4, 5:   // replace one JSON value (after a ':') with a fragment
                let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") }
                if let colon = colons.randomElement(using: &rng) {
                    var end = colon + 1
                    var depth = 0, inString = false
                    while end < bytes.count {
                        let b = bytes[end]
                        if inString { if b == UInt8(ascii: "\\") { end += 1 } else if b == UInt8(ascii: "\"") { inString = false } }
                        else if b == UInt8(ascii: "\"") { inString = true }
                        else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                        else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") { if depth == 0 { break }; depth -= 1 }
                        else if b == UInt8(ascii: ","), depth == 0 { break }
                        end += 1
                    }
                    let fragment = FuzzTests.fragments[int(0...FuzzTests.fragments.count - 1)]
                    bytes.replaceSubrange((colon + 1)..<min(end, bytes.count), with: Array(fragment.utf8))
                }
            case 6:   // give it a fresh id so a valid line is appended, not a duplicate
                if bytes.first == UInt8(ascii: "{") { bytes.insert(contentsOf: Array("\"id\":\"fz-\(int(0...1_000_000_000))\",".utf8), at: 1) }
            default:  // truncate
                if !bytes.isEmpty { bytes.removeSubrange(int(0...bytes.count - 1)...) }
            }
            return bytes
        }
    }

    @Test("arbitrary and mutated lines: no crash, refusals change nothing, accepted events are valid and canonical")
    func fuzzLines() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["DOCLEDGER_FUZZ_SEED"] ?? "") ?? UInt64.random(in: 0...UInt64.max)
        let iterations = Int(ProcessInfo.processInfo.environment["DOCLEDGER_FUZZ_ITERATIONS"] ?? "") ?? 5000
        let path = NSTemporaryDirectory() + "fuzz-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let ledger = try Ledger(path: path, access: .create())
        let setup = Self.seeds.prefix(8).joined(separator: "\n")
        #expect(try ledger.append(from: LineReader(bytes: Array(setup.utf8)), options: AppendOptions(actor: "fuzz")).ok)
        var mutator = Mutator(rng: SeededGenerator(seed: seed))
        var accepted = 0
        for i in 0..<iterations {
            let line = mutator.line()
            let before = try ledger.head()
            let result = try ledger.append(from: LineReader(bytes: line), options: AppendOptions(actor: "fuzz"), keepEvents: true)
            if !result.ok {
                let after = try ledger.head()
                #expect(result.appended == 0 && after == before, "seed \(seed), iteration \(i): a refused line changed the ledger")
                #expect(result.problems.allSatisfy { $0.description.hasPrefix("line ") }, "seed \(seed), iteration \(i)")
            }
            for event in result.appendedEvents {
                accepted += 1
                if ProcessInfo.processInfo.environment["DOCLEDGER_FUZZ_DEBUG"] != nil, !(try ledger.replayCheck().differences.isEmpty) {
                    Issue.record("seed \(seed), iteration \(i): projections differ after \(event.type) \(event.data)")
                }
                // Accepted means: canonical NFC JSON that decodes as the office event it claims to be.
                let data = try #require(try? JSONParser.parse(event.data).objectValue, "seed \(seed), iteration \(i)")
                #expect(JSONValue.object(data).canonicalString == event.data, "seed \(seed), iteration \(i): not canonical")
                #expect(isStoredNFC(event.data), "seed \(seed), iteration \(i): not NFC")
                #expect((try? OfficeEvent.decode(type: event.type, data: data)) != nil, "seed \(seed), iteration \(i): \(event.data)")
            }
        }
        let differences = try ledger.replayCheck().differences
        #expect(differences.isEmpty, "seed \(seed): \(differences)")
        _ = try ChainVerifier.verify(ledger.db)
        #expect(accepted > 0, "seed \(seed): the mutations never produced a valid event; the fuzz is not reaching the validator")
    }
}
