import Testing
import LedgerJSON
@testable import LedgerStore
import Transparency

@Suite("An event's export line and Merkle leaf")
struct ExportLineTests {
    static let event = StoredEvent(seq: 7, id: "id \"quoted\" \\ đ", stream: "document:QĐ-UBND:2017:01", version: 1,
                                   type: "DocumentIssued", data: #"{"doc_type":"QĐ","subject":"Phê duyệt \"đề án\""}"#,
                                   recordedAt: "2017-01-09T08:00:00.000Z", actor: "văn.thư\t1",
                                   prevHash: [UInt8](repeating: 0, count: 32), hash: [UInt8](repeating: 1, count: 32))

    @Test("the line is the six members in export order, strings in canonical spelling, data verbatim")
    func line() throws {
        let e = Self.event
        let expected = "{\"id\":" + JSONValue.string(e.id).canonicalString + ",\"type\":\"DocumentIssued\",\"stream\":"
            + JSONValue.string(e.stream).canonicalString + ",\"data\":" + e.data + ",\"recorded_at\":\"2017-01-09T08:00:00.000Z\",\"actor\":"
            + JSONValue.string(e.actor).canonicalString + "}"
        #expect(e.exportLine == expected)
        // It parses back to the same members.
        let parsed = try JSONParser.parse(e.exportLine).objectValue!
        #expect(parsed["id"] == .string(e.id))
        #expect(parsed["actor"] == .string(e.actor))
        #expect(parsed["data"]!.canonicalString == e.data)
    }

    @Test("the leaf is SHA-256(0x00 ‖ line), with or without a reused buffer")
    func leaf() {
        let e = Self.event
        #expect(e.leafHash == Merkle.leafHash(line: e.exportLine))
        var scratch: [UInt8] = Array(repeating: 0xFF, count: 1000)
        #expect(e.leafHash(scratch: &scratch) == Merkle.leafHash(line: e.exportLine))
        #expect(e.leafHash(scratch: &scratch) == Merkle.leafHash(Array(e.exportLine.utf8)))
    }
}
