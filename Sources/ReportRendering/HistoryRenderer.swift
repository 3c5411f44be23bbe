import LedgerJSON
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

    /// What is wrong with a declared figure whose JSON type is not the report's (a string
    /// "11064" where the report has the number 11064): the two would look alike in the table.
    static func typeMismatch(_ line: Reconciliation.Line) -> String? {
        guard line.differs, let ledger = line.ledger else { return nil }
        let declaredKind = kind(line.declared), ledgerKind = kind(ledger)
        guard declaredKind != ledgerKind else { return nil }
        let declared = "declared \(line.declared.canonicalString)" + (line.declared.isNull ? "" : " is \(declaredKind)")
        return "\(declared); the report's figure is \(ledgerKind)"
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    public static func text(_ r: Reconciliation) -> String {
        let mismatches = r.lines.map(typeMismatch)
        let rows = zip(r.lines, mismatches).map { line, mismatch in
            [line.path, show(line.declared), show(line.ledger), mismatch != nil ? "" : line.differs ? "DIFFERS" : "ok"]
        }
        var lines = ReportRenderer.table(["figure", "declared", "ledger", ""], rows)
        // Said in place of DIFFERS, from where that column starts (not aligned to its right edge).
        for (index, mismatch) in mismatches.enumerated() { if let mismatch { lines[index + 1] += "  " + mismatch } }
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
            "figures": .array(r.lines.map { line in
                var figure: JSONObject = ["figure": .string(line.path), "declared": line.declared,
                                          "ledger": line.ledger ?? .null, "differs": .bool(line.differs)]
                if let reason = typeMismatch(line) { figure["reason"] = .string(reason) }
                return .object(figure)
            }),
            "differences": .int(Int64(r.differences)),
            "doubts": .array(r.doubts.map { .object(["kind": .string($0.kind), "detail": .string($0.detail)]) }),
        ])
        return value.serialized(pretty: true) + "\n"
    }
}
