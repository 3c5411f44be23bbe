public import LedgerJSON
import LedgerStore
import OfficeDomain
import OfficeProjections
public import Transparency

/// A checkpoint the ledger signed and recorded (`CheckpointSigned`).
public struct SignedCheckpoint: Sendable {
    /// The signed note, as `docledger checkpoint` prints it.
    public let note: String
    public let checkpoint: Checkpoint
    /// The sequence number of the `CheckpointSigned` event that records it.
    public let recordedAt: Int64
}

extension Ledger {
    /// The size and root of the ledger's Merkle tree now.
    public func treeHead() throws -> (size: Int64, root: [UInt8]) {
        try door {
            try db.read {
                let size = try log.readHead().seq
                return (size, try tree().root(size: size))
            }
        }
    }

    /// Rebuilds the Merkle tree from the log in one transaction (what `replay` does for the
    /// tree alone); returns the leaves and the seconds it took, for the bench.
    public func rebuildTree() throws -> (leaves: Int64, seconds: Double) {
        try door {
            let start = Timestamp.now()
            let leaves = try write { () throws -> Int64 in
                try MerkleTree.rebuild(db)
            }
            return (leaves, Double(Timestamp.now().millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 1000)
        }
    }

    /// Signs a checkpoint of every event in the ledger with `signer` (C2SP tlog-checkpoint in a
    /// signed note) and records it as a `CheckpointSigned` event appended after them, under
    /// `actor`. The note is returned only once the event is committed.
    public func signCheckpoint(with signer: NoteSigner, actor: String) throws -> SignedCheckpoint {
        try door {
            let (size, root) = try treeHead()
            guard size > 0 else { throw UsageProblem("the ledger has no events yet: there is nothing to sign") }
            let checkpoint = Checkpoint(origin: signer.name, size: size, root: root)
            let note: String
            do { note = try signer.sign(text: checkpoint.text) } catch { throw UsageProblem("cannot sign: \(error)") }
            let event = CheckpointSigned(origin: signer.name, keyID: signer.keyIDHex, size: Int(size), root: Base64.encode(root))
            let line: JSONObject = ["type": .string(EventType.checkpointSigned.rawValue), "data": .object(event.data)]
            let reader = LineReader(bytes: Array(JSONValue.object(line).canonicalString.utf8))
            let result = try append(from: reader, options: AppendOptions(actor: actor), keepEvents: true)
            if !result.problems.isEmpty {
                throw Rejected(result.problems.map { Rejected.Problem(field: $0.field, reason: $0.reason) })
            }
            return SignedCheckpoint(note: note, checkpoint: checkpoint, recordedAt: result.appendedEvents.first?.seq ?? 0)
        }
    }

    /// The inclusion proof of one event (given by its id) in a checkpoint, or — for a
    /// directive, programme item, document or incoming document — of every event its history
    /// shows, oldest first. The checkpoint must be one of this ledger (its root the tree's at
    /// its size) and cover every event proven.
    public func inclusionProofs(of target: String, checkpoint note: String, subjectOnly: Bool = false) throws -> (proofs: [ProofFile.Inclusion], single: Bool) {
        try door {
            var events: [StoredEvent] = []
            var single = false
            if !subjectOnly, let seq = try log.seq(ofID: target), let event = try log.event(seq: seq) {
                events = [event]
                single = true
            } else {
                // Its own read snapshot; the events it lists are never changed by later appends.
                let history = try HistoryQuery.run(db, id: Normalization.nfc(target))
                var seen = Set<Int64>()
                for event in history.events + history.links.flatMap(\.events) where seen.insert(event.seq).inserted {
                    events.append(event)
                }
                events.sort { $0.seq < $1.seq }
            }
            return try db.read {
                let checkpoint = try checkpointOfThisLedger(note, what: "the checkpoint")
                return (try events.map { event in
                    guard event.seq <= checkpoint.size else {
                        throw CheckpointMismatch("event \(event.seq) (\(event.type) \(event.id)) was appended after the checkpoint, which covers events 1…\(checkpoint.size): sign a new one with `docledger checkpoint` to prove it")
                    }
                    return ProofFile.Inclusion(checkpoint: note, leafIndex: event.seq - 1, event: event.exportLine,
                                               inclusion: try tree().inclusionProof(index: event.seq - 1, size: checkpoint.size))
                }, single)
            }
        }
    }

    /// The proof that the ledger of checkpoint `new` extends the one of checkpoint `old`; both
    /// must be checkpoints of this ledger.
    public func consistencyProof(old: String, new: String) throws -> ProofFile.Consistency {
        try door {
            try db.read {
                let first = try checkpointOfThisLedger(old, what: "the old checkpoint")
                let second = try checkpointOfThisLedger(new, what: "the new checkpoint")
                guard first.size <= second.size else {
                    throw UsageProblem("the old checkpoint covers more events (\(first.size)) than the new one (\(second.size)); give the earlier one to --consistency and the later one to --checkpoint")
                }
                let proof = first.size == second.size ? [] : try tree().consistencyProof(oldSize: first.size, newSize: second.size)
                return ProofFile.Consistency(old: old, new: new, consistency: proof)
            }
        }
    }

    /// A signed checkpoint's body, checked against the ledger: what it signed must be what the
    /// ledger holds, or a proof from today's tree would not match it.
    func checkpointOfThisLedger(_ note: String, what: String) throws -> Checkpoint {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(text: SignedNote.unverifiedText(note)) } catch {
            throw UsageProblem("\(what) is not a signed checkpoint as `docledger checkpoint` prints it: \(error)")
        }
        let size = try log.readHead().seq
        guard checkpoint.size <= size else {
            throw CheckpointMismatch("\(what) covers \(checkpoint.size) events and this ledger holds \(size): it is another ledger's, or this one lost events")
        }
        let root = try tree().root(size: checkpoint.size)
        guard root == checkpoint.root else {
            throw CheckpointMismatch("\(what) does not match this ledger: it signed root \(Base64.encode(checkpoint.root)) for the first \(checkpoint.size) events, and the ledger's root for them is \(Base64.encode(root)); those events were changed after it was signed (or it is another ledger's checkpoint)")
        }
        return checkpoint
    }
}
