import LedgerJSON
import OfficeDomain

/// One input line's event: `{"id"?, "type", "data", "stream"?, "expected_version"?, "actor"?, "recorded_at"?}`.
struct Envelope: Sendable {
    var id: String?
    var type: String
    var data: JSONObject          // NFC
    var stream: String?
    var expectedVersion: Int64?
    var actor: String?
    var recordedAt: Timestamp?

    static let fields: Set<String> = ["id", "type", "data", "stream", "expected_version", "actor", "recorded_at"]

    /// Decodes the envelope of a parsed line; throws the first problem as a `DomainError`
    /// whose field names the envelope key (`type`, `recorded_at`, `data.issued_on` …).
    init(_ value: JSONValue) throws(DomainError) {
        guard let object = value.objectValue else {
            throw DomainError(field: "line", reason: "must be a JSON object with \"type\" and \"data\", not \(value.typeName)")
        }
        for key in object.keys where !Self.fields.contains(key) {
            throw DomainError(field: key, reason: "unknown envelope field (allowed: id, type, data, stream, expected_version, actor, recorded_at)")
        }
        func text(_ key: String, required: Bool) throws(DomainError) -> String? {
            guard let v = object[key], !v.isNull else {
                if required { throw DomainError(field: key, reason: "missing") }
                return nil
            }
            guard let s = v.stringValue else { throw DomainError(field: key, reason: "must be a string, not \(v.typeName)") }
            return try Self.checkedText(s, field: key)
        }
        id = try text("id", required: false)
        type = try text("type", required: true)!
        stream = try text("stream", required: false)
        actor = try text("actor", required: false)
        if let v = object["expected_version"], !v.isNull {
            guard let n = v.intValue, n >= 0 else {
                throw DomainError(field: "expected_version", reason: "must be a whole number ≥ 0 (the stream's version before this event), not \(v.typeName == "integer" ? "negative" : v.typeName)")
            }
            expectedVersion = n
        }
        if let t = try text("recorded_at", required: false) {
            guard let stamp = Timestamp(parsing: t) else {
                throw DomainError(field: "recorded_at", reason: "\"\(t)\" is not an ISO 8601 time with a zone, such as 2017-01-09T08:00:00.000Z")
            }
            guard stamp.isStorable else {
                throw DomainError(field: "recorded_at", reason: "\"\(t)\" is outside the years 0001–9999 in UTC")
            }
            recordedAt = stamp
        }
        guard let d = object["data"] else { throw DomainError(field: "data", reason: "missing") }
        guard case .object = d else { throw DomainError(field: "data", reason: "must be an object, not \(d.typeName)") }
        guard case .object(let normalized) = try Normalization.nfc(d) else { preconditionFailure() }
        data = normalized
    }
}

extension Envelope {
    /// One text field of the envelope (`id`, `type`, `stream`, `actor`, `recorded_at`) in NFC,
    /// or the reason it is refused: blank, more than one line or 200 bytes, control characters
    /// (DEL and the C1 controls too) or bidirectional controls.
    static func checkedText(_ text: String, field: String) throws(DomainError) -> String {
        let t = Normalization.nfc(text)
        let hasVisibleASCII = t.utf8.contains { $0 > 0x20 && $0 < 0x7F }
        if !hasVisibleASCII && t.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw DomainError(field: field, reason: "must not be empty")
        }
        if t.utf8.contains(where: { $0 < 0x20 }) || t.utf8.count > 200 {
            throw DomainError(field: field, reason: "must be one line of at most 200 bytes without control characters")
        }
        if let reason = InvisibleControls.refusal(in: t) { throw DomainError(field: field, reason: reason) }
        return t
    }
}

extension AppendOptions {
    /// `name` as the ledger stores an actor: checked exactly as an event's own `"actor"` is, and
    /// in NFC. A name refused is a usage problem about `source`, where the name came from
    /// (`--actor`, `DOCLEDGER_ACTOR`; `actor` for the options of an append).
    public static func checkedActor(_ name: String, source: String = "actor") throws(UsageProblem) -> String {
        do {
            return try Envelope.checkedText(name, field: source)
        } catch {
            throw UsageProblem(field: source, reason: error.reason)
        }
    }
}
