import LedgerJSON
import OfficeDomain
public import OfficeProjections

/// Output formats of `docledger report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, md, json, csv
}

/// Renders an `OfficeReport`. Same report in, same bytes out.
public enum ReportRenderer {
    public static func render(_ report: OfficeReport, as format: ReportFormat) -> String {
        switch format {
        case .text: return text(report)
        case .md: return markdown(report)
        case .json: return report.json.serialized(pretty: true) + "\n"
        case .csv: return csv(report)
        }
    }

    typealias V = VietnameseText

    static func documentsSentence(_ d: OfficeReport.Documents) -> String {
        V.documentsSentence(received: d.received, issued: d.issued,
                            legalNormative: d.byCategory[.legalNormative] ?? 0,
                            individual: d.byCategory[.individualDecisionsDirectives] ?? 0,
                            plans: d.byCategory[.plans] ?? 0, submissions: d.byCategory[.submissions] ?? 0)
    }

    static func programmeSentences(_ r: OfficeReport) -> [String] {
        let p = r.programme
        return [V.programmeTotalSentence(year: p.year, total: p.total),
                V.programmeSentence(period: r.period, approved: p.approvedInPeriod, due: p.dueInPeriod,
                                    pctOfTarget: p.pctOfPeriodTargetTenths, pctOfYear: p.pctOfYearTenths)]
    }

    static func directivesSentence(_ d: OfficeReport.Directives) -> String {
        V.directivesSentence(issued: d.issued, onTime: d.counts[.completedOnTime] ?? 0, late: d.counts[.completedLate] ?? 0,
                             inProgress: d.counts[.inProgress] ?? 0, overdue: d.counts[.overdue] ?? 0,
                             cancelled: d.counts[.cancelled] ?? 0)
    }

    static func incomingSentence(_ i: OfficeReport.Incoming) -> String {
        V.incomingSentence(received: i.received, assigned: i.assigned, forInformation: i.forInformation, unassigned: i.unassigned,
                           onTime: i.counts[.answeredOnTime] ?? 0, late: i.counts[.answeredLate] ?? 0,
                           inProgress: i.counts[.inProgress] ?? 0, overdue: i.counts[.overdue] ?? 0)
    }

    static let incomingOrder: [IncomingBucket] = [.answeredOnTime, .answeredLate, .inProgress, .overdue]

    static func incomingRows(_ i: OfficeReport.Incoming) -> [[String]] {
        i.byUnit.map { row in
            [row.unit, V.number(row.assigned), V.number(row.forInformation)] + incomingOrder.map { V.number(row.counts[$0] ?? 0) }
        }
    }

    static func header(_ r: OfficeReport) -> [String] {
        var lines = ["\(V.periodLabel): \(V.periodTitle(r.period))"]
        if let asOf = r.asOf { lines.append("\(V.asOfLabel): \(asOf)") }
        return lines
    }

    // MARK: Text

    static func text(_ r: OfficeReport) -> String {
        var lines = [V.reportTitle] + header(r) + [""]
        lines.append("1. \(V.documentsHeading)")
        lines.append(documentsSentence(r.documents))
        if r.documents.recalledInPeriod > 0 { lines.append(V.recalledSentence(r.documents.recalledInPeriod)) }
        lines.append("")
        lines.append("2. \(V.programmeHeading(r.programme.year))")
        lines += programmeSentences(r)
        let overdue = r.programme.overdueItems
        if !overdue.isEmpty {
            lines.append(V.overdueHeading(overdue.count))
            for item in overdue { lines.append("  - \(item.unit): \(item.title) (\(V.dueWord) \(V.due(item.due)))") }
        }
        if !r.programme.byUnit.isEmpty {
            lines.append("")
            lines += table(V.unitColumns, r.programme.byUnit.map {
                [$0.unit, V.number($0.total), V.number($0.dueInPeriod), V.number($0.approvedInPeriod), V.number($0.overdue)]
            })
        }
        lines.append("")
        lines.append("3. \(V.directivesHeading)")
        lines.append(directivesSentence(r.directives))
        if !r.directives.byUnit.isEmpty {
            lines.append("")
            lines += table(V.directiveColumns, r.directives.byUnit.map { row in
                [row.unit, V.number(row.issued)] + [DirectiveBucket.completedOnTime, .completedLate, .inProgress, .overdue, .cancelled]
                    .map { V.number(row.counts[$0] ?? 0) }
            })
        }
        lines.append("")
        lines.append("4. \(V.incomingHeading)")
        lines.append(incomingSentence(r.incoming))
        if !r.incoming.byUnit.isEmpty {
            lines.append("")
            lines += table(V.incomingColumns, incomingRows(r.incoming))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A plain-text table; the first column left-aligned, the others right-aligned.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                let padding = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    // MARK: Markdown

    static func markdown(_ r: OfficeReport) -> String {
        var lines = ["# \(V.reportTitle)", ""] + header(r).map { "- \($0)" } + [""]
        lines += ["## 1. \(V.documentsHeading)", "", documentsSentence(r.documents)]
        if r.documents.recalledInPeriod > 0 { lines.append(V.recalledSentence(r.documents.recalledInPeriod)) }
        lines += ["", "## 2. \(V.programmeHeading(r.programme.year))", ""] + programmeSentences(r).map { $0 }
        lines += ["", "### \(V.appendixTitle(r.programme.year))", ""]
        lines.append("| " + V.appendixColumns.joined(separator: " | ") + " |")
        lines.append("|---|---|---|---|")
        for (u, unit) in r.programme.byUnit.enumerated() {
            lines.append("| **\(V.roman(u + 1))** | **\(cell(unit.unit)) (\(unit.total < 10 ? "0" : "")\(unit.total))** | | |")
            for (i, item) in r.programme.items.filter({ $0.unit == unit.unit }).enumerated() {
                var approval = ""
                if let decision = item.decision, let day = item.approvedOn, day <= r.period.to {
                    let symbol = DocumentKey(parsing: decision).map { $0.symbol.description } ?? decision
                    approval = V.approvingDocument(symbol: symbol, on: day)
                }
                lines.append("| \(i + 1) | \(cell(item.title)) | \(V.due(item.due)) | \(cell(approval)) |")
            }
        }
        lines += ["", "## 3. \(V.directivesHeading)", "", directivesSentence(r.directives)]
        if !r.directives.byUnit.isEmpty {
            lines += ["", "| " + V.directiveColumns.joined(separator: " | ") + " |",
                      "|" + String(repeating: "---|", count: V.directiveColumns.count)]
            for row in r.directives.byUnit {
                let counts = [DirectiveBucket.completedOnTime, .completedLate, .inProgress, .overdue, .cancelled]
                    .map { V.number(row.counts[$0] ?? 0) }
                lines.append("| " + ([cell(row.unit), V.number(row.issued)] + counts).joined(separator: " | ") + " |")
            }
        }
        lines += ["", "## 4. \(V.incomingHeading)", "", incomingSentence(r.incoming)]
        if !r.incoming.byUnit.isEmpty {
            lines += ["", "| " + V.incomingColumns.joined(separator: " | ") + " |",
                      "|" + String(repeating: "---|", count: V.incomingColumns.count)]
            for row in incomingRows(r.incoming) {
                lines.append("| " + ([cell(row[0])] + row.dropFirst()).joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ text: String) -> String {
        text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    // MARK: CSV

    /// One row per unit: the programme figures, the directive buckets and the incoming documents' side by side.
    static func csv(_ r: OfficeReport) -> String {
        var units: [String] = []
        for row in r.programme.byUnit where !units.contains(row.unit) { units.append(row.unit) }
        for row in r.directives.byUnit where !units.contains(row.unit) { units.append(row.unit) }
        for row in r.incoming.byUnit where !units.contains(row.unit) { units.append(row.unit) }
        var lines = ["unit,programme_total,due_in_period,approved_in_period,programme_overdue,directives_issued,completed_on_time,completed_late,in_progress,directives_overdue,cancelled,"
                     + "incoming_assigned,incoming_for_information,answered_on_time,answered_late,incoming_in_progress,incoming_overdue"]
        for unit in units {
            let p = r.programme.byUnit.first { $0.unit == unit }
            let d = r.directives.byUnit.first { $0.unit == unit }
            let i = r.incoming.byUnit.first { $0.unit == unit }
            let fields = [p?.total ?? 0, p?.dueInPeriod ?? 0, p?.approvedInPeriod ?? 0, p?.overdue ?? 0, d?.issued ?? 0]
                + [DirectiveBucket.completedOnTime, .completedLate, .inProgress, .overdue, .cancelled].map { d?.counts[$0] ?? 0 }
                + [i?.assigned ?? 0, i?.forInformation ?? 0] + incomingOrder.map { i?.counts[$0] ?? 0 }
            lines.append(([csvField(unit)] + fields.map(String.init)).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A text cell (RFC 4180 quoting). One a spreadsheet would read as a formula, starting with
    /// = + - @, a tab or a carriage return (OWASP's CSV injection list), gets a leading ' and
    /// quotes; text that is a plain decimal number (`-12`, `+3.5`) is no formula and stays.
    static func csvField(_ text: String) -> String {
        if let first = text.utf8.first, Self.formulaStarts.contains(first), !isPlainNumber(text) {
            return "\"'" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    static let formulaStarts: [UInt8] = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// `[+-]digits[.digits]`.
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = text.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        return !bytes.isEmpty && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
