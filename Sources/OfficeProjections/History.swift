public import LedgerStore
public import OfficeDomain

/// The full story of one directive, programme item, document or incoming document: its own events, oldest
/// first, and the documents it links to (or, for a document, the events that cite it).
public struct SubjectHistory: Sendable {
    public struct Section: Sendable {
        public var title: String
        public var stream: String
        public var events: [StoredEvent]
        /// The linked document; nil for the section of citing events.
        public var document: DocumentKey? = nil
    }
    public var subject: String
    public var stream: String
    public var events: [StoredEvent]
    public var links: [Section]
}

public enum HistoryError: Error, CustomStringConvertible {
    case unknown(String)
    public var description: String {
        switch self {
        case .unknown(let id):
            return "nothing in the ledger is called \(id): give a directive id, a programme item id, a document as 41/QĐ-UBND@2017, an incoming document as 123@2017, or a stream name"
        }
    }
}

public enum HistoryQuery {
    /// Resolves ID (a directive id, an item id, `41/QĐ-UBND@2017`, or a stream name) and reads its story.
    public static func run(_ db: Database, id: String) throws -> SubjectHistory {
        let log = try EventLog(db: db)
        return try db.read {
            let stream = try resolve(db, log: log, id: id)
            let name = StreamName(parsing: stream)
            var history = SubjectHistory(subject: id, stream: stream, events: try events(log, stream: stream), links: [])
            for (title, key) in try links(db, of: name) {
                let linked = StreamName.document(key).description
                history.links.append(.init(title: title, stream: linked, events: try events(log, stream: linked), document: key))
            }
            if case .document(let key)? = name {
                let citing = try citations(db, key: key)
                if !citing.isEmpty {
                    var cited: [StoredEvent] = []
                    for seq in citing { if let event = try log.event(seq: seq) { cited.append(event) } }
                    history.links.append(.init(title: "cited by", stream: "", events: cited))
                }
            }
            return history
        }
    }

    static func events(_ log: EventLog, stream: String) throws -> [StoredEvent] {
        var out: [StoredEvent] = []
        try log.forEach(stream: stream) { out.append($0) }
        return out
    }

    static func resolve(_ db: Database, log: EventLog, id: String) throws -> String {
        var candidates: [StreamName] = []
        if let key = DocumentKey(parsing: id) { candidates.append(.document(key)) }
        candidates += [.directive(id), .programmeItem(id)]
        if let arrival = arrival(parsing: id) { candidates.append(arrival) }
        for stream in candidates.map(\.description) + [id] where try log.version(of: stream) > 0 {
            return stream
        }
        throw HistoryError.unknown(id)
    }

    /// An incoming document by arrival number and year, `123@2017`; nil for any other text.
    static func arrival(parsing text: String) -> StreamName? {
        func number(_ part: Substring) -> Int? {
            guard let first = part.utf8.first, first != UInt8(ascii: "0"), part.utf8.count <= 9,
                  part.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int(part)
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let arrivalNo = number(parts[0]), let year = number(parts[1]), year <= 9999 else { return nil }
        return .received(year: year, arrivalNo: arrivalNo)
    }

    /// Documents a directive, item or incoming document links to: (what the link is, the document).
    static func links(_ db: Database, of stream: StreamName?) throws -> [(String, DocumentKey)] {
        var out: [(String, String)] = []
        switch stream {
        case .directive(let id)?:
            let source = try db.prepare("SELECT source_document FROM p_directives WHERE directive_id = ? AND source_document IS NOT NULL")
            try source.bind(id, at: 1)
            while try source.step() { out.append(("source document", source.text(0))) }
            let results = try db.prepare("""
                SELECT value FROM p_directive_facts
                WHERE issued_on = (SELECT issued_on FROM p_directives WHERE directive_id = ?1) AND directive_id = ?1
                  AND kind = \(DirectiveUpdate.Kind.completed.sql) AND value IS NOT NULL ORDER BY seq
                """)
            try results.bind(id, at: 1)
            while try results.step() { out.append(("result document", results.text(0))) }
        case .programmeItem(let id)?:
            let decisions = try db.prepare("""
                SELECT value FROM p_programme_facts
                WHERE year = (SELECT year FROM p_programme_items WHERE item_id = ?1) AND item_id = ?1
                  AND kind = \(ProgrammeItemUpdate.Kind.approved.sql) AND value IS NOT NULL ORDER BY seq
                """)
            try decisions.bind(id, at: 1)
            while try decisions.step() { out.append(("approving decision", decisions.text(0))) }
        case .received(let year, let arrivalNo)?:
            let answers = try db.prepare("""
                SELECT value FROM p_incoming_facts
                WHERE year = ? AND arrival_no = ? AND kind = \(IncomingFactKind.answered.sql) AND value IS NOT NULL ORDER BY seq
                """)
            try answers.bind(year, at: 1)
            try answers.bind(arrivalNo, at: 2)
            while try answers.step() { out.append(("answering document", answers.text(0))) }
        case .document?, .settings?, .account?, .checkpoints?, nil:
            break
        }
        // The read tables hold keys the projector printed, so each reads back.
        return out.compactMap { title, key in DocumentKey(parsing: key).map { (title, $0) } }
    }

    /// Sequence numbers of the events that cite a document (as source, result, approval or answer).
    static func citations(_ db: Database, key: DocumentKey) throws -> [Int64] {
        let stmt = try db.prepare("""
            SELECT seq FROM p_directives WHERE source_document = ?1
            UNION SELECT seq FROM p_directive_facts WHERE kind = \(DirectiveUpdate.Kind.completed.sql) AND value = ?1
            UNION SELECT seq FROM p_programme_facts WHERE kind = \(ProgrammeItemUpdate.Kind.approved.sql) AND value = ?1
            UNION SELECT seq FROM p_incoming_facts WHERE kind = \(IncomingFactKind.answered.sql) AND value = ?1
            ORDER BY 1
            """)
        try stmt.bind(key.description, at: 1)
        var out: [Int64] = []
        while try stmt.step() { out.append(stmt.int64(0)) }
        return out
    }
}
