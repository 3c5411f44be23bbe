import Foundation
import Testing

/// `docledger backup FILE` (issue 10, item 6): it finishes while clerks keep appending, shows
/// progress on a terminal, verifies the copy before it takes FILE's name, keeps the ledger's
/// permission bits, refuses stale SQLite files beside FILE, and leaves no `FILE.partial`.
@Suite struct BackupTests {
    /// A ledger of `events` events whose file is padded with about `megabytes` MB of free pages
    /// (a table filled and dropped, as a ledger that once held more would have): the backup
    /// copies every page of the file, while the chain it checks after stays short.
    func paddedLedger(_ scratch: Scratch, events: Int = 200, megabytes: Int) throws {
        var rng = SeededGenerator(seed: cliTestSeed)
        let append = try scratch.append(Events.validMix(count: events, prefix: "pad", using: &rng), extra: ["--quiet"])
        #expect(append.status == 0, "seed \(cliTestSeed): \(append)")
        if megabytes > 0 {
            try scratch.sqlite(scratch.ledger, """
                CREATE TABLE pad(b BLOB);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(megabytes * 256))
                INSERT INTO pad SELECT zeroblob(4000) FROM n;
                DROP TABLE pad;
                PRAGMA wal_checkpoint(TRUNCATE);
                """)
        }
    }

    /// Seconds since `start` (a monotonic clock).
    func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    @Test("backup finishes while clerks keep appending (two loops of `docledger issue` for the whole backup); the copy is one consistent moment")
    func finishesUnderSteadyAppends() throws {
        let scratch = try Scratch()
        // 48 MB: twelve thousand pages, many steps of the copy for commits to land between.
        try paddedLedger(scratch, megabytes: 48)
        let before = try scratch.digest()
        let start = try #require(Int(before.split(separator: ":")[0]))
        // Each loop records documents until STOP appears; the cap only bounds a failing run.
        let stop = scratch.path("STOP")
        let loop = """
            n=0; end=$(( $(date +%s) + 30 ))
            while [ ! -e "$1" ]; do
              if [ "$(date +%s)" -ge "$end" ]; then echo "timed out after $n"; exit 0; fi
              "$2" issue --type CV --subject "Công văn trong lúc sao lưu" --db "$3" --actor vanthu >/dev/null || { echo "failed after $n"; exit 1; }
              n=$((n + 1))
            done
            echo "stopped after $n"
            """
        let sh = try #require(executable("sh"))
        let clerks = try (0..<2).map { _ in
            try RunningProcess(executable: sh, arguments: ["-c", loop, "clerk", stop, docledgerPath, scratch.ledger],
                               stdinPath: nil, scratch: scratch.directory)
        }
        // Start the backup once the clerks are committing.
        var head = start
        while head < start + 4 {
            usleep(20_000)
            head = Int(try scratch.digest().split(separator: ":")[0]) ?? head
        }
        let copy = scratch.path("copy.sqlite")
        let began = DispatchTime.now()
        let backup = try scratch.run(["backup", copy])
        let took = seconds(since: began)
        try Data().write(to: URL(fileURLWithPath: stop))
        let loops = try clerks.map { try $0.wait() }
        #expect(backup.status == 0 && backup.stdout.hasPrefix("backup \(copy): "), "\(backup)")
        #expect(took < 60, "the backup took \(took) s")
        for loop in loops {
            #expect(loop.status == 0 && loop.stdout.hasPrefix("stopped after"),
                    "the clerks must still be appending when the backup ends (it took \(took) s): \(loop)")
        }
        let copied = try #require(backup.stdout.split(separator: " ").dropFirst(2).first.flatMap { Int($0) }, "\(backup)")
        let final = try scratch.eventCount()
        #expect(copied >= start + 4 && copied < final, "copy \(copied) events; \(start + 4) before the backup, \(final) after the clerks")
        let verify = try scratch.run(["verify", "--digest", before], db: copy)
        #expect(verify.status == 0 && verify.stdout.contains("verify ok: \(copied) events"), "\(verify)")
    }

    @Test("progress (pages copied of the total, percent) on stderr when it is a terminal; nothing when it is not")
    func progressOnlyOnATerminal() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, megabytes: 8)
        let plain = try scratch.run(["backup", scratch.path("plain.sqlite")])
        #expect(plain.status == 0 && plain.stderr.isEmpty && plain.stdoutLines.count == 1, "\(plain)")
        // python3 gives the backup a pseudo-terminal for stderr and passes what it wrote on.
        let script = """
            import os, pty, subprocess, sys
            master, slave = pty.openpty()
            p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            tty = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                tty += chunk
            out = p.stdout.read()
            sys.stdout.buffer.write(out)
            sys.stderr.buffer.write(tty)
            sys.exit(p.wait())
            """
        let copy = scratch.path("tty.sqlite")
        let onTerminal = try scratch.runTool("python3", ["-c", script, docledgerPath, "backup", copy,
                                                          "--db", scratch.ledger, "--actor", scratch.actor])
        #expect(onTerminal.status == 0 && onTerminal.stdout.hasPrefix("backup \(copy): "), "\(onTerminal)")
        let pages = try #require(Int(try scratch.sqlite(scratch.ledger, "PRAGMA page_count").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(onTerminal.stderr.contains("copied \(pages) of \(pages) pages (100%)"), "\(onTerminal)")
        let quiet = try scratch.runTool("python3", ["-c", script, docledgerPath, "backup", scratch.path("quiet.sqlite"), "--quiet",
                                                    "--db", scratch.ledger, "--actor", scratch.actor])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet)")
    }
}
