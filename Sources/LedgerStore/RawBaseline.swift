/// The raw SQLite baselines `scripts/bench` prints beside the ledger's figures (same machine,
/// same run): what SQLite alone does with the same rows. Not used by the product.
public enum RawBaseline {
    /// Inserts the events of the ledger at `source` into a new bare table at `destination`:
    /// same columns and uniqueness, one prepared statement, one transaction, no journal, no
    /// sync. The rows are read into memory first; only the insert is timed.
    public static func insertEvents(from source: String, into destination: String,
                                    clock: () -> Double) throws -> (rows: Int, seconds: Double) {
        let from = try Database(path: source, mode: .readOnly)
        struct Row { var seq: Int64; var id, stream: String; var version: Int64; var type, data, recordedAt, actor: String; var prev, hash: [UInt8] }
        var rows: [Row] = []
        let read = try from.prepare("SELECT seq, id, stream, version, type, data, recorded_at, actor, prev_hash, hash FROM events ORDER BY seq")
        while try read.step() {
            rows.append(Row(seq: read.int64(0), id: read.text(1), stream: read.text(2), version: read.int64(3), type: read.text(4),
                            data: read.text(5), recordedAt: read.text(6), actor: read.text(7), prev: read.blob(8), hash: read.blob(9)))
        }
        let db = try Database(path: destination)
        try db.execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA locking_mode = EXCLUSIVE;
            CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, version INTEGER NOT NULL,
                type TEXT NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL, actor TEXT NOT NULL, prev_hash BLOB NOT NULL,
                hash BLOB NOT NULL, UNIQUE (stream, version));
            """)
        let start = clock()
        let insert = try db.prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        try db.write {
            for r in rows {
                try insert.bind(r.seq, at: 1); try insert.bind(r.id, at: 2); try insert.bind(r.stream, at: 3)
                try insert.bind(r.version, at: 4); try insert.bind(r.type, at: 5); try insert.bind(r.data, at: 6)
                try insert.bind(r.recordedAt, at: 7); try insert.bind(r.actor, at: 8); try insert.bind(blob: r.prev, at: 9)
                try insert.bind(blob: r.hash, at: 10)
                try insert.run()
            }
        }
        return (rows.count, clock() - start)
    }

    /// Reads every event's data in sequence order, touching every cache line of it as a
    /// decoder would have to: the floor under replay and verify.
    public static func scanEvents(_ path: String, clock: () -> Double) throws -> (rows: Int, seconds: Double, checksum: Int) {
        let db = try Database(path: path, mode: .readOnly)
        let start = clock()
        let scan = try db.prepare("SELECT seq, data FROM events ORDER BY seq")
        var rows = 0, bytes = 0
        while try scan.step() {
            bytes &+= scan.withBytes(1) { buffer -> Int in
                var sum = 0, i = 0
                while i < buffer.count { sum &+= Int(buffer.load(fromByteOffset: i, as: UInt8.self)); i += 64 }
                return sum &+ buffer.count
            }
            rows += 1
        }
        return (rows, clock() - start, bytes)
    }
}
