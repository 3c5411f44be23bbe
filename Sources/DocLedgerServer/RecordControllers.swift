import DocLedgerKit
import Hummingbird
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The typed routes, one controller per resource, each route a clerk verb: the JSON body holds
// the event's data fields, the path names the subject, the caller is the actor.

/// `POST /api/documents/received|issued`, `POST /api/documents/{symbol}@{year}/recall|correct`.
struct DocumentsController {
    let recorder: Recorder

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post("/api/documents/received") { request, context in
            try await recorder.record(.receive, request, context)
        }
        router.post("/api/documents/issued") { request, context in
            try await recorder.record(.issue, request, context)
        }
        // A symbol holds a slash (41/QĐ-UBND, 20/2017/QĐ-UBND): sent as it is or as %2F.
        router.post("/api/documents/**") { request, context in
            var segments = context.parameters.getCatchAll()
            let verb: Verb
            switch segments.popLast() {
            case "recall": verb = .documentRecall
            case "correct": verb = .documentCorrect
            default: throw HTTPError(.notFound)
            }
            guard !segments.isEmpty else { throw HTTPError(.notFound) }
            let key = try segments.map { try decodedPathSegment($0, name: "document") }.joined(separator: "/")
            guard let at = key.lastIndex(of: "@"), let year = Int(key[key.index(after: at)...]), (1...9999).contains(year),
                  at > key.startIndex else {
                throw APIError.badRequest("the path must name the document as SYMBOL@YEAR, e.g. 41/QĐ-UBND@2017",
                                          field: "document", reason: "must be SYMBOL@YEAR, e.g. 41/QĐ-UBND@2017")
            }
            return try await recorder.record(verb, subject: [("document", .text(String(key[..<at]))), ("year", .int(year))],
                                             request, context)
        }
    }
}

/// A resource whose subject is named by an id: `POST /api/directives` opens a directive,
/// `POST /api/directives/{id}/extend|progress|complete|cancel` records what happens to it; the
/// programme's items alike. The path's id is the verb's subject field.
struct SubjectController {
    let recorder: Recorder
    let base: String
    let opening: Verb
    let updates: [(action: String, verb: Verb)]

    static func directives(_ recorder: Recorder) -> SubjectController {
        SubjectController(recorder: recorder, base: "/api/directives", opening: .directiveIssue,
                          updates: [("extend", .directiveExtend), ("progress", .directiveProgress),
                                    ("complete", .directiveComplete), ("cancel", .directiveCancel)])
    }

    static func programme(_ recorder: Recorder) -> SubjectController {
        SubjectController(recorder: recorder, base: "/api/programme", opening: .programmeRegister,
                          updates: [("reschedule", .programmeReschedule), ("submit", .programmeSubmit),
                                    ("approve", .programmeApprove), ("withdraw", .programmeWithdraw)])
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.post(RouterPath(base)) { request, context in
            try await recorder.record(opening, request, context)
        }
        for (action, verb) in updates {
            let field = verb.subjectField!
            router.post(RouterPath("\(base)/:id/\(action)")) { request, context in
                let id = try decodedPathSegment(context.parameters.get("id")![...], name: field)
                return try await recorder.record(verb, subject: [(field, .text(id))], request, context)
            }
        }
    }
}

/// `POST /api/incoming/{arrival_no}@{year}/assign|progress|answer|close`: the handling of an
/// incoming document, named as `docledger incoming` names it (`123@2017`).
struct IncomingController {
    let recorder: Recorder
    static let actions: [(action: String, verb: Verb)] = [
        ("assign", .incomingAssign), ("progress", .incomingProgress), ("answer", .incomingAnswer), ("close", .incomingClose),
    ]

    func addRoutes(to router: Router<LedgerRequestContext>) {
        for (action, verb) in Self.actions {
            router.post(RouterPath("/api/incoming/:document/\(action)")) { request, context in
                let document = try decodedPathSegment(context.parameters.get("document")![...], name: "document")
                guard let subject = incomingDocumentFields(document) else {
                    throw APIError.badRequest("the path must name the incoming document as ARRIVAL_NO@YEAR, e.g. 123@2017",
                                              field: "document", reason: "must be ARRIVAL_NO@YEAR, e.g. 123@2017")
                }
                return try await recorder.record(verb, subject: subject, request, context)
            }
        }
    }
}

/// Records one typed command from a request, as the CLI's `TypedVerb.run` does from options.
struct Recorder {
    let ledgers: Ledgers
    /// A typed command's body is one event's data: no larger than one line of `append`.
    let maxBodyBytes: Int

    /// What the CLI prints, as JSON: `{"seq","stream","arrival_number"?,"number_symbol"?}`, or
    /// `{"duplicate":true}` for a retry of an event already recorded (same `?id=`, same content).
    struct RecordedBody: Encodable {
        var seq: Int64?
        var stream: String?
        var arrival_number: String?
        var number_symbol: String?
        var duplicate: Bool
    }

    /// Records one typed command for the caller, who must hold the role its event type needs.
    func record(_ verb: Verb, subject: [(String, FieldValue)] = [], _ request: Request,
                _ context: LedgerRequestContext) async throws -> Response {
        let caller = try context.authenticated()
        if let role = verb.roleNeeded { try caller.require(role) } else { throw Forbidden(missing: [], what: "\(verb)") }
        var request = request
        let body = try await request.body(.json(limit: maxBodyBytes))
        let (on, fields) = try Self.fields(of: body, verb: verb, subject: subject, caller: caller)
        let id = try request.query("id").map { try checkedID($0) }
        let recorded = try await ledgers.write { ledger in
            try ledger.record(verb, on: on, fields: fields, id: id, actor: caller.user)
        }
        if recorded.isDuplicate { return JSONBody.response(RecordedBody(duplicate: true)) }
        return JSONBody.response(RecordedBody(seq: recorded.seq, stream: recorded.stream, arrival_number: recorded.arrivalNumber,
                                              number_symbol: recorded.numberSymbol, duplicate: false), status: .created)
    }

    func checkedID(_ id: String) throws -> String {
        guard !id.isEmpty else { throw APIError.badRequest("?id= is empty: give the event's id, or leave it out", field: "id", reason: "empty") }
        return id
    }

    /// The command's date (its date field) and its other data fields, from the body's JSON object.
    static func fields(of body: ByteBuffer, verb: Verb, subject: [(String, FieldValue)],
                       caller: Caller) throws -> (on: String?, fields: [(String, FieldValue?)]) {
        let bytes = body.bytes
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError.badRequest("the body is not valid JSON: it is not UTF-8", field: "body", reason: "not UTF-8")
        }
        let object: [String: BodyValue]
        do {
            object = try JSONDecoder().decode([String: BodyValue].self, from: Data(bytes))
        } catch DecodingError.typeMismatch {
            throw APIError.badRequest("the body must be a JSON object of the event's data fields", field: "body", reason: "not a JSON object")
        } catch {
            throw APIError.badRequest("the body is not valid JSON (UTF-8, at most 512 levels deep)", field: "body", reason: "not valid JSON")
        }
        var on: String?
        var fields: [(String, FieldValue?)] = subject.map { ($0.0, $0.1) }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if key == "actor" {
                guard case .text(let name) = value, name == caller.user else {
                    throw APIError.refused(field: "actor", reason: EventsController.actorRefusal)
                }
                continue
            }
            if let given = subject.first(where: { $0.0 == key }) {
                guard value.fieldValue == given.1 else {
                    throw APIError.refused(field: key, reason: "is given by the path; leave it out of the body")
                }
                continue
            }
            if key == verb.dateField {
                switch value {
                case .null: continue
                case .text(let day): on = day
                default: throw APIError.refused(field: key, reason: "must be a date as text, YYYY-MM-DD")
                }
                continue
            }
            if case .other(let kind) = value {
                throw APIError.refused(field: key, reason: "must be text, a whole number, true or false, or a list of texts; not \(kind)")
            }
            fields.append((key, value.fieldValue))
        }
        return (on, fields)
    }
}

/// One value of a typed command's body.
enum BodyValue: Decodable, Equatable {
    case null, text(String), int(Int), flag(Bool), texts([String])
    /// Anything a data field cannot hold, by its kind.
    case other(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let number = try? container.decode(Int.self) { self = .int(number) }
        else if let texts = try? container.decode([String].self) { self = .texts(texts) }
        else if (try? container.decode(Double.self)) != nil { self = .other("a number with a fraction or out of range") }
        else { self = .other("an object or a list of other than texts") }
    }

    var fieldValue: FieldValue? {
        switch self {
        case .null, .other: return nil
        case .text(let text): return .text(text)
        case .int(let number): return .int(number)
        case .flag(let flag): return .flag(flag)
        case .texts(let texts): return .texts(texts)
        }
    }
}
