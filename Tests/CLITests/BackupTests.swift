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

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// `FILE.partial` and the SQLite files beside it that are still there.
    func leftovers(_ file: String) -> [String] {
        ["", "-journal", "-wal", "-shm"].map { file + ".partial" + $0 }.filter(exists)
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

    @Test("a copy that does not verify never takes FILE's name: exit 3, nothing at FILE, no FILE.partial")
    func verifiedBeforeItIsMovedIntoPlace() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, events: 30, megabytes: 0)
        // The copy is faithful: a ledger altered behind docledger's back gives a copy that does not verify.
        try scratch.sqlite(scratch.ledger, """
            DROP TRIGGER events_refuse_update; UPDATE events SET actor = 'ke.gian.lan' WHERE seq = 7
            """)
        let copy = scratch.path("copy.sqlite")
        let backup = try scratch.run(["backup", copy])
        #expect(backup.status == 3 && backup.stderrLines.count == 1, "\(backup)")
        #expect(backup.stderr.contains("sequence 7: altered") && backup.stderr.contains("docledger verify"), "\(backup)")
        #expect(!exists(copy), "a copy that does not verify must not be moved into place")
        #expect(leftovers(copy).isEmpty, "\(leftovers(copy))")
    }

    @Test("the copy keeps the ledger's permission bits")
    func keepsTheMode() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, events: 20, megabytes: 0)
        for mode in [0o600, 0o640, 0o664] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: scratch.ledger)
            let copy = scratch.path("copy-\(String(mode, radix: 8)).sqlite")
            let backup = try scratch.run(["backup", copy])
            #expect(backup.status == 0, "\(backup)")
            let copied = try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int
            #expect(copied == mode, "copy mode \(String(copied ?? -1, radix: 8)), ledger \(String(mode, radix: 8))")
        }
    }

    @Test("a stale FILE-wal, FILE-shm or FILE-journal beside FILE is refused (exit 2, what to do) and left alone")
    func refusesStaleSQLiteFilesBesideTheTarget() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, events: 20, megabytes: 0)
        let copy = scratch.path("copy.sqlite")
        for suffix in ["-wal", "-shm", "-journal"] {
            let stale = copy + suffix
            try Data("left by another database".utf8).write(to: URL(fileURLWithPath: stale))
            let backup = try scratch.run(["backup", copy])
            #expect(backup.status == 2 && backup.stderrLines.count == 1, "\(suffix): \(backup)")
            #expect(backup.stderr.contains("\(stale) exists") && backup.stderr.contains("remove it"), "\(suffix): \(backup)")
            #expect(!exists(copy) && leftovers(copy).isEmpty, "\(suffix): nothing written")
            #expect(try Data(contentsOf: URL(fileURLWithPath: stale)) == Data("left by another database".utf8), "\(suffix) untouched")
            try FileManager.default.removeItem(atPath: stale)
        }
        let backup = try scratch.run(["backup", copy])
        #expect(backup.status == 0 && backup.stderr.isEmpty, "\(backup)")
    }

    @Test("a FILE.partial (and its -journal, -wal, -shm) left by an interrupted backup is removed with a message, and the backup goes on")
    func removesWhatAnInterruptedBackupLeft() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, events: 40, megabytes: 0)
        let before = try scratch.digest()
        let copy = scratch.path("copy.sqlite")
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try Data("half a copy".utf8).write(to: URL(fileURLWithPath: copy + ".partial" + suffix))
        }
        let backup = try scratch.run(["backup", copy])
        #expect(backup.status == 0 && backup.stdout.hasPrefix("backup \(copy): 40 events"), "\(backup)")
        #expect(backup.stderrLines == ["removed \(copy).partial left by an interrupted backup"], "\(backup)")
        #expect(leftovers(copy).isEmpty, "\(leftovers(copy))")
        let verify = try scratch.run(["verify", "--digest", before], db: copy)
        #expect(verify.status == 0, "\(verify)")
    }

    /// Starts `docledger ARGS --db LEDGER` with SIGINT and SIGTERM unblocked and at their default
    /// action: a process started from the test runner inherits a mask that blocks them.
    func startWithDefaultSignals(_ scratch: Scratch, _ arguments: [String]) throws -> RunningProcess {
        let python = try #require(executable("python3"), "python3 is needed on PATH for this test")
        let exec = """
            import os, signal, sys
            for s in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
                signal.signal(s, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            os.execv(sys.argv[1], sys.argv[1:])
            """
        return try RunningProcess(executable: python, arguments: ["-c", exec, docledgerPath] + arguments + ["--db", scratch.ledger],
                                  stdinPath: nil, scratch: scratch.directory)
    }

    @Test("SIGINT or SIGTERM during a backup: the process ends by that signal and removes FILE.partial")
    func signalRemovesThePartialCopy() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, megabytes: 64)
        for signal in [SIGTERM, SIGINT] {
            let copy = scratch.path("copy-\(signal).sqlite")
            let backup = try startWithDefaultSignals(scratch, ["backup", copy])
            while !exists(copy + ".partial") && backup.process.isRunning { usleep(200) }
            kill(backup.process.processIdentifier, signal)
            let result = try backup.wait()
            #expect(leftovers(copy).isEmpty, "signal \(signal): \(leftovers(copy)) left; \(result)")
            if !exists(copy) {   // else the signal came after the copy was in place
                #expect(!result.exitedNormally && result.status == signal, "signal \(signal): \(result)")
            }
        }
    }

    @Test("a second backup to the same FILE while the first runs is refused; the first one's copy is whole")
    func aSecondBackupToTheSameFileWaitsItsTurn() throws {
        let scratch = try Scratch()
        try paddedLedger(scratch, megabytes: 64)
        let copy = scratch.path("copy.sqlite")
        let first = try scratch.start(["backup", copy])
        while !exists(copy + ".partial") && first.process.isRunning { usleep(200) }
        let second = try scratch.run(["backup", copy])
        let firstResult = try first.wait()
        #expect(firstResult.status == 0, "\(firstResult)")
        #expect(second.status == 2 && (second.stderr.contains("another backup to \(copy) is running") || second.stderr.contains("already exists")),
                "\(second)")
        #expect(leftovers(copy).isEmpty, "\(leftovers(copy))")
        let verify = try scratch.run(["verify"], db: copy)
        #expect(verify.status == 0, "\(verify)")
    }
}
