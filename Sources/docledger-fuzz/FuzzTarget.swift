// A coverage-guided fuzz target over the line decoder and the validator (scripts/fuzz builds
// it with libFuzzer). Built without -D FUZZING it is a replay driver: `docledger-fuzz FILE…`
// runs each file through the same entry point, to reproduce a crash libFuzzer saved.
import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain
#if canImport(Glibc)
import Glibc
#endif

/// One ledger for the whole run, holding a few events the mutated lines can refer to.
nonisolated(unsafe) var fuzzLedger: Ledger? = nil

let setupLines = """
{"id":"s1","type":"DocumentIssued","recorded_at":"2017-01-09T08:00:00.000Z","data":{"issued_on":"2017-01-09","doc_type":"QĐ","subject":"Phê duyệt quy hoạch","number":41}}
{"id":"s2","type":"DirectiveIssued","recorded_at":"2017-03-20T08:00:00.000Z","data":{"directive_id":"D-1","issued_on":"2017-03-20","lead_unit":"Sở Tài chính","content":"Rà soát","deadline":"2017-06-30"}}
{"id":"s3","type":"ProgrammeItemRegistered","recorded_at":"2017-04-01T08:00:01.000Z","data":{"item_id":"P-1","year":2017,"title":"Đề án A","lead_unit":"Sở Xây dựng","due":"Q2/2017"}}
"""

func ledger() -> Ledger {
    if let fuzzLedger { return fuzzLedger }
    let path = "/tmp/docledger-fuzz-\(getpid()).sqlite"
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    do {
        // Speed over durability: this ledger is thrown away.
        let opened = try Ledger(path: path, durable: false)
        _ = try opened.append(from: LineReader(bytes: Array(setupLines.utf8)), options: AppendOptions(actor: "fuzz"))
        fuzzLedger = opened
        return opened
    } catch {
        fatalError("fuzz: cannot set up the ledger: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let ledger = ledger()
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let before = try ledger.head()
        let result = try ledger.append(from: LineReader(bytes: bytes), options: AppendOptions(actor: "fuzz"), keepEvents: true)
        if !result.ok {
            let after = try ledger.head()
            precondition(result.appended == 0 && after == before, "a refused input changed the ledger")
        }
        for event in result.appendedEvents {
            guard let object = try? JSONParser.parse(event.data).objectValue else { fatalError("accepted data does not parse: \(event.data)") }
            precondition(JSONValue.object(object).canonicalString == event.data, "accepted data is not canonical")
            precondition((try? OfficeEvent.decode(type: event.type, data: object)) != nil, "accepted an invalid event: \(event.data)")
        }
    } catch {
        fatalError("fuzz: the pipeline threw instead of reporting a problem: \(error)")
    }
    return 0
}

#if FUZZING
/// libFuzzer's entry when the program has its own main (LLVM ≥ 11).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@main
enum FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
    }
}
#else
@main
enum ReplayDriver {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { print("cannot open \(path)"); exit(2) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&chunk, 1, chunk.count, file)
                bytes += chunk[0..<n]
                if n < chunk.count { break }
            }
            fclose(file)
            _ = bytes.withUnsafeBufferPointer { fuzzOneInput($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            print("\(path): ok")
        }
    }
}
#endif
