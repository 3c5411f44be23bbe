import LedgerJSON
import Testing
import Transparency

@Suite("Signed notes and checkpoints (C2SP)")
struct SignedNoteTests {
    // The example of Go's golang.org/x/mod/sumdb/note, the reference implementation of the
    // signed-note format: its key pair, text and signed note.
    static let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goSigningKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test("the reference keys parse, their key id is c74f20a3, and they encode back byte for byte")
    func referenceKeys() throws {
        let verifier = try NoteVerifier(parsing: Self.goVerifierKey)
        #expect(verifier.name == "PeterNeumann")
        #expect(verifier.keyID == 0xc74f20a3)
        #expect(verifier.encoded == Self.goVerifierKey)
        let signer = try NoteSigner(parsing: Self.goSigningKey)
        #expect(signer.encoded == Self.goSigningKey)
        #expect(signer.verifier == verifier)
    }

    @Test("the reference note opens with the reference key; ours signs it to the same bytes (Ed25519 is deterministic)")
    func referenceNote() throws {
        let verifier = try NoteVerifier(parsing: Self.goVerifierKey)
        #expect(try SignedNote.open(Self.goNote, verifier: verifier) == Self.goText)
        let signer = try NoteSigner(parsing: Self.goSigningKey)
        #expect(try signer.sign(text: Self.goText) == Self.goNote)
    }

    @Test("every single-bit change of the signed note is refused (or leaves no signature of the key)")
    func noteBitFlips() throws {
        let verifier = try NoteVerifier(parsing: Self.goVerifierKey)
        let bytes = Array(Self.goNote.utf8)
        var checked = 0
        for changed in singleBitChanges(bytes) {
            // Invalid UTF-8 cannot be a String; the file reader refuses it before any check.
            guard let text = String(validating: changed, as: UTF8.self) else { continue }
            checked += 1
            #expect(throws: ProofFailure.self, "\(text.debugDescription)") { try SignedNote.open(text, verifier: verifier) }
        }
        #expect(checked > bytes.count * 4)
    }

    @Test("every single-bit change of a verifier or signing key is refused or gives another key")
    func keyBitFlips() throws {
        let verifier = try NoteVerifier(parsing: Self.goVerifierKey)
        for changed in singleBitChanges(Array(Self.goVerifierKey.utf8)) {
            guard let text = String(validating: changed, as: UTF8.self) else { continue }
            if let other = try? NoteVerifier(parsing: text) {
                #expect(other != verifier)
                #expect(throws: ProofFailure.self) { try SignedNote.open(Self.goNote, verifier: other) }
            }
        }
        for changed in singleBitChanges(Array(Self.goSigningKey.utf8)) {
            guard let text = String(validating: changed, as: UTF8.self) else { continue }
            #expect((try? NoteSigner(parsing: text))?.verifier != verifier, "\(text)")
        }
    }

    @Test("a generated key signs checkpoints its verifier opens; another key's verifier does not")
    func generatedKeys() throws {
        let signer = try NoteSigner.generate(name: "ubnd.example/docledger")
        let reread = try NoteSigner(parsing: signer.encoded)
        #expect(reread.verifier == signer.verifier)
        let checkpoint = Checkpoint(origin: signer.name, size: 300, root: Merkle.leafHash([1, 2, 3]))
        let note = try signer.sign(text: checkpoint.text)
        #expect(try Checkpoint.open(note, verifier: try NoteVerifier(parsing: signer.verifier.encoded)) == checkpoint)
        let stranger = try NoteSigner.generate(name: "ubnd.example/docledger")
        #expect(throws: ProofFailure.self) { try Checkpoint.open(note, verifier: stranger.verifier) }
        #expect(throws: ProofFailure.self) { try NoteSigner.generate(name: "two words") }
        #expect(throws: ProofFailure.self) { try NoteSigner.generate(name: "a+b") }
    }

    @Test("checkpoint bodies: origin, decimal size, base64 root; anything else refused")
    func checkpointText() throws {
        let root = Merkle.leafHash([7])
        let checkpoint = Checkpoint(origin: "o", size: 12, root: root)
        #expect(checkpoint.text == "o\n12\n\(Base64.encode(root))\n")
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        for bad in ["o\n12\n", "o\n012\n\(Base64.encode(root))\n", "o\n-1\n\(Base64.encode(root))\n", "o\n12\n\(Base64.encode([1, 2]))\n",
                    "\n12\n\(Base64.encode(root))\n", "o\n12\n\(Base64.encode(root))"] {
            #expect(throws: ProofFailure.self, "\(bad.debugDescription)") { try Checkpoint(text: bad) }
        }
    }

    @Test("base64 is strict: every encoding round-trips, and a non-canonical spelling is refused")
    func base64() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + length) & 255) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.decode("Zm9=") == nil)     // non-zero bits after the last byte
        #expect(Base64.decode("Zg") == nil)       // no padding
        #expect(Base64.decode("Z===") == nil)
        #expect(Base64.decode("Zm9v\nYmFy") == nil)
    }
}

@Suite("Proof files, checked offline")
struct ProofFileTests {
    /// A ledger of `count` lines, a checkpoint of it, and its signer.
    static func fixture(count: Int) throws -> (MemoryTree, [String], NoteSigner, String) {
        var tree = MemoryTree()
        let lines = (0..<count).map { #"{"id":"e\#($0)","type":"DocumentReceived","stream":"received:2017:\#($0 + 1)","data":{},"recorded_at":"2017-01-01T00:00:00.000Z","actor":"a"}"# }
        for line in lines { tree.append(Merkle.leafHash(line: line)) }
        let signer = try NoteSigner.generate(name: "ubnd.example/docledger")
        let note = try signer.sign(text: Checkpoint(origin: signer.name, size: Int64(count), root: tree.root(Int64(count))).text)
        return (tree, lines, signer, note)
    }

    @Test("an inclusion proof file checks, and says what it proved")
    func inclusion() throws {
        let (tree, lines, signer, note) = try Self.fixture(count: 21)
        let proof = ProofFile.Inclusion(checkpoint: note, leafIndex: 13, event: lines[13], inclusion: tree.inclusion(13, 21))
        let said = try ProofFile.check(proof.json.serialized(), verifier: signer.verifier)
        #expect(said == "proven: DocumentReceived e13 of received:2017:14 is event 14 of the ledger ubnd.example/docledger as signed in checkpoint 21:\(Base64.encode(tree.root(21)))")
        // Another event's line at that place, or the line changed by one character, does not.
        for event in [lines[12], String(lines[13].map { $0 == "3" ? "4" : $0 })] {
            var bad = proof
            bad.event = event
            #expect(throws: ProofFailure.self) { try ProofFile.check(bad.json.serialized(), verifier: signer.verifier) }
        }
    }

    @Test("every single-bit change of an inclusion proof file's event line, hashes, checkpoint or signature is refused")
    func inclusionFileBitFlips() throws {
        let (tree, lines, signer, note) = try Self.fixture(count: 9)
        let proof = ProofFile.Inclusion(checkpoint: note, leafIndex: 6, event: lines[6], inclusion: tree.inclusion(6, 9))
        var rejected = 0
        for changed in singleBitChanges(Array(lines[6].utf8)) {
            guard let event = String(validating: changed, as: UTF8.self) else { continue }
            var bad = proof
            bad.event = event
            #expect(throws: ProofFailure.self) { try ProofFile.check(bad, verifier: signer.verifier) }
            rejected += 1
        }
        for changed in singleBitChanges(Array(note.utf8)) {
            guard let checkpoint = String(validating: changed, as: UTF8.self) else { continue }
            var bad = proof
            bad.checkpoint = checkpoint
            #expect(throws: ProofFailure.self, "\(checkpoint.debugDescription)") { try ProofFile.check(bad, verifier: signer.verifier) }
            rejected += 1
        }
        for (position, hash) in proof.inclusion.enumerated() {
            for changed in singleBitChanges(hash) {
                var bad = proof
                bad.inclusion[position] = changed
                #expect(throws: ProofFailure.self) { try ProofFile.check(bad, verifier: signer.verifier) }
                rejected += 1
            }
        }
        for index in [5, 7, 9, -1] as [Int64] {
            var bad = proof
            bad.leafIndex = index
            #expect(throws: ProofFailure.self) { try ProofFile.check(bad, verifier: signer.verifier) }
        }
        #expect(rejected > 1000)
    }

    @Test("a consistency proof file checks; every single-bit change of either checkpoint or the proof is refused")
    func consistency() throws {
        let (tree, _, signer, _) = try Self.fixture(count: 40)
        let old = try signer.sign(text: Checkpoint(origin: signer.name, size: 17, root: tree.root(17)).text)
        let new = try signer.sign(text: Checkpoint(origin: signer.name, size: 40, root: tree.root(40)).text)
        let proof = ProofFile.Consistency(old: old, new: new, consistency: tree.consistency(17, 40))
        let said = try ProofFile.check(proof.text, verifier: signer.verifier)
        #expect(said.hasPrefix("proven: the ledger ubnd.example/docledger of 40 events"))
        for changed in singleBitChanges(Array(old.utf8)) {
            guard let text = String(validating: changed, as: UTF8.self) else { continue }
            #expect(throws: ProofFailure.self) { try ProofFile.check(ProofFile.Consistency(old: text, new: new, consistency: proof.consistency), verifier: signer.verifier) }
        }
        for changed in singleBitChanges(Array(new.utf8)) {
            guard let text = String(validating: changed, as: UTF8.self) else { continue }
            #expect(throws: ProofFailure.self) { try ProofFile.check(ProofFile.Consistency(old: old, new: text, consistency: proof.consistency), verifier: signer.verifier) }
        }
        for (position, hash) in proof.consistency.enumerated() {
            for changed in singleBitChanges(hash) {
                var bad = proof
                bad.consistency[position] = changed
                #expect(throws: ProofFailure.self) { try ProofFile.check(bad, verifier: signer.verifier) }
            }
        }
        // A checkpoint of a rewritten ledger of the same size signed with the same key: not consistent.
        var forged = MemoryTree()
        for i in 0..<40 { forged.append(i == 3 ? Merkle.leafHash([9]) : tree.leaves[i]) }
        let forgedNew = try signer.sign(text: Checkpoint(origin: signer.name, size: 40, root: forged.root(40)).text)
        #expect(throws: ProofFailure.self) {
            try ProofFile.check(ProofFile.Consistency(old: old, new: forgedNew, consistency: forged.consistency(17, 40)), verifier: signer.verifier)
        }
    }
}
