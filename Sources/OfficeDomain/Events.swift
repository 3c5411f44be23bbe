public import LedgerJSON

// The office's events. Each decodes from an event's `data` object; the stored data is the
// submitted object (NFC) plus the fields the ledger filled in (see `Decision.filled`).
// Each event's decoder and its fillable fields sit beside it, so a field is named in one place.

public struct DocumentReceived: Equatable, Sendable {
    /// The data field of the day it happened.
    public static let dateField = "received_on"
    public var receivedOn: Day
    public var sender: String
    public var numberSymbol: String
    public var docType: String
    public var subject: String
    public var arrivalNo: Int?
    public var signedOn: Day?
    /// Register fields kept verbatim (Decree 30, appendix IV): copies received and a note.
    public var copies: Int? = nil
    public var note: String? = nil
    /// The arrival number of the same document registered before, when this second copy is
    /// registered on purpose.
    public var repeatOf: Int? = nil

    /// The year that tells one document from another of the same sender and number symbol:
    /// the year it was signed, else the year it arrived.
    public var documentYear: Int { (signedOn ?? receivedOn).year }
}

extension DocumentReceived {
    /// The arrival number is allocated when left out.
    static let fillable: [FillableField<Self>] = [
        FillableField("arrival_no") { $0.arrivalNo.map { .int(Int64($0)) } },
    ]

    init(reading r: inout FieldReader) throws(DomainError) {
        self.init(receivedOn: try r.day(Self.dateField), sender: try r.text("sender"),
                  numberSymbol: try r.text("number_symbol"), docType: try r.docType("doc_type"),
                  subject: try r.text("subject"), arrivalNo: try r.optionalInt("arrival_no", in: 1...9_999_999),
                  signedOn: try r.optionalDay("signed_on"), copies: try r.optionalInt("copies", in: 1...9_999),
                  note: try r.optionalText("note"), repeatOf: try r.optionalInt("repeat_of", in: 1...9_999_999))
        if let signed = signedOn, signed > receivedOn {
            throw DomainError(field: "data.signed_on", reason: "\(signed) is after received_on \(receivedOn)")
        }
    }
}

public struct DocumentIssued: Equatable, Sendable {
    /// The data field of the day it happened.
    public static let dateField = "issued_on"
    public var issuedOn: Day
    public var docType: String
    public var subject: String
    public var legalNormative: Bool
    public var number: Int?
    public var issuer: String
    public var signer: String?
    public var recipients: [String]?
    /// Register fields kept verbatim (Decree 30, appendix IV): copies issued, the unit or person
    /// keeping the file copy, the day it was sent, a note.
    public var copies: Int? = nil
    public var archiveUnit: String? = nil
    public var sentOn: Day? = nil
    public var note: String? = nil

    public var year: Int { issuedOn.year }

    /// The number symbol once a number is known.
    public func symbol(number: Int) -> NumberSymbol {
        NumberSymbol(number: number, year: legalNormative ? year : nil, docType: docType, issuer: issuer)
    }
}

extension DocumentIssued {
    /// The issuer and the legal normative flag are defaults; the number is allocated when left out.
    static let fillable: [FillableField<Self>] = [
        FillableField("issuer") { .string($0.issuer) },
        FillableField("legal_normative") { .bool($0.legalNormative) },
        FillableField("number") { $0.number.map { .int(Int64($0)) } },
    ]

    init(reading r: inout FieldReader) throws(DomainError) {
        self.init(issuedOn: try r.day(Self.dateField), docType: try r.docType("doc_type"), subject: try r.text("subject"),
                  legalNormative: try r.optionalBool("legal_normative") ?? false,
                  number: try r.optionalInt("number", in: 1...9_999_999),
                  issuer: try r.optionalText("issuer") ?? "UBND", signer: try r.optionalText("signer"),
                  recipients: try r.optionalTextList("recipients"), copies: try r.optionalInt("copies", in: 1...9_999),
                  archiveUnit: try r.optionalText("archive_unit"), sentOn: try r.optionalDay("sent_on"),
                  note: try r.optionalText("note"))
        if let sentOn, sentOn < issuedOn {
            throw DomainError(field: "data.sent_on", reason: "\(sentOn) is before issued_on \(issuedOn)")
        }
        if legalNormative && docType != "QĐ" {
            throw DomainError(field: "data.legal_normative",
                              reason: "only a decision (QĐ) can be a legal normative document of a provincial People's Committee, not \(docType)")
        }
        if issuer.contains("/") || issuer.contains(" ") {
            throw DomainError(field: "data.issuer", reason: "\"\(issuer)\" cannot contain '/' or spaces (it is part of the symbol, e.g. UBND)")
        }
        // A công văn's symbol is `number/issuer`: an issuer such as "QĐ-UBND" would give it the symbol
        // of another series' document (01/QĐ-UBND), which the register cannot hold twice.
        if docType == DocumentTypes.officialLetter, let dash = issuer.firstIndex(of: "-"),
           case let code = String(issuer[..<dash]), code != DocumentTypes.officialLetter, DocumentTypes.isKnown(code) {
            throw DomainError(field: "data.issuer",
                              reason: "\"\(issuer)\" would make this công văn's symbol read as a \(code) document's; a công văn's issuer cannot start with a document type code")
        }
    }
}

/// A recall (thu hồi) or correction (đính chính) of an issued document.
public struct DocumentAmended: Equatable, Sendable {
    public enum Kind: String, Sendable { case recalled, corrected }
    public var kind: Kind
    public var document: NumberSymbol
    public var year: Int
    public var datedOn: Day
    public var note: String        // the recall's reason or the correction's text
}

extension DocumentAmended.Kind {
    /// The data field holding the day it happened.
    public var dateField: String {
        switch self {
        case .recalled: return "recalled_on"
        case .corrected: return "corrected_on"
        }
    }
}

extension DocumentAmended {
    init(_ kind: Kind, reading r: inout FieldReader) throws(DomainError) {
        let document = try r.symbol("document", required: true)!
        let year = try r.int("year", in: 1900...9999)
        self.init(kind: kind, document: document, year: year, datedOn: try r.day(kind.dateField),
                  note: try r.text(kind == .recalled ? "reason" : "correction"))
        if let symbolYear = document.year, symbolYear != year {
            throw DomainError(field: "data.year", reason: "\(year) differs from the year in \(document) (\(symbolYear))")
        }
    }
}

public struct DirectiveIssued: Equatable, Sendable {
    /// The data field of the day it happened.
    public static let dateField = "issued_on"
    public var directiveID: String
    public var issuedOn: Day
    public var leadUnit: String
    public var content: String
    public var deadline: Day?
    public var supportUnits: [String]?
    public var sourceDocument: NumberSymbol?
}

extension DirectiveIssued {
    init(reading r: inout FieldReader) throws(DomainError) {
        self.init(directiveID: try r.identifier("directive_id"), issuedOn: try r.day(Self.dateField),
                  leadUnit: try r.text("lead_unit"), content: try r.text("content"), deadline: try r.optionalDay("deadline"),
                  supportUnits: try r.optionalTextList("support_units"),
                  sourceDocument: try r.symbol("source_document", required: false))
        if let deadline, deadline < issuedOn {
            throw DomainError(field: "data.deadline", reason: "\(deadline) is before the issue date \(issuedOn)")
        }
    }
}

/// A later fact about a directive: extension, progress, completion or cancellation.
public struct DirectiveUpdate: Equatable, Sendable {
    public enum Kind: String, Sendable { case extended, progress, completed, cancelled }
    public var kind: Kind
    public var directiveID: String
    public var datedOn: Day
    public var newDeadline: Day?              // extended
    public var unit: String?                  // progress
    public var text: String?                  // extension reason, progress note, cancellation reason
    public var resultDocument: NumberSymbol?  // completed
}

extension DirectiveUpdate.Kind {
    /// The data field holding the day it happened.
    public var dateField: String {
        switch self {
        case .extended: return "extended_on"
        case .progress: return "reported_on"
        case .completed: return "completed_on"
        case .cancelled: return "cancelled_on"
        }
    }
}

extension DirectiveUpdate {
    init(_ kind: Kind, reading r: inout FieldReader) throws(DomainError) {
        self.init(kind: kind, directiveID: try r.identifier("directive_id"), datedOn: try r.day(kind.dateField))
        switch kind {
        case .extended:
            newDeadline = try r.day("new_deadline")
            text = try r.text("reason")
        case .progress:
            unit = try r.text("unit")
            text = try r.text("note")
        case .completed:
            resultDocument = try r.symbol("result_document", required: false)
        case .cancelled:
            text = try r.text("reason")
        }
    }
}

public struct ProgrammeItemRegistered: Equatable, Sendable {
    public var itemID: String
    public var year: Int
    public var title: String
    public var leadUnit: String
    public var due: Due
}

extension ProgrammeItemRegistered {
    init(reading r: inout FieldReader) throws(DomainError) {
        self.init(itemID: try r.identifier("item_id"), year: try r.int("year", in: 1900...9999),
                  title: try r.text("title"), leadUnit: try r.text("lead_unit"), due: try r.due("due"))
        if due.end.year < year {
            throw DomainError(field: "data.due", reason: "\(due) ends before the programme year \(year)")
        }
    }
}

/// A later fact about a programme item: reschedule, submission, approval or withdrawal.
public struct ProgrammeItemUpdate: Equatable, Sendable {
    public enum Kind: String, Sendable { case rescheduled, submitted, approved, withdrawn }
    public var kind: Kind
    public var itemID: String
    public var datedOn: Day
    public var due: Due?                  // rescheduled
    public var decision: NumberSymbol?    // approved
    public var text: String?              // reason or submission
}

extension ProgrammeItemUpdate.Kind {
    /// The data field holding the day it happened.
    public var dateField: String {
        switch self {
        case .rescheduled: return "rescheduled_on"
        case .submitted: return "submitted_on"
        case .approved: return "approved_on"
        case .withdrawn: return "withdrawn_on"
        }
    }
}

extension ProgrammeItemUpdate {
    init(_ kind: Kind, reading r: inout FieldReader) throws(DomainError) {
        self.init(kind: kind, itemID: try r.identifier("item_id"), datedOn: try r.day(kind.dateField))
        switch kind {
        case .rescheduled:
            due = try r.due("due")
            text = try r.text("reason")
        case .submitted:
            text = try r.optionalText("submission")
        case .approved:
            decision = try r.symbol("decision", required: true)
        case .withdrawn:
            text = try r.text("reason")
        }
    }
}

/// Leadership's routing of an incoming document (phân phối, ý kiến chỉ đạo): the unit that
/// leads its handling, the units that support it, a deadline. A later one re-routes it.
public struct IncomingAssigned: Equatable, Sendable {
    /// The data field of the day it happened.
    public static let dateField = "assigned_on"
    public var year: Int
    public var arrivalNo: Int
    public var assignedOn: Day
    public var leadUnit: String
    public var supportUnits: [String]?
    public var deadline: Day?
    public var instruction: String?
    /// Sent to the unit for information only: it needs no answer.
    public var forInformation: Bool
}

extension IncomingAssigned {
    init(reading r: inout FieldReader) throws(DomainError) {
        self.init(year: try r.int("year", in: 1900...9999), arrivalNo: try r.int("arrival_no", in: 1...9_999_999),
                  assignedOn: try r.day(Self.dateField), leadUnit: try r.text("lead_unit"),
                  supportUnits: try r.optionalTextList("support_units"), deadline: try r.optionalDay("deadline"),
                  instruction: try r.optionalText("instruction"), forInformation: try r.optionalBool("for_information") ?? false)
        if let deadline, deadline < assignedOn {
            throw DomainError(field: "data.deadline", reason: "\(deadline) is before the assignment date \(assignedOn)")
        }
    }
}

/// A later fact about an assigned incoming document: a unit's progress, its answer, or its closing.
public struct IncomingUpdate: Equatable, Sendable {
    public enum Kind: String, Sendable { case progress, answered, closed }
    public var kind: Kind
    public var year: Int
    public var arrivalNo: Int
    public var datedOn: Day
    public var unit: String?                  // progress
    public var text: String?                  // progress note, answer note, closing reason
    public var answerDocument: NumberSymbol?  // answered
}

extension IncomingUpdate.Kind {
    /// The data field holding the day it happened.
    public var dateField: String {
        switch self {
        case .progress: return "reported_on"
        case .answered: return "answered_on"
        case .closed: return "closed_on"
        }
    }
}

extension IncomingUpdate {
    init(_ kind: Kind, reading r: inout FieldReader) throws(DomainError) {
        self.init(kind: kind, year: try r.int("year", in: 1900...9999), arrivalNo: try r.int("arrival_no", in: 1...9_999_999),
                  datedOn: try r.day(kind.dateField))
        switch kind {
        case .progress:
            unit = try r.text("unit")
            text = try r.text("note")
        case .answered:
            answerDocument = try r.symbol("answer_document", required: false)
            text = try r.optionalText("note")
        case .closed:
            text = try r.text("reason")
        }
    }
}

public enum OfficeEvent: Equatable, Sendable {
    case documentReceived(DocumentReceived)
    case documentIssued(DocumentIssued)
    case documentAmended(DocumentAmended)
    case directiveIssued(DirectiveIssued)
    case directiveUpdated(DirectiveUpdate)
    case programmeItemRegistered(ProgrammeItemRegistered)
    case programmeItemUpdated(ProgrammeItemUpdate)
    /// Which doc types share a number series: only ever the ledger's first event.
    case seriesConfigured(SeriesConfigured)
    /// Who may do what: accounts and their roles (credentials are never events).
    case accountCreated(AccountCreated)
    case accountChanged(AccountChanged)
    /// The workflow of an incoming document: its routing, and what became of it.
    case incomingAssigned(IncomingAssigned)
    case incomingUpdated(IncomingUpdate)
    /// A signed checkpoint of the ledger's Merkle tree (what the office signed, and when).
    case checkpointSigned(CheckpointSigned)

    /// Every event type the ledger accepts.
    public static let types: [String] = EventType.allCases.map(\.rawValue)

    /// Decodes and checks the fields of one event's data (no ledger state needed).
    public static func decode(type: String, data: JSONObject) throws(DomainError) -> OfficeEvent {
        guard let eventType = EventType(rawValue: type) else {
            var reason = "unknown event type \"\(type)\""
            if let close = types.first(where: { $0.lowercased() == type.lowercased() }) { reason += " (did you mean \(close)?)" }
            throw DomainError(field: "type", reason: reason)
        }
        var r = FieldReader(data, type: type)
        let event = try eventType.decode(&r)
        try r.finish()
        return event
    }

    /// The type the event is stored under.
    public var type: EventType {
        switch self {
        case .documentReceived: return .documentReceived
        case .documentIssued: return .documentIssued
        case .documentAmended(let e):
            switch e.kind {
            case .recalled: return .documentRecalled
            case .corrected: return .documentCorrected
            }
        case .directiveIssued: return .directiveIssued
        case .directiveUpdated(let e):
            switch e.kind {
            case .extended: return .directiveDeadlineExtended
            case .progress: return .directiveProgressReported
            case .completed: return .directiveCompleted
            case .cancelled: return .directiveCancelled
            }
        case .programmeItemRegistered: return .programmeItemRegistered
        case .programmeItemUpdated(let e):
            switch e.kind {
            case .rescheduled: return .programmeItemRescheduled
            case .submitted: return .programmeItemSubmitted
            case .approved: return .programmeItemApproved
            case .withdrawn: return .programmeItemWithdrawn
            }
        case .seriesConfigured: return .seriesConfigured
        case .accountCreated: return .accountCreated
        case .accountChanged(let e):
            switch e.kind {
            case .granted: return .roleGranted
            case .revoked: return .roleRevoked
            case .disabled: return .accountDisabled
            }
        case .incomingAssigned: return .incomingAssigned
        case .incomingUpdated(let e):
            switch e.kind {
            case .progress: return .incomingProgressReported
            case .answered: return .incomingAnswered
            case .closed: return .incomingClosed
            }
        case .checkpointSigned: return .checkpointSigned
        }
    }

    /// The values of the event's fillable fields (`EventType.fillable`, in that order) that it holds.
    var filled: [(String, JSONValue)] {
        switch self {
        case .documentReceived(let e): return DocumentReceived.fillable.values(of: e)
        case .documentIssued(let e): return DocumentIssued.fillable.values(of: e)
        case .documentAmended, .directiveIssued, .directiveUpdated, .programmeItemRegistered, .programmeItemUpdated,
             .seriesConfigured, .accountCreated, .accountChanged, .incomingAssigned, .incomingUpdated, .checkpointSigned:
            return []
        }
    }

    /// True for the event that starts its stream (a document's registration, a directive's or
    /// an item's first event): the rules have refused it if the stream already existed.
    public var opensStream: Bool {
        switch self {
        case .documentReceived, .documentIssued, .directiveIssued, .programmeItemRegistered, .seriesConfigured, .accountCreated: return true
        case .documentAmended, .directiveUpdated, .programmeItemUpdated, .accountChanged, .incomingAssigned, .incomingUpdated,
             .checkpointSigned: return false
        }
    }

    /// The stream an event belongs to. Documents need their number (see `OfficeRules.decide`).
    public func streamName(arrivalNo: Int? = nil, number: Int? = nil) -> StreamName {
        switch self {
        case .documentReceived(let e):
            return .received(year: e.receivedOn.year, arrivalNo: arrivalNo ?? e.arrivalNo ?? 0)
        case .documentIssued(let e):
            return .document(DocumentKey(symbol: e.symbol(number: number ?? e.number ?? 0), year: e.year))
        case .documentAmended(let e):
            return .document(DocumentKey(symbol: e.document, year: e.year))
        case .directiveIssued(let e):
            return .directive(e.directiveID)
        case .directiveUpdated(let e):
            return .directive(e.directiveID)
        case .programmeItemRegistered(let e):
            return .programmeItem(e.itemID)
        case .programmeItemUpdated(let e):
            return .programmeItem(e.itemID)
        case .seriesConfigured:
            return .settings
        case .accountCreated(let e):
            return .account(e.user)
        case .accountChanged(let e):
            return .account(e.user)
        case .incomingAssigned(let e):
            return .received(year: e.year, arrivalNo: e.arrivalNo)
        case .incomingUpdated(let e):
            return .received(year: e.year, arrivalNo: e.arrivalNo)
        case .checkpointSigned:
            return .checkpoints
        }
    }

    /// The stored name of `streamName(arrivalNo:number:)`.
    public func stream(arrivalNo: Int? = nil, number: Int? = nil) -> String {
        streamName(arrivalNo: arrivalNo, number: number).description
    }
}

/// The ledger's series setting (`init --series`): which doc types share one number series.
/// Recorded as the ledger's first event when it is not the default, so the chain covers it;
/// a ledger without one numbers with `SeriesConfig.standard`.
public struct SeriesConfigured: Equatable, Sendable {
    public var series: SeriesConfig
    public init(series: SeriesConfig) { self.series = series }

    /// The event's data: `{"series": "QĐ+CT,KH+PA"}`.
    public var data: JSONObject { ["series": .string(series.encoded)] }
}

extension SeriesConfigured {
    init(reading r: inout FieldReader) throws(DomainError) {
        // Not `r.text`: "" is a setting too (no doc types share a series).
        guard let value = r.value("series") else { throw DomainError(field: "data.series", reason: "missing (required for SeriesConfigured)") }
        guard let text = value.stringValue else { throw DomainError(field: "data.series", reason: "must be a string, not \(value.typeName)") }
        if !text.isEmpty { _ = try r.checkedText(text, key: "series") }
        do { series = try SeriesConfig(encoded: text) } catch { throw DomainError(field: "data.series", reason: error.reason) }
    }
}
