// In-process measurements for scripts/bench: the raw SQLite baselines (same machine, same run)
// and the report query timed without process start-up. Not part of the product.
import DocLedgerKit
import LedgerStore
import ReportRendering
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

func readText(_ path: String) -> String? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        bytes += chunk[0..<n]
        if n < chunk.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `body` `runs` times and returns each run's milliseconds.
func timed(_ runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = now()
        try body()
        times.append((now() - start) * 1000)
    }
    return times
}

/// `{"<countKey>":N,"median_ms":…,"max_ms":…}` for a list of times.
func timesJSON(_ times: [Double], countKey: String) -> String {
    let sorted = times.sorted()
    return "{\"\(countKey)\":\(sorted.count),\"median_ms\":\(sorted[sorted.count / 2]),\"max_ms\":\(sorted.last!)}"
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
        unlink(args[2])
        let (rows, seconds) = try RawBaseline.insertEvents(from: args[1], into: args[2], clock: now)
        print("{\"rows\":\(rows),\"seconds\":\(seconds),\"per_second\":\(Double(rows) / seconds)}")
    case "raw-scan":
        // An ordered scan reading every row's data: the floor under replay and verify.
        guard args.count == 2 else { fail("raw-scan DB") }
        let (rows, seconds, checksum) = try RawBaseline.scanEvents(args[1], clock: now)
        print("{\"rows\":\(rows),\"seconds\":\(seconds),\"per_second\":\(Double(rows) / seconds),\"checksum\":\(checksum)}")
    case "report":
        guard args.count == 4, let runs = Int(args[3]) else { fail("report DB PERIOD RUNS") }
        let ledger = try Ledger(path: args[1], access: .read)
        let request = try ReportRequest(period: args[2])
        let times = try timed(runs) { _ = ReportRenderer.render(try ledger.report(request), as: .json) }
        print(timesJSON(times, countKey: "runs"))
    // ---- BEGIN proofs (issue 15): the Merkle tree's append cost and proof generation ----
    case "tree-rebuild":
        // Every leaf appended again in one transaction: the tree's share of an append (the
        // export line, its SHA-256, the leaf and the subtrees it completes).
        guard args.count == 2 else { fail("tree-rebuild DB") }
        let (leaves, seconds) = try Ledger(path: args[1], access: .write).rebuildTree()
        print("{\"leaves\":\(leaves),\"seconds\":\(seconds),\"per_leaf_us\":\(seconds / Double(max(leaves, 1)) * 1e6)}")
    case "prove":
        // Inclusion proofs of the given events in a checkpoint, each made `runs` times.
        guard args.count >= 5, let runs = Int(args[3]) else { fail("prove DB CHECKPOINT RUNS ID...") }
        let ledger = try Ledger(path: args[1], access: .read)
        guard let note = readText(args[2]) else { fail("cannot read \(args[2])") }
        let times = try args[4...].flatMap { id in try timed(runs) { _ = try ledger.inclusionProofs(of: id, checkpoint: note) } }
        print(timesJSON(times, countKey: "proofs"))
    case "consistency":
        guard args.count == 5, let runs = Int(args[4]) else { fail("consistency DB OLD NEW RUNS") }
        let ledger = try Ledger(path: args[1], access: .read)
        guard let old = readText(args[2]), let new = readText(args[3]) else { fail("cannot read the checkpoints") }
        let times = try timed(runs) { _ = try ledger.consistencyProof(old: old, new: new) }
        print(timesJSON(times, countKey: "proofs"))
    // ---- END proofs ----
    default:
        fail("unknown verb \(verb)")
    }
} catch {
    fail("\(error)")
}
