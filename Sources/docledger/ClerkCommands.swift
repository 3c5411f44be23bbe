import ArgumentParser
import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain
#if canImport(Glibc)
import Glibc
#endif

/// Options of every typed verb: an optional event id (for safe retries) and --json output.
struct EventOptions: ParsableArguments {
    @Option(help: ArgumentHelp("An id for the event, so that repeating the command is recognised as a retry.", valueName: "id"))
    var id: String?
}

/// Appends one event built from a typed verb's options through the same pipeline as `append`.
func appendTyped(_ ledger: LedgerOptions, _ event: EventOptions, type: String, data: JSONObject) throws -> StoredEvent? {
    var envelope: JSONObject = ["type": .string(type), "data": .object(data)]
    if let id = event.id { envelope["id"] = .string(id) }
    let opened = try ledger.open()
    let reader = LineReader(bytes: Array(JSONValue.object(envelope).canonicalString.utf8))
    let result = try opened.append(from: reader, options: AppendOptions(actor: ledger.actorName), keepEvents: true)
    guard result.ok else {
        // Name the option, not the JSON field: "data.issued_on" is --on to a clerk.
        let problems = result.problems.map { "\($0.field.hasPrefix("data.") ? String($0.field.dropFirst(5)) : $0.field): \($0.reason)" }
        throw CLIFailure.rejected(problems.joined(separator: "\n"))
    }
    if result.duplicates > 0 { print("already recorded (same id and content); nothing appended") }
    return result.appendedEvents.first
}

/// Today in local time, the date a clerk means by "today".
func today() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!.description
}

func add(_ data: inout JSONObject, _ key: String, _ value: String?) { if let value { data[key] = .string(value) } }
func add(_ data: inout JSONObject, _ key: String, _ value: Int?) { if let value { data[key] = .int(Int64(value)) } }
func add(_ data: inout JSONObject, _ key: String, _ values: [String]) {
    if !values.isEmpty { data[key] = .array(values.map(JSONValue.string)) }
}

func printAppended(_ event: StoredEvent?, _ what: String) {
    guard let event else { return }
    print("\(what) (event \(event.seq), stream \(event.stream))")
}

struct Receive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Register an incoming document (văn bản đến); prints its arrival number.",
        discussion: "Example: docledger receive --sender \"Sở Tài chính\" --number-symbol 45/BC-STC --type BC --subject \"Báo cáo thu chi ngân sách\"")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Option(help: ArgumentHelp("Day it arrived, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "The sending body, e.g. \"Sở Tài chính\".") var sender: String
    @Option(help: ArgumentHelp("The sender's own number and symbol, e.g. 45/BC-STC.", valueName: "symbol")) var numberSymbol: String
    @Option(help: ArgumentHelp("Doc type code: QĐ, CT, KH, TTr, BC, TB, CV ...", valueName: "code")) var type: String
    @Option(help: "The summary (trích yếu).") var subject: String
    @Option(help: "Arrival number (default: the next in this year's incoming register).") var arrivalNo: Int?
    @Option(help: ArgumentHelp("The date the sender signed it, YYYY-MM-DD.", valueName: "date")) var signedOn: String?

    func run() throws {
        var data: JSONObject = ["received_on": .string(on ?? today()), "sender": .string(sender),
                                "number_symbol": .string(numberSymbol), "doc_type": .string(type), "subject": .string(subject)]
        add(&data, "arrival_no", arrivalNo)
        add(&data, "signed_on", signedOn)
        let stored = try appendTyped(ledger, event, type: "DocumentReceived", data: data)
        if let stored {
            let parts = stored.stream.split(separator: ":")
            print("received: arrival number \(parts.last ?? "")/\(parts.dropFirst().first ?? "")")
        }
    }
}

struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Register an outgoing document (văn bản đi); prints the number symbol it was given.",
        discussion: """
            Without --number the next number of its series this year is allocated (QĐ and CT share one series \
            by default; legal normative decisions have their own). Example: \
            docledger issue --type QĐ --subject "Phê duyệt đề án ..." --signer "Mai Văn Huỳnh"
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Option(help: ArgumentHelp("Day it is issued, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("Doc type code: QĐ, CT, KH, TTr, BC, TB, CV ...", valueName: "code")) var type: String
    @Option(help: "The summary (trích yếu).") var subject: String
    @Flag(help: "A legal normative decision (numbered 20/2017/QĐ-UBND).") var legalNormative = false
    @Option(help: "The number (default: the next in its series this year).") var number: Int?
    @Option(help: "The issuing body in the symbol (default: UBND).") var issuer: String?
    @Option(help: "Who signed it.") var signer: String?
    @Option(help: "A recipient (repeat for several).") var recipient: [String] = []

    func run() throws {
        var data: JSONObject = ["issued_on": .string(on ?? today()), "doc_type": .string(type), "subject": .string(subject)]
        if legalNormative { data["legal_normative"] = .bool(true) }
        add(&data, "number", number)
        add(&data, "issuer", issuer)
        add(&data, "signer", signer)
        add(&data, "recipients", recipient)
        if let stored = try appendTyped(ledger, event, type: "DocumentIssued", data: data) {
            // The stream is document:<symbol>@<year>.
            let key = stored.stream.dropFirst("document:".count)
            print(key.split(separator: "@").first.map(String.init) ?? String(key))
        }
    }
}

struct Directive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directive",
        abstract: "Record a directive (ý kiến chỉ đạo) and its follow-through.",
        subcommands: [DirectiveIssue.self, DirectiveExtend.self, DirectiveProgress.self, DirectiveComplete.self, DirectiveCancel.self])
}

struct DirectiveIssue: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "issue", abstract: "A new directive to a lead unit.",
        discussion: "Example: docledger directive issue CT619-01 --lead-unit \"Sở Kế hoạch và Đầu tư\" --content \"Đẩy nhanh giải ngân\" --deadline 2017-06-30 --source-document 619/CT-UBND")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The directive's id (used once).") var directiveID: String
    @Option(help: ArgumentHelp("Day it was given, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "The unit in charge.") var leadUnit: String
    @Option(help: "What is to be done.") var content: String
    @Option(help: ArgumentHelp("Deadline, YYYY-MM-DD.", valueName: "date")) var deadline: String?
    @Option(help: "A supporting unit (repeat for several).") var supportUnit: [String] = []
    @Option(help: ArgumentHelp("The document it comes from, e.g. 619/CT-UBND.", valueName: "symbol")) var sourceDocument: String?

    func run() throws {
        var data: JSONObject = ["directive_id": .string(directiveID), "issued_on": .string(on ?? today()),
                                "lead_unit": .string(leadUnit), "content": .string(content)]
        add(&data, "deadline", deadline)
        add(&data, "support_units", supportUnit)
        add(&data, "source_document", sourceDocument)
        printAppended(try appendTyped(ledger, event, type: "DirectiveIssued", data: data), "directive \(directiveID) issued")
    }
}

struct DirectiveExtend: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extend", abstract: "Extend a directive's deadline.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The directive's id.") var directiveID: String
    @Option(help: ArgumentHelp("Day of the extension, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("The new deadline, YYYY-MM-DD.", valueName: "date")) var newDeadline: String
    @Option(help: "Why.") var reason: String

    func run() throws {
        let data: JSONObject = ["directive_id": .string(directiveID), "extended_on": .string(on ?? today()),
                                "new_deadline": .string(newDeadline), "reason": .string(reason)]
        printAppended(try appendTyped(ledger, event, type: "DirectiveDeadlineExtended", data: data), "directive \(directiveID) extended to \(newDeadline)")
    }
}

struct DirectiveProgress: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Record a progress report on a directive.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The directive's id.") var directiveID: String
    @Option(help: ArgumentHelp("Day of the report, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "The reporting unit.") var unit: String
    @Option(help: "What was reported.") var note: String

    func run() throws {
        let data: JSONObject = ["directive_id": .string(directiveID), "reported_on": .string(on ?? today()),
                                "unit": .string(unit), "note": .string(note)]
        printAppended(try appendTyped(ledger, event, type: "DirectiveProgressReported", data: data), "progress on \(directiveID) recorded")
    }
}

struct DirectiveComplete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Record that a directive was carried out.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The directive's id.") var directiveID: String
    @Option(help: ArgumentHelp("Day it was completed, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("The document that reports the result, e.g. 236/BC-UBND.", valueName: "symbol")) var resultDocument: String?

    func run() throws {
        var data: JSONObject = ["directive_id": .string(directiveID), "completed_on": .string(on ?? today())]
        add(&data, "result_document", resultDocument)
        printAppended(try appendTyped(ledger, event, type: "DirectiveCompleted", data: data), "directive \(directiveID) completed")
    }
}

struct DirectiveCancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a directive.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The directive's id.") var directiveID: String
    @Option(help: ArgumentHelp("Day it was cancelled, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "Why.") var reason: String

    func run() throws {
        let data: JSONObject = ["directive_id": .string(directiveID), "cancelled_on": .string(on ?? today()), "reason": .string(reason)]
        printAppended(try appendTyped(ledger, event, type: "DirectiveCancelled", data: data), "directive \(directiveID) cancelled")
    }
}

struct Programme: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme",
        abstract: "Record the annual work programme (chương trình công tác năm): schemes, their due times and approvals.",
        subcommands: [ProgrammeRegister.self, ProgrammeReschedule.self, ProgrammeSubmit.self, ProgrammeApprove.self, ProgrammeWithdraw.self])
}

struct ProgrammeRegister: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register", abstract: "Add a scheme to a year's programme.",
        discussion: "Example: docledger programme register NN-01 --year 2017 --title \"Đề án sản xuất nông nghiệp sạch\" --lead-unit \"Sở Nông nghiệp và Phát triển nông thôn\" --due Q3/2017")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The item's id (used once).") var itemID: String
    @Option(help: "The programme's year.") var year: Int
    @Option(help: "The scheme's title.") var title: String
    @Option(help: "The unit in charge.") var leadUnit: String
    @Option(help: ArgumentHelp("Q1/2017 ... Q4/2017, 2017, or a span such as 2017-2018.", valueName: "due")) var due: String

    func run() throws {
        let data: JSONObject = ["item_id": .string(itemID), "year": .int(Int64(year)), "title": .string(title),
                                "lead_unit": .string(leadUnit), "due": .string(due)]
        printAppended(try appendTyped(ledger, event, type: "ProgrammeItemRegistered", data: data), "programme item \(itemID) registered")
    }
}

struct ProgrammeReschedule: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reschedule", abstract: "Move a scheme's due time.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The item's id.") var itemID: String
    @Option(help: ArgumentHelp("Day of the decision, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("The new due time: Q1/2017 ... Q4/2017, 2017, or 2017-2018.", valueName: "due")) var due: String
    @Option(help: "Why.") var reason: String

    func run() throws {
        let data: JSONObject = ["item_id": .string(itemID), "rescheduled_on": .string(on ?? today()), "due": .string(due),
                                "reason": .string(reason)]
        printAppended(try appendTyped(ledger, event, type: "ProgrammeItemRescheduled", data: data), "programme item \(itemID) due \(due)")
    }
}

struct ProgrammeSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Record that a scheme was submitted for approval.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The item's id.") var itemID: String
    @Option(help: ArgumentHelp("Day it was submitted, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "The submission (e.g. its tờ trình number).") var submission: String?

    func run() throws {
        var data: JSONObject = ["item_id": .string(itemID), "submitted_on": .string(on ?? today())]
        add(&data, "submission", submission)
        printAppended(try appendTyped(ledger, event, type: "ProgrammeItemSubmitted", data: data), "programme item \(itemID) submitted")
    }
}

struct ProgrammeApprove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Record the decision that approved a scheme.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The item's id.") var itemID: String
    @Option(help: ArgumentHelp("Day of the decision, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: ArgumentHelp("The approving decision, e.g. 41/QĐ-UBND.", valueName: "symbol")) var decision: String

    func run() throws {
        let data: JSONObject = ["item_id": .string(itemID), "approved_on": .string(on ?? today()), "decision": .string(decision)]
        printAppended(try appendTyped(ledger, event, type: "ProgrammeItemApproved", data: data), "programme item \(itemID) approved by \(decision)")
    }
}

struct ProgrammeWithdraw: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Take a scheme out of the programme.")
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var event: EventOptions
    @Argument(help: "The item's id.") var itemID: String
    @Option(help: ArgumentHelp("Day it was withdrawn, YYYY-MM-DD (default: today).", valueName: "date")) var on: String?
    @Option(help: "Why.") var reason: String

    func run() throws {
        let data: JSONObject = ["item_id": .string(itemID), "withdrawn_on": .string(on ?? today()), "reason": .string(reason)]
        printAppended(try appendTyped(ledger, event, type: "ProgrammeItemWithdrawn", data: data), "programme item \(itemID) withdrawn")
    }
}
