public import LedgerStore
public import OfficeDomain
public import OfficeProjections
import LedgerJSON

/// What the office's pages show, as plain values for their templates (strings, lists of
/// dictionaries): the report, its charts (SVG drawn here), the directives and a timeline.
/// Every text is raw; the templates escape it. The SVG charts are markup built here with every
/// text in them escaped.
public enum PageModel {
    typealias V = VietnameseText

    // MARK: The report page

    /// The report's three sections with the same sentences and tables as `docledger report`,
    /// and the three charts.
    public static func report(_ r: OfficeReport, months: [(month: Day, byCategory: [DocumentTypes.Category: Int])]) -> [String: Any] {
        let d = r.documents
        var model: [String: Any] = [
            "title": V.reportTitle,
            "periodLine": "\(V.periodLabel): \(V.periodTitle(r.period))",
            "documentsHeading": "1. \(V.documentsHeading)",
            "documentsSentence": ReportRenderer.documentsSentence(d),
            "programmeHeading": "2. \(V.programmeHeading(r.programme.year))",
            "programmeSentences": ReportRenderer.programmeSentences(r),
            "directivesHeading": "3. \(V.directivesHeading)",
            "directivesSentence": ReportRenderer.directivesSentence(r.directives),
            "unitColumns": V.unitColumns,
            "directiveColumns": V.directiveColumns,
        ]
        model["incomingHeading"] = "4. \(V.incomingHeading)"
        model["incomingSentence"] = ReportRenderer.incomingSentence(r.incoming)
        model["incomingColumns"] = V.incomingColumns
        model["incomingRows"] = ReportRenderer.incomingRows(r.incoming).map { ["cells": $0] }
        model["hasIncomingRows"] = !r.incoming.byUnit.isEmpty
        model["hasProgrammeRows"] = !r.programme.byUnit.isEmpty
        model["hasDirectiveRows"] = !r.directives.byUnit.isEmpty
        if let asOf = r.asOf { model["asOfLine"] = "\(V.asOfLabel): \(asOf)" }
        if d.recalledInPeriod > 0 { model["recalledSentence"] = V.recalledSentence(d.recalledInPeriod) }
        let overdue = r.programme.overdueItems
        if !overdue.isEmpty {
            model["overdue"] = [
                "heading": V.overdueHeading(overdue.count),
                "items": overdue.map { ["unit": $0.unit, "title": $0.title, "due": "\(V.dueWord) \(V.due($0.due))", "id": $0.itemID] },
            ] as [String: Any]
        }
        if !r.programme.byUnit.isEmpty {
            model["programmeRows"] = r.programme.byUnit.map {
                ["cells": [$0.unit, V.number($0.total), V.number($0.dueInPeriod), V.number($0.approvedInPeriod), V.number($0.overdue)]]
            }
        }
        let buckets: [DirectiveBucket] = [.completedOnTime, .completedLate, .inProgress, .overdue, .cancelled]
        if !r.directives.byUnit.isEmpty {
            model["directiveRows"] = r.directives.byUnit.map { row in
                ["cells": [row.unit, V.number(row.issued)] + buckets.map { V.number(row.counts[$0] ?? 0) }]
            }
        }
        let categories = DocumentTypes.Category.allCases
        model["chartIssued"] = Chart.columns(
            title: PageText.chartIssuedByMonth,
            labels: months.map { "\(PageText.monthName($0.month.month))/\($0.month.year)" },
            series: categories.map(PageText.categoryName),
            values: months.map { m in categories.map { m.byCategory[$0] ?? 0 } })
        model["chartProgramme"] = Chart.bars(
            title: PageText.chartProgramme, labels: r.programme.byUnit.map(\.unit), series: PageText.programmeBars,
            values: r.programme.byUnit.map { [$0.dueInPeriod, $0.approvedInPeriod, $0.overdue] }, stacked: false)
        model["chartDirectives"] = Chart.bars(
            title: PageText.chartDirectives, labels: r.directives.byUnit.map(\.unit), series: buckets.map(PageText.bucketName),
            values: r.directives.byUnit.map { row in buckets.map { row.counts[$0] ?? 0 } }, stacked: true)
        return model
    }

    // MARK: Directives

    public static func directiveRows(_ rows: [DirectiveListRow]) -> [[String: Any]] {
        rows.map { row in
            [
                "id": row.directiveID,
                "issuedOn": V.date(row.issuedOn),
                "unit": row.leadUnit,
                "deadline": row.deadline.map(V.date) ?? PageText.noDeadline,
                "status": PageText.bucketName(row.bucket) + (row.completedOn.map { " (\(V.date($0)))" } ?? ""),
                "statusClass": row.bucket.rawValue.replacingUnderscores,
                "overdue": row.bucket == .overdue,
            ]
        }
    }

    // MARK: A subject's timeline

    /// Every event of a subject, oldest first, in the office's words; documents named in its
    /// data are links to their own page.
    /// `saved`: the seq a form just recorded (its event is then named in `savedStream`, `savedSeq`).
    public static func timeline(_ history: SubjectHistory, saved: String? = nil) -> [String: Any] {
        var links: [[String: Any]] = []
        for link in history.links {
            var shown: [String: Any] = ["title": link.title == "cited by" ? PageText.citedBy : PageText.linkedDocuments,
                                        "events": link.events.map(event)]
            if let key = link.document {
                shown["name"] = key.description
                shown["href"] = "/history/\(key.description)"
                if link.events.isEmpty { shown["missing"] = PageText.notInLedger }
            } else if link.title != "cited by" {
                shown["title"] = link.title
            }
            links.append(shown)
        }
        var model: [String: Any] = ["subject": history.subject, "stream": history.stream, "events": history.events.map(event),
                                    "links": links, "columns": PageText.timelineColumns]
        if let saved, let event = history.events.first(where: { String($0.seq) == saved }) {
            model["savedStream"] = event.stream
            model["savedSeq"] = event.seq
            model["savedType"] = event.type
        }
        return model
    }

    /// An account event's data in the office's words: "Họ và tên: …; Vai trò: Văn thư".
    static func accountDetail(_ data: String) -> String {
        guard let object = try? JSONParser.parse(data).objectValue else { return data }
        return object.pairs.filter { $0.key != "user" }.map { key, value in
            var text = HistoryRenderer.plain(value)
            if key == "role" || key == "roles" {
                text = text.split(separator: ",").map { PageText.roleName($0.trimmingPrefixSpaces) }.joined(separator: ", ")
            }
            return "\(PageText.fieldName(key)): \(text)"
        }.joined(separator: "; ")
    }

    /// The units leading the report's directives, for the list's filter.
    public static func directiveUnits(_ r: OfficeReport) -> [String] { r.directives.byUnit.map(\.unit) }

    /// The events of the accounts' streams (creation, grants, revocations, disabling), newest first.
    public static func accountEvents(_ histories: [(user: String, history: SubjectHistory)]) -> [[String: Any]] {
        var rows: [(Int64, [String: Any])] = []
        for (user, history) in histories {
            for e in history.events {
                rows.append((e.seq, ["seq": String(e.seq), "recordedAt": e.recordedAt, "what": PageText.eventName(e.type),
                                     "user": user, "detail": accountDetail(e.data), "actor": e.actor]))
            }
        }
        return rows.sorted { $0.0 > $1.0 }.map(\.1)
    }

    /// Fields naming a document, shown as links.
    static let documentFields: Set<String> = ["source_document", "result_document", "decision", "answer_document", "document"]

    static func event(_ e: StoredEvent) -> [String: Any] {
        var fields: [[String: Any]] = []
        var date = ""
        let object = (try? JSONParser.parse(e.data).objectValue) ?? JSONObject()
        let year: Int64? = { if case .int(let y)? = object["year"] { return y }; return nil }()
        for (key, value) in object.pairs {
            let text = HistoryRenderer.plain(value)
            if key.hasSuffix("_on"), let day = Day(text), date.isEmpty { date = V.date(day); continue }
            var field: [String: Any] = ["name": PageText.fieldName(key), "value": displayed(key, text)]
            if documentFields.contains(key) {
                // A document of this ledger is named SYMBOL@YEAR; its year is the event's, or its own.
                let documentYear = key == "document" ? year.map(Int.init) : Day(object.pairs.first { $0.0.hasSuffix("_on") }.map { HistoryRenderer.plain($0.1) } ?? "")?.year
                if let documentYear { field["href"] = "/history/\(text)@\(documentYear)" }
            }
            fields.append(field)
        }
        var shown: [String: Any] = ["seq": V.number(Int(e.seq)), "what": PageText.eventName(e.type), "actor": e.actor,
                                    "recordedAt": e.recordedAt, "fields": fields, "rawSeq": String(e.seq)]
        if !date.isEmpty { shown["date"] = date }
        return shown
    }

    static func displayed(_ key: String, _ text: String) -> String {
        if key.hasSuffix("_on") || key == "deadline" || key == "new_deadline", let day = Day(text) { return V.date(day) }
        if key == "due", let due = Due(text) { return V.due(due) }
        return text
    }
}

extension Substring {
    var trimmingPrefixSpaces: String { String(drop { $0 == " " }) }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

/// SVG charts drawn by the server (no script): stacked columns by month, horizontal bars by unit.
public enum Chart {
    static let colors = ["#1f5f99", "#c8553d", "#2a9d8f", "#e9c46a", "#6c757d", "#8e44ad"]

    /// Text safe inside SVG markup: the registers' HTML escaping.
    static func escaped(_ text: String) -> String { RegisterRenderer.escape(text) }

    static func legend(_ series: [String], y: Int) -> String {
        var out = ""
        var x = 10
        for (i, name) in series.enumerated() {
            out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"12\" height=\"12\" fill=\"\(colors[i % colors.count])\"/>"
            out += "<text x=\"\(x + 16)\" y=\"\(y + 11)\" font-size=\"12\">\(escaped(name))</text>"
            x += 24 + name.count * 7
        }
        return out
    }

    /// Vertical stacked columns: one per label, each stacked by series.
    public static func columns(title: String, labels: [String], series: [String], values: [[Int]]) -> String {
        let width = 720, height = 300, left = 50, top = 40, bottom = 40
        let plotHeight = height - top - bottom
        let maxTotal = max(1, values.map { $0.reduce(0, +) }.max() ?? 1)
        let slot = labels.isEmpty ? 0 : (width - left - 10) / labels.count
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(escaped(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" class=\"chart\">"
        out += "<title>\(escaped(title))</title>" + legend(series, y: 8)
        out += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 10)\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>"
        out += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" font-size=\"11\" text-anchor=\"end\">\(VietnameseText.number(maxTotal))</text>"
        out += "<text x=\"\(left - 6)\" y=\"\(top + plotHeight)\" font-size=\"11\" text-anchor=\"end\">0</text>"
        for (i, label) in labels.enumerated() {
            let x = left + i * slot + slot / 6
            let barWidth = max(4, slot * 2 / 3)
            var y = top + plotHeight
            for (s, value) in values[i].enumerated() where value > 0 {
                let h = max(1, value * plotHeight / maxTotal)
                y -= h
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(colors[s % colors.count])\"><title>\(escaped(label)): \(escaped(series[s])) \(VietnameseText.number(value))</title></rect>"
            }
            let total = values[i].reduce(0, +)
            out += "<text x=\"\(x + barWidth / 2)\" y=\"\(y - 4)\" font-size=\"11\" text-anchor=\"middle\">\(VietnameseText.number(total))</text>"
            out += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - bottom + 16)\" font-size=\"12\" text-anchor=\"middle\">\(escaped(label))</text>"
        }
        return out + "</svg>"
    }

    /// Horizontal bars, one row per label: stacked by series, or one thin bar per series.
    public static func bars(title: String, labels: [String], series: [String], values: [[Int]], stacked: Bool) -> String {
        let width = 860, left = 330, right = 60, top = 34
        let rowHeight = stacked ? 24 : 12 * series.count + 10
        let height = top + max(1, labels.count) * rowHeight + 10
        let plotWidth = width - left - right
        let maxValue = max(1, values.map { stacked ? $0.reduce(0, +) : ($0.max() ?? 0) }.max() ?? 1)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(escaped(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" class=\"chart\">"
        out += "<title>\(escaped(title))</title>" + legend(series, y: 8)
        if labels.isEmpty {
            out += "<text x=\"10\" y=\"\(top + 14)\" font-size=\"12\">\(escaped(PageText.noData))</text>"
        }
        for (i, label) in labels.enumerated() {
            let y = top + i * rowHeight
            let shown = label.count > 46 ? String(label.prefix(45)) + "…" : label
            out += "<text x=\"\(left - 8)\" y=\"\(y + rowHeight / 2 + 4)\" font-size=\"12\" text-anchor=\"end\">\(escaped(shown))<title>\(escaped(label))</title></text>"
            var x = left
            for (s, value) in values[i].enumerated() {
                let w = value * plotWidth / maxValue
                let tip = "<title>\(escaped(label)): \(escaped(series[s])) \(VietnameseText.number(value))</title>"
                if stacked {
                    if value > 0 { out += "<rect x=\"\(x)\" y=\"\(y + 3)\" width=\"\(max(1, w))\" height=\"\(rowHeight - 6)\" fill=\"\(colors[s % colors.count])\">\(tip)</rect>" }
                    x += w
                } else {
                    let by = y + 4 + s * 12
                    out += "<rect x=\"\(left)\" y=\"\(by)\" width=\"\(max(value > 0 ? 1 : 0, w))\" height=\"10\" fill=\"\(colors[s % colors.count])\">\(tip)</rect>"
                    out += "<text x=\"\(left + w + 4)\" y=\"\(by + 9)\" font-size=\"10\">\(VietnameseText.number(value))</text>"
                }
            }
            if stacked {
                out += "<text x=\"\(x + 4)\" y=\"\(y + rowHeight / 2 + 4)\" font-size=\"11\">\(VietnameseText.number(values[i].reduce(0, +)))</text>"
            }
        }
        return out + "</svg>"
    }
}

extension PageModel {
    /// A page of a register as the register page's table shows it: the Decree 30 columns (the
    /// paper's blank signature column left out), the rows' cells, and the key of the next page.
    public static func register(_ page: RegisterPage<IncomingRegisterRow>) -> (columns: [String], rows: [[String]], next: String?) {
        table(V.incomingRegisterColumns, page.rows.map(RegisterRenderer.cells), next: page.next)
    }

    /// Each row's document and the workflow steps it accepts next (`IncomingStep` raw values).
    public static func arrivals(_ page: RegisterPage<IncomingRegisterRow>) -> [(year: Int, arrivalNo: Int, nextSteps: [String])] {
        page.rows.map { ($0.year, $0.arrivalNo, nextSteps($0.workflow)) }
    }

    /// The workflow steps an incoming document accepts next (none when it is not registered).
    public static func nextSteps(_ state: IncomingState?) -> [String] {
        state?.nextSteps.map(\.rawValue) ?? []
    }

    public static func register(_ page: RegisterPage<OutgoingRegisterRow>) -> (columns: [String], rows: [[String]], next: String?) {
        table(V.outgoingRegisterColumns, page.rows.map(RegisterRenderer.cells), next: page.next)
    }

    static func table(_ columns: [String], _ rows: [[String]], next: RegisterKey?) -> (columns: [String], rows: [[String]], next: String?) {
        let keep = columns.indices.filter { columns[$0] != V.signColumn }
        return (keep.map { columns[$0] }, rows.map { row in keep.map { row[$0] } }, next?.description)
    }
}

extension PageModel {
    /// "Năm 2017 (từ 01/01/2017 đến 31/01/2017)" for a register request's dates.
    public static func registerSpan(_ filter: RegisterFilter) -> String { V.registerSpan(from: filter.from, to: filter.to) }
}
