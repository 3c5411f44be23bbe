import Foundation
import Testing
@testable import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain
import Transparency

/// Seven events of several kinds with fixed ids and times: every such ledger is the same.
func proofLedger() throws -> TestLedger {
    let t = try TestLedger()
    try t.given(proofLines)
    return t
}

let proofLines = [
    line("DocumentReceived", ["received_on": "2017-01-05", "sender": "Văn phòng Chính phủ", "number_symbol": "01/NQ-CP",
                              "doc_type": "NQ", "subject": "Nghị quyết phiên họp"], at: at("2017-01-05"), id: "r1"),
    line("DocumentIssued", ["issued_on": "2017-01-09", "doc_type": "QĐ", "subject": "Phê duyệt đề án"], at: at("2017-01-09"), id: "i1"),
    line("DirectiveIssued", ["directive_id": "CT1", "issued_on": "2017-03-20", "lead_unit": "Sở Kế hoạch và Đầu tư",
                             "content": "Đẩy nhanh giải ngân", "deadline": "2017-06-30"], at: at("2017-03-20"), id: "d1"),
    line("DirectiveProgressReported", ["directive_id": "CT1", "reported_on": "2017-04-01", "unit": "Sở Tài chính", "note": "Đang làm"],
         at: at("2017-04-01"), id: "d2"),
    line("ProgrammeItemRegistered", ["item_id": "NN-01", "year": 2017, "title": "Đề án nông nghiệp sạch",
                                     "lead_unit": "Sở Nông nghiệp và Phát triển nông thôn", "due": "Q2/2017"], at: at("2017-04-02"), id: "p1"),
    line("DocumentIssued", ["issued_on": "2017-05-10", "doc_type": "QĐ", "subject": "Phê duyệt đề án nông nghiệp"], at: at("2017-05-10"), id: "i2"),
    line("DirectiveCompleted", ["directive_id": "CT1", "completed_on": "2017-06-20"], at: at("2017-06-20"), id: "d3"),
]

extension TestLedger {
    /// The stored tree compared with the one recomputed from the export lines.
    func treeCheck() throws -> MerkleTreeCheck {
        try MerkleTree.check(ledger.db)
    }

    func treeRows() throws -> [String] {
        let stmt = try ledger.db.prepare("SELECT last_leaf, level, hex(hash) FROM merkle_nodes ORDER BY last_leaf, level")
        var rows: [String] = []
        while try stmt.step() { rows.append("\(stmt.int64(0)) \(stmt.int64(1)) \(stmt.text(2))") }
        return rows
    }

    func exportLines() throws -> [String] {
        var lines: [String] = []
        try ledger.export { lines.append($0) }
        return lines
    }

    /// Sets every event's prev_hash and hash as the chain would have them, as someone rewriting
    /// the log by hand would (the triggers that refuse updates dropped first).
    func recomputeChain() throws {
        let db = ledger.db
        try db.execute("DROP TRIGGER IF EXISTS events_refuse_update")
        var prev = [UInt8](repeating: 0, count: 32)
        let update = try db.prepare("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?")
        for e in try events() {
            let hash = EventHash.compute(prevHash: prev, seq: e.seq, id: e.id, stream: e.stream, version: e.version, type: e.type,
                                         data: e.data, recordedAt: e.recordedAt, actor: e.actor)
            try update.bind(blob: prev, at: 1)
            try update.bind(blob: hash, at: 2)
            try update.bind(e.seq, at: 3)
            _ = try update.step()
            update.reset()
            prev = hash
        }
    }
}

@Suite("Merkle tree, checkpoints and proofs of the ledger")
struct ProofsTests {
    static let signer = try! NoteSigner.generate(name: "ubnd.example/docledger")

    @Test("appends keep the tree of the export lines, also across a refused batch and a group commit with a refused request")
    func treeFollowsAppends() throws {
        let t = try proofLedger()
        var check = try t.treeCheck()
        #expect(check.problem == nil)
        #expect(check.leaves == 7)
        #expect(check.root == Merkle.root(leafHashes: try t.exportLines().map { Merkle.leafHash(line: $0) }[...]))
        #expect(try t.ledger.treeHead().root == check.root)

        let rows = try t.treeRows()
        let refused = try t.append([line("DirectiveCancelled", ["directive_id": "CT9", "cancelled_on": "2017-07-01", "reason": "x"])])
        #expect(refused.appended == 0)
        #expect(try t.treeRows() == rows)

        var results: [AppendResult] = []
        let good = line("DocumentIssued", ["issued_on": "2017-07-01", "doc_type": "KH", "subject": "Kế hoạch"], at: at("2017-07-01"), id: "g1")
        let bad = line("DirectiveCompleted", ["directive_id": "CT1", "completed_on": "2017-07-02"], at: at("2017-07-02"), id: "g2")
        try t.ledger.inOneTransaction([
            { results.append(try! t.append([good])) },
            { results.append(try! t.append([bad])) },
        ])
        #expect(results.map(\.appended) == [1, 0])
        check = try t.treeCheck()
        #expect(check.problem == nil)
        #expect(check.leaves == 8)
    }

    @Test("the tree stores only subtrees of 16 leaves or more; its root and proofs equal those of the whole tree for every size up to 70")
    func storedLevels() throws {
        let t = try TestLedger()
        var leaves: [[UInt8]] = []
        for n in 1...70 {
            try t.given([Self.issued(n)])
            leaves.append(try t.ledger.log.event(seq: Int64(n))!.leafHash)
            let tree = try t.ledger.tree()
            #expect(try tree.root(size: Int64(n)) == Merkle.root(leafHashes: leaves[...]))
            for index in [0, n / 2, n - 1] {
                #expect(try tree.inclusionProof(index: Int64(index), size: Int64(n))
                        == Merkle.inclusionProof(index: Int64(index), size: Int64(n)) { Merkle.root(leafHashes: leaves[Int($0)..<Int($1)]) })
            }
            if n > 1 {
                #expect(try tree.consistencyProof(oldSize: Int64(n / 2), newSize: Int64(n))
                        == Merkle.consistencyProof(oldSize: Int64(n / 2), newSize: Int64(n)) { Merkle.root(leafHashes: leaves[Int($0)..<Int($1)]) })
            }
        }
        // 16, 32, 48 and 64 leaves; 32 and 64; 64.
        #expect(try t.treeRows().map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
                == ["15 4", "31 4", "31 5", "47 4", "63 4", "63 5", "63 6"])
        #expect(try t.treeCheck().problem == nil)
    }

    @Test("replay rebuilds the tree row for row; verify names a node altered, missing or added; repair restores it")
    func verifyAndReplay() throws {
        let t = try TestLedger()
        try t.given((1...40).map(Self.issued))
        let rows = try t.treeRows()
        #expect(rows.count == 3)   // 16 and 32 leaves ending at event 16 and 32, and all 32
        #expect(try t.ledger.verify().ok)

        try t.ledger.db.execute("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE last_leaf = 15 AND level = 4")
        #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("merkle tree: the node of events 1…16 is not the hash of their lines") })
        _ = try t.ledger.replay()
        #expect(try t.treeRows() == rows)

        try t.ledger.db.execute("UPDATE merkle_nodes SET hash = zeroblob(32) WHERE last_leaf = 31 AND level = 5")
        #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("merkle tree: the node of events 1…32 is not the hash of their lines") })
        try t.ledger.db.execute("DELETE FROM merkle_nodes WHERE last_leaf = 31 AND level = 5")
        #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("merkle tree: the node of events 1…32 is missing") })
        #expect(throws: LedgerUnusable.self) { try t.ledger.treeHead() }
        _ = try Ledger.repair(path: t.path)
        #expect(try t.treeRows() == rows)

        try t.ledger.db.execute("DELETE FROM merkle_nodes WHERE last_leaf = 31 AND level = 4")
        #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("merkle tree: found a node of 32 leaves ending at event 32 where the node of events 17…32 belongs") })
        _ = try t.ledger.replay()

        try t.ledger.db.execute("INSERT INTO merkle_nodes VALUES (47, 4, zeroblob(32))")
        #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("merkle tree: it holds a node past the log's 40 events, ending at event 48") })
        _ = try t.ledger.replay()
        #expect(try t.treeRows() == rows)
        #expect(try t.ledger.verify().ok)
    }

    @Test("an edited event whose chain was recomputed: under a stored subtree the tree's check names it; in the tail a checkpoint signed before does")
    func editedEventUnderStoredNode() throws {
        let t = try TestLedger()
        try t.given((1...20).map(Self.issued))
        _ = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin")   // event 21, covering 1…20
        try t.ledger.db.execute("DROP TRIGGER events_refuse_update")
        try t.ledger.db.execute(Self.edit("data", seq: 5))
        try t.recomputeChain()
        var problems = try t.ledger.verify().problems
        #expect(problems.contains { $0.hasPrefix("merkle tree: the node of events 1…16 is not the hash of their lines") }, "\(problems)")

        _ = try t.ledger.replay()   // the tree of the edited log (and the trigger restored)
        try t.ledger.db.execute("DROP TRIGGER events_refuse_update")
        try t.ledger.db.execute(Self.edit("data", seq: 18))
        try t.recomputeChain()
        #expect(try t.treeCheck().problem == nil)   // no stored subtree covers events 17…20 yet
        problems = try t.ledger.verify().problems
        #expect(problems.contains { $0.hasPrefix("sequence 21: CheckpointSigned: its root") }, "\(problems)")
    }

    @Test("a checkpoint signs the ledger's size and root and is recorded after the events it covers; a CheckpointSigned the tree does not hold is refused")
    func signing() throws {
        let t = try proofLedger()
        let signed = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin.le")
        #expect(signed.checkpoint.size == 7)
        #expect(signed.recordedAt == 8)
        #expect(try Checkpoint.open(signed.note, verifier: Self.signer.verifier) == signed.checkpoint)
        let recorded = try t.events().last!
        #expect(recorded.type == "CheckpointSigned")
        #expect(recorded.stream == "ledger:checkpoints")
        #expect(recorded.actor == "admin.le")
        #expect(recorded.data == #"{"key_id":"\#(Self.signer.keyIDHex)","origin":"ubnd.example/docledger","root":"\#(Base64.encode(signed.checkpoint.root))","size":7}"#)
        #expect(try t.ledger.verify().ok)

        // The next one covers the first one's event.
        let second = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin.le")
        #expect(second.checkpoint.size == 8)

        let root = Base64.encode(signed.checkpoint.root)
        func forged(_ size: Int, _ root: String) -> String {
            line("CheckpointSigned", ["origin": "ubnd.example/docledger", "key_id": .string(Self.signer.keyIDHex), "size": .int(Int64(size)), "root": .string(root)])
        }
        try t.expectRefused(forged(6, root), field: "data.root",
                            reason: "\(root) is not the root of this ledger's first 6 events (\(Base64.encode(try t.ledger.tree().root(size: 6)))); the ledger signs only what it holds")
        try t.expectRefused(forged(10, root), field: "data.size",
                            reason: "10 is more than the 9 event(s) the ledger holds before this one; a checkpoint covers events already appended")
        #expect(throws: UsageProblem.self) { try TestLedger().ledger.signCheckpoint(with: Self.signer, actor: "a") }
    }

    @Test("every event has an inclusion proof in every checkpoint that covers it, and every pair of checkpoints a consistency proof, each checked offline")
    func proofsCheck() throws {
        let t = try TestLedger()
        var notes: [(size: Int64, note: String)] = []
        // Checkpoints are stamped with the clock: the events here are too.
        for text in proofLines {
            var envelope = try JSONParser.parse(text).objectValue!
            envelope["recorded_at"] = nil
            try t.given([JSONValue.object(envelope).canonicalString])
            let signed = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin")
            notes.append((signed.checkpoint.size, signed.note))
        }
        let events = try t.events()
        for (size, note) in notes {
            for event in events where event.seq <= size {
                let (proofs, single) = try t.ledger.inclusionProofs(of: event.id, checkpoint: note)
                #expect(single && proofs.count == 1)
                let said = try ProofFile.check(ProofFile.text(proofs, single: true), verifier: Self.signer.verifier)
                #expect(said.hasPrefix("proven: \(event.type) \(event.id) of \(event.stream) is event \(event.seq) of the ledger ubnd.example/docledger as signed in checkpoint \(size):"))
            }
            if let later = events.first(where: { $0.seq > size }) {
                #expect(throws: CheckpointMismatch.self) { try t.ledger.inclusionProofs(of: later.id, checkpoint: note) }
            }
        }
        for (i, old) in notes.enumerated() {
            for new in notes[i...] {
                let proof = try t.ledger.consistencyProof(old: old.note, new: new.note)
                #expect(throws: Never.self) { try ProofFile.check(proof.text, verifier: Self.signer.verifier) }
            }
        }
        // A subject: every event of its history, in one array.
        let (history, single) = try t.ledger.inclusionProofs(of: "CT1", checkpoint: notes.last!.note)
        #expect(!single)
        #expect(history.map(\.leafIndex) == [4, 6, 12])
        #expect(try ProofFile.check(ProofFile.text(history, single: false), verifier: Self.signer.verifier)
                == "proven: all 3 events are in the ledger ubnd.example/docledger as signed in checkpoint 13:\(Base64.encode(try t.ledger.tree().root(size: 13)))")
    }

    /// The n-th of a run of decisions, each its own event.
    static func issued(_ n: Int) -> String {
        line("DocumentIssued", ["issued_on": "2018-02-01", "doc_type": "QĐ", "subject": .string("Quyết định số \(n)")],
             at: at("2018-02-01", n), id: "q\(n)")
    }

    static let fields = ["id", "type", "stream", "data", "recorded_at", "actor"]

    @Test("an event edited with raw SQL (any event, any field) fails its inclusion proof in a checkpoint signed before", arguments: fields)
    func editedEventFailsInclusion(field: String) throws {
        for seq in Int64(1)...7 {
            let t = try proofLedger()
            let before = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin")
            try t.ledger.db.execute("DROP TRIGGER events_refuse_update")
            try t.ledger.db.execute(Self.edit(field, seq: seq))
            let edited = try t.ledger.log.event(seq: seq)!
            // The ledger refuses to prove anything in that checkpoint: its events hash to another root now.
            #expect(throws: CheckpointMismatch.self, "seq \(seq), \(field)") { try t.ledger.inclusionProofs(of: edited.id, checkpoint: before.note) }
            // A proof made from the tree anyway hashes the edited line; the checkpoint signed the one before.
            let proof = ProofFile.Inclusion(checkpoint: before.note, leafIndex: seq - 1, event: edited.exportLine,
                                            inclusion: try t.ledger.tree().inclusionProof(index: seq - 1, size: 7))
            #expect(throws: ProofFailure.self, "seq \(seq), \(field)") { try ProofFile.check(proof, verifier: Self.signer.verifier) }
            // The ledger remembers what it signed: the event is no longer under the root it recorded.
            #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("sequence 8: CheckpointSigned: its root") }, "seq \(seq), \(field)")
        }
    }

    @Test("a ledger rewritten with every hash recomputed (chain and tree) no longer matches a checkpoint signed before", arguments: fields)
    func rewrittenLedgerFailsConsistency(field: String) throws {
        for seq in Int64(1)...7 {
            let t = try proofLedger()
            let before = try t.ledger.signCheckpoint(with: Self.signer, actor: "admin")
            try t.ledger.db.execute("DROP TRIGGER events_refuse_update")
            try t.ledger.db.execute(Self.edit(field, seq: seq))
            try t.recomputeChain()
            _ = try t.ledger.replay()                                      // the tree rebuilt from the edited log
            #expect(try t.treeCheck().problem == nil)
            let edited = try t.ledger.log.event(seq: seq)!
            // Even a checkpoint of the rewritten ledger signed with the office's own key.
            let after = try Ledger.signedNote(Self.signer, size: 8, root: try t.ledger.tree().root(size: 8))

            #expect(throws: CheckpointMismatch.self) { try t.ledger.inclusionProofs(of: edited.id, checkpoint: before.note) }
            #expect(throws: CheckpointMismatch.self) { try t.ledger.consistencyProof(old: before.note, new: after) }
            // Proofs made from the rewritten tree anyway do not check.
            let inclusion = ProofFile.Inclusion(checkpoint: before.note, leafIndex: seq - 1, event: edited.exportLine,
                                                inclusion: try t.ledger.tree().inclusionProof(index: seq - 1, size: 7))
            #expect(throws: ProofFailure.self) { try ProofFile.check(inclusion, verifier: Self.signer.verifier) }
            let consistency = ProofFile.Consistency(old: before.note, new: after,
                                                    consistency: try t.ledger.tree().consistencyProof(oldSize: 7, newSize: 8))
            #expect(throws: ProofFailure.self, "seq \(seq), \(field)") { try ProofFile.check(consistency, verifier: Self.signer.verifier) }
            // The ledger itself remembers what it signed.
            #expect(try t.ledger.verify().problems.contains { $0.hasPrefix("sequence 8: CheckpointSigned: its root") }, "seq \(seq), \(field)")
        }
    }

    /// An UPDATE that changes one field of one event (its text, keeping it unique).
    static func edit(_ field: String, seq: Int64) -> String {
        switch field {
        case "data": return #"UPDATE events SET data = substr(data, 1, length(data) - 1) || ',"ghi_chu":"x"}' WHERE seq = \#(seq)"#
        case "recorded_at": return "UPDATE events SET recorded_at = replace(recorded_at, 'T08', 'T09') WHERE seq = \(seq)"
        default: return "UPDATE events SET \(field) = \(field) || 'x' WHERE seq = \(seq)"
        }
    }

    @Test("a schema 6 ledger (every leaf and subtree stored) is upgraded by its first writable open: only subtrees of 16 leaves and more are kept")
    func upgradeFromSchema6() throws {
        let t = try TestLedger()
        try t.given((1...20).map(Self.issued))
        let rows = try t.treeRows()
        try t.ledger.db.execute("INSERT INTO merkle_nodes VALUES (0, 0, zeroblob(32)), (1, 1, zeroblob(32)); PRAGMA user_version = 6;")
        let upgraded = try Ledger(path: t.path, access: .write)
        #expect(try upgraded.db.scalarInt("PRAGMA user_version") == Ledger.schemaVersion)
        #expect(try t.treeRows() == rows)
        #expect(try upgraded.verify().ok)
    }

    @Test("a schema 4 ledger (no tree) is upgraded by its first writable open: the tree is built from the log")
    func upgradeFromSchema4() throws {
        let t = try proofLedger()
        let rows = try t.treeRows()
        try t.ledger.db.execute("DROP TABLE merkle_nodes; PRAGMA user_version = 4;")
        #expect(throws: LedgerUnusable.self) { try Ledger(path: t.path, access: .read) }
        let upgraded = try Ledger(path: t.path, access: .write)
        #expect(try upgraded.db.scalarInt("PRAGMA user_version") == Ledger.schemaVersion)
        #expect(try t.treeRows() == rows)
        #expect(try upgraded.verify().ok)
    }
}

extension Ledger {
    /// A checkpoint note for any size and root (a test forging one with the office's key).
    static func signedNote(_ signer: NoteSigner, size: Int64, root: [UInt8]) throws -> String {
        try signer.sign(text: Checkpoint(origin: signer.name, size: size, root: root).text)
    }
}
