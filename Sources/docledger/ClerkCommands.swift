import ArgumentParser
import DocLedgerKit

// The typed verbs: each declares its options, the command it records and the line it prints;
// `TypedVerb.run` does the rest for all of them.

/// Options of every typed verb: the ledger, and an optional event id (for safe retries).
struct VerbOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions

    @Option(help: ArgumentHelp("An id for the event, so that repeating the command is recognised as a retry.", valueName: "id"))
    var id: String?
}

/// Options of a verb about one directive or programme item: the common ones, its id, the day.
struct SubjectOptions: ParsableArguments {
    @OptionGroup var common: VerbOptions

    @Argument(help: ArgumentHelp("The directive's or programme item's id.", valueName: "id"))
    var subject: String

    @Option(help: ArgumentHelp("The day of the fact recorded, YYYY-MM-DD (default: today).", valueName: "date"))
    var on: String?
}

/// A verb that records one event from its options.
protocol TypedVerb: ParsableCommand {
    static var verb: Verb { get }
    var common: VerbOptions { get }
    /// `--on`: the event's date field (default: today), for the verbs that record one.
    var on: String? { get }
    /// The event's data fields (nil: not given); the date field comes from `--on`.
    var fields: [(String, FieldValue?)] { get }
    /// What to print once it is recorded.
    func recorded(_ event: Recorded) -> String
}

extension TypedVerb {
    var on: String? { nil }

    func run() throws {
        let ledger = try common.ledger.open(.write)
        let event = try ledger.record(Self.verb, on: on, fields: fields, id: common.id, actor: common.ledger.actorName)
        print(event.isDuplicate ? "already recorded (same id and content); nothing appended" : recorded(event))
    }
}

/// A typed verb about one directive or programme item.
protocol SubjectVerb: TypedVerb {
    var target: SubjectOptions { get }
    /// The fields beside the subject's id.
    var details: [(String, FieldValue?)] { get }
    /// `directive CT-01 completed`, without the event's place.
    var done: String { get }
}

extension SubjectVerb {
    var common: VerbOptions { target.common }
    var on: String? { target.on }
    var fields: [(String, FieldValue?)] { [(Self.verb.subjectField ?? "id", .text(target.subject))] + details }
    func recorded(_ event: Recorded) -> String { "\(done) (event \(event.seq ?? 0), stream \(event.stream))" }
}

/// An optional text option as a field value.
func text(_ value: String?) -> FieldValue? { value.map(FieldValue.text) }

struct Receive: TypedVerb {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Register an incoming document (văn bản đến); prints its arrival number.",
        discussion: "Example: docledger receive --sender \"Sở Tài chính\" --number-symbol 45/BC-STC --type BC --subject \"Báo cáo thu chi ngân sách\"")
    static let verb = Verb.receive

    @OptionGroup var common: VerbOptions
    @Option(help: ArgumentHelp("Day it arrived, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "The sending body, e.g. \"Sở Tài chính\".") var sender: String
    @Option(help: ArgumentHelp("The sender's own number and symbol, e.g. 45/BC-STC.", valueName: "symbol")) var numberSymbol: String
    @Option(help: ArgumentHelp("Doc type code: QĐ, CT, KH, TTr, BC, TB, CV ...", valueName: "code")) var type: String
    @Option(help: "The summary (trích yếu).") var subject: String
    @Option(help: "Arrival number (default: the next in this year's incoming register).") var arrivalNo: Int?
    @Option(help: ArgumentHelp("The date the sender signed it, YYYY-MM-DD.", valueName: "date")) var signedOn: String?
    @Option(help: "How many copies arrived.") var copies: Int?
    @Option(help: "A note for the register (ghi chú).") var note: String?
    @Option(help: ArgumentHelp("The arrival number of the same document registered before, when this copy is registered again on purpose.", valueName: "n"))
    var repeatOf: Int?

    var fields: [(String, FieldValue?)] {
        [("sender", .text(sender)), ("number_symbol", .text(numberSymbol)), ("doc_type", .text(type)),
         ("subject", .text(subject)), ("arrival_no", arrivalNo.map(FieldValue.int)), ("signed_on", text(signedOn)),
         ("copies", copies.map(FieldValue.int)), ("note", text(note)), ("repeat_of", repeatOf.map(FieldValue.int))]
    }
    func recorded(_ event: Recorded) -> String { "received: arrival number \(event.arrivalNumber ?? "")" }
}

struct Issue: TypedVerb {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Register an outgoing document (văn bản đi); prints the number symbol it was given.",
        discussion: """
            Without --number the next number of its series this year is allocated (QĐ and CT share one series \
            by default; legal normative decisions have their own). Example: \
            docledger issue --type QĐ --subject "Phê duyệt đề án ..." --signer "Mai Văn Huỳnh"
            """)
    static let verb = Verb.issue

    @OptionGroup var common: VerbOptions
    @Option(help: ArgumentHelp("Day it is issued, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("Doc type code: QĐ, CT, KH, TTr, BC, TB, CV ...", valueName: "code")) var type: String
    @Option(help: "The summary (trích yếu).") var subject: String
    @Flag(help: "A legal normative decision (numbered 20/2017/QĐ-UBND).") var legalNormative = false
    @Option(help: "The number (default: the next in its series this year).") var number: Int?
    @Option(help: "The issuing body in the symbol (default: UBND).") var issuer: String?
    @Option(help: "Who signed it.") var signer: String?
    @Option(help: "A recipient (repeat for several).") var recipient: [String] = []
    @Option(help: "How many copies were made.") var copies: Int?
    @Option(help: "The unit or person keeping the file copy (bản lưu).") var archiveUnit: String?
    @Option(help: ArgumentHelp("The day it was sent out, YYYY-MM-DD.", valueName: "date")) var sentOn: String?
    @Option(help: "A note for the register (ghi chú).") var note: String?

    var fields: [(String, FieldValue?)] {
        [("doc_type", .text(type)), ("subject", .text(subject)), ("legal_normative", .flag(legalNormative)),
         ("number", number.map(FieldValue.int)), ("issuer", text(issuer)), ("signer", text(signer)),
         ("recipients", .texts(recipient)), ("copies", copies.map(FieldValue.int)), ("archive_unit", text(archiveUnit)),
         ("sent_on", text(sentOn)), ("note", text(note))]
    }
    func recorded(_ event: Recorded) -> String { event.numberSymbol ?? "" }
}

struct Directive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directive",
        abstract: "Record a directive (ý kiến chỉ đạo) and its follow-through.",
        subcommands: [DirectiveIssue.self, DirectiveExtend.self, DirectiveProgress.self, DirectiveComplete.self, DirectiveCancel.self])
}

struct DirectiveIssue: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "issue", abstract: "A new directive to a lead unit (its id is used once).",
        discussion: "Example: docledger directive issue CT619-01 --lead-unit \"Sở Kế hoạch và Đầu tư\" --content \"Đẩy nhanh giải ngân\" --deadline 2017-06-30 --source-document 619/CT-UBND")
    static let verb = Verb.directiveIssue
    @OptionGroup var target: SubjectOptions
    @Option(help: "The unit in charge.") var leadUnit: String
    @Option(help: "What is to be done.") var content: String
    @Option(help: ArgumentHelp("Deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String?
    @Option(help: "A supporting unit (repeat for several).") var supportUnit: [String] = []
    @Option(help: ArgumentHelp("The document it comes from, e.g. 619/CT-UBND.", valueName: "symbol")) var sourceDocument: String?

    var details: [(String, FieldValue?)] {
        [("lead_unit", .text(leadUnit)), ("content", .text(content)), ("deadline", text(deadline)),
         ("support_units", .texts(supportUnit)), ("source_document", text(sourceDocument))]
    }
    var done: String { "directive \(target.subject) issued" }
}

struct DirectiveExtend: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Extend a directive's deadline.")
    static let verb = Verb.directiveExtend
    @OptionGroup var target: SubjectOptions
    @Option(help: ArgumentHelp("The new deadline, YYYY-MM-DD.", valueName: "date")) var newDeadline: String
    @Option(help: "Why.") var reason: String

    var details: [(String, FieldValue?)] { [("new_deadline", .text(newDeadline)), ("reason", .text(reason))] }
    var done: String { "directive \(target.subject) extended to \(newDeadline)" }
}

struct DirectiveProgress: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Record a progress report on a directive.")
    static let verb = Verb.directiveProgress
    @OptionGroup var target: SubjectOptions
    @Option(help: "The reporting unit.") var unit: String
    @Option(help: "What was reported.") var note: String

    var details: [(String, FieldValue?)] { [("unit", .text(unit)), ("note", .text(note))] }
    var done: String { "progress on \(target.subject) recorded" }
}

struct DirectiveComplete: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Record that a directive was carried out.")
    static let verb = Verb.directiveComplete
    @OptionGroup var target: SubjectOptions
    @Option(help: ArgumentHelp("The document that reports the result, e.g. 236/BC-UBND.", valueName: "symbol")) var resultDocument: String?

    var details: [(String, FieldValue?)] { [("result_document", text(resultDocument))] }
    var done: String { "directive \(target.subject) completed" }
}

struct DirectiveCancel: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a directive.")
    static let verb = Verb.directiveCancel
    @OptionGroup var target: SubjectOptions
    @Option(help: "Why.") var reason: String

    var details: [(String, FieldValue?)] { [("reason", .text(reason))] }
    var done: String { "directive \(target.subject) cancelled" }
}

struct Programme: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme",
        abstract: "Record the annual work programme (chương trình công tác năm): schemes, their due times and approvals.",
        subcommands: [ProgrammeRegister.self, ProgrammeReschedule.self, ProgrammeSubmit.self, ProgrammeApprove.self, ProgrammeWithdraw.self])
}

struct ProgrammeRegister: TypedVerb {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "Add a scheme to a year's programme (its id is used once).",
        discussion: "Example: docledger programme register NN-01 --year 2017 --title \"Đề án sản xuất nông nghiệp sạch\" --lead-unit \"Sở Nông nghiệp và Phát triển nông thôn\" --due Q3/2017")
    static let verb = Verb.programmeRegister
    @OptionGroup var common: VerbOptions
    @Argument(help: "The item's id (used once).") var itemID: String
    @Option(help: "The programme's year.") var year: Int
    @Option(help: "The scheme's title.") var title: String
    @Option(help: "The unit in charge.") var leadUnit: String
    @Option(help: ArgumentHelp("Q1/2017 ... Q4/2017, 2017, or a span such as 2017-2018.", valueName: "due")) var due: String

    var fields: [(String, FieldValue?)] {
        [("item_id", .text(itemID)), ("year", .int(year)), ("title", .text(title)), ("lead_unit", .text(leadUnit)), ("due", .text(due))]
    }
    func recorded(_ event: Recorded) -> String { "programme item \(itemID) registered (event \(event.seq ?? 0), stream \(event.stream))" }
}

struct ProgrammeReschedule: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "reschedule", abstract: "Move a scheme's due time.")
    static let verb = Verb.programmeReschedule
    @OptionGroup var target: SubjectOptions
    @Option(help: ArgumentHelp("The new due time: Q1/2017 ... Q4/2017, 2017, or 2017-2018.", valueName: "due")) var due: String
    @Option(help: "Why.") var reason: String

    var details: [(String, FieldValue?)] { [("due", .text(due)), ("reason", .text(reason))] }
    var done: String { "programme item \(target.subject) due \(due)" }
}

struct ProgrammeSubmit: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Record that a scheme was submitted for approval.")
    static let verb = Verb.programmeSubmit
    @OptionGroup var target: SubjectOptions
    @Option(help: "The submission (e.g. its tờ trình number).") var submission: String?

    var details: [(String, FieldValue?)] { [("submission", text(submission))] }
    var done: String { "programme item \(target.subject) submitted" }
}

struct ProgrammeApprove: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Record the decision that approved a scheme.")
    static let verb = Verb.programmeApprove
    @OptionGroup var target: SubjectOptions
    @Option(help: ArgumentHelp("The approving decision, e.g. 41/QĐ-UBND.", valueName: "symbol")) var decision: String

    var details: [(String, FieldValue?)] { [("decision", .text(decision))] }
    var done: String { "programme item \(target.subject) approved by \(decision)" }
}

struct ProgrammeWithdraw: SubjectVerb {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Take a scheme out of the programme.")
    static let verb = Verb.programmeWithdraw
    @OptionGroup var target: SubjectOptions
    @Option(help: "Why.") var reason: String

    var details: [(String, FieldValue?)] { [("reason", .text(reason))] }
    var done: String { "programme item \(target.subject) withdrawn" }
}

struct Incoming: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incoming",
        abstract: "Record the handling of an incoming document (Decree 30, art. 22–24): routing, progress, answer, closing.",
        discussion: "The document is named by its arrival number and year: 123@2017.",
        subcommands: [IncomingAssign.self, IncomingProgress.self, IncomingAnswer.self, IncomingClose.self])
}

/// Options of a verb about one incoming document: the common ones, `N@YEAR`, the day.
struct IncomingOptions: ParsableArguments {
    @OptionGroup var common: VerbOptions

    @Argument(help: ArgumentHelp("The incoming document: its arrival number and year, e.g. 123@2017.", valueName: "n@year"))
    var document: String

    @Option(help: ArgumentHelp("The day of the fact recorded, YYYY-MM-DD (default: today).", valueName: "date"))
    var on: String?

    func validate() throws {
        guard incomingDocumentFields(document) != nil else {
            throw ValidationError("\"\(document)\" is not an incoming document: write its arrival number and year, e.g. 123@2017")
        }
    }
}

/// A typed verb about one incoming document.
protocol IncomingVerb: TypedVerb {
    var target: IncomingOptions { get }
    var details: [(String, FieldValue?)] { get }
    var done: String { get }
}

extension IncomingVerb {
    var common: VerbOptions { target.common }
    var on: String? { target.on }
    var fields: [(String, FieldValue?)] { (incomingDocumentFields(target.document) ?? []).map { ($0.0, $0.1) } + details }
    func recorded(_ event: Recorded) -> String { "incoming \(target.document) \(done) (event \(event.seq ?? 0), stream \(event.stream))" }
}

struct IncomingAssign: IncomingVerb {
    static let configuration = CommandConfiguration(commandName: "assign", abstract: "Route an incoming document: the lead unit, supporting units, a deadline (a later assignment re-routes it).",
        discussion: "Example: docledger incoming assign 123@2017 --lead-unit \"Sở Tài chính\" --support-unit \"Kho bạc\" --deadline 2017-02-15")
    static let verb = Verb.incomingAssign
    @OptionGroup var target: IncomingOptions
    @Option(help: "The unit in charge (chủ trì).") var leadUnit: String
    @Option(help: "A supporting unit (repeat for several).") var supportUnit: [String] = []
    @Option(help: ArgumentHelp("Deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String?
    @Option(help: "The leadership's instruction (ý kiến chỉ đạo).") var instruction: String?
    @Flag(help: "For information only (để biết): nothing to answer.") var forInformation = false

    var details: [(String, FieldValue?)] {
        [("lead_unit", .text(leadUnit)), ("support_units", .texts(supportUnit)), ("deadline", text(deadline)),
         ("instruction", text(instruction)), ("for_information", .flag(forInformation))]
    }
    var done: String { "assigned to \(leadUnit)" }
}

struct IncomingProgress: IncomingVerb {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Record a progress report on an incoming document.")
    static let verb = Verb.incomingProgress
    @OptionGroup var target: IncomingOptions
    @Option(help: "The reporting unit.") var unit: String
    @Option(help: "What was reported.") var note: String

    var details: [(String, FieldValue?)] { [("unit", .text(unit)), ("note", .text(note))] }
    var done: String { "progress recorded" }
}

struct IncomingAnswer: IncomingVerb {
    static let configuration = CommandConfiguration(commandName: "answer", abstract: "Record that an incoming document was answered (once).")
    static let verb = Verb.incomingAnswer
    @OptionGroup var target: IncomingOptions
    @Option(help: ArgumentHelp("The answering document issued by the office, e.g. 123/UBND-KT.", valueName: "symbol")) var answerDocument: String?
    @Option(help: "A note.") var note: String?

    var details: [(String, FieldValue?)] { [("answer_document", text(answerDocument)), ("note", text(note))] }
    var done: String { "answered" }
}

struct IncomingClose: IncomingVerb {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an incoming document without an answer (filed, merged, no longer needed).")
    static let verb = Verb.incomingClose
    @OptionGroup var target: IncomingOptions
    @Option(help: "Why.") var reason: String

    var details: [(String, FieldValue?)] { [("reason", .text(reason))] }
    var done: String { "closed" }
}
