public import LedgerJSON

/// The proofs `docledger prove` writes, and their offline check (`docledger check-proof`): the
/// checker needs only the file and the ledger's public key.
public enum ProofFile {
    /// An event's inclusion in a signed checkpoint.
    public struct Inclusion: Sendable, Equatable {
        public var checkpoint: String
        public var leafIndex: Int64
        public var event: String
        public var inclusion: [[UInt8]]

        public init(checkpoint: String, leafIndex: Int64, event: String, inclusion: [[UInt8]]) {
            self.checkpoint = checkpoint
            self.leafIndex = leafIndex
            self.event = event
            self.inclusion = inclusion
        }

        public var json: JSONValue {
            .object(["checkpoint": .string(checkpoint), "leaf_index": .int(leafIndex), "event": .string(event),
                     "inclusion": .array(inclusion.map { .string(Base64.encode($0)) })])
        }
    }

    /// Two signed checkpoints of one log and the proof that the newer extends the older.
    public struct Consistency: Sendable, Equatable {
        public var old: String
        public var new: String
        public var consistency: [[UInt8]]

        public init(old: String, new: String, consistency: [[UInt8]]) {
            self.old = old
            self.new = new
            self.consistency = consistency
        }

        public var json: JSONValue {
            .object(["old": .string(old), "new": .string(new), "consistency": .array(consistency.map { .string(Base64.encode($0)) })])
        }

        /// The proof file's text.
        public var text: String { json.serialized() }
    }

    /// The text of a proof file: one inclusion proof as an object, several (a subject's
    /// history) as an array.
    public static func text(_ proofs: [Inclusion], single: Bool) -> String {
        (single && proofs.count == 1 ? proofs[0].json : JSONValue.array(proofs.map(\.json))).serialized()
    }

    /// Checks a proof file's text with `verifier` and says in one sentence what it proves.
    public static func check(_ text: String, verifier: NoteVerifier) throws(ProofFailure) -> String {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { throw ProofFailure("the proof is not JSON: \(error)") }
        if let list = value.arrayValue {
            guard !list.isEmpty else { throw ProofFailure("the proof is an empty list: it proves nothing") }
            var checkpoints = Set<String>()
            for (i, item) in list.enumerated() {
                do {
                    let inclusion = try readInclusion(item)
                    _ = try check(inclusion, verifier: verifier)
                    checkpoints.insert(inclusion.checkpoint)
                } catch { throw ProofFailure("proof \(i + 1) of \(list.count): \(error)") }
            }
            let checkpoint = try Checkpoint.open(checkpoints.first!, verifier: verifier)
            let which = checkpoints.count == 1 ? "checkpoint \(checkpoint.size):\(Base64.encode(checkpoint.root))" : "\(checkpoints.count) checkpoints"
            let what = list.count == 1 ? "the 1 event is" : "all \(list.count) events are"
            return "proven: \(what) in the ledger \(verifier.name) as signed in \(which)"
        }
        guard let object = value.objectValue else { throw ProofFailure("the proof is neither an object nor a list of objects") }
        // `history --checkpoint CP --format json`: the history with the proofs of its events.
        if let proofs = object["proofs"], object["history"] != nil {
            return try check(proofs.serialized(), verifier: verifier)
        }
        if object["consistency"] != nil {
            let proof = try readConsistency(value)
            let (old, new) = try check(proof, verifier: verifier)
            return "proven: the ledger \(verifier.name) of \(new.size) events (root \(Base64.encode(new.root))) extends the one of \(old.size) events signed before (root \(Base64.encode(old.root))): its first \(old.size) events are unchanged"
        }
        let inclusion = try readInclusion(value)
        let checkpoint = try check(inclusion, verifier: verifier)
        return "proven: \(describe(inclusion.event)) is event \(inclusion.leafIndex + 1) of the ledger \(verifier.name) as signed in checkpoint \(checkpoint.size):\(Base64.encode(checkpoint.root))"
    }

    /// Checks an inclusion proof: the checkpoint's signature, then RFC 9162 §2.1.3.2 with the
    /// leaf recomputed from the event line.
    @discardableResult
    public static func check(_ proof: Inclusion, verifier: NoteVerifier) throws(ProofFailure) -> Checkpoint {
        let checkpoint = try Checkpoint.open(proof.checkpoint, verifier: verifier)
        guard proof.leafIndex < checkpoint.size else {
            throw ProofFailure("event \(proof.leafIndex + 1) is not among the \(checkpoint.size) events the checkpoint covers")
        }
        do {
            try Merkle.verifyInclusion(index: proof.leafIndex, size: checkpoint.size, leafHash: Merkle.leafHash(line: proof.event),
                                       proof: proof.inclusion, root: checkpoint.root)
        } catch { throw ProofFailure("\(describe(proof.event)) at event \(proof.leafIndex + 1) is not in the signed ledger: \(error)") }
        return checkpoint
    }

    /// Checks a consistency proof: both signatures, then RFC 9162 §2.1.4.2.
    @discardableResult
    public static func check(_ proof: Consistency, verifier: NoteVerifier) throws(ProofFailure) -> (Checkpoint, Checkpoint) {
        let old: Checkpoint, new: Checkpoint
        do { old = try Checkpoint.open(proof.old, verifier: verifier) } catch { throw ProofFailure("the old checkpoint: \(error)") }
        do { new = try Checkpoint.open(proof.new, verifier: verifier) } catch { throw ProofFailure("the new checkpoint: \(error)") }
        do {
            try Merkle.verifyConsistency(oldSize: old.size, newSize: new.size, oldRoot: old.root, newRoot: new.root, proof: proof.consistency)
        } catch { throw ProofFailure("the ledger of \(new.size) events does not extend the one of \(old.size) signed before: \(error)") }
        return (old, new)
    }

    static func describe(_ line: String) -> String {
        guard let object = try? JSONParser.parse(line).objectValue,
              let id = object["id"]?.stringValue, let type = object["type"]?.stringValue else { return "the event line" }
        let stream = object["stream"]?.stringValue.map { " of \($0)" } ?? ""
        return "\(type) \(id)\(stream)"
    }

    public static func readInclusion(_ value: JSONValue) throws(ProofFailure) -> Inclusion {
        guard let o = value.objectValue else { throw ProofFailure("an inclusion proof is a JSON object") }
        try onlyKeys(o, ["checkpoint", "leaf_index", "event", "inclusion"])
        guard let checkpoint = o["checkpoint"]?.stringValue else { throw ProofFailure("\"checkpoint\" is missing or not a string") }
        guard let index = o["leaf_index"]?.intValue, index >= 0 else { throw ProofFailure("\"leaf_index\" is missing or not a number ≥ 0") }
        guard let event = o["event"]?.stringValue else { throw ProofFailure("\"event\" is missing or not a string") }
        return Inclusion(checkpoint: checkpoint, leafIndex: index, event: event, inclusion: try hashes(o["inclusion"], "inclusion"))
    }

    public static func readConsistency(_ value: JSONValue) throws(ProofFailure) -> Consistency {
        guard let o = value.objectValue else { throw ProofFailure("a consistency proof is a JSON object") }
        try onlyKeys(o, ["old", "new", "consistency"])
        guard let old = o["old"]?.stringValue else { throw ProofFailure("\"old\" is missing or not a string") }
        guard let new = o["new"]?.stringValue else { throw ProofFailure("\"new\" is missing or not a string") }
        return Consistency(old: old, new: new, consistency: try hashes(o["consistency"], "consistency"))
    }

    static func onlyKeys(_ o: JSONObject, _ keys: Set<String>) throws(ProofFailure) {
        if let other = o.keys.first(where: { !keys.contains($0) }) { throw ProofFailure("unknown field \"\(other)\" in the proof") }
    }

    static func hashes(_ value: JSONValue?, _ name: String) throws(ProofFailure) -> [[UInt8]] {
        guard let list = value?.arrayValue else { throw ProofFailure("\"\(name)\" is missing or not a list") }
        var out: [[UInt8]] = []
        for item in list {
            guard let text = item.stringValue, let hash = Base64.decode(text), hash.count == Merkle.hashSize else {
                throw ProofFailure("\"\(name)\" holds something that is not the base64 of a 32-byte hash")
            }
            out.append(hash)
        }
        return out
    }
}
