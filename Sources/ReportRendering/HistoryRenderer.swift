public import LedgerJSON
public import LedgerStore
public import OfficeProjections

/// Renders `docledger history`: a stream's events oldest first, then its linked documents.
public enum HistoryRenderer {
    /// "what changed": the event's data as `key: value` pairs, in key order.
    public static func summary(_ data: String) -> String {
        guard let object = try? JSONParser.parse(data).objectValue else { return data }
        return object.pairs.map { key, value in "\(key): \(plain(value))" }.joined(separator: "; ")
    }

    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .array(let items): return items.map(plain).joined(separator: ", ")
        default: return value.canonicalString
        }
    }

    /// One line per event, in columns: seq, recorded_at, actor, type, what changed.
    public static func eventLines(_ events: [StoredEvent], header: Bool = false) -> [String] {
        var rows = events.map { e in [String(e.seq), e.recordedAt, e.actor, e.type, summary(e.data)] }
        if header { rows.insert(["seq", "recorded_at", "actor", "type", "what"], at: 0) }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            "  " + (0..<4).map { c in row[c] + String(repeating: " ", count: widths[c] - row[c].count) }.joined(separator: "  ")
                + "  " + row[4]
        }
    }

    public static func text(_ history: SubjectHistory) -> String {
        var lines = ["\(history.subject) (stream \(history.stream)): \(history.events.count) event(s)"]
        lines += eventLines(history.events, header: true)
        for link in history.links {
            lines.append("")
            if let key = link.document {
                lines.append(link.events.isEmpty ? "\(link.title) \(key): not among the issued documents in this ledger"
                                                 : "\(link.title) \(key) (stream \(link.stream)):")
            } else {
                lines.append("\(link.title): \(link.events.count) event(s)")
            }
            lines += eventLines(link.events)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func eventJSON(_ e: StoredEvent) -> JSONValue {
        .object(["seq": .int(e.seq), "recorded_at": .string(e.recordedAt), "actor": .string(e.actor), "type": .string(e.type),
                 "stream": .string(e.stream), "version": .int(e.version), "id": .string(e.id),
                 "data": (try? JSONParser.parse(e.data)) ?? .string(e.data)])
    }

    public static func json(_ history: SubjectHistory) -> String {
        let links: [JSONValue] = history.links.map { link in
            .object(["link": .string(link.title), "stream": link.stream.isEmpty ? .null : .string(link.stream),
                     "found": .bool(!link.events.isEmpty), "events": .array(link.events.map(eventJSON))])
        }
        let value: JSONValue = .object(["subject": .string(history.subject), "stream": .string(history.stream),
                                        "events": .array(history.events.map(eventJSON)), "links": .array(links)])
        return value.serialized(pretty: true) + "\n"
    }
}

/// Renders `docledger reconcile`.
public enum ReconciliationRenderer {
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        if case .string(let s) = value { return s }
        return value.canonicalString
    }

    public static func text(_ r: Reconciliation) -> String {
        let rows = r.lines.map { [$0.path, show($0.declared), show($0.ledger), $0.differs ? "DIFFERS" : "ok"] }
        var lines = ReportRenderer.table(["figure", "declared", "ledger", ""], rows)
        lines.append("")
        lines.append("\(r.lines.count) declared figure(s) compared, \(r.differences) differ from the ledger.")
        lines.append("")
        if r.doubts.isEmpty {
            lines.append("The ledger shows nothing doubtful in this period.")
        } else {
            lines.append("What the ledger itself shows is doubtful (\(r.doubts.count)):")
            lines += r.doubts.map { "  - \($0.kind): \($0.detail)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: Reconciliation) -> String {
        let value: JSONValue = .object([
            "figures": .array(r.lines.map { .object(["figure": .string($0.path), "declared": $0.declared,
                                                     "ledger": $0.ledger ?? .null, "differs": .bool($0.differs)]) }),
            "differences": .int(Int64(r.differences)),
            "doubts": .array(r.doubts.map { .object(["kind": .string($0.kind), "detail": .string($0.detail)]) }),
        ])
        return value.serialized(pretty: true) + "\n"
    }
}
