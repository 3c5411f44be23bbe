import LedgerJSON

// The office's events. Each decodes from an event's `data` object; the stored data is the
// submitted object (NFC) plus the fields the ledger filled in (see `Decision.filled`).

public struct DocumentReceived: Equatable, Sendable {
    public var receivedOn: Day
    public var sender: String
    public var numberSymbol: String
    public var docType: String
    public var subject: String
    public var arrivalNo: Int?
    public var signedOn: Day?
}

public struct DocumentIssued: Equatable, Sendable {
    public var issuedOn: Day
    public var docType: String
    public var subject: String
    public var legalNormative: Bool
    public var number: Int?
    public var issuer: String
    public var signer: String?
    public var recipients: [String]?

    public var year: Int { issuedOn.year }

    /// The number symbol once a number is known.
    public func symbol(number: Int) -> NumberSymbol {
        NumberSymbol(number: number, year: legalNormative ? year : nil, docType: docType, issuer: issuer)
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

public struct DirectiveIssued: Equatable, Sendable {
    public var directiveID: String
    public var issuedOn: Day
    public var leadUnit: String
    public var content: String
    public var deadline: Day?
    public var supportUnits: [String]?
    public var sourceDocument: NumberSymbol?
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

public struct ProgrammeItemRegistered: Equatable, Sendable {
    public var itemID: String
    public var year: Int
    public var title: String
    public var leadUnit: String
    public var due: Due
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

public enum OfficeEvent: Equatable, Sendable {
    case documentReceived(DocumentReceived)
    case documentIssued(DocumentIssued)
    case documentAmended(DocumentAmended)
    case directiveIssued(DirectiveIssued)
    case directiveUpdated(DirectiveUpdate)
    case programmeItemRegistered(ProgrammeItemRegistered)
    case programmeItemUpdated(ProgrammeItemUpdate)

    /// Every event type the ledger accepts.
    public static let types: [String] = [
        "DocumentReceived", "DocumentIssued", "DocumentRecalled", "DocumentCorrected",
        "DirectiveIssued", "DirectiveDeadlineExtended", "DirectiveProgressReported", "DirectiveCompleted",
        "DirectiveCancelled",
        "ProgrammeItemRegistered", "ProgrammeItemRescheduled", "ProgrammeItemSubmitted", "ProgrammeItemApproved",
        "ProgrammeItemWithdrawn",
    ]

    /// Decodes and checks the fields of one event's data (no ledger state needed).
    public static func decode(type: String, data: JSONObject) throws(DomainError) -> OfficeEvent {
        var r = FieldReader(data, type: type)
        let event: OfficeEvent
        switch type {
        case "DocumentReceived":
            let e = DocumentReceived(
                receivedOn: try r.day("received_on"), sender: try r.text("sender"),
                numberSymbol: try r.text("number_symbol"), docType: try r.docType("doc_type"),
                subject: try r.text("subject"), arrivalNo: try r.optionalInt("arrival_no", in: 1...9_999_999),
                signedOn: try r.optionalDay("signed_on"))
            if let signed = e.signedOn, signed > e.receivedOn {
                throw DomainError(field: "data.signed_on", reason: "\(signed) is after received_on \(e.receivedOn)")
            }
            event = .documentReceived(e)
        case "DocumentIssued":
            let e = DocumentIssued(
                issuedOn: try r.day("issued_on"), docType: try r.docType("doc_type"), subject: try r.text("subject"),
                legalNormative: try r.optionalBool("legal_normative") ?? false,
                number: try r.optionalInt("number", in: 1...9_999_999),
                issuer: try r.optionalText("issuer") ?? "UBND", signer: try r.optionalText("signer"),
                recipients: try r.optionalTextList("recipients"))
            if e.legalNormative && e.docType != "QĐ" {
                throw DomainError(field: "data.legal_normative",
                                  reason: "only a decision (QĐ) can be a legal normative document of a provincial People's Committee, not \(e.docType)")
            }
            if e.issuer.contains("/") || e.issuer.contains(" ") {
                throw DomainError(field: "data.issuer", reason: "\"\(e.issuer)\" cannot contain '/' or spaces (it is part of the symbol, e.g. UBND)")
            }
            // A công văn's symbol is `number/issuer`: an issuer such as "QĐ-UBND" would give it the symbol
            // of another series' document (01/QĐ-UBND), which the register cannot hold twice.
            if e.docType == DocumentTypes.officialLetter, let dash = e.issuer.firstIndex(of: "-"),
               case let code = String(e.issuer[..<dash]), code != DocumentTypes.officialLetter, DocumentTypes.isKnown(code) {
                throw DomainError(field: "data.issuer",
                                  reason: "\"\(e.issuer)\" would make this công văn's symbol read as a \(code) document's; a công văn's issuer cannot start with a document type code")
            }
            event = .documentIssued(e)
        case "DocumentRecalled", "DocumentCorrected":
            let recalled = type == "DocumentRecalled"
            let document = try r.symbol("document", required: true)!
            let year = try r.int("year", in: 1900...9999)
            let e = DocumentAmended(
                kind: recalled ? .recalled : .corrected, document: document, year: year,
                datedOn: try r.day(recalled ? "recalled_on" : "corrected_on"),
                note: try r.text(recalled ? "reason" : "correction"))
            if let symbolYear = document.year, symbolYear != year {
                throw DomainError(field: "data.year", reason: "\(year) differs from the year in \(document) (\(symbolYear))")
            }
            event = .documentAmended(e)
        case "DirectiveIssued":
            let e = DirectiveIssued(
                directiveID: try identifier(&r, "directive_id"), issuedOn: try r.day("issued_on"),
                leadUnit: try r.text("lead_unit"), content: try r.text("content"), deadline: try r.optionalDay("deadline"),
                supportUnits: try r.optionalTextList("support_units"),
                sourceDocument: try r.symbol("source_document", required: false))
            if let deadline = e.deadline, deadline < e.issuedOn {
                throw DomainError(field: "data.deadline", reason: "\(deadline) is before the issue date \(e.issuedOn)")
            }
            event = .directiveIssued(e)
        case "DirectiveDeadlineExtended":
            event = .directiveUpdated(DirectiveUpdate(
                kind: .extended, directiveID: try identifier(&r, "directive_id"), datedOn: try r.day("extended_on"),
                newDeadline: try r.day("new_deadline"), text: try r.text("reason")))
        case "DirectiveProgressReported":
            event = .directiveUpdated(DirectiveUpdate(
                kind: .progress, directiveID: try identifier(&r, "directive_id"), datedOn: try r.day("reported_on"),
                unit: try r.text("unit"), text: try r.text("note")))
        case "DirectiveCompleted":
            event = .directiveUpdated(DirectiveUpdate(
                kind: .completed, directiveID: try identifier(&r, "directive_id"), datedOn: try r.day("completed_on"),
                resultDocument: try r.symbol("result_document", required: false)))
        case "DirectiveCancelled":
            event = .directiveUpdated(DirectiveUpdate(
                kind: .cancelled, directiveID: try identifier(&r, "directive_id"), datedOn: try r.day("cancelled_on"),
                text: try r.text("reason")))
        case "ProgrammeItemRegistered":
            let e = ProgrammeItemRegistered(
                itemID: try identifier(&r, "item_id"), year: try r.int("year", in: 1900...9999),
                title: try r.text("title"), leadUnit: try r.text("lead_unit"), due: try r.due("due"))
            if e.due.end.year < e.year {
                throw DomainError(field: "data.due", reason: "\(e.due) ends before the programme year \(e.year)")
            }
            event = .programmeItemRegistered(e)
        case "ProgrammeItemRescheduled":
            event = .programmeItemUpdated(ProgrammeItemUpdate(
                kind: .rescheduled, itemID: try identifier(&r, "item_id"), datedOn: try r.day("rescheduled_on"),
                due: try r.due("due"), text: try r.text("reason")))
        case "ProgrammeItemSubmitted":
            event = .programmeItemUpdated(ProgrammeItemUpdate(
                kind: .submitted, itemID: try identifier(&r, "item_id"), datedOn: try r.day("submitted_on"),
                text: try r.optionalText("submission")))
        case "ProgrammeItemApproved":
            event = .programmeItemUpdated(ProgrammeItemUpdate(
                kind: .approved, itemID: try identifier(&r, "item_id"), datedOn: try r.day("approved_on"),
                decision: try r.symbol("decision", required: true)))
        case "ProgrammeItemWithdrawn":
            event = .programmeItemUpdated(ProgrammeItemUpdate(
                kind: .withdrawn, itemID: try identifier(&r, "item_id"), datedOn: try r.day("withdrawn_on"),
                text: try r.text("reason")))
        default:
            var reason = "unknown event type \"\(type)\""
            if let close = types.first(where: { $0.lowercased() == type.lowercased() }) { reason += " (did you mean \(close)?)" }
            throw DomainError(field: "type", reason: reason)
        }
        try r.finish()
        return event
    }

    private static func identifier(_ r: inout FieldReader, _ key: String) throws(DomainError) -> String {
        let id = try r.text(key)
        guard id.utf8.count <= 200, !id.contains("\n"), !id.contains("\t") else {
            throw DomainError(field: "data.\(key)", reason: "must be one line of at most 200 bytes")
        }
        return id
    }

    /// True for the event that starts its stream (a document's registration, a directive's or
    /// an item's first event): the rules have refused it if the stream already existed.
    public var opensStream: Bool {
        switch self {
        case .documentReceived, .documentIssued, .directiveIssued, .programmeItemRegistered: return true
        case .documentAmended, .directiveUpdated, .programmeItemUpdated: return false
        }
    }

    /// The stream an event belongs to. Documents need their number (see `OfficeRules.decide`).
    public func stream(arrivalNo: Int? = nil, number: Int? = nil) -> String {
        switch self {
        case .documentReceived(let e):
            return "received:\(e.receivedOn.year):\(arrivalNo ?? e.arrivalNo ?? 0)"
        case .documentIssued(let e):
            return Streams.document(e.symbol(number: number ?? e.number ?? 0), year: e.year)
        case .documentAmended(let e):
            return Streams.document(e.document, year: e.year)
        case .directiveIssued(let e):
            return Streams.directive(e.directiveID)
        case .directiveUpdated(let e):
            return Streams.directive(e.directiveID)
        case .programmeItemRegistered(let e):
            return Streams.programmeItem(e.itemID)
        case .programmeItemUpdated(let e):
            return Streams.programmeItem(e.itemID)
        }
    }
}

/// Stream names: one stream per document, directive and programme item.
public enum Streams {
    public static func document(_ symbol: NumberSymbol, year: Int) -> String { "document:\(symbol)@\(year)" }
    public static func directive(_ id: String) -> String { "directive:\(id)" }
    public static func programmeItem(_ id: String) -> String { "programme:\(id)" }
}
