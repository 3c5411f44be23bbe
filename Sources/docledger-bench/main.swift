// In-process measurements for scripts/bench: the raw SQLite baselines (same machine, same run)
// and the report query timed without process start-up. Not part of the product.
import DocLedgerKit
import LedgerStore
import OfficeDomain
import OfficeProjections
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    let line = "docledger-bench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

let args = Array(CommandLine.arguments.dropFirst())
guard let verb = args.first else {
    fail("usage: docledger-bench raw-insert SRC DEST | raw-scan DB | report DB PERIOD RUNS")
}

do {
    switch verb {
    case "raw-insert":
        // The same rows the ledger stored, inserted raw: same table, same uniqueness, one
        // prepared statement, one transaction, the fastest safe-to-lose pragmas.
        guard args.count == 3 else { fail("raw-insert SRC DEST") }
        let source = try Database(path: args[1], mode: .readOnly)
        struct Row { var seq: Int64; var id, stream: String; var version: Int64; var type, data, recordedAt, actor: String; var prev, hash: [UInt8] }
        var rows: [Row] = []
        let read = try source.prepare("SELECT seq, id, stream, version, type, data, recorded_at, actor, prev_hash, hash FROM events ORDER BY seq")
        while try read.step() {
            rows.append(Row(seq: read.int64(0), id: read.text(1), stream: read.text(2), version: read.int64(3), type: read.text(4),
                            data: read.text(5), recordedAt: read.text(6), actor: read.text(7), prev: read.blob(8), hash: read.blob(9)))
        }
        unlink(args[2])
        let db = try Database(path: args[2])
        try db.execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA locking_mode = EXCLUSIVE;
            CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, version INTEGER NOT NULL,
                type TEXT NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL, UNIQUE (stream, version));
            """)
        let start = now()
        try db.execute("BEGIN")
        let insert = try db.prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for r in rows {
            try insert.bind(r.seq, at: 1); try insert.bind(r.id, at: 2); try insert.bind(r.stream, at: 3)
            try insert.bind(r.version, at: 4); try insert.bind(r.type, at: 5); try insert.bind(r.data, at: 6)
            try insert.bind(r.recordedAt, at: 7); try insert.bind(r.actor, at: 8); try insert.bind(blob: r.prev, at: 9)
            try insert.bind(blob: r.hash, at: 10)
            try insert.run()
        }
        try db.execute("COMMIT")
        let seconds = now() - start
        print("{\"rows\":\(rows.count),\"seconds\":\(seconds),\"per_second\":\(Double(rows.count) / seconds)}")
    case "raw-scan":
        // An ordered scan reading every row's data: the floor under replay and verify.
        guard args.count == 2 else { fail("raw-scan DB") }
        let db = try Database(path: args[1], mode: .readOnly)
        let start = now()
        let scan = try db.prepare("SELECT seq, data FROM events ORDER BY seq")
        var rows = 0, bytes = 0
        while try scan.step() {
            // Touch every cache line of the data, as a decoder would have to.
            bytes &+= scan.withBytes(1) { buffer -> Int in
                var sum = 0, i = 0
                while i < buffer.count { sum &+= Int(buffer.load(fromByteOffset: i, as: UInt8.self)); i += 64 }
                return sum &+ buffer.count
            }
            rows += 1
        }
        let seconds = now() - start
        print("{\"rows\":\(rows),\"seconds\":\(seconds),\"per_second\":\(Double(rows) / seconds),\"checksum\":\(bytes)}")
    case "report":
        guard args.count == 4, let runs = Int(args[3]) else { fail("report DB PERIOD RUNS") }
        let ledger = try Ledger(path: args[1], create: false)
        let period = try ReportPeriod(parsing: args[2])
        var times: [Double] = []
        for _ in 0..<runs {
            let start = now()
            let report = try ReportQuery.run(ledger.db, period: period, throughSeq: .max, asOf: nil)
            _ = report.json.serialized()
            times.append((now() - start) * 1000)
        }
        times.sort()
        print("{\"runs\":\(runs),\"median_ms\":\(times[times.count / 2]),\"max_ms\":\(times.last!)}")
    default:
        fail("unknown verb \(verb)")
    }
} catch {
    fail("\(error)")
}
