import Foundation
import Testing

/// Issue 5 in the test suite, sized for CI: crash safety, concurrent clerks, digests, backup,
/// damaged files. The full-size runs are scripts/crash-test and scripts/concurrent-clerks.
@Suite struct ReliabilityTests {
    /// Appends `count` generated events (scripts/gen-events) and returns the file used.
    @discardableResult
    func generated(_ scratch: Scratch, count: Int, seed: Int = 1, db: String? = nil) throws -> String {
        let file = scratch.path("events-\(count)-\(seed).jsonl")
        let gen = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/gen-events").path, "\(count)", "--seed", "\(seed)"])
        #expect(gen.status == 0, "\(gen)")
        try gen.stdoutData.write(to: URL(fileURLWithPath: file))
        let append = try scratch.run(["append", file, "--quiet", "--create"], db: db)
        #expect(append.status == 0 && append.stdoutLines == ["appended \(count), duplicates 0"], "\(append)")
        return file
    }

    @Test("SIGKILL during a batched import: verify passes, whole batches, the re-run completes (scripts/crash-test, small)")
    func crashSafety() throws {
        let scratch = try Scratch()
        let result = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/crash-test").path,
                                                     "--events", "4000", "--kills", "4", "--batch-size", "250",
                                                     "--seed", "\(cliTestSeed % 1_000_000)", "--bin", docledgerPath])
        #expect(result.status == 0, "seed \(cliTestSeed % 1_000_000): \(result)")
        #expect(result.stdoutLines.last == "5 passed, 0 failed", "\(result)")
    }

    @Test("8 clerks at once through typed verbs: no error, every event, intact chain, no number twice (scripts/concurrent-clerks, small)")
    func concurrentClerks() throws {
        let scratch = try Scratch()
        let result = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/concurrent-clerks").path,
                                                     "--clerks", "8", "--documents", "6", "--bin", docledgerPath])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdoutLines.last == "4 passed, 0 failed", "\(result)")
    }

    /// Drops the immutability triggers, as an attacker with the file would.
    func dropTriggers(_ scratch: Scratch) throws {
        try scratch.sqlite(scratch.ledger, """
            DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete; DROP TRIGGER events_refuse_out_of_sequence;
            """)
    }

    @Test("an edited recorded_at is caught at its sequence")
    func editedRecordedAt() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 30)
        try dropTriggers(scratch)
        try scratch.sqlite(scratch.ledger, "UPDATE events SET recorded_at = '2016-01-01T00:00:00.000Z' WHERE seq = 5")
        let verify = try scratch.run(["verify"])
        #expect(verify.status == 1 && verify.stdout.hasPrefix("verify failed: sequence 5: altered"), "\(verify)")
    }

    @Test("verify --chain-only: an altered event and a digest not extended are caught; a read table edited without the log is left to the full verify")
    func chainOnly() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 30)
        let digest = try scratch.digest()
        var quick = try scratch.run(["verify", "--chain-only", "--digest", digest])
        #expect(quick.status == 0 && quick.stdout.hasPrefix("verify --chain-only ok: 30 events, head sequence 30,"), "\(quick)")
        // What it does not look at: a read table. The full verify does.
        try scratch.sqlite(scratch.ledger, "UPDATE p_document_counts SET count = count + 1 WHERE day = (SELECT min(day) FROM p_document_counts)")
        quick = try scratch.run(["verify", "--chain-only"])
        #expect(quick.status == 0, "\(quick)")
        let full = try scratch.run(["verify"])
        #expect(full.status == 1 && full.stdout.contains("p_document_counts"), "\(full)")
        // What it does: the digest, and the chain event by event.
        quick = try scratch.run(["verify", "--chain-only", "--digest", "31:" + String(digest.split(separator: ":")[1])])
        #expect(quick.status == 1 && quick.stdout.contains("sequence 31: digest"), "\(quick)")
        try dropTriggers(scratch)
        try scratch.sqlite(scratch.ledger, "UPDATE events SET actor = 'ke.gian.lan' WHERE seq = 12")
        quick = try scratch.run(["verify", "--chain-only"])
        #expect(quick.status == 1 && quick.stdout.hasPrefix("verify failed: sequence 12: altered"), "\(quick)")
    }

    @Test("an inserted row is caught: at the end, and in the middle with the rows after it shifted")
    func insertedRow() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 30)
        let digest = try scratch.digest()
        try dropTriggers(scratch)
        try scratch.sqlite(scratch.ledger, """
            INSERT INTO events SELECT 31, 'forged', stream || '-x', 1, type, data, recorded_at, actor, hash, hash FROM events WHERE seq = 30
            """)
        var verify = try scratch.run(["verify"])
        #expect(verify.status == 1 && verify.stdout.hasPrefix("verify failed: sequence 31: altered"), "\(verify)")
        // verify reads only: the triggers are still gone (only writing verbs and `repair` restore them).
        try scratch.sqlite(scratch.ledger, """
            DELETE FROM events WHERE seq = 31;
            UPDATE events SET seq = -seq WHERE seq >= 10; UPDATE events SET seq = 1 - seq WHERE seq < 0;
            INSERT INTO events SELECT 10, 'forged-middle', 'x', 1, type, data, recorded_at, actor, prev_hash, hash FROM events WHERE seq = 9;
            """)
        verify = try scratch.run(["verify", "--digest", digest])
        #expect(verify.status == 1 && verify.stdout.hasPrefix("verify failed: sequence 10:"), "\(verify)")
    }

    @Test("an edit with the whole chain recomputed passes a self-contained check and is caught only with the digest")
    func recomputedChainNeedsTheDigest() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 40)
        let digest = try scratch.digest()
        try dropTriggers(scratch)
        // Rewrite the actor of seq 7 (no projection holds it) and recompute every later hash
        // with the ledger's own encoding: sha256(prev_hash || "<len>:<utf8>," per field).
        let script = """
            import hashlib, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE events SET actor = 'ke.gian.lan' WHERE seq = 7")
            rows = db.execute("SELECT seq, id, stream, version, type, data, recorded_at, actor FROM events ORDER BY seq").fetchall()
            prev = bytes(32)
            for row in rows:
                h = hashlib.sha256(prev)
                for field in row:
                    b = str(field).encode()
                    h.update(str(len(b)).encode() + b":" + b + b",")
                digest = h.digest()
                db.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row[0]))
                prev = digest
            db.commit()
            """
        let rewrite = try scratch.runTool("python3", ["-c", script, scratch.ledger])
        #expect(rewrite.status == 0, "\(rewrite)")
        // A careful forger puts the triggers back too (verify names missing ones).
        #expect(try scratch.run(["repair"]).status == 0)
        let plain = try scratch.run(["verify"])
        #expect(plain.status == 0, "a fully recomputed chain is self-consistent: \(plain)")
        let withDigest = try scratch.run(["verify", "--digest", digest])
        #expect(withDigest.status == 1, "\(withDigest)")
        #expect(withDigest.stdout.contains("sequence 40: digest"), "\(withDigest)")
    }

    @Test("backup while appends continue: the copy verifies and extends the digest taken before")
    func backupDuringAppends() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 500)
        let before = try scratch.digest()
        let more = scratch.path("more.jsonl")
        let gen = try scratch.runTool("python3", [packageRoot.appendingPathComponent("scripts/gen-events").path, "3000", "--seed", "2"])
        // Seed 2's events carry other ids; keep only those recorded after the ledger's head.
        try gen.stdoutData.write(to: URL(fileURLWithPath: more))
        let appending = try scratch.start(["append", more, "--batch-size", "100", "--quiet"])
        let copy = scratch.path("copy.sqlite")
        let backup = try scratch.run(["backup", copy])
        _ = try appending.wait()
        #expect(backup.status == 0 && backup.stdout.hasPrefix("backup \(copy): "), "\(backup)")
        let verify = try scratch.run(["verify", "--digest", before], db: copy)
        #expect(verify.status == 0, "\(verify)")
        let again = try scratch.run(["backup", copy])
        #expect(again.status == 2 && again.stderr.contains("already exists"), "a backup never overwrites: \(again)")
    }

    /// Exactly one line on stderr, no crash, exit 3.
    func expectUnusable(_ result: RunResult, mentioning words: String, _ comment: String) {
        #expect(result.status == 3, "\(comment): \(result)")
        #expect(result.stderrLines.count == 1, "\(comment): \(result)")
        #expect(result.stderr.contains(words), "\(comment): \(result)")
        #expect(!result.showsACrash, "\(comment): \(result)")
    }

    @Test("damaged files: truncated, a page overwritten, a newer schema, read-only; exit 3 with a sentence")
    func damagedFiles() throws {
        let scratch = try Scratch()
        try generated(scratch, count: 2000)
        try scratch.sqlite(scratch.ledger, "PRAGMA wal_checkpoint(TRUNCATE)")
        let pristine = try Data(contentsOf: URL(fileURLWithPath: scratch.ledger))

        let truncated = scratch.path("truncated.sqlite")
        try pristine.prefix(pristine.count / 2).write(to: URL(fileURLWithPath: truncated))
        for verb in [["verify"], ["report", "--period", "2016"], ["export"]] {
            expectUnusable(try scratch.run(verb, db: truncated), mentioning: "damaged", "truncated, \(verb[0])")
        }

        let overwritten = scratch.path("overwritten.sqlite")
        var bytes = [UInt8](pristine)
        var rng = SeededGenerator(seed: cliTestSeed)
        for i in 0..<4096 { bytes[4096 * 3 + i] = UInt8.random(in: 0...255, using: &rng) }
        try Data(bytes).write(to: URL(fileURLWithPath: overwritten))
        let verify = try scratch.run(["verify"], db: overwritten)
        #expect(verify.status == 3 || verify.status == 1, "a page overwritten is damage or a failed check (seed \(cliTestSeed)): \(verify)")
        #expect(!verify.showsACrash && verify.status != 0, "\(verify)")

        let newer = scratch.path("newer.sqlite")
        try pristine.write(to: URL(fileURLWithPath: newer))
        try scratch.sqlite(newer, "PRAGMA user_version = 99")
        expectUnusable(try scratch.run(["report", "--period", "2016"], db: newer), mentioning: "newer docledger", "newer schema")

        // Permissions do not bind root: check read-only files as an unprivileged user, if one can run the binary here.
        guard let setpriv = executable("setpriv") else { return }
        let folder = scratch.path("ro")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let readOnly = folder + "/ledger.sqlite"
        try pristine.write(to: URL(fileURLWithPath: readOnly))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: readOnly)
        let asNobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", docledgerPath]
        let probe = try RunningProcess(executable: setpriv, arguments: asNobody + ["--help"], stdinPath: nil, scratch: scratch.directory).wait()
        guard probe.status == 0 else { return }   // the binary is not reachable by another user here
        let append = try RunningProcess(executable: setpriv, arguments: asNobody + ["issue", "--type", "TB", "--subject", "x", "--db", readOnly],
                                        stdinPath: nil, scratch: scratch.directory).wait()
        expectUnusable(append, mentioning: "read-only", "read-only file")
        // …but everything that only reads works on it, in a folder where the reader cannot even
        // create SQLite's shared-memory file (an inspector's copy on read-only media), and
        // leaves the file as it was.
        for verb in [["report", "--period", "2016"], ["history", "D-1"], ["verify"], ["export"], ["digest"],
                     ["replay", "--check"]] {
            let read = try RunningProcess(executable: setpriv, arguments: asNobody + verb + ["--db", readOnly],
                                          stdinPath: nil, scratch: scratch.directory).wait()
            #expect(read.status == 0 || (verb[0] == "history" && read.status == 1), "read-only file, \(verb[0]): \(read)")
            #expect(!read.showsACrash, "\(read)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: readOnly)) == pristine, "a reading verb changed the file")
    }
}
