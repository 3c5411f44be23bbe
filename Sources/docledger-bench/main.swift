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
        var times: [Double] = []
        for _ in 0..<runs {
            let start = now()
            let report = try ledger.report(request)
            _ = ReportRenderer.render(report, as: .json)
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
