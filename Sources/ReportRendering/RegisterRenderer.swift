public import OfficeDomain
public import OfficeProjections

/// Output formats of `docledger register`.
public enum RegisterFormat: String, CaseIterable, Sendable {
    /// UTF-8 with a byte order mark, RFC 4180, cells neutralised: opens in a spreadsheet as it is.
    case csv
    /// Markdown, for review.
    case md
    /// An A4 landscape page to print and bind (page numbers by the print CSS).
    case html
}

/// Renders the registers of Decree 30 with their legal columns. Same rows in, same bytes out.
public enum RegisterRenderer {
    typealias V = VietnameseText

    /// The incoming register's cells, one array per row, in `VietnameseText.incomingRegisterColumns` order.
    public static func cells(_ row: IncomingRegisterRow) -> [String] {
        var note = row.note.map { [$0] } ?? []
        if let repeatOf = row.repeatOf { note.append(V.repeatNote(of: repeatOf, year: row.year)) }
        return [V.date(row.receivedOn), String(row.arrivalNo), row.sender, row.numberSymbol, row.signedOn.map(V.date) ?? "",
                V.typeAndSubject(docType: row.docType, subject: row.subject), row.handler ?? "", row.handedOverOn.map(V.date) ?? "",
                "", note.joined(separator: "; ")]
    }

    /// The outgoing register's cells, in `VietnameseText.outgoingRegisterColumns` order.
    public static func cells(_ row: OutgoingRegisterRow) -> [String] {
        var note = row.note.map { [$0] } ?? []
        if let recalled = row.recalledOn { note.append(V.recalledNote(on: recalled)) }
        return [row.symbol, V.date(row.issuedOn), V.typeAndSubject(docType: row.docType, subject: row.subject), row.signer ?? "",
                row.recipients.joined(separator: "; "), row.archiveUnit ?? "", row.copies.map(String.init) ?? "",
                row.sentOn.map(V.date) ?? "", "", note.joined(separator: "; ")]
    }

    /// The follow-up register's cells, in `VietnameseText.followUpRegisterColumns` order.
    public static func cells(_ row: FollowUpRegisterRow) -> [String] {
        let progress: String
        switch row.progress {
        case .reported(let on, let unit, let note)?: progress = V.progressNote(on: on, unit: unit, note: note)
        case .answered(let on, let note)?: progress = V.answeredNote(on: on, note: note)
        case .closed(let on, let reason)?: progress = V.closedNote(on: on, reason: reason)
        case nil: progress = ""
        }
        return [String(row.arrivalNo),
                V.incomingDocument(docType: row.docType, numberSymbol: row.numberSymbol, signedOn: row.signedOn,
                                   sender: row.sender, subject: row.subject),
                V.handlers(lead: row.handler, support: row.supportUnits), row.deadline.map(V.date) ?? "", progress,
                row.answerDocument ?? "", row.note ?? ""]
    }

    public static func render(_ rows: [IncomingRegisterRow], from: Day, to: Day, agency: String, as format: RegisterFormat) -> String {
        render(title: V.incomingRegisterTitle, columns: V.incomingRegisterColumns, rows: rows.map(cells),
               from: from, to: to, agency: agency, as: format)
    }

    public static func render(_ rows: [OutgoingRegisterRow], from: Day, to: Day, agency: String, as format: RegisterFormat) -> String {
        render(title: V.outgoingRegisterTitle, columns: V.outgoingRegisterColumns, rows: rows.map(cells),
               from: from, to: to, agency: agency, as: format)
    }

    public static func render(_ rows: [FollowUpRegisterRow], from: Day, to: Day, agency: String, as format: RegisterFormat) -> String {
        render(title: V.followUpRegisterTitle, columns: V.followUpRegisterColumns, rows: rows.map(cells),
               from: from, to: to, agency: agency, as: format)
    }

    static func render(title: String, columns: [String], rows: [[String]], from: Day, to: Day, agency: String,
                       as format: RegisterFormat) -> String {
        switch format {
        case .csv: return csv(columns: columns, rows: rows)
        case .md: return markdown(title: title, columns: columns, rows: rows, span: V.registerSpan(from: from, to: to), agency: agency)
        case .html: return html(title: title, columns: columns, rows: rows, span: V.registerSpan(from: from, to: to), agency: agency)
        }
    }

    // MARK: CSV

    /// A byte order mark, so that a spreadsheet reads UTF-8; the header row; every cell quoted
    /// as RFC 4180 asks and neutralised like the report's (OWASP); CRLF line ends.
    static func csv(columns: [String], rows: [[String]]) -> String {
        var lines = [columns.map(ReportRenderer.csvField).joined(separator: ",")]
        for row in rows { lines.append(row.map(ReportRenderer.csvField).joined(separator: ",")) }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Markdown

    static func markdown(title: String, columns: [String], rows: [[String]], span: String, agency: String) -> String {
        var lines = ["# \(ReportRenderer.cell(title))", "", "\(ReportRenderer.cell(agency)) · \(span)", ""]
        lines.append("| " + columns.map(ReportRenderer.cell).joined(separator: " | ") + " |")
        lines.append("|" + String(repeating: "---|", count: columns.count))
        for row in rows {
            lines.append(("| " + row.map(ReportRenderer.cell).joined(separator: " | ") + " |"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: HTML

    /// Every value escaped (text only: never markup from the ledger).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func html(title: String, columns: [String], rows: [[String]], span: String, agency: String) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title)) – \(escape(span))</title>
            <style>
            @page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm;
                    @bottom-center { content: "\(V.pageWord) " counter(page) " / " counter(pages); font: 9pt "Times New Roman", serif; } }
            body { font: 10pt "Times New Roman", serif; margin: 0; }
            header { text-align: center; margin-bottom: 6mm; }
            header .agency { font-weight: bold; text-transform: uppercase; }
            header h1 { font-size: 14pt; margin: 3mm 0 1mm; }
            table { width: 100%; border-collapse: collapse; }
            thead { display: table-header-group; }
            tr { page-break-inside: avoid; break-inside: avoid; }
            th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; }
            th { font-weight: bold; text-align: center; }
            td.sign { width: 18mm; }
            </style>
            </head>
            <body>
            <header>
            <div class="agency">\(escape(agency))</div>
            <h1>\(escape(title))</h1>
            <div class="span">\(escape(span))</div>
            </header>
            <table>
            <thead><tr>
            """
        out += "\n"
        for column in columns { out += "<th>\(escape(column))</th>" }
        out += "\n</tr></thead>\n<tbody>\n"
        let signColumn = columns.firstIndex(of: V.signColumn)
        for row in rows {
            out += "<tr>"
            for (i, value) in row.enumerated() {
                out += i == signColumn ? "<td class=\"sign\">\(escape(value))</td>" : "<td>\(escape(value))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</body>\n</html>\n"
        return out
    }
}
