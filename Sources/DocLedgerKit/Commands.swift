import LedgerJSON
import LedgerStore
import OfficeDomain
#if canImport(Glibc)
import Glibc
#endif

/// A value given for one field of a typed command's event data.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case int(Int)
    case flag(Bool)
    case texts([String])

    var json: JSONValue? {
        switch self {
        case .text(let text): return .string(text)
        case .int(let number): return .int(Int64(number))
        case .flag(let on): return on ? .bool(true) : nil          // a flag left off is not written
        case .texts(let list): return list.isEmpty ? nil : .array(list.map(JSONValue.string))
        }
    }
}

/// The typed commands every front end offers (the CLI's verbs, the server's forms): each one
/// records one event type from named fields, through the same pipeline as `append`.
public enum Verb: String, CaseIterable, Sendable {
    case receive, issue, documentRecall, documentCorrect
    case directiveIssue, directiveExtend, directiveProgress, directiveComplete, directiveCancel
    case programmeRegister, programmeReschedule, programmeSubmit, programmeApprove, programmeWithdraw
    case incomingAssign, incomingProgress, incomingAnswer, incomingClose
    case accountCreate, accountGrant, accountRevoke, accountDisable

    /// The event type this command records.
    var eventType: EventType {
        switch self {
        case .receive: return .documentReceived
        case .issue: return .documentIssued
        case .documentRecall: return .documentRecalled
        case .documentCorrect: return .documentCorrected
        case .directiveIssue: return .directiveIssued
        case .directiveExtend: return .directiveDeadlineExtended
        case .directiveProgress: return .directiveProgressReported
        case .directiveComplete: return .directiveCompleted
        case .directiveCancel: return .directiveCancelled
        case .programmeRegister: return .programmeItemRegistered
        case .programmeReschedule: return .programmeItemRescheduled
        case .programmeSubmit: return .programmeItemSubmitted
        case .programmeApprove: return .programmeItemApproved
        case .programmeWithdraw: return .programmeItemWithdrawn
        case .incomingAssign: return .incomingAssigned
        case .incomingProgress: return .incomingProgressReported
        case .incomingAnswer: return .incomingAnswered
        case .incomingClose: return .incomingClosed
        case .accountCreate: return .accountCreated
        case .accountGrant: return .roleGranted
        case .accountRevoke: return .roleRevoked
        case .accountDisable: return .accountDisabled
        }
    }

    /// The data field naming the directive, programme item or document the command is about.
    public var subjectField: String? {
        switch self {
        case .receive, .issue: return nil
        case .accountCreate, .accountGrant, .accountRevoke, .accountDisable: return "user"
        case .documentRecall, .documentCorrect: return "document"
        case .directiveIssue, .directiveExtend, .directiveProgress, .directiveComplete, .directiveCancel: return "directive_id"
        case .programmeRegister, .programmeReschedule, .programmeSubmit, .programmeApprove, .programmeWithdraw: return "item_id"
        // With "year": the incoming document's arrival number in that year's register.
        case .incomingAssign, .incomingProgress, .incomingAnswer, .incomingClose: return "arrival_no"
        }
    }

    /// The role the command needs when it comes through the server.
    public var roleNeeded: AccessRole? { eventType.roleNeeded.map(AccessRole.init(role:)) }

    /// The event's date field, which is today (local time, the day a clerk means) when not given.
    public var dateField: String? { eventType.dateField }

    /// The stream of the subject a command is about when it must exist already (every verb but
    /// those that register a new document, directive or item); nil when the data does not name one.
    func existingSubject(_ data: JSONObject) -> StreamName? {
        switch self {
        case .receive, .issue, .directiveIssue, .programmeRegister, .accountCreate:
            return nil
        case .accountGrant, .accountRevoke, .accountDisable:
            guard case .string(let user)? = data["user"] else { return nil }
            return .account(user)
        case .documentRecall, .documentCorrect:
            guard case .string(let symbol)? = data["document"], case .int(let year)? = data["year"],
                  let key = DocumentKey(parsing: "\(Normalization.nfc(symbol))@\(year)") else { return nil }
            return .document(key)
        case .directiveExtend, .directiveProgress, .directiveComplete, .directiveCancel:
            guard case .string(let id)? = data["directive_id"] else { return nil }
            return .directive(Normalization.nfc(id))
        case .programmeReschedule, .programmeSubmit, .programmeApprove, .programmeWithdraw:
            guard case .string(let id)? = data["item_id"] else { return nil }
            return .programmeItem(Normalization.nfc(id))
        case .incomingAssign, .incomingProgress, .incomingAnswer, .incomingClose:
            guard case .int(let year)? = data["year"], case .int(let number)? = data["arrival_no"] else { return nil }
            return .received(year: Int(year), arrivalNo: Int(number))
        }
    }
}

/// An incoming document as users name it, `123@2017` (arrival number 123 of 2017's register):
/// the fields `arrival_no` and `year` of its workflow events. Nil when it is not so written.
public func incomingDocumentFields(_ text: String) -> [(String, FieldValue)]? {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, let number = Int(parts[0]), let year = Int(parts[1]), number >= 1, (1...9999).contains(year),
          parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII), !parts[0].hasPrefix("0"), !parts[0].hasPrefix("+"),
          !parts[1].hasPrefix("+") else { return nil }
    return [("year", .int(year)), ("arrival_no", .int(number))]
}

/// What a typed command recorded.
public struct Recorded: Sendable {
    /// The event's sequence number; nil when the command was a retry already recorded.
    public let seq: Int64?
    public let stream: String
    /// A received document's arrival number, `12/2017`.
    public let arrivalNumber: String?
    /// An issued document's number symbol, `41/QĐ-UBND`.
    public let numberSymbol: String?
    public var isDuplicate: Bool { seq == nil }
}

extension Ledger {
    /// Records one typed command's event. `on` is its date field (default: `today`), `fields`
    /// the other data fields (nil: not given); `id` makes a repeated command a recognised
    /// retry. Refused input throws `Rejected`, its problems naming the fields (`issued_on`, not
    /// `data.issued_on`).
    public func record(_ verb: Verb, on: String? = nil, fields: [(String, FieldValue?)], id: String? = nil, actor: String,
                       today: () -> String = Ledger.today) throws -> Recorded {
        try record(verb, on: on, fields: fields, id: id, actor: actor, today: today, alsoWrite: nil)
    }

    func record(_ verb: Verb, on: String? = nil, fields: [(String, FieldValue?)], id: String? = nil, actor: String,
                today: () -> String = Ledger.today, alsoWrite: (() throws -> Void)?) throws -> Recorded {
        var data = JSONObject()
        for (key, value) in fields { if let json = value?.json { data[key] = json } }
        if let dateField = verb.dateField {
            data[dateField] = .string(on ?? today())
        } else if on != nil {
            throw UsageProblem(field: "on", reason: "\(verb.eventType.rawValue) records no date of its own; leave it out")
        }
        var envelope: JSONObject = ["type": .string(verb.eventType.rawValue), "data": .object(data)]
        if let id { envelope["id"] = .string(id) }
        let reader = LineReader(bytes: Array(JSONValue.object(envelope).canonicalString.utf8))
        var options = AppendOptions(actor: actor)
        options.alsoWrite = alsoWrite
        let result = try append(from: reader, options: options, keepEvents: true)
        guard result.ok else {
            let problems = result.problems.map {
                Rejected.Problem(field: $0.field.hasPrefix("data.") ? String($0.field.dropFirst(5)) : $0.field, reason: $0.reason)
            }
            // Refused because the directive, item or document it is about does not exist (a
            // front end answers "not found"), not for what the command says about it.
            var unknown = false
            if let subject = verb.existingSubject(data), problems.contains(where: { $0.field == verb.subjectField }) {
                unknown = try door { try log.version(of: subject.description) == 0 }
            }
            throw Rejected(problems, unknownSubject: unknown)
        }
        guard let stored = result.appendedEvents.first, let decided = result.decided.first else {
            return Recorded(seq: nil, stream: "", arrivalNumber: nil, numberSymbol: nil)
        }
        var arrival: String? = nil, symbol: String? = nil
        switch decided.streamName() {
        case .received(let year, let number): arrival = "\(number)/\(year)"
        case .document(let key): symbol = key.symbol.description
        case .directive, .programmeItem, .settings, .account, .checkpoints: break
        }
        return Recorded(seq: stored.seq, stream: stored.stream, arrivalNumber: arrival, numberSymbol: symbol)
    }

    /// Today in local time, `YYYY-MM-DD`.
    public static func today() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!.description
    }
}
