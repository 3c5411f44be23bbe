import ArgumentParser
import DocLedgerKit
import OfficeDomain
import OfficeProjections
import ReportRendering

/// Which register `docledger register` prints.
enum RegisterName: String, ExpressibleByArgument, CaseIterable {
    case incoming, outgoing
    case followUp = "follow-up"
}

struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Print a register of Decree 30 (appendix IV) with its legal columns: incoming, outgoing or follow-up.",
        discussion: """
            incoming: sổ đăng ký văn bản đến; outgoing: sổ đăng ký văn bản đi; follow-up: sổ theo dõi giải quyết \
            văn bản đến (the incoming documents assigned for handling). One row per document of the period, in \
            number order. csv: UTF-8 with a byte order mark, for a spreadsheet; md: for review; html: an A4 \
            landscape page to print and bind.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: "incoming, outgoing or follow-up.")
    var register: RegisterName

    @Option(help: ArgumentHelp("2017-H1, 2017-H2, 2017-Q3, 2017, or 2017-01-01..2017-06-30 (inclusive).", valueName: "period"))
    var period: String

    @Option(help: "csv, md or html.")
    var format: RegisterFormat = .md

    @Option(help: ArgumentHelp("Only documents of this type code (QĐ, CV, BC …).", valueName: "code"))
    var type: String?

    @Option(help: ArgumentHelp("Only documents handled by this unit (incoming, follow-up) or whose file copy it keeps (outgoing).", valueName: "name"))
    var unit: String?

    @Option(help: ArgumentHelp("Only documents whose subject has every one of these words (diacritics ignored: \"dat dai\" finds \"đất đai\").", valueName: "words"))
    var search: String?

    @Option(help: ArgumentHelp("The agency named at the head of the printed register.", valueName: "name"))
    var agency: String = VietnameseText.defaultAgency

    func request(after: String? = nil) throws -> RegisterRequest {
        try asValidationError { () throws(UsageProblem) in
            try RegisterRequest(period: period, type: type, unit: unit, q: search, after: after, limit: RegisterRequest.maxLimit)
        }
    }

    func validate() throws { _ = try request() }

    func run() throws {
        let opened = try ledger.open(.read)
        let first = try request()
        let from = first.filter.from, to = first.filter.to
        /// Every page of the register, one after the other.
        func all<Row>(_ page: (RegisterRequest) throws -> RegisterPage<Row>) throws -> [Row] {
            var rows: [Row] = []
            var next: RegisterKey? = nil
            repeat {
                let got = try page(try request(after: next?.description))
                rows += got.rows
                next = got.next
            } while next != nil
            return rows
        }
        let text: String
        switch register {
        case .incoming:
            text = RegisterRenderer.render(try all(opened.incomingRegister), from: from, to: to, agency: agency, as: format)
        case .outgoing:
            text = RegisterRenderer.render(try all(opened.outgoingRegister), from: from, to: to, agency: agency, as: format)
        case .followUp:
            text = RegisterRenderer.render(try all(opened.followUpRegister), from: from, to: to, agency: agency, as: format)
        }
        print(text, terminator: "")
    }
}
