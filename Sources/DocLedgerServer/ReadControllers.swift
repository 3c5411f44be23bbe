import DocLedgerKit
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import Logging
import ReportRendering
import Transparency

/// `GET /api/report[.csv|.md]`, `GET /api/history/{id}`, `POST /api/reconcile`: what every
/// logged-in caller may read, each the exact bytes of the CLI's `--format json` (or csv, md).
struct ReportsController {
    let ledgers: Ledgers
    let maxBodyBytes: Int

    func addRoutes(to router: Router<LedgerRequestContext>) {
        let formats: [(String, ReportFormat, String)] = [
            ("/api/report", .json, "application/json; charset=utf-8"),
            ("/api/report.csv", .csv, "text/csv; charset=utf-8"),
            ("/api/report.md", .md, "text/markdown; charset=utf-8"),
        ]
        for (path, format, contentType) in formats {
            router.get(RouterPath(path)) { request, context in
                _ = try context.authenticated()
                let report = try Self.reportRequest(request)
                let text = try await ledgers.read { ledger in ReportRenderer.render(try ledger.report(report), as: format) }
                return JSONBody.text(text, contentType: contentType)
            }
        }
        // A document's id holds a slash (41/QĐ-UBND@2017): sent as it is or as %2F.
        router.get("/api/history/**") { request, context in
            _ = try context.authenticated()
            let id = try context.parameters.getCatchAll().map { try decodedPathSegment($0, name: "id") }.joined(separator: "/")
            let text = try await ledgers.read { ledger in HistoryRenderer.json(try ledger.history(of: id)) }
            return JSONBody.text(text, contentType: "application/json; charset=utf-8")
        }
        router.post("/api/reconcile") { request, context in
            _ = try context.authenticated()
            let report = try Self.reportRequest(request)
            var request = request
            let body = try await request.body(.json(limit: maxBodyBytes))
            let declared = body.bytes
            let text = try await ledgers.read { ledger in
                ReconciliationRenderer.json(try ledger.reconcile(report, declared: declared, source: "the request body").reconciliation)
            }
            return JSONBody.text(text, contentType: "application/json; charset=utf-8")
        }
    }

    /// `?period=2017-H1[&as_of=2017-06-30]`, refused (400) as `report --period` would be.
    static func reportRequest(_ request: Request) throws -> ReportRequest {
        guard let period = request.query("period") else {
            throw APIError.badRequest("give the period: ?period=2017-H1 (or 2017-Q3, 2017, 2017-01-01..2017-06-30)",
                                      field: "period", reason: "missing")
        }
        return try ReportRequest(period: period, asOf: request.query("as_of"))
    }
}

/// `GET /api/digest`, `POST /api/verify`, `GET /api/export`: the inspector's view of the chain.
struct ChainController {
    let ledgers: Ledgers

    struct Verified: Encodable {
        let ok: Bool
        let events: Int64
        let head: String
        let problems: [String]
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/api/digest") { _, context in
            _ = try context.caller(requiring: .inspector)
            let json = try await ledgers.read { ledger in try ledger.head().json }
            return JSONBody.text(json, contentType: "application/json; charset=utf-8")
        }
        router.post("/api/verify") { request, context in
            _ = try context.caller(requiring: .inspector)
            let digest = try request.query("digest").map { try Digest(parsing: $0) }
            // A whole replay: on a connection and thread of its own, not a shared reader's.
            let lane = try await ledgers.dedicatedReader()
            let outcome = try await lane.run { ledger in try ledger.verify(digest: digest) }
            await lane.close()
            return JSONBody.response(Verified(ok: outcome.ok, events: outcome.events, head: outcome.head.description,
                                              problems: outcome.problems))
        }
        router.get("/api/export") { _, context in
            _ = try context.caller(requiring: .inspector)
            return try await export(logger: context.logger)
        }
    }

    /// Every event as one JSON line, in sequence order, from one snapshot of the log, streamed:
    /// the log is read on a connection and thread of its own and handed to the response 64 KiB
    /// at a time, never more than a few chunks ahead of the client.
    func export(logger: Logger) async throws -> Response {
        // Opened before the answer starts, so that a ledger that cannot be read is a status, not a cut stream.
        let lane = try await ledgers.dedicatedReader()
        let body = ResponseBody { writer in
            let pipe = ChunkPipe(capacity: 4)
            async let produced: Void = lane.run { ledger in
                var chunk: [UInt8] = []
                chunk.reserveCapacity(80 << 10)
                do {
                    try ledger.export { line in
                        chunk.append(contentsOf: line.utf8)
                        chunk.append(10)
                        if chunk.count >= 64 << 10 {
                            try pipe.put(chunk)
                            chunk.removeAll(keepingCapacity: true)
                        }
                    }
                    if !chunk.isEmpty { try pipe.put(chunk) }
                    pipe.finish()
                } catch {
                    pipe.finish(error)
                }
            }
            do {
                while let chunk = try await pipe.next() {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            } catch {
                // The client went away, or the log could not be read part way: the stream stops
                // without its last chunk, so the client sees it incomplete.
                pipe.cancel()
                logger.warning("export stopped: \(error)")
                try? await produced
                await lane.close()
                throw error
            }
            try? await produced
            await lane.close()
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson; charset=utf-8"], body: body)
    }
}

extension ByteBuffer {
    var bytes: [UInt8] { withUnsafeReadableBytes { Array($0) } }
}

/// `POST /api/proofs`: `docledger prove` through the server (any login): the proof that an event,
/// or every event of a subject's history, is in a signed checkpoint, or that one checkpoint
/// extends another. The answer is the file `docledger check-proof` reads.
struct ProofsController {
    let ledgers: Ledgers

    struct Asked: Decodable {
        let id: String?
        let consistency: String?
        let checkpoint: String
    }

    static let usage = #"the body must be {"id": "…", "checkpoint": "<the signed note>"} or {"consistency": "<an older note>", "checkpoint": "<a newer note>"}"#

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("/api/proofs") { request, context in
            _ = try context.authenticated()
            var request = request
            let body = try await request.body(.json(limit: 65_536))
            let asked: Asked
            do { asked = try JSONDecoder().decode(Asked.self, from: Data(body.bytes)) } catch {
                throw APIError.badRequest(Self.usage, field: "body", reason: "not {\"id\" or \"consistency\", \"checkpoint\"}")
            }
            guard (asked.id == nil) != (asked.consistency == nil) else {
                throw APIError.badRequest(Self.usage, field: "body", reason: "give either \"id\" or \"consistency\"")
            }
            let text = try await ledgers.read { ledger in
                if let old = asked.consistency { return try ledger.consistencyProof(old: old, new: asked.checkpoint).text }
                let (proofs, single) = try ledger.inclusionProofs(of: asked.id ?? "", checkpoint: asked.checkpoint)
                return ProofFile.text(proofs, single: single)
            }
            return JSONBody.text(text, contentType: "application/json; charset=utf-8")
        }
    }
}
