import DocLedgerKit
import Hummingbird

/// `POST /api/events`: a body of JSON Lines, the contract of `docledger append` (ids,
/// duplicates, expected_version), the whole body one transaction.
struct EventsController {
    let ledgers: Ledgers
    let maxBodyBytes: Int

    /// The reason a line naming another actor is refused.
    static let actorRefusal = "set by the server from your login"


    struct Appended: Encodable {
        let appended: Int
        let duplicates: Int
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("/api/events") { request, context in try await append(request, context) }
    }

    func append(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        // Each event's type is checked against the caller's roles inside the append (403).
        let caller = try context.authenticated()
        var request = request
        // The whole body is read before the write begins: a slow upload must not hold the
        // writer (and the file's write lock) while it trickles in.
        let body = try await request.body(.jsonLines(limit: maxBodyBytes))
        let result = try await ledgers.write { ledger in
            var options = AppendOptions(actor: caller.user)
            options.otherActorRefusal = Self.actorRefusal
            options.caller = caller
            return try ledger.append(from: Self.reader(of: body), options: options)
        }
        guard result.ok else { throw EventsRefused(problems: result.problems) }
        return JSONBody.response(Appended(appended: result.appended, duplicates: result.duplicates))
    }

    /// Reads the collected body as the CLI reads a file.
    static func reader(of body: ByteBuffer) -> LineReader {
        var offset = 0
        return LineReader { (into: UnsafeMutableRawBufferPointer) throws(LineReaderError) -> Int in
            body.withUnsafeReadableBytes { bytes in
                let count = min(into.count, bytes.count - offset)
                if count > 0 { into.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: count) }
                offset += count
                return count
            }
        }
    }
}
