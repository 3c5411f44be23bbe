public import OfficeDomain

/// Every Vietnamese word the office's web pages show (beside `VietnameseText`, the report's words):
/// menus, headings, form labels, statuses and the sentences of errors.
public enum PageText {
    public static let appName = "Sổ điện tử văn phòng UBND tỉnh"
    public static let login = "Đăng nhập"
    public static let logout = "Đăng xuất"
    public static let user = "Tên đăng nhập"
    public static let password = "Mật khẩu"
    public static let loginFailed = "Tên đăng nhập hoặc mật khẩu không đúng."
    public static let loginCSRFRefused = "Mẫu đăng nhập này không do trang đăng nhập của sổ gửi, hoặc đã quá 30 phút: xin đăng nhập lại trên trang này."
    public static let loginThrottled = "Đăng nhập sai quá nhiều lần trong một phút: xin chờ một phút rồi thử lại."
    public static let loggedInAs = "Người dùng"
    public static let rolesLabel = "Vai trò"
    public static let headLabel = "Sổ đến sự kiện số"
    public static let verifyLink = "Kiểm tra tính toàn vẹn"

    // MARK: Menu
    public static let overview = "Tổng quan / Báo cáo"
    public static let directives = "Ý kiến chỉ đạo"
    public static let check = "Kiểm tra"
    public static let accounts = "Tài khoản"
    public static let formsMenu = "Nhập liệu"

    public static func roleName(_ role: String) -> String {
        switch role {
        case "clerk": return "Văn thư"
        case "officer": return "Chuyên viên"
        case "leader": return "Lãnh đạo"
        case "inspector": return "Thanh tra, kiểm tra"
        case "admin": return "Quản trị"
        default: return role
        }
    }

    // MARK: Report page
    public static let periodChoice = "Kỳ báo cáo"
    public static let periodHint = "2017-H1 (6 tháng đầu năm), 2017-H2, 2017-Q3 (quý), 2017 (cả năm) hoặc 2017-01-01..2017-03-31"
    public static let asOfChoice = "Số liệu tại thời điểm (không bắt buộc)"
    public static let asOfHint = "YYYY-MM-DD: báo cáo như có thể viết vào ngày đó"
    public static let show = "Xem"
    public static let firstHalf = "6 tháng đầu năm"
    public static let secondHalf = "6 tháng cuối năm"
    public static let wholeYear = "Cả năm"
    public static let downloads = "Tải về"
    public static let downloadNames = [("text", "Văn bản (.txt)"), ("md", "Markdown (.md)"), ("json", "JSON"), ("csv", "CSV")]
    public static let chartIssuedByMonth = "Văn bản đi ban hành theo tháng, theo loại"
    public static let chartProgramme = "Đề án theo đơn vị: đến hạn, đã phê duyệt, quá hạn"
    public static let chartDirectives = "Ý kiến chỉ đạo theo đơn vị và tình trạng"
    public static let noData = "Chưa có số liệu trong kỳ."
    public static let badPeriod = "Kỳ báo cáo không đúng dạng"
    public static let badAsOf = "Thời điểm không đúng dạng"

    public static func categoryName(_ category: DocumentTypes.Category) -> String {
        switch category {
        case .legalNormative: return "Văn bản QPPL"
        case .individualDecisionsDirectives: return "Quyết định, chỉ thị cá biệt"
        case .plans: return "Kế hoạch"
        case .submissions: return "Tờ trình"
        case .other: return "Văn bản hành chính khác"
        }
    }
    public static let programmeBars = ["Đến hạn trong kỳ", "Đã phê duyệt trong kỳ", "Quá hạn"]
    public static func monthName(_ month: Int) -> String { "T\(month)" }

    // MARK: Directives
    public static func bucketName(_ bucket: DirectiveBucket) -> String {
        switch bucket {
        case .completedOnTime: return "Hoàn thành đúng hạn"
        case .completedLate: return "Hoàn thành quá hạn"
        case .inProgress: return "Đang thực hiện trong hạn"
        case .overdue: return "Quá hạn"
        case .cancelled: return "Hủy"
        }
    }
    public static let directiveListColumns = ["Số hiệu", "Ngày giao", "Đơn vị chủ trì", "Hạn xử lý", "Tình trạng"]
    public static let unitFilter = "Đơn vị chủ trì"
    public static let allUnits = "(tất cả)"
    public static func statusAsOf(_ day: Day) -> String { "Tình trạng tính đến ngày \(VietnameseText.date(day))" }
    public static func directiveRowsShown(_ count: Int) -> String { "\(VietnameseText.number(count)) ý kiến chỉ đạo trên trang này, theo ngày giao." }
    public static let badPageKey = "Liên kết trang không đúng: xin mở lại trang đầu của danh sách."
    public static let noDeadline = "không có hạn"
    public static let timeline = "Diễn biến"
    public static let timelineColumns = ["STT sự kiện", "Ngày", "Nội dung", "Người ghi", "Thời điểm ghi sổ"]
    public static let linkedDocuments = "Văn bản liên quan"
    public static let notInLedger = "chưa có trong sổ văn bản đi"
    public static let citedBy = "Được nhắc đến bởi"
    public static let actions = "Ghi tiếp"

    /// What an event is, in the office's words.
    public static func eventName(_ type: String) -> String {
        switch EventType(rawValue: type) {
        case .documentReceived: return "Vào sổ văn bản đến"
        case .documentIssued: return "Ban hành văn bản đi"
        case .documentRecalled: return "Thu hồi văn bản"
        case .documentCorrected: return "Đính chính văn bản"
        case .directiveIssued: return "Giao ý kiến chỉ đạo"
        case .directiveDeadlineExtended: return "Gia hạn xử lý"
        case .directiveProgressReported: return "Báo cáo tiến độ"
        case .directiveCompleted: return "Hoàn thành"
        case .directiveCancelled: return "Hủy ý kiến chỉ đạo"
        case .programmeItemRegistered: return "Đăng ký đề án vào chương trình công tác"
        case .programmeItemRescheduled: return "Điều chỉnh thời hạn đề án"
        case .programmeItemSubmitted: return "Trình đề án"
        case .programmeItemApproved: return "Phê duyệt đề án"
        case .programmeItemWithdrawn: return "Rút đề án khỏi chương trình"
        case .seriesConfigured: return "Cấu hình sổ đăng ký"
        case .accountCreated: return "Tạo tài khoản"
        case .roleGranted: return "Cấp vai trò"
        case .roleRevoked: return "Thu hồi vai trò"
        case .accountDisabled: return "Khóa tài khoản"
        case .incomingAssigned: return "Phân phối văn bản đến"
        case .incomingProgressReported: return "Báo cáo tiến độ xử lý văn bản đến"
        case .incomingAnswered: return "Trả lời văn bản đến"
        case .incomingClosed: return "Kết thúc xử lý văn bản đến"
        case .checkpointSigned: return "Ký xác nhận trạng thái sổ (checkpoint)"
        case nil: return type
        }
    }

    /// The name of an event's data field.
    public static func fieldName(_ key: String) -> String {
        fieldNames[key] ?? key
    }

    static let fieldNames: [String: String] = [
        "received_on": "Ngày đến", "sender": "Cơ quan ban hành", "number_symbol": "Số, ký hiệu", "doc_type": "Loại văn bản",
        "subject": "Trích yếu nội dung", "arrival_no": "Số đến", "signed_on": "Ngày văn bản", "issued_on": "Ngày ban hành",
        "legal_normative": "Văn bản quy phạm pháp luật", "number": "Số", "issuer": "Cơ quan ban hành", "signer": "Người ký",
        "recipients": "Nơi nhận", "directive_id": "Số hiệu ý kiến chỉ đạo", "lead_unit": "Đơn vị chủ trì",
        "support_units": "Đơn vị phối hợp", "content": "Nội dung chỉ đạo", "deadline": "Hạn xử lý",
        "source_document": "Văn bản nguồn", "new_deadline": "Hạn xử lý mới", "reason": "Lý do", "unit": "Đơn vị báo cáo",
        "note": "Nội dung", "result_document": "Văn bản kết quả", "extended_on": "Ngày gia hạn", "reported_on": "Ngày báo cáo",
        "completed_on": "Ngày hoàn thành", "cancelled_on": "Ngày hủy", "item_id": "Mã đề án", "year": "Năm",
        "title": "Tên đề án", "due": "Thời gian thực hiện", "rescheduled_on": "Ngày điều chỉnh", "submitted_on": "Ngày trình",
        "submission": "Tờ trình", "approved_on": "Ngày phê duyệt", "decision": "Quyết định phê duyệt",
        "withdrawn_on": "Ngày rút", "user": "Tên đăng nhập", "name": "Họ và tên", "role": "Vai trò", "roles": "Vai trò",
        "document": "Văn bản", "recalled_on": "Ngày thu hồi", "corrected_on": "Ngày đính chính", "correction": "Nội dung đính chính",
        "lead": "Chủ trì", "instruction": "Ý kiến chỉ đạo", "for_information": "Để biết",
        "from": "Từ ngày", "to": "Đến ngày", "type": "Loại văn bản", "q": "Tìm trong trích yếu", "after": "Trang",
        "period": "Kỳ báo cáo", "as_of": "Thời điểm", "as_at": "Tình trạng tại ngày", "digest": "Mã đầu chuỗi",
        "password": "Mật khẩu", "answer_document": "Văn bản trả lời", "copies": "Số lượng bản", "archive_unit": "Đơn vị lưu",
        "sent_on": "Ngày chuyển", "id": "Mã sự kiện của mẫu", "repeat_of": "Bản đến lại của số đến",
        "assigned_on": "Ngày phân phối", "answered_on": "Ngày trả lời", "closed_on": "Ngày kết thúc xử lý",
    ]

    // MARK: Forms
    public static let save = "Ghi vào sổ"
    public static let formErrors = "Sổ chưa ghi: xin sửa các ô được đánh dấu."
    public static let todayIfEmpty = "để trống: hôm nay"
    public static let nextNumberIfEmpty = "để trống: số tiếp theo của sổ"
    public static let listHint = "mỗi dòng một đơn vị"
    public static let duplicateSaved = "Mẫu này đã được ghi trước đó (gửi lại hai lần): sổ không ghi thêm."
    public static func savedArrival(_ arrival: String) -> String { "Đã vào sổ văn bản đến, số đến \(arrival)." }
    public static func savedNumber(_ symbol: String) -> String { "Đã ban hành văn bản số \(symbol)." }
    public static func savedEvent(_ seq: String) -> String { "Đã ghi vào sổ (sự kiện số \(seq))." }
    public static let csrfRefused = "Mẫu đã hết hạn hoặc không phải do trang này gửi. Xin mở lại trang và nhập lại."
    public static let notFoundTitle = "Không tìm thấy"
    public static let notFound = "Trang hoặc mục này không có trong sổ."
    public static let forbiddenTitle = "Không có quyền"
    public static func forbidden(_ roles: [String]) -> String {
        "Trang này dành cho vai trò " + roles.map(roleName).joined(separator: ", ")
            + "; tài khoản của bạn không có vai trò đó. Xin liên hệ người quản trị nếu bạn cần."
    }
    public static let badRequestTitle = "Yêu cầu không hợp lệ"
    public static let errorTitle = "Lỗi"
    public static let internalError = "Lỗi nội bộ: xin báo cho người quản trị mã yêu cầu dưới đây."
    public static let busy = "Sổ đang bận (một chương trình khác đang ghi); xin thử lại sau vài giây."

    /// A refusal of the ledger for one field, in Vietnamese. The ledger's reasons are English
    /// sentences the CLI and the API keep; each one a form (or the accounts page) can meet is
    /// recognised here by a stable part of its words and said in the office's words, with the
    /// dates it names written as dd/mm/yyyy. A reason not in this list (none a form can meet
    /// today) keeps the ledger's sentence after a Vietnamese lead rather than hiding it.
    public static func reason(_ reason: String) -> String {
        let dates = isoDates(in: reason)
        let last = dates.last.map { " (\($0))" } ?? ""
        func has(_ part: String) -> Bool { reason.contains(part) }
        // What any field can be refused for.
        if reason.hasPrefix("missing") || reason == "must not be empty" { return "Chưa nhập: ô này bắt buộc." }
        if reason.contains("is not a date") || reason.hasPrefix("must be a date") {
            return "Ngày không đúng: viết theo dạng năm-tháng-ngày, ví dụ 2017-01-09."
        }
        if reason.hasPrefix("unknown document type code") {
            return "Mã loại văn bản không có trong danh mục của Nghị định 30 (ví dụ QĐ, CT, KH, TTr, BC, TB)."
        }
        if has("is not a number symbol") { return "Số, ký hiệu không đúng dạng, ví dụ 41/QĐ-UBND hoặc 20/2017/QĐ-UBND." }
        if has("is not a due time") { return "Thời gian thực hiện viết Q1/2017 … Q4/2017, 2017 hoặc 2017-2018." }
        if reason.hasPrefix("must be a whole number") || has("is out of range") { return "Phải là một số nguyên hợp lệ." }
        if reason.hasPrefix("is longer than") { return "Nội dung quá dài (tối đa 10.000 byte)." }
        if reason.hasPrefix("must be one line") { return "Chỉ được viết trên một dòng, tối đa 200 byte." }
        if has("control character") { return "Có ký tự điều khiển không được phép." }
        if reason.hasPrefix("must be true or false") { return "Chỉ được chọn có hoặc không." }
        if reason.hasPrefix("must be an array of strings") || reason.hasPrefix("must be a string") { return "Giá trị không đúng kiểu." }
        if reason.hasPrefix("unknown field for") { return "Ô này không thuộc loại việc đang ghi." }
        if reason.hasPrefix("given twice") { return "Ô này được gửi hai lần." }
        // The pages' filters and the inspector's digest.
        if has("is not a period") { return "Viết kỳ báo cáo như 2017-H1, 2017-H2, 2017-Q3, 2017 hoặc 2017-01-01..2017-06-30." }
        if has("the first day comes first") { return "Ngày đầu của kỳ phải trước ngày cuối." }
        if has("is not an ISO 8601 date or time") { return "Viết thời điểm như 2017-06-30 hoặc 2017-06-30T17:00:00Z." }
        if has("is before from") { return "Ngày cuối phải từ ngày đầu trở đi." }
        if reason == "has no word to search for" { return "Chưa có từ nào để tìm." }
        if has("is not a register key") || has("is not a page key") { return badPageKey }
        if reason == "is empty" { return "Chưa nhập: ô này bắt buộc." }
        if has("must be SEQ:HASH") { return "Mã đầu chuỗi viết SEQ:HASH như trang này hiện (số sự kiện, dấu hai chấm, 64 chữ số hệ 16)." }
        // Documents: what the decoder checks in one event.
        if has("is after received_on") { return "Ngày văn bản sau ngày đến: văn bản không thể đến trước khi được ký." }
        if has("is before issued_on") { return "Ngày chuyển trước ngày ban hành văn bản." }
        if has("can be a legal normative document") { return "Chỉ quyết định (QĐ) mới có thể là văn bản quy phạm pháp luật của UBND tỉnh." }
        if has("cannot contain '/' or spaces") { return "Cơ quan ban hành (phần cuối của ký hiệu, ví dụ UBND) không được chứa dấu / hay khoảng trắng." }
        if has("cannot start with a document type code") { return "Ký hiệu của công văn không được bắt đầu bằng mã một loại văn bản." }
        if has("differs from the year in") { return "Năm khác với năm ghi trong số, ký hiệu của văn bản." }
        if has("is before the issue date") { return "Hạn xử lý trước ngày giao ý kiến chỉ đạo\(last)." }
        if has("ends before the programme year") { return "Thời gian thực hiện kết thúc trước năm của chương trình công tác." }
        if has("is before the assignment date") { return "Hạn xử lý trước ngày phân phối văn bản\(last)." }
        // Documents: what the ledger already holds.
        if has("is already in the incoming register") { return "Số đến này đã có trong sổ văn bản đến của năm." }
        if has("is already used in series") { return "Số này đã được cấp cho văn bản khác trong cùng sổ đăng ký của năm." }
        if has("already registered as arrival") {
            let arrival = reason.split(separator: " ").last.map { " (số đến \($0))" } ?? ""
            return "Văn bản này đã được vào sổ văn bản đến\(arrival); không vào sổ hai lần."
        }
        if has("was not registered before") { return "Văn bản này chưa từng vào sổ văn bản đến: không phải là bản đến lại." }
        if has("is not a registration of") { return "Số đến này không phải là lần vào sổ của cùng văn bản." }
        if has("is not among the issued documents") { return "Văn bản này không có trong sổ văn bản đi." }
        if has("cannot answer a document") { return "Văn bản trả lời đã bị thu hồi\(last): không dùng để trả lời được." }
        if has("after answered_on") { return "Văn bản trả lời được ban hành sau ngày trả lời." }
        if has("is before the document was issued") { return "Ngày này trước ngày ban hành văn bản\(last)." }
        if has("was already recalled on") { return "Văn bản đã bị thu hồi\(last)." }
        if has("a recalled document is frozen") { return "Văn bản đã bị thu hồi\(last): không ghi thêm gì về văn bản này được." }
        // Directives.
        if reason.hasPrefix("directive") && has("already exists") { return "Số hiệu này đã dùng cho một ý kiến chỉ đạo khác (mỗi số hiệu chỉ dùng một lần)." }
        if reason.hasPrefix("unknown directive") { return "Không có ý kiến chỉ đạo nào mang số hiệu này trong sổ." }
        if has("is before the directive was issued") { return "Ngày này trước ngày giao ý kiến chỉ đạo\(last)." }
        if reason.hasPrefix("directive") && has("was already completed on") { return "Ý kiến chỉ đạo này đã hoàn thành\(last): không ghi tiếp được." }
        if reason.hasPrefix("directive") && has("was already cancelled on") { return "Ý kiến chỉ đạo này đã bị hủy\(last): không ghi tiếp được." }
        // Programme items.
        if reason.hasPrefix("programme item") && has("already exists") { return "Mã đề án này đã được dùng (mỗi mã chỉ dùng một lần)." }
        if reason.hasPrefix("unknown programme item") { return "Không có đề án nào mang mã này trong chương trình công tác." }
        if reason.hasPrefix("programme item") && has("was withdrawn on") { return "Đề án đã được rút khỏi chương trình\(last): không ghi tiếp được." }
        if reason.hasPrefix("programme item") && has("was already approved on") { return "Đề án đã được phê duyệt\(last): không ghi tiếp được." }
        // Incoming documents' workflow.
        if has("is before the document was received") { return "Ngày này trước ngày đến của văn bản\(last)." }
        if has("is before the assignment in force") { return "Ngày phân phối trước lần phân phối đang có hiệu lực\(last)." }
        if has("has not been assigned") { return "Văn bản đến này chưa được phân phối xử lý." }
        if has("for information only") { return "Văn bản đến này chỉ gửi để biết, không cần trả lời: hãy kết thúc xử lý." }
        if has("is not in the incoming register") { return "Số đến này không có trong sổ văn bản đến." }
        if has("was already answered on") { return "Văn bản đến này đã được trả lời\(last)." }
        if has("was already closed on") { return "Văn bản đến này đã kết thúc xử lý\(last)." }
        // Accounts.
        if has("is not a user name") { return "Tên đăng nhập gồm 1 đến 64 ký tự: chữ thường a–z, chữ số, dấu chấm, gạch dưới hoặc gạch ngang." }
        if reason.hasPrefix("unknown role") { return "Vai trò không có trong danh sách vai trò." }
        if has("(a user name is used once)") { return "Tên đăng nhập này đã có tài khoản." }
        if reason.hasPrefix("unknown account") { return "Không có tài khoản này." }
        if reason.hasPrefix("the account") && reason.hasSuffix("is disabled") { return "Tài khoản này đã bị khóa." }
        if has("already has the role") { return "Tài khoản đã có vai trò này." }
        if has("does not have the role") { return "Tài khoản không có vai trò này." }
        // The append pipeline: the event as a whole.
        if has("is already in the ledger") { return "Mẫu này đã được ghi trước đó với nội dung khác: xin mở lại mẫu trống rồi nhập lại." }
        if has("is already in the log") { return "Sổ có dấu hiệu bị sửa ngoài chương trình: xin báo ngay cho người quản trị." }
        if reason.hasPrefix("conflict:") { return "Có người vừa ghi vào cùng hồ sơ: xin mở lại trang và thử lại." }
        if has("ahead of this machine's clock") || has("is earlier than the ledger's latest event") {
            return "Đồng hồ của máy chủ không khớp với sổ: xin báo cho người quản trị."
        }
        return "Sổ không nhận giá trị này (\(reason))."
    }

    /// The days `YYYY-MM-DD` a sentence names, in order, written as dd/mm/yyyy.
    static func isoDates(in text: String) -> [String] {
        let chars = Array(text.utf8)
        var out: [String] = []
        var i = 0
        while i + 10 <= chars.count {
            if let day = Day(String(decoding: chars[i..<i + 10], as: UTF8.self)),
               i == 0 || !(48...57).contains(chars[i - 1]), i + 10 == chars.count || !(48...57).contains(chars[i + 10]) {
                out.append(VietnameseText.date(day))
                i += 10
            } else {
                i += 1
            }
        }
        return out
    }
}

extension PageText {
    /// The title of each form of the pages (`/forms/SLUG`).
    public static func formTitle(_ slug: String) -> String {
        switch slug {
        case "receive": return "Vào sổ văn bản đến"
        case "issue": return "Ban hành văn bản đi (cấp số)"
        case "directive": return "Giao ý kiến chỉ đạo"
        case "directive-progress": return "Báo cáo tiến độ ý kiến chỉ đạo"
        case "directive-extend": return "Gia hạn xử lý"
        case "directive-complete": return "Hoàn thành ý kiến chỉ đạo"
        case "directive-cancel": return "Hủy ý kiến chỉ đạo"
        case "programme": return "Đăng ký đề án vào chương trình công tác"
        case "programme-reschedule": return "Điều chỉnh thời hạn đề án"
        case "programme-submit": return "Trình đề án"
        case "programme-approve": return "Phê duyệt đề án"
        case "programme-withdraw": return "Rút đề án khỏi chương trình"
        case "incoming-assign": return "Phân phối văn bản đến"
        case "incoming-progress": return "Báo cáo tiến độ xử lý văn bản đến"
        case "incoming-answer": return "Trả lời văn bản đến"
        case "incoming-close": return "Kết thúc xử lý văn bản đến"
        default: return slug
        }
    }

    /// The short name of an incoming document's next step, as a link on its register row.
    public static func incomingActionName(_ slug: String) -> String {
        switch slug {
        case "incoming-assign": return "Phân phối"
        case "incoming-progress": return "Báo cáo tiến độ"
        case "incoming-answer": return "Trả lời"
        case "incoming-close": return "Kết thúc"
        default: return formTitle(slug)
        }
    }
    public static let incomingActionsColumn = "Xử lý"
    public static func savedIncoming(_ arrival: String, _ type: String) -> String { "Đã ghi \(eventName(type).lowercased()), số đến \(arrival)." }

    /// Decree 30's type codes (appendix III), and CV for công văn, offered in the forms.
    public static var documentTypeCodes: [String] { DocumentTypes.decree30 + [DocumentTypes.officialLetter] }

    public static let verifyTitle = "Kiểm tra tính toàn vẹn của sổ"
    public static let digestNow = "Mã đầu chuỗi hiện tại (SEQ:HASH): chép và giữ ở nơi khác để đối chiếu về sau."
    public static let compareDigest = "Đối chiếu với mã đã giữ (không bắt buộc)"
    public static let runVerify = "Kiểm tra ngay"
    public static let verifyOK = "Sổ toàn vẹn"
    public static let verifyFailed = "Sổ có vấn đề"
    public static func verifySummary(events: Int64, head: String) -> String {
        "Đã kiểm tra \(VietnameseText.number(Int(events))) sự kiện: chuỗi băm, quy tắc, tệp, lược đồ và các bảng đọc. Đầu chuỗi: \(head)."
    }
    public static let exportLink = "Tải toàn bộ sổ (JSON Lines)"

    public static let accountsTitle = "Tài khoản và vai trò"
    public static let accountColumns = ["Tên đăng nhập", "Họ và tên", "Vai trò", "Trạng thái", "Thay đổi"]
    public static let active = "Đang dùng"
    public static let disabled = "Đã khóa"
    public static let grant = "Cấp"
    public static let revoke = "Thu hồi"
    public static let disable = "Khóa"
    public static let newAccount = "Tạo tài khoản mới"
    public static let create = "Tạo"
    public static let grantsHistory = "Lịch sử cấp, thu hồi vai trò và khóa tài khoản"
    public static let grantsColumns = ["Sự kiện", "Thời điểm", "Việc", "Tài khoản", "Chi tiết", "Người thực hiện"]
    public static let accountSaved = "Đã ghi thay đổi tài khoản vào sổ."
    public static let directivesTitle = "Ý kiến chỉ đạo"
    public static let statusAsAtLabel = "Tình trạng tại ngày"
}

extension PageText {
    public static let incomingRegister = "Sổ văn bản đến"
    public static let outgoingRegister = "Sổ văn bản đi"
    public static let registerFrom = "Từ ngày"
    public static let registerTo = "Đến ngày"
    public static let registerType = "Loại văn bản"
    public static let registerUnit = "Đơn vị"
    public static let registerSearch = "Tìm trong trích yếu"
    public static let nextPage = "Trang sau"
    public static let firstPage = "Trang đầu"
    public static let noRows = "Không có văn bản nào khớp với bộ lọc."
    public static func rowsShown(_ count: Int) -> String { "\(VietnameseText.number(count)) dòng trên trang này, theo thứ tự số như sổ giấy." }
}
