public import OfficeDomain

/// Every Vietnamese word the renderings print lives here, so another rendering (another
/// language, another province's wording) changes one file.
public enum VietnameseText {
    // MARK: Numbers and dates, as the reports write them

    /// 11064 → "11.064".
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// 576 tenths → "57,6%".
    public static func percent(tenths: Int) -> String { "\(tenths / 10),\(tenths % 10)%" }

    /// 2017-01-09 → "09/01/2017".
    public static func date(_ day: Day) -> String {
        (day.day < 10 ? "0" : "") + "\(day.day)/" + (day.month < 10 ? "0" : "") + "\(day.month)/\(day.year)"
    }

    static let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                         "XVI", "XVII", "XVIII", "XIX", "XX"]

    public static func roman(_ n: Int) -> String { n >= 1 && n <= romans.count ? romans[n - 1] : String(n) }

    /// Q2/2017 → "Quý II/2017"; 2017 → "Năm 2017"; 2017-2018 → "2017-2018".
    public static func due(_ due: Due) -> String {
        switch due {
        case .quarter(let q, let y): return "Quý \(roman(q))/\(y)"
        case .year(let y): return "Năm \(y)"
        case .span(let a, let b): return "\(a)-\(b)"
        }
    }

    // MARK: Periods

    /// How the target of a period is named: "6 tháng đầu năm", "quý III", "năm", "kỳ báo cáo".
    public static func periodTarget(_ period: ReportPeriod) -> String {
        switch period.kind {
        case .half(1): return "6 tháng đầu năm"
        case .half: return "6 tháng cuối năm"
        case .quarter(let q): return "quý \(roman(q))"
        case .year: return "năm"
        case .range: return "kỳ báo cáo"
        }
    }

    public static func periodTitle(_ period: ReportPeriod) -> String {
        let span = "\(date(period.from)) – \(date(period.to))"
        switch period.kind {
        case .half, .quarter, .year:
            let name = periodTarget(period)
            return "\(name.prefix(1).uppercased() + name.dropFirst()) \(period.from.year) (\(span))"
        case .range:
            return "Từ \(date(period.from)) đến \(date(period.to))"
        }
    }

    /// "Tính đến hết tháng 6/2017" at a month's end, else "Tính đến ngày 15/06/2017".
    public static func until(_ day: Day) -> String {
        day == day.endOfMonth ? "Tính đến hết tháng \(day.month)/\(day.year)" : "Tính đến ngày \(date(day))"
    }

    // MARK: The report's sentences (seed, section 2.3)

    /// "Tiếp nhận 11.064 văn bản; xử lý và ban hành 7.522 văn bản, trong đó: …"
    public static func documentsSentence(received: Int, issued: Int, legalNormative: Int, individual: Int,
                                         plans: Int, submissions: Int) -> String {
        "Tiếp nhận \(number(received)) văn bản; xử lý và ban hành \(number(issued)) văn bản, trong đó: "
            + "\(number(legalNormative)) văn bản quy phạm pháp luật, \(number(individual)) quyết định và chỉ thị cá biệt, "
            + "\(number(plans)) kế hoạch, \(number(submissions)) tờ trình; còn lại là văn bản hành chính thông thường."
    }

    public static func recalledSentence(_ count: Int) -> String {
        "Thu hồi trong kỳ \(number(count)) văn bản."
    }

    /// "Thực hiện chương trình công tác năm 2017, UBND tỉnh đã ban hành 60 chương trình, đề án, dự án thực hiện."
    public static func programmeTotalSentence(year: Int, total: Int) -> String {
        "Thực hiện chương trình công tác năm \(year), UBND tỉnh đã ban hành \(number(total)) chương trình, đề án, dự án thực hiện."
    }

    /// "Tính đến hết tháng 6/2017, đã ban hành 19/33 đề án, đạt 57,6% so với chỉ tiêu 6 tháng đầu năm và 31,7% chỉ tiêu năm."
    public static func programmeSentence(period: ReportPeriod, approved: Int, due: Int, pctOfTarget: Int?, pctOfYear: Int?) -> String {
        // "19/33" reads as 19 of the 33 due; with none due the report says so instead of "1/0".
        let head = "\(until(period.to)), đã ban hành \(number(approved))"
        switch (pctOfTarget, pctOfYear) {
        case (let t?, let y?):
            return head + "/\(number(due)) đề án, đạt \(percent(tenths: t)) so với chỉ tiêu \(periodTarget(period)) và \(percent(tenths: y)) chỉ tiêu năm."
        case (nil, let y?):
            return head + " đề án (không có đề án đến hạn trong \(periodTarget(period))), đạt \(percent(tenths: y)) chỉ tiêu năm."
        default:
            return head + " đề án."
        }
    }

    public static func overdueHeading(_ count: Int) -> String { "Đề án đến hạn nhưng chưa được phê duyệt: \(number(count))." }

    public static func directivesSentence(issued: Int, onTime: Int, late: Int, inProgress: Int, overdue: Int, cancelled: Int) -> String {
        "Giao \(number(issued)) nhiệm vụ trong kỳ: hoàn thành đúng hạn \(number(onTime)), hoàn thành quá hạn \(number(late)), "
            + "đang thực hiện trong hạn \(number(inProgress)), quá hạn chưa hoàn thành \(number(overdue)), hủy \(number(cancelled))."
    }

    /// "Tiếp nhận 11.064 văn bản đến, đã phân công xử lý 2.000 văn bản (để biết 1.500), chưa phân công 9.064; …"
    public static func incomingSentence(received: Int, assigned: Int, forInformation: Int, unassigned: Int, onTime: Int,
                                        late: Int, inProgress: Int, overdue: Int) -> String {
        "Tiếp nhận \(number(received)) văn bản đến, đã phân công xử lý \(number(assigned)) văn bản "
            + "(để biết \(number(forInformation))), chưa phân công \(number(unassigned)); "
            + "đã giải quyết đúng hạn \(number(onTime)), quá hạn \(number(late)); "
            + "đang giải quyết \(number(inProgress + overdue)), trong đó quá hạn \(number(overdue))."
    }

    // MARK: Headings and table columns

    public static let reportTitle = "BÁO CÁO KIỂM ĐIỂM CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    public static let periodLabel = "Kỳ báo cáo"
    public static let asOfLabel = "Số liệu theo sổ tại thời điểm"
    public static let documentsHeading = "Công tác văn bản"
    public static func programmeHeading(_ year: Int) -> String { "Chương trình công tác năm \(year)" }
    public static let directivesHeading = "Thực hiện ý kiến chỉ đạo"
    public static func appendixTitle(_ year: Int) -> String { "Kết quả thực hiện các đề án, dự án UBND tỉnh giao các sở, ngành thực hiện năm \(year)" }
    public static let appendixColumns = ["STT", "Đề án, dự án", "Thời gian thực hiện", "Văn bản phê duyệt"]
    public static let unitColumns = ["Đơn vị", "Tổng số", "Đến hạn trong kỳ", "Đã phê duyệt trong kỳ", "Quá hạn"]
    public static let directiveColumns = ["Đơn vị", "Giao", "Đúng hạn", "Quá hạn (đã xong)", "Trong hạn", "Quá hạn", "Hủy"]
    public static let dueWord = "hạn"
    public static let incomingHeading = "Tình hình xử lý văn bản đến"
    public static let incomingColumns = ["Đơn vị", "Phân công", "Để biết", "Đúng hạn", "Quá hạn (đã xong)", "Trong hạn", "Quá hạn"]

    /// "Quyết định số 41/QĐ-UBND ngày 09/01/2017".
    public static func approvingDocument(symbol: String, on day: Day?) -> String {
        let word = symbol.contains("/QĐ-") ? "Quyết định số" : "Văn bản số"
        return "\(word) \(symbol)" + (day.map { " ngày \(date($0))" } ?? "")
    }
    // MARK: The registers (Decree 30, appendix IV)

    /// The agency named at the head of a printed register when none is given.
    public static let defaultAgency = "ỦY BAN NHÂN DÂN"
    public static let incomingRegisterTitle = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
    public static let outgoingRegisterTitle = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    public static let followUpRegisterTitle = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"
    /// The blank column signed on paper by whoever takes the document.
    public static let signColumn = "Ký nhận"
    public static let incomingRegisterColumns = ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
                                                 "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển",
                                                 signColumn, "Ghi chú"]
    public static let outgoingRegisterColumns = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                                                 "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản",
                                                 "Ngày chuyển", signColumn, "Ghi chú"]
    public static let followUpRegisterColumns = ["Số đến", "Tên loại, số, ký hiệu, ngày tháng, tác giả và trích yếu nội dung",
                                                 "Đơn vị hoặc người nhận", "Thời hạn giải quyết", "Tiến độ giải quyết",
                                                 "Số, ký hiệu văn bản trả lời", "Ghi chú"]

    /// "Năm 2017", or "Từ 01/01/2017 đến 30/06/2017" when the register is printed for part of a year.
    public static func registerSpan(from: Day, to: Day) -> String {
        if from.month == 1 && from.day == 1 && to.month == 12 && to.day == 31 && from.year == to.year { return "Năm \(from.year)" }
        return "Năm \(from.year == to.year ? "\(from.year)" : "\(from.year)–\(to.year)") (từ \(date(from)) đến \(date(to)))"
    }

    /// "Trang 3 / 12", written by the print CSS (its counters).
    public static let pageWord = "Trang"

    /// The names of the document types (Decree 30, appendix III; CV: công văn).
    public static let docTypeNames: [String: String] = [
        "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định", "TC": "Thông cáo",
        "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án",
        "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện",
        "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
        "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo", "SY": "Bản sao y",
        "TrS": "Bản trích sao", "SL": "Bản sao lục", "GN": "Bản ghi nhớ", "TTh": "Bản thỏa thuận", "UQ": "Giấy ủy quyền",
        "NP": "Giấy nghỉ phép", "CV": "Công văn",
    ]

    public static func docTypeName(_ code: String) -> String { docTypeNames[code] ?? code }

    /// "Công văn: Về việc …".
    public static func typeAndSubject(docType: String, subject: String) -> String { "\(docTypeName(docType)): \(subject)" }

    /// "Công văn số 15/BTC-NSNN ngày 03/01/2017 của Bộ Tài chính: Về việc …".
    public static func incomingDocument(docType: String, numberSymbol: String, signedOn: Day?, sender: String, subject: String) -> String {
        "\(docTypeName(docType)) số \(numberSymbol)" + (signedOn.map { " ngày \(date($0))" } ?? "") + " của \(sender): \(subject)"
    }

    /// "Sở Tài chính; phối hợp: Sở Xây dựng, Kho bạc".
    public static func handlers(lead: String, support: [String]) -> String {
        support.isEmpty ? lead : "\(lead); phối hợp: \(support.joined(separator: ", "))"
    }

    public static func repeatNote(of arrivalNo: Int, year: Int) -> String { "Bản trùng, đã đăng ký số đến \(arrivalNo)/\(year)" }
    public static func recalledNote(on day: Day) -> String { "Đã thu hồi ngày \(date(day))" }
    public static func progressNote(on day: Day, unit: String, note: String) -> String { "\(date(day)), \(unit): \(note)" }
    public static func answeredNote(on day: Day, note: String?) -> String {
        "Đã trả lời ngày \(date(day))" + (note.map { ": \($0)" } ?? "")
    }
    public static func closedNote(on day: Day, reason: String) -> String { "Đã kết thúc ngày \(date(day)): \(reason)" }
}
