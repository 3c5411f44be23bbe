import LedgerJSON
public import LedgerStore
public import OfficeDomain

/// The three registers of Decree 30 (appendix IV) that the ledger prints.
public enum RegisterKind: String, Sendable, CaseIterable {
    /// Sổ đăng ký văn bản đến.
    case incoming
    /// Sổ đăng ký văn bản đi.
    case outgoing
    /// Sổ theo dõi giải quyết văn bản đến.
    case followUp = "follow-up"
}

/// A row's place in its register's number order: the year, the number series (outgoing
/// documents only; `""` for the incoming register) and the number. A page continues after it.
public struct RegisterKey: Hashable, Sendable, Comparable, LosslessStringConvertible {
    public var year: Int
    public var series: String
    public var number: Int

    public init(year: Int, series: String = "", number: Int) {
        self.year = year
        self.series = series
        self.number = number
    }

    /// `2017:123` (incoming), `2017:UBND|QĐ+CT:41` (outgoing: the series as the ledger names it).
    public var description: String { series.isEmpty ? "\(year):\(number)" : "\(year):\(series):\(number)" }

    /// Parses what `description` writes (the series is what lies between the first and the
    /// last colon); nil otherwise.
    public init?(_ text: String) {
        guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"),
              let year = plainNumber(text[..<first]), year <= 9999,
              let number = plainNumber(text[text.index(after: last)...]) else { return nil }
        var series = ""
        if first != last {
            series = Normalization.nfc(String(text[text.index(after: first)..<last]))
            if series.isEmpty { return nil }
        }
        self.init(year: year, series: series, number: number)
    }

    public static func < (a: Self, b: Self) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.series != b.series { return Array(a.series.utf8).lexicographicallyPrecedes(Array(b.series.utf8)) }
        return a.number < b.number
    }
}

/// Digits only, no sign, no leading zero (but `0` itself), at most 9 of them.
private func plainNumber(_ text: Substring) -> Int? {
    guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }),
          text == "0" || !text.hasPrefix("0") else { return nil }
    return Int(text)
}

/// What a register page shows: documents dated in [from, to] (received_on for the incoming and
/// follow-up registers, issued_on for the outgoing one), optionally of one doc type, handled by
/// (kept by) one unit, whose subject has every word of `search`, after `after`, at most `limit`.
public struct RegisterFilter: Sendable, Equatable {
    public var from: Day
    public var to: Day
    public var docType: String?
    /// Incoming and follow-up: the lead unit of the latest assignment; outgoing: the unit
    /// keeping the file copy (archive_unit). NFC.
    public var unit: String?
    /// Words of the subject (trích yếu), diacritics and đ/Đ ignored.
    public var search: String?
    public var after: RegisterKey?
    public var limit: Int

    public init(from: Day, to: Day, docType: String? = nil, unit: String? = nil, search: String? = nil,
                after: RegisterKey? = nil, limit: Int = 100) {
        self.from = from
        self.to = to
        self.docType = docType
        self.unit = unit.map(Normalization.nfc)
        self.search = search
        self.after = after
        self.limit = limit
    }
}

/// One page of a register: its rows in number order, and the key to ask for the next page
/// with (nil on the last page).
public struct RegisterPage<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var next: RegisterKey?

    public init(rows: [Row], next: RegisterKey?) {
        self.rows = rows
        self.next = next
    }
}

/// A row of the incoming register (sổ đăng ký văn bản đến).
public struct IncomingRegisterRow: Sendable, Equatable {
    public var key: RegisterKey { RegisterKey(year: year, number: arrivalNo) }
    public var year: Int
    /// Ngày đến.
    public var receivedOn: Day
    /// Số đến.
    public var arrivalNo: Int
    /// Tác giả: the issuing body.
    public var sender: String
    /// Số, ký hiệu: the sender's.
    public var numberSymbol: String
    /// Ngày tháng: the document's own date.
    public var signedOn: Day?
    public var docType: String
    /// Trích yếu.
    public var subject: String
    /// Đơn vị hoặc người nhận: the lead unit of the latest assignment.
    public var handler: String?
    /// Ngày chuyển: the latest assignment's date.
    public var handedOverOn: Day?
    public var copies: Int?
    /// Ghi chú.
    public var note: String?
    /// The arrival number this one repeats (registered twice on purpose).
    public var repeatOf: Int?
    /// Its workflow as the rules see it (what may be recorded next: `nextSteps`).
    public var workflow: IncomingState
}

/// A row of the outgoing register (sổ đăng ký văn bản đi).
public struct OutgoingRegisterRow: Sendable, Equatable {
    public var key: RegisterKey { RegisterKey(year: year, series: series, number: number) }
    public var year: Int
    public var series: String
    public var number: Int
    /// Số, ký hiệu.
    public var symbol: String
    /// Ngày tháng.
    public var issuedOn: Day
    public var docType: String
    public var legalNormative: Bool
    /// Trích yếu.
    public var subject: String
    /// Người ký.
    public var signer: String?
    /// Nơi nhận.
    public var recipients: [String]
    /// Đơn vị, người nhận bản lưu.
    public var archiveUnit: String?
    /// Số lượng bản.
    public var copies: Int?
    /// Ngày chuyển.
    public var sentOn: Day?
    /// Ghi chú.
    public var note: String?
    /// When the document was recalled (it stays in the register), if it was.
    public var recalledOn: Day?
}

/// Where an incoming document's handling stands (tiến độ giải quyết).
public enum FollowUpProgress: Sendable, Equatable {
    /// The latest progress report.
    case reported(on: Day, unit: String, note: String)
    /// Answered (with the answering document in the row), with the answer's note.
    case answered(on: Day, note: String?)
    /// Closed without an answer (filed, merged, no longer needed).
    case closed(on: Day, reason: String)
}

/// A row of the follow-up register (sổ theo dõi giải quyết văn bản đến): an incoming document
/// whose assignment in force asks for handling (not for information only).
public struct FollowUpRegisterRow: Sendable, Equatable {
    public var key: RegisterKey { RegisterKey(year: year, number: arrivalNo) }
    public var year: Int
    /// Số đến.
    public var arrivalNo: Int
    public var receivedOn: Day
    /// Tên loại, số, ký hiệu, ngày tháng, tác giả và trích yếu.
    public var docType: String
    public var numberSymbol: String
    public var signedOn: Day?
    public var sender: String
    public var subject: String
    /// Đơn vị hoặc người nhận: the lead unit of the latest assignment.
    public var handler: String
    public var supportUnits: [String]
    /// Thời hạn giải quyết: the latest assignment's deadline.
    public var deadline: Day?
    /// Tiến độ giải quyết: the outcome, else the latest progress report.
    public var progress: FollowUpProgress?
    /// Số, ký hiệu văn bản trả lời.
    public var answerDocument: String?
    /// Ghi chú: the latest assignment's instruction.
    public var note: String?
}

/// The full-text search on subjects: the text indexed and the query, folded alike.
public enum SubjectSearch {
    /// `text` with đ/Đ as d/D: unicode61's remove_diacritics leaves them, being letters of
    /// their own, not a d with a mark.
    public static func folded(_ text: String) -> String {
        // On the UTF-8 bytes: đ is C4 91 and Đ is C4 90, and C4 only ever leads a character,
        // so the pairs are found and replaced without decoding (every subject is folded as it
        // is recorded: scalar by scalar, this was 7% of an import's instructions).
        var text = text
        guard let first = text.withUTF8({ firstD($0, from: 0) }) else { return text }
        return text.withUTF8 { bytes -> String in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var start = 0
            var at: Int? = first
            while let i = at {
                out.append(contentsOf: bytes[start..<i])
                out.append(bytes[i + 1] == 0x91 ? 0x64 : 0x44)   // d, D
                start = i + 2
                at = firstD(bytes, from: start)
            }
            out.append(contentsOf: bytes[start...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The offset of the next đ or Đ (C4 91 or C4 90) at or after `start`.
    private static func firstD(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == 0xC4, bytes[i + 1] == 0x90 || bytes[i + 1] == 0x91 { return i }
            i += 1
        }
        return nil
    }

    /// The FTS5 query for what a user typed: every word (letters and digits) as a quoted
    /// string, all of them required. Nil when there is no word in it. Nothing the user types
    /// is read as FTS5 syntax.
    public static func query(_ text: String) -> String? {
        let words = folded(Normalization.nfc(text)).split { !($0.isLetter || $0.isNumber) }
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"" }.joined(separator: " ")
    }
}

/// Reads the registers from the read tables (the register fields kept verbatim are read from
/// the document's own event, by its seq).
public enum RegisterQuery {
    /// The incoming register: documents received in [from, to], in arrival-number order.
    public static func incoming(_ db: Database, _ filter: RegisterFilter) throws -> RegisterPage<IncomingRegisterRow> {
        try db.read {
            let s = try receivedRows(db, filter, followUp: false)
            let facts = try FactReader(db)
            var rows: [IncomingRegisterRow] = []
            while try s.step() {
                let year = s.int(0), arrivalNo = s.int(1)
                guard let receivedOn = day(s, 2) else { continue }
                let workflow = try facts.read(year: year, arrivalNo: arrivalNo)
                rows.append(IncomingRegisterRow(
                    year: year, receivedOn: receivedOn, arrivalNo: arrivalNo, sender: s.text(3), numberSymbol: s.text(4),
                    signedOn: s.optionalText(7).flatMap(Day.init), docType: s.text(5), subject: s.text(6),
                    handler: workflow.assignment?.unit, handedOverOn: workflow.assignment?.on,
                    copies: s.isNull(8) ? nil : s.int(8), note: s.optionalText(9), repeatOf: s.isNull(10) ? nil : s.int(10),
                    workflow: IncomingState(receivedOn: receivedOn, assignedOn: workflow.assignment?.on,
                                            forInformation: workflow.assignment?.forInformation ?? false,
                                            answeredOn: workflow.answeredOn, closedOn: workflow.closedOn)))
            }
            return page(rows, limit: filter.limit, key: \.key)
        }
    }

    /// The follow-up register: documents received in [from, to] whose latest assignment asks
    /// for handling, in arrival-number order.
    public static func followUp(_ db: Database, _ filter: RegisterFilter) throws -> RegisterPage<FollowUpRegisterRow> {
        try db.read {
            let s = try receivedRows(db, filter, followUp: true)
            let facts = try FactReader(db)
            var rows: [FollowUpRegisterRow] = []
            while try s.step() {
                let year = s.int(0), arrivalNo = s.int(1)
                let workflow = try facts.read(year: year, arrivalNo: arrivalNo)
                guard let assignment = workflow.assignment, let receivedOn = day(s, 2) else { continue }
                rows.append(FollowUpRegisterRow(
                    year: year, arrivalNo: arrivalNo, receivedOn: receivedOn, docType: s.text(5), numberSymbol: s.text(4),
                    signedOn: s.optionalText(7).flatMap(Day.init), sender: s.text(3), subject: s.text(6),
                    handler: assignment.unit, supportUnits: assignment.supportUnits, deadline: assignment.deadline,
                    progress: workflow.progress, answerDocument: workflow.answerDocument, note: assignment.instruction))
            }
            return page(rows, limit: filter.limit, key: \.key)
        }
    }

    /// The outgoing register: documents issued in [from, to], by year, series and number.
    public static func outgoing(_ db: Database, _ filter: RegisterFilter) throws -> RegisterPage<OutgoingRegisterRow> {
        try db.read {
            // The row-value bound leads the index search (a keyset page starts at its key, however
            // deep); never before the period's first year.
            let start = RegisterKey(year: filter.from.year, series: "", number: -1)
            let after = max(filter.after ?? start, start)
            let s = try db.prepare("""
                SELECT d.year, d.series, d.number, d.symbol, d.issued_on, d.doc_type, d.legal_normative, d.subject,
                       e.data ->> '$.signer', e.data -> '$.recipients', e.data ->> '$.archive_unit', e.data ->> '$.copies',
                       e.data ->> '$.sent_on', e.data ->> '$.note',
                       (SELECT min(a.dated_on) FROM p_document_amendments a
                        WHERE a.symbol = d.symbol AND a.year = d.year AND +a.kind = \(DocumentAmended.Kind.recalled.sql))
                FROM p_documents_issued d JOIN events e ON e.seq = d.seq
                WHERE (d.year, d.series, d.number) > (?3, ?4, ?5) AND d.year <= ?2
                  AND d.issued_on BETWEEN ?6 AND ?7
                  AND (?8 IS NULL OR d.doc_type = ?8)
                  AND (?9 IS NULL OR d.seq IN (SELECT rowid FROM p_subject_search WHERE p_subject_search MATCH ?9))
                  AND (?10 IS NULL OR e.data ->> '$.archive_unit' = ?10)
                ORDER BY d.year, d.series, d.number
                LIMIT ?11
                """)
            try s.bind(filter.to.year, at: 2)
            try s.bind(after.year, at: 3); try s.bind(after.series, at: 4); try s.bind(after.number, at: 5)
            try s.bind(filter.from.description, at: 6); try s.bind(filter.to.description, at: 7)
            try s.bind(filter.docType, at: 8); try s.bind(filter.search.flatMap(SubjectSearch.query), at: 9)
            try s.bind(filter.unit, at: 10); try s.bind(filter.limit + 1, at: 11)
            var rows: [OutgoingRegisterRow] = []
            while try s.step() {
                guard let issuedOn = day(s, 4) else { continue }
                let recipients = s.optionalText(9).flatMap { try? JSONParser.parse(Array($0.utf8)).arrayValue }?
                    .compactMap(\.stringValue) ?? []
                rows.append(OutgoingRegisterRow(
                    year: s.int(0), series: s.text(1), number: s.int(2), symbol: s.text(3), issuedOn: issuedOn,
                    docType: s.text(5), legalNormative: s.int(6) != 0, subject: s.text(7), signer: s.optionalText(8),
                    recipients: recipients, archiveUnit: s.optionalText(10), copies: s.isNull(11) ? nil : s.int(11),
                    sentOn: s.optionalText(12).flatMap(Day.init), note: s.optionalText(13),
                    recalledOn: s.optionalText(14).flatMap(Day.init)))
            }
            return page(rows, limit: filter.limit, key: \.key)
        }
    }

    /// The received documents of the filter, one more than the limit (to know whether a next
    /// page exists). Columns: year, arrival_no, received_on, sender, number_symbol, doc_type,
    /// subject, signed_on, copies, note, repeat_of.
    static func receivedRows(_ db: Database, _ filter: RegisterFilter, followUp: Bool) throws -> Statement {
        // The assignment in force: the greatest assigned_on, then seq.
        let latest = """
            FROM p_incoming_facts f WHERE f.year = r.year AND f.arrival_no = r.arrival_no AND f.kind = \(IncomingFactKind.assigned.sql)
            ORDER BY f.dated_on DESC, f.seq DESC LIMIT 1
            """
        let s = try db.prepare("""
            SELECT r.year, r.arrival_no, r.received_on, r.sender, r.number_symbol, r.doc_type,
                   e.data ->> '$.subject', e.data ->> '$.signed_on', e.data ->> '$.copies', e.data ->> '$.note',
                   e.data ->> '$.repeat_of'
            FROM p_documents_received r JOIN events e ON e.seq = r.seq
            WHERE (r.year, r.arrival_no) > (?3, ?4) AND r.year <= ?2
              AND r.received_on BETWEEN ?5 AND ?6
              AND (?7 IS NULL OR r.doc_type = ?7)
              AND (?8 IS NULL OR r.seq IN (SELECT rowid FROM p_subject_search WHERE p_subject_search MATCH ?8))
              AND (?9 IS NULL OR (SELECT f.unit \(latest)) = ?9)
              AND (?10 = 0 OR (SELECT f.for_information \(latest)) = 0)
            ORDER BY r.year, r.arrival_no
            LIMIT ?11
            """)
        // The row-value bound leads the primary key search: a page starts at its key.
        let start = RegisterKey(year: filter.from.year, number: -1)
        let after = max(filter.after ?? start, start)
        try s.bind(filter.to.year, at: 2)
        try s.bind(after.year, at: 3); try s.bind(after.number, at: 4)
        try s.bind(filter.from.description, at: 5); try s.bind(filter.to.description, at: 6)
        try s.bind(filter.docType, at: 7); try s.bind(filter.search.flatMap(SubjectSearch.query), at: 8)
        try s.bind(filter.unit, at: 9); try s.bind(followUp, at: 10); try s.bind(filter.limit + 1, at: 11)
        return s
    }

    /// A day column; nil only in a read table damaged by hand (`verify` names it), whose row is skipped.
    static func day(_ s: Statement, _ column: Int32) -> Day? {
        s.withBytes(column, Day.init(utf8:))
    }

    /// The first `limit` rows, and the key of the last of them when more follow.
    static func page<Row>(_ rows: [Row], limit: Int, key: (Row) -> RegisterKey) -> RegisterPage<Row> {
        guard rows.count > limit else { return RegisterPage(rows: rows, next: nil) }
        let shown = Array(rows.prefix(limit))
        return RegisterPage(rows: shown, next: shown.last.map(key))
    }
}

/// An incoming document's workflow as the registers show it.
struct IncomingWorkflow {
    struct Assignment {
        var on: Day
        var seq: Int64
        var unit: String
        var supportUnits: [String]
        var deadline: Day?
        var forInformation: Bool
        var instruction: String?
    }
    var assignment: Assignment?
    var progress: FollowUpProgress?
    var answerDocument: String?
    var answeredOn: Day?
    var closedOn: Day?
}

/// Reads one incoming document's workflow facts (with the notes of their events).
struct FactReader {
    let s: Statement

    init(_ db: Database) throws {
        s = try db.prepare("""
            SELECT f.kind, f.dated_on, f.unit, f.deadline, f.for_information, f.value, f.seq,
                   e.data ->> '$.note', e.data ->> '$.reason', e.data -> '$.support_units', e.data ->> '$.instruction'
            FROM p_incoming_facts f JOIN events e ON e.seq = f.seq
            WHERE f.year = ?1 AND f.arrival_no = ?2 ORDER BY f.seq
            """)
    }

    func read(year: Int, arrivalNo: Int) throws -> IncomingWorkflow {
        defer { s.reset() }
        try s.bind(year, at: 1); try s.bind(arrivalNo, at: 2)
        var out = IncomingWorkflow()
        var outcome: FollowUpProgress?
        var latestReport: (on: Day, seq: Int64, progress: FollowUpProgress)?
        while try s.step() {
            guard let on = RegisterQuery.day(s, 1) else { continue }
            let seq = s.int64(6)
            switch IncomingFactKind(rawValue: s.text(0)) {
            case .assigned:
                // The one in force: the greatest assigned_on, then seq (facts come in seq order).
                if let current = out.assignment, current.on > on { continue }
                let support = s.optionalText(9).flatMap { try? JSONParser.parse(Array($0.utf8)).arrayValue }?
                    .compactMap(\.stringValue) ?? []
                out.assignment = .init(on: on, seq: seq, unit: s.text(2), supportUnits: support,
                                       deadline: s.optionalText(3).flatMap(Day.init), forInformation: s.int(4) != 0,
                                       instruction: s.optionalText(10))
            case .progress:
                if let latest = latestReport, latest.on > on { continue }
                latestReport = (on, seq, .reported(on: on, unit: s.text(2), note: s.optionalText(7) ?? ""))
            case .answered:
                outcome = .answered(on: on, note: s.optionalText(7))
                out.answeredOn = on
                out.answerDocument = s.optionalText(5).flatMap { value in value.lastIndex(of: "@").map { String(value[..<$0]) } }
            case .closed:
                outcome = .closed(on: on, reason: s.optionalText(8) ?? "")
                out.closedOn = on
            case nil:
                break
            }
        }
        out.progress = outcome ?? latestReport?.progress
        return out
    }
}
