import DocLedgerKit
import ReportRendering

/// One form of the office: the typed command it records and the fields a person fills in.
struct FormSpec: Sendable {
    enum Kind: Sendable { case text, longText, date, number, flag, lines, docType }

    struct Field: Sendable {
        let key: String
        let kind: Kind
        var hint: String? = nil
    }

    /// The path's last segment: `/forms/receive`.
    let slug: String
    let verb: Verb
    let fields: [Field]

    var title: String { PageText.formTitle(slug) }
    var path: String { "/forms/\(slug)" }

    static func text(_ key: String, hint: String? = nil) -> Field { Field(key: key, kind: .text, hint: hint) }
    static func date(_ key: String, optional: Bool = false) -> Field {
        Field(key: key, kind: .date, hint: optional ? "YYYY-MM-DD" : "YYYY-MM-DD; \(PageText.todayIfEmpty)")
    }
    static func long(_ key: String) -> Field { Field(key: key, kind: .longText) }

    static let all: [FormSpec] = [
        FormSpec(slug: "receive", verb: .receive, fields: [
            date("received_on"), text("sender"), text("number_symbol", hint: "45/BC-STC"), Field(key: "doc_type", kind: .docType),
            long("subject"), date("signed_on", optional: true),
            Field(key: "arrival_no", kind: .number, hint: PageText.nextNumberIfEmpty)]),
        FormSpec(slug: "issue", verb: .issue, fields: [
            date("issued_on"), Field(key: "doc_type", kind: .docType), long("subject"), Field(key: "legal_normative", kind: .flag),
            text("signer"), Field(key: "recipients", kind: .lines, hint: PageText.listHint),
            Field(key: "number", kind: .number, hint: PageText.nextNumberIfEmpty)]),
        FormSpec(slug: "directive", verb: .directiveIssue, fields: [
            text("directive_id", hint: "CT619-2017-01"), date("issued_on"), text("lead_unit"), long("content"),
            date("deadline", optional: true), Field(key: "support_units", kind: .lines, hint: PageText.listHint),
            text("source_document", hint: "619/CT-UBND")]),
        FormSpec(slug: "directive-progress", verb: .directiveProgress, fields: [
            text("directive_id"), date("reported_on"), text("unit"), long("note")]),
        FormSpec(slug: "directive-extend", verb: .directiveExtend, fields: [
            text("directive_id"), date("extended_on"), date("new_deadline", optional: true), long("reason")]),
        FormSpec(slug: "directive-complete", verb: .directiveComplete, fields: [
            text("directive_id"), date("completed_on"), text("result_document", hint: "41/QĐ-UBND")]),
        FormSpec(slug: "directive-cancel", verb: .directiveCancel, fields: [
            text("directive_id"), date("cancelled_on"), long("reason")]),
        FormSpec(slug: "programme", verb: .programmeRegister, fields: [
            text("item_id", hint: "NN-01"), Field(key: "year", kind: .number), long("title"), text("lead_unit"),
            text("due", hint: "Q2/2017, 2017, 2017-2018")]),
        FormSpec(slug: "programme-reschedule", verb: .programmeReschedule, fields: [
            text("item_id"), date("rescheduled_on"), text("due", hint: "Q3/2017"), long("reason")]),
        FormSpec(slug: "programme-submit", verb: .programmeSubmit, fields: [
            text("item_id"), date("submitted_on"), text("submission", hint: "185/TTr-SNN")]),
        FormSpec(slug: "programme-approve", verb: .programmeApprove, fields: [
            text("item_id"), date("approved_on"), text("decision", hint: "41/QĐ-UBND")]),
        FormSpec(slug: "programme-withdraw", verb: .programmeWithdraw, fields: [
            text("item_id"), date("withdrawn_on"), long("reason")]),
        // The handling of an incoming document (Decree 30, art. 22–24), named by its arrival number and year.
        FormSpec(slug: "incoming-assign", verb: .incomingAssign, fields: [
            Field(key: "arrival_no", kind: .number), Field(key: "year", kind: .number), date("assigned_on"), text("lead_unit"),
            Field(key: "support_units", kind: .lines, hint: PageText.listHint), date("deadline", optional: true), long("instruction"),
            Field(key: "for_information", kind: .flag)]),
        FormSpec(slug: "incoming-progress", verb: .incomingProgress, fields: [
            Field(key: "arrival_no", kind: .number), Field(key: "year", kind: .number), date("reported_on"), text("unit"), long("note")]),
        FormSpec(slug: "incoming-answer", verb: .incomingAnswer, fields: [
            Field(key: "arrival_no", kind: .number), Field(key: "year", kind: .number), date("answered_on"),
            text("answer_document", hint: "123/UBND-KT"), long("note")]),
        FormSpec(slug: "incoming-close", verb: .incomingClose, fields: [
            Field(key: "arrival_no", kind: .number), Field(key: "year", kind: .number), date("closed_on"), long("reason")]),
    ]

    /// The incoming workflow's forms.
    static let incomingSlugs: Set<String> = ["incoming-assign", "incoming-progress", "incoming-answer", "incoming-close"]

    /// Links to the incoming workflow's forms for the steps the document accepts next (`steps`)
    /// that the caller's roles record.
    static func incomingActions(for caller: Caller, year: Int, arrivalNo: Int, steps: [String]) -> [[String: String]] {
        let slugs = Set(steps.map { "incoming-\($0)" })
        return forms(for: caller).filter { incomingSlugs.contains($0.slug) && slugs.contains($0.slug) }.map {
            ["href": "\($0.path)?arrival_no=\(arrivalNo)&year=\(year)", "label": PageText.incomingActionName($0.slug)]
        }
    }

    static func named(_ slug: String) -> FormSpec? { all.first { $0.slug == slug } }

    /// The forms a caller may use (those whose event type their roles allow).
    static func forms(for caller: Caller) -> [FormSpec] {
        all.filter { spec in spec.verb.roleNeeded.map { caller.has($0.description) } ?? false }
    }

    /// The command's date and fields from what was typed; a value the page itself can tell is
    /// wrong (a number that is not one) is an error beside its field.
    func command(from body: FormBody) -> (on: String?, fields: [(String, FieldValue?)], errors: [String: String]) {
        var on: String?
        var out: [(String, FieldValue?)] = []
        var errors: [String: String] = [:]
        for field in fields {
            let typed = (body[field.key] ?? "").trimmed
            if field.key == verb.dateField {
                on = typed.isEmpty ? nil : typed
                continue
            }
            switch field.kind {
            case .flag:
                out.append((field.key, body[field.key] != nil ? .flag(true) : nil))
            case .number:
                if typed.isEmpty { out.append((field.key, nil)) }
                else if let number = Int(typed) { out.append((field.key, .int(number))) }
                else { errors[field.key] = PageText.reason("must be a whole number") }
            case .lines:
                let lines = typed.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
                out.append((field.key, lines.isEmpty ? nil : .texts(lines)))
            case .text, .longText, .date, .docType:
                out.append((field.key, typed.isEmpty ? nil : .text(typed)))
            }
        }
        return (on, out, errors)
    }

    /// The template's view of the fields: labels, what was typed, the error beside each.
    func fieldModels(values: [String: String], errors: [String: String]) -> [[String: Any]] {
        fields.map { field in
            var model: [String: Any] = ["key": field.key, "label": PageText.fieldName(field.key)]
            switch field.kind {
            case .longText, .lines: model["textarea"] = true
            case .flag: model["checkbox"] = true; model["checked"] = values[field.key] != nil
            case .docType:
                model["input"] = true
                model["hasList"] = true
                model["options"] = PageText.documentTypeCodes
            case .text, .date, .number: model["input"] = true
            }
            if field.kind == .date { model["placeholder"] = "YYYY-MM-DD" }
            if let value = values[field.key], field.kind != .flag { model["value"] = value }
            if let hint = field.hint { model["hint"] = hint }
            if let error = errors[field.key] { model["error"] = error }
            return model
        }
    }
}
