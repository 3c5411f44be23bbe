import Foundation
import Testing

@Suite("key, checkpoint, prove, check-proof")
struct ProofTests {
    /// A ledger with events, a key pair and a checkpoint of it.
    func signedLedger(_ scratch: Scratch, count: Int = 8) throws -> (key: String, pub: String, checkpoint: String) {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0x9F00F)
        #expect(try scratch.append(Events.validMix(count: count, prefix: "p", using: &rng)).status == 0, "seed \(cliTestSeed)")
        let generated = try scratch.runBare(["key", "generate", "--name", "ubnd.example/docledger", "--out", scratch.path("office")])
        #expect(generated.status == 0, "\(generated)")
        let signed = try scratch.run(["checkpoint", "--key", scratch.path("office.key")])
        #expect(signed.status == 0, "\(signed)")
        return (scratch.path("office.key"), scratch.path("office.pub"), try scratch.write("first.checkpoint", signed.stdout))
    }

    @Test("key generate writes PREFIX.key (0600, PRIVATE+KEY+…) and PREFIX.pub (NAME+KEYID+KEY), and never overwrites")
    func keyGenerate() throws {
        let scratch = try Scratch()
        let result = try scratch.runBare(["key", "generate", "--name", "ubnd.example/docledger", "--out", scratch.path("office")])
        #expect(result.status == 0, "\(result)")
        let key = try String(contentsOfFile: scratch.path("office.key"), encoding: .utf8)
        let pub = try String(contentsOfFile: scratch.path("office.pub"), encoding: .utf8)
        #expect(key.range(of: #"^PRIVATE\+KEY\+ubnd\.example/docledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$"#, options: .regularExpression) != nil, "\(key)")
        #expect(pub.range(of: #"^ubnd\.example/docledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$"#, options: .regularExpression) != nil, "\(pub)")
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.path("office.key"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try scratch.runBare(["key", "generate", "--name", "x", "--out", scratch.path("office")])
        #expect(again.status == 2, "\(again)")
        #expect(again.stderrLines == ["docledger: \(scratch.path("office.key")) already exists; give another --out prefix (a key is never overwritten)"])
        #expect(try String(contentsOfFile: scratch.path("office.key"), encoding: .utf8) == key)
        let badName = try scratch.runBare(["key", "generate", "--name", "two words", "--out", scratch.path("other")])
        #expect(badName.status == 2, "\(badName)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other.pub")))
    }

    @Test("checkpoint prints the signed note and records CheckpointSigned after the events it covers")
    func checkpoint() throws {
        let scratch = try Scratch()
        let (_, pub, checkpoint) = try signedLedger(scratch)
        let note = try String(contentsOfFile: checkpoint, encoding: .utf8)
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6, "\(note)")
        #expect(lines[0] == "ubnd.example/docledger" && lines[1] == "8" && lines[3] == "")
        let keyID = try String(contentsOfFile: pub, encoding: .utf8).split(separator: "+")[1]
        #expect(lines[4].hasPrefix("\u{2014} ubnd.example/docledger "))
        let export = String(decoding: try scratch.export(), as: UTF8.self).split(separator: "\n")
        #expect(export.count == 9)
        #expect(export.last?.contains(#""type":"CheckpointSigned","stream":"ledger:checkpoints","data":{"key_id":"\#(keyID)","origin":"ubnd.example/docledger","root":"\#(lines[2])","size":8}"#) == true, "\(export.last ?? "")")
        #expect(try scratch.run(["verify"]).status == 0)
    }

    @Test("prove an event and a subject, check them with the public key alone: exit 0 and one line; a proof changed anywhere: exit 1")
    func proveAndCheck() throws {
        let scratch = try Scratch()
        let (_, pub, checkpoint) = try signedLedger(scratch)
        let firstID = try #require(String(decoding: try scratch.export(), as: UTF8.self).split(separator: "\n").first
            .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["id"] as? String)
        let proved = try scratch.run(["prove", firstID, "--checkpoint", checkpoint])
        #expect(proved.status == 0, "\(proved)")
        let proof = try scratch.write("event.proof", proved.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: proved.stdoutData) as? [String: Any])
        #expect(Set(object.keys) == ["checkpoint", "leaf_index", "event", "inclusion"])
        #expect(object["leaf_index"] as? Int == 0)

        // No ledger: the check runs where $DOCLEDGER_DB names none.
        let checked = try scratch.runBare(["check-proof", proof, "--pub", pub], environment: ["DOCLEDGER_DB": scratch.path("nowhere.sqlite")])
        #expect(checked.status == 0, "\(checked)")
        #expect(checked.stdoutLines.count == 1)
        #expect(checked.stdout.hasPrefix("proven: ") && checked.stdout.contains(firstID) && checked.stdout.contains("is event 1 of the ledger ubnd.example/docledger as signed in checkpoint 8:"), "\(checked)")

        // Every single-character change of the event line inside the proof is refused.
        let event = try #require(object["event"] as? String)
        for (i, character) in event.enumerated() where i % 7 == 0 {
            var changed = object
            var text = Array(event)
            text[i] = character == "a" ? "b" : "a"
            changed["event"] = String(text)
            let file = try scratch.write("changed.proof", String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self))
            let result = try scratch.runBare(["check-proof", file, "--pub", pub])
            #expect(result.status == 1, "\(i): \(result)")
            #expect(result.stderr.hasPrefix("docledger: not proven: "), "\(result)")
        }
        // Another office's key.
        #expect(try scratch.runBare(["key", "generate", "--name", "ubnd.example/docledger", "--out", scratch.path("other")]).status == 0)
        let stranger = try scratch.runBare(["check-proof", proof, "--pub", scratch.path("other.pub")])
        #expect(stranger.status == 1, "\(stranger)")
        #expect(stranger.stderr.contains("no signature of ubnd.example/docledger with key"), "\(stranger)")
    }

    @Test("prove --consistency between two checkpoints, and history --checkpoint attaches the proofs of what it shows")
    func consistencyAndHistory() throws {
        let scratch = try Scratch()
        let (key, pub, first) = try signedLedger(scratch)
        #expect(try scratch.append([Events.directiveIssued(id: "later", directive: "D-later")], name: "later.jsonl").status == 0)
        let second = try scratch.write("second.checkpoint", try scratch.run(["checkpoint", "--key", key]).stdout)
        let proof = try scratch.run(["prove", "--consistency", first, "--checkpoint", second])
        #expect(proof.status == 0, "\(proof)")
        let file = try scratch.write("consistency.proof", proof.stdout)
        let checked = try scratch.runBare(["check-proof", file, "--pub", pub])
        #expect(checked.status == 0, "\(checked)")
        #expect(checked.stdout.hasPrefix("proven: the ledger ubnd.example/docledger of 10 events"), "\(checked)")
        #expect(checked.stdout.contains("extends the one of 8 events signed before"), "\(checked)")
        // Given the wrong way round.
        let reversed = try scratch.run(["prove", "--consistency", second, "--checkpoint", first])
        #expect(reversed.status == 2, "\(reversed)")

        let history = try scratch.run(["history", "D-later", "--checkpoint", second, "--format", "json"])
        #expect(history.status == 0, "\(history)")
        let attached = try scratch.write("history.json", history.stdout)
        let historyChecked = try scratch.runBare(["check-proof", attached, "--pub", pub])
        #expect(historyChecked.stdout.hasPrefix("proven: the 1 event is in the ledger ubnd.example/docledger"), "\(historyChecked)")
        // An event after the checkpoint cannot be proven in it.
        let late = try scratch.run(["prove", "later", "--checkpoint", first])
        #expect(late.status == 1, "\(late)")
        #expect(late.stderr.contains("was appended after the checkpoint, which covers events 1…8"), "\(late)")
    }

    @Test("a ledger edited with sqlite3 after a checkpoint: the edited event's proof fails, verify names it; rewritten and replayed: prove refuses the old checkpoint")
    func editedLedger() throws {
        let scratch = try Scratch()
        let (_, pub, checkpoint) = try signedLedger(scratch, count: 20)
        try scratch.sqlite(scratch.ledger, "DROP TRIGGER events_refuse_update; UPDATE events SET actor = 'someone.else' WHERE seq = 3;")
        let id = try scratch.sqlite(scratch.ledger, "SELECT id FROM events WHERE seq = 3").trimmingCharacters(in: .whitespacesAndNewlines)
        let proved = try scratch.run(["prove", id, "--checkpoint", checkpoint])
        #expect(proved.status == 0, "\(proved)")
        let file = try scratch.write("edited.proof", proved.stdout)
        let checked = try scratch.runBare(["check-proof", file, "--pub", pub])
        #expect(checked.status == 1, "\(checked)")
        #expect(checked.stderr.contains("is not in the signed ledger"), "\(checked)")
        let verify = try scratch.run(["verify"])
        #expect(verify.status == 1)
        #expect((verify.stdout + verify.stderr).contains("merkle tree: the node of events 1…16 is not the hash of their lines"), "\(verify)")
        // The tree rebuilt from the edited log: it no longer has the checkpoint's root.
        #expect(try scratch.run(["replay"]).status == 0)
        let refused = try scratch.run(["prove", id, "--checkpoint", checkpoint])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("does not match this ledger"), "\(refused)")
    }

    @Test("--help of each verb; check-proof of a file that is not a proof says so")
    func usage() throws {
        let scratch = try Scratch()
        for verb in [["key", "generate"], ["checkpoint"], ["prove"], ["check-proof"]] {
            let help = try scratch.runBare(verb + ["--help"])
            #expect(help.status == 0, "\(help)")
            #expect(help.stdout.contains("USAGE"), "\(help)")
        }
        #expect(try scratch.runBare(["key", "generate", "--name", "o", "--out", scratch.path("k")]).status == 0)
        let junk = try scratch.write("junk.proof", "{\"nothing\": 1}")
        let result = try scratch.runBare(["check-proof", junk, "--pub", scratch.path("k.pub")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("docledger: not proven: "), "\(result)")
        let noKey = try scratch.runBare(["check-proof", junk, "--pub", scratch.path("missing.pub")])
        #expect(noKey.status == 2, "\(noKey)")
        let bareProve = try scratch.run(["prove", "--checkpoint", junk])
        #expect(bareProve.status == 2, "\(bareProve)")
    }
}
