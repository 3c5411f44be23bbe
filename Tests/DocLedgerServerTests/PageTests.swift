import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReportRendering
import Testing

/// The office's pages through the router: every page for every role, the login, the forms
/// (form token, event id, field errors in Vietnamese, post/redirect/get), escaping, headers.
@Suite("Pages")
struct PageTests {
    /// A small office: a received and an issued document, a directive, a programme item.
    /// The router of a server on a new ledger whose one account is the clerk vanthu.nguyen
    /// (password "mật khẩu dài 12"): for the login tests.
    static func withOneClerk(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let ledger = try ServerLedger()
        let setup = try Ledger(path: ledger.path)
        setup.passwordCost = 4
        _ = try setup.addAccount(user: "vanthu.nguyen", name: "Nguyễn Thị Thư", roles: ["clerk"], password: "mật khẩu dài 12", actor: "admin")
        let app = try await buildApplication(ledger.settings(), logger: quietLogger)
        try await app.test(.router) { client in try await body(client) }
    }

    static func seed(_ client: any TestClientProtocol) async throws {
        for (path, token, body) in [
            ("/api/documents/received", Token.clerk, RouteTests.received),
            ("/api/documents/issued", Token.clerk, RouteTests.issued),
            ("/api/directives", Token.leader, RouteTests.directive),
            ("/api/programme", Token.officer, RouteTests.item),
        ] {
            let reply = try await client.send(.post, path, token: token, body: body)
            #expect(reply.status == 201, "\(path): \(reply)")
        }
    }

    /// Every page, and the roles it is for (nil: every login).
    static let pages: [(path: String, roles: Set<String>?, shows: String)] = [
        ("/?period=2017-H1", nil, "Tiếp nhận 1 văn bản; xử lý và ban hành 1 văn bản"),
        ("/directives?period=2017", nil, "CT-01"),
        ("/registers/incoming?from=2017-01-01&to=2017-12-31", nil, "45/BC-STC"),
        ("/registers/outgoing?from=2017-01-01&to=2017-12-31", nil, "01/QĐ-UBND"),
        ("/directives/CT-01", nil, "Giao ý kiến chỉ đạo"),
        ("/history/01/QĐ-UBND@2017", nil, "Ban hành văn bản đi"),
        ("/history/NN-01", nil, "Đăng ký đề án vào chương trình công tác"),
        ("/verify", ["inspector"], "Kiểm tra tính toàn vẹn của sổ"),
        ("/accounts", ["admin"], "Tài khoản và vai trò"),
    ] + FormSpec.all.map { spec in (spec.path, Set([spec.verb.roleNeeded!.description]), spec.title) }

    @Test("every page for every role: 200 with its content and the header, or the 403 page saying which role it needs")
    func everyPageEveryRole() async throws {
        try await withServer { client, _ in
            try await Self.seed(client)
            for (token, caller) in Token.table {
                for page in Self.pages {
                    let reply = try await client.send(.get, page.path, token: token)
                    let allowed = page.roles.map { !$0.isDisjoint(with: caller.roles) } ?? true
                    if allowed {
                        #expect(reply.status == 200, "\(caller.user) \(page.path): \(reply)")
                        #expect(reply.text.contains(page.shows), "\(caller.user) \(page.path) lacks \(page.shows)")
                        #expect(reply.text.contains(">\(caller.user)</strong>"), "\(page.path): the header names the user")
                        #expect(reply.text.contains("Sổ đến sự kiện số <strong>4</strong>"), "\(page.path): the head's seq")
                        #expect(reply.text.contains("href=\"/verify\""))
                    } else {
                        #expect(reply.status == 403, "\(caller.user) \(page.path): \(reply)")
                        #expect(reply.text.contains("Không có quyền"))
                        #expect(reply.text.contains(PageText.roleName(page.roles!.first!)), "\(page.path): the 403 page names the role")
                    }
                    #expect(reply.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(!reply.text.contains("<script"), "\(page.path): no script")
                    #expect(reply.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                    #expect(reply.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
                    #expect(reply.headers[.xFrameOptions] == "DENY")
                    #expect(reply.headers[.cacheControl] == "no-store")
                    #expect(reply.headers[.referrerPolicy] == "same-origin")
                }
            }
        }
    }

    @Test("the report page shows the sentences of `docledger report` for the period in its URL, charts as SVG and the download links")
    func reportPage() async throws {
        try await withServer { client, ledger in
            try await Self.seed(client)
            let report = try Ledger(path: ledger.path, access: .read).report(ReportRequest(period: "2017-H1"))
            let text = ReportRenderer.render(report, as: .text)
            let page = try await client.send(.get, "/?period=2017-H1", token: Token.clerk)
            #expect(page.status == 200)
            // Every sentence of the text report (the lines that are not table rows) is on the page, escaped as HTML is.
            for line in text.split(separator: "\n") where line.hasSuffix(".") && !line.hasPrefix("  ") {
                #expect(page.text.contains(Self.html(String(line))), "missing: \(line)")
            }
            #expect(page.text.contains("Giao 1 nhiệm vụ trong kỳ: hoàn thành đúng hạn 0"))
            #expect(page.text.components(separatedBy: "<svg").count == 4, "three charts")
            #expect(page.text.contains("/report/download?format=csv&amp;period=2017-H1"))
            let csv = try await client.send(.get, "/report/download?format=csv&period=2017-H1", token: Token.clerk)
            #expect(csv.status == 200)
            #expect(csv.text == ReportRenderer.render(report, as: .csv))
            let bad = try await client.send(.get, "/?period=2017-H3", token: Token.clerk)
            #expect(bad.status == 200)
            #expect(bad.text.contains("Kỳ báo cáo không đúng dạng"))
            let asOf = try await client.send(.get, "/?period=2017-H1&as_of=2000-01-01", token: Token.clerk)
            #expect(asOf.text.contains("Tiếp nhận 0 văn bản"))
        }
    }

    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The value of a hidden input of a page's form.
    static func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
    }

    @Test("a form records once: its token is checked, the same event id sent twice is a duplicate, the answer redirects to what was recorded")
    func formRecordsOnce() async throws {
        try await withServer { client, ledger in
            let page = try await client.send(.get, "/forms/receive", token: Token.clerk)
            let csrf = try #require(Self.hidden("csrf", in: page.text))
            let eventID = try #require(Self.hidden("event_id", in: page.text))
            #expect(csrf == FormToken.forSession(Token.clerk))
            let fields = [("event_id", eventID), ("received_on", "2017-01-09"), ("sender", "Sở Tài chính"),
                          ("number_symbol", "45/BC-STC"), ("doc_type", "BC"), ("subject", "Báo cáo thu chi")]
            let ct = "application/x-www-form-urlencoded"
            let forged = try await client.send(.post, "/forms/receive", token: Token.clerk, body: Self.form(fields + [("csrf", "0" + csrf.dropFirst())]), contentType: ct)
            #expect(forged.status == 403, "\(forged)")
            let missing = try await client.send(.post, "/forms/receive", token: Token.clerk, body: Self.form(fields), contentType: ct)
            #expect(missing.status == 403)
            #expect(try ledger.digest().hasPrefix("0:"), "nothing recorded without the token")
            let saved = try await client.send(.post, "/forms/receive", token: Token.clerk, body: Self.form(fields + [("csrf", csrf)]), contentType: ct)
            #expect(saved.status == 303, "\(saved)")
            let location = try #require(saved.headers[.location])
            #expect(location == "/history/received:2017:1?saved=1")
            let shown = try await client.send(.get, location, token: Token.clerk)
            #expect(shown.text.contains("Đã vào sổ văn bản đến, số đến 1/2017."), "\(shown)")
            #expect(shown.text.contains("Sở Tài chính"))
            let again = try await client.send(.post, "/forms/receive", token: Token.clerk, body: Self.form(fields + [("csrf", csrf)]), contentType: ct)
            #expect(again.status == 200)
            #expect(again.text.contains(PageText.duplicateSaved))
            #expect(try ledger.digest().hasPrefix("1:"), "the second submit recorded nothing")
            // Another role's form: the 403 page.
            let leader = try await client.send(.post, "/forms/receive", token: Token.leader,
                                               body: Self.form(fields + [("csrf", FormToken.forSession(Token.leader))]), contentType: ct)
            #expect(leader.status == 403)
        }
    }

    @Test("a refused form shows the Vietnamese error beside its field and keeps what was typed")
    func fieldErrors() async throws {
        try await withServer { client, ledger in
            let csrf = FormToken.forSession(Token.clerk)
            let body = Self.form([("csrf", csrf), ("event_id", "form-test-1"), ("issued_on", "2017-01-06"), ("doc_type", "XYZ"),
                                  ("subject", "Phê duyệt <b>đề án</b>"), ("number", "mười")])
            let refused = try await client.send(.post, "/forms/issue", token: Token.clerk, body: body, contentType: "application/x-www-form-urlencoded")
            #expect(refused.status == 422, "\(refused)")
            #expect(refused.text.contains("Sổ chưa ghi: xin sửa các ô được đánh dấu."))
            #expect(refused.text.contains("<span class=\"field-error\" id=\"e-number\">Phải là một số nguyên hợp lệ.</span>"))
            let typeBody = Self.form([("csrf", csrf), ("event_id", "form-test-2"), ("issued_on", "2017-01-06"), ("doc_type", "XYZ"),
                                      ("subject", "Phê duyệt <b>đề án</b>")])
            let badType = try await client.send(.post, "/forms/issue", token: Token.clerk, body: typeBody, contentType: "application/x-www-form-urlencoded")
            #expect(badType.status == 422)
            #expect(badType.text.contains("id=\"e-doc_type\">Mã loại văn bản không có trong danh mục của Nghị định 30"), "\(badType)")
            #expect(badType.text.contains("value=\"XYZ\""), "the typed code is kept")
            #expect(badType.text.contains("Phê duyệt &lt;b&gt;đề án&lt;/b&gt;</textarea>"), "the typed subject is kept, escaped")
            #expect(badType.text.contains("value=\"form-test-2\""), "the same event id, so a corrected resend records once")
            let noDate = Self.form([("csrf", csrf), ("event_id", "form-test-3"), ("issued_on", "09/01/2017"), ("doc_type", "QĐ"), ("subject", "x")])
            let badDate = try await client.send(.post, "/forms/issue", token: Token.clerk, body: noDate, contentType: "application/x-www-form-urlencoded")
            #expect(badDate.text.contains("id=\"e-issued_on\">Ngày không đúng"), "\(badDate)")
            #expect(try ledger.digest().hasPrefix("0:"))
        }
    }

    /// Posts a form with the session's token as the all-roles account; the reply.
    static func post(_ client: any TestClientProtocol, _ slug: String, _ fields: [(String, String)]) async throws -> Reply {
        try await client.send(.post, "/forms/\(slug)", token: Token.all, body: form(fields + [("csrf", FormToken.forSession(Token.all))]),
                              contentType: "application/x-www-form-urlencoded")
    }

    /// The text of the error shown beside `field` on a form page.
    static func fieldError(_ field: String, in page: String) -> String? {
        guard let range = page.range(of: "id=\"e-\(field)\">") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "<" })
    }

    /// Every refusal a form can meet, each with a form that triggers it and the field it is shown beside
    /// (nil: beside no field, above the form).
    static let refusals: [(slug: String, fields: [(String, String)], field: String?)] = [
        ("receive", [("received_on", "2017-02-01"), ("sender", "Sở Xây dựng"), ("number_symbol", "10/BC-SXD"), ("doc_type", "BC"),
                     ("subject", "s"), ("signed_on", "2017-02-05")], "signed_on"),
        ("receive", [("received_on", "2017-01-10"), ("sender", "Sở Tài chính"), ("number_symbol", "45/BC-STC"), ("doc_type", "BC"),
                     ("subject", "Báo cáo thu chi")], "number_symbol"),
        ("receive", [("received_on", "2017-01-10"), ("sender", "Sở Tài chính"), ("number_symbol", "46/BC-STC"), ("doc_type", "BC"),
                     ("subject", "s"), ("arrival_no", "1")], "arrival_no"),
        ("receive", [("received_on", "2017-01-10"), ("sender", ""), ("number_symbol", "47/BC-STC"), ("doc_type", "BC"), ("subject", "s")], "sender"),
        ("receive", [("received_on", "2017-01-10"), ("sender", "Sở\u{202E}Tài chính"), ("number_symbol", "47/BC-STC"), ("doc_type", "BC"), ("subject", "s")], "sender"),
        ("issue", [("issued_on", "2017-01-07"), ("doc_type", "QĐ"), ("subject", "s"), ("number", "1")], "number"),
        ("issue", [("issued_on", "2017-01-07"), ("doc_type", "KH"), ("subject", "s"), ("legal_normative", "on")], "legal_normative"),
        ("issue", [("issued_on", "2017-02-30"), ("doc_type", "QĐ"), ("subject", "s")], "issued_on"),
        ("issue", [("issued_on", "2017-01-07"), ("doc_type", "QD"), ("subject", "s")], "doc_type"),
        ("issue", [("issued_on", "2017-01-07"), ("doc_type", "QĐ"), ("subject", String(repeating: "x", count: 10_001))], "subject"),
        ("issue", [("issued_on", "2017-01-07"), ("doc_type", "QĐ"), ("subject", "s"), ("number", "0")], "number"),
        ("directive", [("directive_id", "CT-01"), ("issued_on", "2017-03-21"), ("lead_unit", "u"), ("content", "c")], "directive_id"),
        ("directive", [("directive_id", "CT-09"), ("issued_on", "2017-03-20"), ("lead_unit", "u"), ("content", "c"),
                       ("deadline", "2017-03-01")], "deadline"),
        ("directive", [("directive_id", String(repeating: "C", count: 201)), ("issued_on", "2017-03-20"), ("lead_unit", "u"),
                       ("content", "c")], "directive_id"),
        ("directive", [("directive_id", "CT-10"), ("issued_on", "2017-03-20"), ("lead_unit", "u"), ("content", "c"),
                       ("source_document", "chỉ thị 619")], "source_document"),
        ("directive-progress", [("directive_id", "NONE"), ("reported_on", "2017-04-01"), ("unit", "u"), ("note", "n")], "directive_id"),
        ("directive-progress", [("directive_id", "CT-01"), ("reported_on", "2017-03-01"), ("unit", "u"), ("note", "n")], "reported_on"),
        ("directive-extend", [("directive_id", "CT-01"), ("extended_on", "2017-04-01"), ("new_deadline", "2017-03-01"), ("reason", "r")], "new_deadline"),
        ("directive-complete", [("directive_id", "CT-02"), ("completed_on", "2017-05-01")], "directive_id"),
        ("directive-cancel", [("directive_id", "CT-03"), ("cancelled_on", "2017-05-01"), ("reason", "r")], "directive_id"),
        ("programme", [("item_id", "NN-01"), ("year", "2017"), ("title", "t"), ("lead_unit", "u"), ("due", "Q3/2017")], "item_id"),
        ("programme", [("item_id", "NN-09"), ("year", "2017"), ("title", "t"), ("lead_unit", "u"), ("due", "2016")], "due"),
        ("programme", [("item_id", "NN-09"), ("year", "2017"), ("title", "t"), ("lead_unit", "u"), ("due", "Q5/2017")], "due"),
        ("programme-reschedule", [("item_id", "NN-99"), ("rescheduled_on", "2017-04-01"), ("due", "Q3/2017"), ("reason", "r")], "item_id"),
        ("programme-submit", [("item_id", "NN-03"), ("submitted_on", "2017-05-01"), ("submission", "185/TTr-SNN")], "item_id"),
        ("programme-approve", [("item_id", "NN-02"), ("approved_on", "2017-05-02"), ("decision", "41/QĐ-UBND")], "item_id"),
        // The incoming workflow (arrival 1/2017, received on 2017-01-09, not yet assigned).
        ("incoming-progress", [("arrival_no", "1"), ("year", "2017"), ("reported_on", "2017-01-12"), ("unit", "u"), ("note", "n")], "arrival_no"),
        ("incoming-assign", [("arrival_no", "99"), ("year", "2017"), ("assigned_on", "2017-01-12"), ("lead_unit", "u")], "arrival_no"),
        ("incoming-assign", [("arrival_no", "1"), ("year", "2017"), ("assigned_on", "2017-01-02"), ("lead_unit", "u")], "assigned_on"),
        ("incoming-assign", [("arrival_no", "1"), ("year", "2017"), ("assigned_on", "2017-01-12"), ("lead_unit", "u"),
                             ("deadline", "2017-01-11")], "deadline"),
        ("incoming-assign", [("arrival_no", "1"), ("year", "20170"), ("assigned_on", "2017-01-12"), ("lead_unit", "u")], "year"),
        // A form already saved, sent again with other content under its event id.
        ("directive", [("event_id", "form-seed-ct02"), ("directive_id", "CT-11"), ("issued_on", "2017-03-20"), ("lead_unit", "u"),
                       ("content", "c")], nil),
    ]

    @Test("every refusal a form can meet is said in Vietnamese beside its field: none of the ledger's English words shows")
    func refusalsInVietnamese() async throws {
        try await withServer { client, ledger in
            try await Self.seed(client)
            for (slug, fields) in [
                ("directive", [("event_id", "form-seed-ct02"), ("directive_id", "CT-02"), ("issued_on", "2017-03-20"), ("lead_unit", "u"), ("content", "c")]),
                ("directive-complete", [("directive_id", "CT-02"), ("completed_on", "2017-04-01")]),
                ("directive", [("directive_id", "CT-03"), ("issued_on", "2017-03-20"), ("lead_unit", "u"), ("content", "c")]),
                ("directive-cancel", [("directive_id", "CT-03"), ("cancelled_on", "2017-04-01"), ("reason", "r")]),
                ("programme", [("item_id", "NN-02"), ("year", "2017"), ("title", "t"), ("lead_unit", "u"), ("due", "Q2/2017")]),
                ("programme-approve", [("item_id", "NN-02"), ("approved_on", "2017-04-01"), ("decision", "41/QĐ-UBND")]),
                ("programme", [("item_id", "NN-03"), ("year", "2017"), ("title", "t"), ("lead_unit", "u"), ("due", "Q2/2017")]),
                ("programme-withdraw", [("item_id", "NN-03"), ("withdrawn_on", "2017-04-01"), ("reason", "r")]),
            ] {
                let saved = try await Self.post(client, slug, fields)
                #expect(saved.status == 303, "seed \(slug): \(saved)")
            }
            let head = try ledger.digest()
            let writer = try Ledger(path: ledger.path)
            for (index, refusal) in Self.refusals.enumerated() {
                let spec = try #require(FormSpec.named(refusal.slug))
                let fields = refusal.fields.contains { $0.0 == "event_id" } ? refusal.fields : refusal.fields + [("event_id", "form-refusal-\(index)")]
                let page = try await Self.post(client, refusal.slug, fields)
                #expect(page.status == 422, "\(refusal.slug) \(refusal.fields): \(page)")
                // The ledger's own English sentence for the same command (a number the page refuses itself has none).
                let command = spec.command(from: try FormBody(Array(Self.form(fields).utf8)))
                var english = command.errors.values.joined(separator: " ")
                if command.errors.isEmpty {
                    do {
                        _ = try writer.record(spec.verb, on: command.on, fields: command.fields,
                                              id: fields.first { $0.0 == "event_id" }!.1, actor: Token.table[Token.all]!.user)
                        Issue.record("\(refusal.slug) \(refusal.fields) was recorded")
                    } catch let refused as Rejected {
                        english = refused.problems.map(\.reason).joined(separator: " ")
                        #expect(refused.problems.map(\.field) == [refusal.field ?? "id"], "\(refusal.slug): \(refused.problems)")
                    }
                }
                let shown: String
                if let field = refusal.field {
                    shown = try #require(Self.fieldError(field, in: page.text), "\(refusal.slug): no error beside \(field): \(page.text)")
                } else {
                    let lead = try #require(page.text.range(of: "id=\"form-error\">"))
                    let start = try #require(page.text[lead.upperBound...].range(of: "<p class=\"error\">"), "\(refusal.slug): \(page.text)")
                    shown = String(page.text[start.upperBound...].prefix { $0 != "<" })
                }
                #expect(!shown.contains("Sổ không nhận giá trị này"), "\(refusal.slug): \(shown)")
                // The reason's English words (lowercase, four letters or more), not the values typed in it.
                let typed = fields.map(\.1).joined(separator: " ")
                let words = english.split { !$0.isASCII || !$0.isLetter }.map(String.init)
                    .filter { $0.count >= 4 && $0.allSatisfy(\.isLowercase) && !typed.contains($0) }
                #expect(!words.isEmpty || !command.errors.isEmpty, "\(refusal.slug): \(english)")
                for word in Set(words) where shown.lowercased().contains(word) {
                    Issue.record("\(refusal.slug) \(refusal.fields): '\(word)' of \"\(english)\" shows in \"\(shown)\"")
                }
            }
            #expect(try ledger.digest() == head, "no refusal recorded anything")
        }
    }

    @Test("the incoming workflow's forms: linked from each register row for the roles that record each step, recorded once, refusals in Vietnamese")
    func incomingForms() async throws {
        try await withServer { client, ledger in
            try await Self.seed(client)
            let register = "/registers/incoming?from=2017-01-01&to=2017-12-31"
            let steps = ["assign": "Phân phối", "progress": "Báo cáo tiến độ", "answer": "Trả lời", "close": "Kết thúc"]
            // Each role sees the links to the steps it records and the document accepts next.
            func expectLinks(_ allowed: [String: Set<String>], _ when: String) async throws {
                for (token, mine) in allowed {
                    let page = try await client.send(.get, register, token: token)
                    #expect(page.status == 200)
                    for (step, label) in steps {
                        let link = "<a href=\"/forms/incoming-\(step)?arrival_no=1&amp;year=2017\">\(label)</a>"
                        #expect(page.text.contains(link) == mine.contains(step), "\(when): \(Token.table[token]!.user): \(step)")
                    }
                    #expect(page.text.contains("<th>Xử lý</th>") == !mine.isEmpty, "\(when)")
                }
            }
            // Not yet assigned: only the assignment.
            try await expectLinks([Token.leader: ["assign"], Token.officer: [], Token.clerk: [], Token.inspector: []], "unassigned")
            let ct = "application/x-www-form-urlencoded"
            func submit(_ token: String, _ slug: String, _ fields: [(String, String)]) async throws -> Reply {
                let form = try await client.send(.get, "/forms/\(slug)?arrival_no=1&year=2017", token: token)
                #expect(form.status == 200, "\(slug): \(form)")
                #expect(form.text.contains("name=\"arrival_no\" value=\"1\"") && form.text.contains("name=\"year\" value=\"2017\""),
                        "\(slug): the document is filled in")
                let eventID = try #require(Self.hidden("event_id", in: form.text))
                let csrf = try #require(Self.hidden("csrf", in: form.text))
                return try await client.send(.post, "/forms/\(slug)", token: token,
                                             body: Self.form([("csrf", csrf), ("event_id", eventID), ("arrival_no", "1"), ("year", "2017")] + fields),
                                             contentType: ct)
            }
            let assigned = try await submit(Token.leader, "incoming-assign", [("assigned_on", "2017-01-10"), ("lead_unit", "Sở Tư pháp"),
                                                                             ("support_units", "Sở Tài chính\nKho bạc"), ("deadline", "2017-01-31")])
            #expect(assigned.status == 303, "\(assigned)")
            #expect(assigned.headers[.location] == "/history/received:2017:1?saved=5")
            try await expectLinks([Token.leader: ["assign"], Token.officer: ["progress"], Token.clerk: ["answer", "close"], Token.inspector: []],
                                  "assigned")
            let shown = try await client.send(.get, "/history/received:2017:1?saved=5", token: Token.clerk)
            #expect(shown.text.contains("Đã ghi phân phối văn bản đến, số đến 1/2017."), "\(shown)")
            #expect(shown.text.contains("Sở Tư pháp"))
            #expect(shown.text.contains("href=\"/forms/incoming-answer?arrival_no=1&amp;year=2017\""), "the clerk's next steps on the document's page")
            let progress = try await submit(Token.officer, "incoming-progress", [("reported_on", "2017-01-15"), ("unit", "Sở Tư pháp"), ("note", "Đang soạn")])
            #expect(progress.status == 303, "\(progress)")
            let unknown = try await submit(Token.clerk, "incoming-answer", [("answered_on", "2017-01-20"), ("answer_document", "99/QĐ-UBND")])
            #expect(unknown.status == 422)
            #expect(Self.fieldError("answer_document", in: unknown.text) == "Văn bản này không có trong sổ văn bản đi.", "\(unknown)")
            #expect(unknown.text.contains("value=\"99/QĐ-UBND\""), "what was typed is kept")
            let answered = try await submit(Token.clerk, "incoming-answer", [("answered_on", "2017-01-20"), ("answer_document", "01/QĐ-UBND")])
            #expect(answered.status == 303, "\(answered)")
            try await expectLinks([Token.leader: [], Token.officer: [], Token.clerk: [], Token.inspector: []], "answered")
            let answeredPage = try await client.send(.get, "/history/received:2017:1", token: Token.clerk)
            #expect(!answeredPage.text.contains("?arrival_no=1&amp;year=2017"), "an answered document's page offers no next step")
            let closed = try await submit(Token.clerk, "incoming-close", [("closed_on", "2017-01-21"), ("reason", "Lưu")])
            #expect(closed.status == 422)
            #expect(Self.fieldError("arrival_no", in: closed.text) == "Văn bản đến này đã được trả lời (20/01/2017).", "\(closed)")
            #expect(try ledger.digest().hasPrefix("7:"), "assigned, progress, answered: three events after the seed")
            let wrongRole = try await client.send(.post, "/forms/incoming-assign", token: Token.clerk,
                                                  body: Self.form([("csrf", FormToken.forSession(Token.clerk)), ("arrival_no", "1"), ("year", "2017"),
                                                                   ("assigned_on", "2017-01-22"), ("lead_unit", "u")]), contentType: ct)
            #expect(wrongRole.status == 403)
        }
    }

    @Test("a subject containing <script> shows as text on every page that shows it")
    func escaping() async throws {
        try await withServer { client, _ in
            let subject = "<script>alert('x')</script> & \"trích yếu\""
            let issued = try await client.send(.post, "/api/documents/issued", token: Token.clerk,
                                               body: json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": subject]))
            #expect(issued.status == 201)
            let directive = try await client.send(.post, "/api/directives", token: Token.leader,
                                                  body: json(["directive_id": "X-1", "issued_on": "2017-03-20", "lead_unit": "<script>Sở</script>",
                                                              "content": subject]))
            #expect(directive.status == 201, "\(directive)")
            for path in ["/history/01/QĐ-UBND@2017", "/directives/X-1", "/directives?period=2017", "/?period=2017-H1"] {
                let page = try await client.send(.get, path, token: Token.clerk)
                #expect(page.status == 200, "\(path): \(page)")
                #expect(!page.text.contains("<script"), "\(path) holds a script tag")
                #expect(page.text.contains("&lt;script&gt;"), "\(path) shows the text")
            }
            let timeline = try await client.send(.get, "/history/01/QĐ-UBND@2017", token: Token.clerk)
            #expect(timeline.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;trích yếu&quot;"))
        }
    }

    @Test("pages without a login go to the login page; the login page opens a session cookie; logout needs the form token and ends it")
    func loginLogout() async throws {
        try await Self.withOneClerk { client in
            let anonymous = try await client.send(.get, "/directives?period=2017", token: nil)
            #expect(anonymous.status == 303)
            #expect(anonymous.headers[.location] == "/login?next=/directives%3Fperiod%3D2017")
            let loginPage = try await client.send(.get, "/login?next=/directives", token: nil)
            #expect(loginPage.status == 200)
            #expect(loginPage.text.contains("name=\"next\" value=\"/directives\""))
            let css = try await client.send(.get, "/static/style.css", token: nil)
            #expect(css.status == 200)
            let ct = "application/x-www-form-urlencoded"
            let (loginCookie, loginToken) = try Self.loginToken(loginPage)
            let cookie = [("Cookie", "docledger_login=\(loginCookie)")]
            let wrong = try await client.send(.post, "/login", body: Self.form([("user", "vanthu.nguyen"), ("password", "sai"), ("next", "/"),
                                                                                  ("csrf", loginToken)]), contentType: ct, headers: cookie)
            #expect(wrong.status == 401)
            #expect(wrong.text.contains(PageText.loginFailed))
            #expect(wrong.text.contains("value=\"vanthu.nguyen\""))
            let away = try await client.send(.post, "/login", body: Self.form([("user", "vanthu.nguyen"), ("password", "mật khẩu dài 12"),
                                                                                 ("next", "//evil.example/"), ("csrf", loginToken)]),
                                             contentType: ct, headers: cookie)
            #expect(away.status == 303)
            #expect(away.headers[.location] == "/", "never to another site")
            let session = try #require(away.headers[values: .setCookie].first { $0.hasPrefix("docledger_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict"))
            #expect(away.headers[values: .setCookie].contains { $0.hasPrefix("docledger_login=;") && $0.contains("Max-Age=0") },
                    "the login form's token ends with the login")
            let token = String(session.dropFirst("docledger_session=".count).prefix { $0 != ";" })
            let home = try await client.send(.get, "/?period=2017-H1", headers: [("Cookie", "docledger_session=\(token)")])
            #expect(home.status == 200)
            #expect(home.text.contains(">vanthu.nguyen</strong>"))
            let csrf = try #require(Self.hidden("csrf", in: home.text))
            let noToken = try await client.send(.post, "/logout", body: "", contentType: ct, headers: [("Cookie", "docledger_session=\(token)")])
            #expect(noToken.status == 403)
            let out = try await client.send(.post, "/logout", body: Self.form([("csrf", csrf)]), contentType: ct,
                                            headers: [("Cookie", "docledger_session=\(token)")])
            #expect(out.status == 303)
            #expect(out.headers[.location] == "/login")
            let after = try await client.send(.get, "/", headers: [("Cookie", "docledger_session=\(token)")])
            #expect(after.status == 303, "the session ended")
        }
    }

    /// The login page's anti-forgery cookie value and the token of its hidden field.
    static func loginToken(_ page: Reply) throws -> (cookie: String, token: String) {
        let header = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("docledger_login=") }, "\(page.headers)")
        #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/login") && header.contains("Max-Age="))
        let cookie = String(header.dropFirst("docledger_login=".count).prefix { $0 != ";" })
        return (cookie, try #require(hidden("csrf", in: page.text)))
    }

    @Test("the login form carries an anti-forgery token (a random cookie and its digest in a hidden field): a login post without both, or with another page's, is refused in Vietnamese; the JSON API's login is unchanged")
    func loginForgery() async throws {
        try await Self.withOneClerk { client in
            let ct = "application/x-www-form-urlencoded"
            let first = try Self.loginToken(try await client.send(.get, "/login", token: nil))
            let second = try Self.loginToken(try await client.send(.get, "/login", token: nil))
            #expect(first.cookie.count == 32 && first.cookie != second.cookie, "a fresh random value for each login page")
            #expect(first.token != first.cookie, "the hidden field is not the cookie itself")
            let credentials = [("user", "vanthu.nguyen"), ("password", "mật khẩu dài 12"), ("next", "/")]
            // What another site's page could send: no cookie (SameSite=Strict), or a token it cannot match.
            let attempts: [(String, [(String, String)], [(String, String)])] = [
                ("no token, no cookie", credentials, []),
                ("a token, no cookie", credentials + [("csrf", first.token)], []),
                ("a cookie, no token", credentials, [("Cookie", "docledger_login=\(first.cookie)")]),
                ("another page's token", credentials + [("csrf", second.token)], [("Cookie", "docledger_login=\(first.cookie)")]),
                ("the cookie as the token", credentials + [("csrf", first.cookie)], [("Cookie", "docledger_login=\(first.cookie)")]),
            ]
            for (name, fields, headers) in attempts {
                let refused = try await client.send(.post, "/login", body: Self.form(fields), contentType: ct, headers: headers)
                #expect(refused.status == 403, "\(name): \(refused)")
                #expect(refused.text.contains(PageText.loginCSRFRefused), "\(name)")
                #expect(!refused.headers[values: .setCookie].contains { $0.hasPrefix("docledger_session=") }, "\(name): no session")
                #expect(refused.text.contains("value=\"vanthu.nguyen\""), "\(name): the user name typed is kept")
                // The refusal's page carries a fresh token, so logging in from it works.
                _ = try Self.loginToken(refused)
            }
            let accepted = try await client.send(.post, "/login", body: Self.form(credentials + [("csrf", first.token)]), contentType: ct,
                                                 headers: [("Cookie", "docledger_login=\(first.cookie)")])
            #expect(accepted.status == 303, "\(accepted)")
            #expect(accepted.headers[values: .setCookie].contains { $0.hasPrefix("docledger_session=") && !$0.hasPrefix("docledger_session=;") })
            let api = try await client.send(.post, "/api/session", body: #"{"user":"vanthu.nguyen","password":"mật khẩu dài 12"}"#)
            #expect(api.status == 201 || api.status == 200, "\(api)")
            #expect(api.json?["token"] is String, "\(api)")
        }
    }

    @Test("the directives list shows each directive's status as at a day, overdue ones marked; the directive page its timeline with links")
    func directives() async throws {
        try await withServer { client, _ in
            try await Self.seed(client)
            let complete = try await client.send(.post, "/api/directives/CT-01/complete", token: Token.leader,
                                                 body: json(["completed_on": "2017-07-10", "result_document": "01/QĐ-UBND"]))
            #expect(complete.status == 201, "\(complete)")
            let before = try await client.send(.get, "/directives?period=2017&as_at=2017-07-05", token: Token.officer)
            #expect(before.text.contains("<tr class=\"overdue\"><td><a href=\"/directives/CT-01\">"), "\(before)")
            #expect(before.text.contains("Tình trạng tính đến ngày 05/07/2017"))
            let after = try await client.send(.get, "/directives?period=2017&as_at=2017-07-31", token: Token.officer)
            #expect(after.text.contains("Hoàn thành quá hạn (10/07/2017)"))
            let other = try await client.send(.get, "/directives?period=2017&unit=S%E1%BB%9F%20T%C3%A0i%20ch%C3%ADnh", token: Token.officer)
            #expect(!other.text.contains("CT-01"))
            let page = try await client.send(.get, "/directives/CT-01", token: Token.leader)
            #expect(page.text.contains("Giao ý kiến chỉ đạo"))
            #expect(page.text.contains("Hoàn thành"))
            #expect(page.text.contains("href=\"/history/01/QĐ-UBND@2017\""), "the result document is a link")
            #expect(page.text.contains("href=\"/forms/directive-extend?directive_id=CT-01\""), "the leader's next steps")
            let missing = try await client.send(.get, "/directives/NONE", token: Token.leader)
            #expect(missing.status == 404)
            #expect(missing.text.contains("Không tìm thấy"))
        }
    }

    /// The directive ids a directives page lists, in order, and its next link (unescaped).
    static func directivePage(_ text: String) -> (ids: [String], next: String?) {
        var ids: [String] = []
        var rest = text[...]
        while let range = rest.range(of: "<td><a href=\"/directives/") {
            let id = rest[range.upperBound...].prefix { $0 != "\"" }
            ids.append(String(id))
            rest = rest[range.upperBound...]
        }
        let next = text.range(of: "<a href=\"").flatMap { _ -> String? in
            guard let mark = text.range(of: "\" id=\"next\"") else { return nil }
            let start = text[..<mark.lowerBound].range(of: "<a href=\"", options: .backwards)!.upperBound
            return String(text[start..<mark.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
        }
        return (ids, next)
    }

    @Test("the directives list pages by the last row's key: page 2 continues page 1 without overlap or gap, with the unit filter and the day of the status kept")
    func directivesPaging() async throws {
        try await withServer { client, _ in
            // 230 directives on 12 days, given out of date order, ~20 a day (the key must break ties), two units.
            var expected: [(day: Int, index: Int, id: String, unit: String)] = []
            var lines: [String] = []
            for i in 0..<230 {
                let day = 1 + (i * 7) % 12, id = "D-\(i)", unit = i % 2 == 0 ? "Sở A" : "Sở B"
                expected.append((day, i, id, unit))
                lines.append(eventLine("DirectiveIssued", ["directive_id": id, "issued_on": String(format: "2017-01-%02d", day),
                                                           "lead_unit": unit, "content": "c", "deadline": "2017-01-20"]))
            }
            let appended = try await client.send(.post, "/api/events", token: Token.all, body: lines.joined(separator: "\n") + "\n",
                                                 contentType: "application/x-ndjson")
            #expect(appended.status == 200 || appended.status == 201, "\(appended)")
            expected.sort { ($0.day, $0.index) < ($1.day, $1.index) }

            func walk(_ first: String) async throws -> [[String]] {
                var pages: [[String]] = []
                var path: String? = first
                while let next = path, pages.count < 10 {
                    let page = try await client.send(.get, next, token: Token.officer)
                    #expect(page.status == 200, "\(next): \(page)")
                    #expect(page.text.contains("Tình trạng tính đến ngày 03/01/2017"), "\(next): the day of the status is kept")
                    let parsed = Self.directivePage(page.text)
                    pages.append(parsed.ids)
                    if let link = parsed.next {
                        #expect(!link.contains("offset"))
                        #expect(link.contains("as_at=2017-01-03"))
                    }
                    path = parsed.next
                }
                return pages
            }
            let all = try await walk("/directives?period=2017&as_at=2017-01-03")
            #expect(all.map(\.count) == [100, 100, 30])
            #expect(all.flatMap { $0 } == expected.map(\.id), "the pages together are the list in order, each row once")
            let unitA = try await walk("/directives?period=2017&as_at=2017-01-03&unit=S%E1%BB%9F%20A")
            #expect(unitA.map(\.count) == [100, 15])
            #expect(unitA.flatMap { $0 } == expected.filter { $0.unit == "Sở A" }.map(\.id))
            let second = try await client.send(.get, "/directives?period=2017&as_at=2017-01-03&after=2017-01-06.5", token: Token.officer)
            #expect(second.text.contains("href=\"/directives?period=2017&amp;as_at=2017-01-03\""), "a link back to the first page")
            let bad = try await client.send(.get, "/directives?period=2017&after=5", token: Token.officer)
            #expect(bad.status == 200)
            #expect(bad.text.contains(PageText.badPageKey))
        }
    }

    @Test("a page's query is read as a browser's GET form sends it: + is a space")
    func pageQueryPlus() async throws {
        try await withServer { client, _ in
            try await Self.seed(client)
            let page = try await client.send(.get, "/registers/incoming?from=2017-01-01&to=2017-12-31&q=thu+chi", token: Token.clerk)
            #expect(page.text.contains("name=\"q\" value=\"thu chi\""), "\(page)")
            #expect(page.text.contains("45/BC-STC"))
            let units = try await client.send(.get, "/directives?period=2017&unit=S%E1%BB%9F+K%E1%BA%BF+ho%E1%BA%A1ch+v%C3%A0+%C4%90%E1%BA%A7u+t%C6%B0", token: Token.clerk)
            #expect(units.text.contains("CT-01"), "a unit sent by the filter form (spaces as +) finds its directives")
        }
    }

    @Test("the pages' other refusals (a period, a moment, a range, a digest) are in Vietnamese too")
    func filterRefusalsInVietnamese() async throws {
        try await withServer { client, _ in
            for (path, shown) in [("/?period=2017-H3", "Viết kỳ báo cáo như 2017-H1"), ("/directives?period=2017-H3", "Viết kỳ báo cáo như 2017-H1"),
                                  ("/?period=2017-06-30..2017-01-01", "Ngày đầu của kỳ phải trước ngày cuối."),
                                  ("/?period=2017&as_of=h%C3%B4m+qua", "Viết thời điểm như 2017-06-30"),
                                  ("/registers/incoming?from=2017-06-30&to=2017-01-01", "Ngày cuối phải từ ngày đầu trở đi."),
                                  ("/registers/outgoing?from=2017-01-01&to=2017-12-31&q=%2B%2B", "Chưa có từ nào để tìm."),
                                  ("/registers/outgoing?from=2017-01-01&to=2017-12-31&after=x", PageText.badPageKey),
                                  ("/registers/incoming?from=2017-13-01", "Ngày không đúng")] {
                let page = try await client.send(.get, path, token: Token.inspector)
                #expect(page.text.contains(shown), "\(path): \(page)")
                #expect(!page.text.contains("is not a") && !page.text.contains("comes first") && !page.text.contains("is before")
                        && !page.text.contains("no word"), "\(path)")
            }
            let verify = try await client.send(.post, "/verify", token: Token.inspector,
                                               body: Self.form([("csrf", FormToken.forSession(Token.inspector)), ("digest", "abc")]),
                                               contentType: "application/x-www-form-urlencoded")
            #expect(verify.text.contains("Mã đầu chuỗi viết SEQ:HASH"), "\(verify)")
            #expect(!verify.text.contains("must be"))
        }
    }

    @Test("the registers: Decree 30 columns, rows in number order, filters in the URL (search without diacritics), keyset pages")
    func registers() async throws {
        try await withServer { client, _ in
            // 105 incoming documents: two pages of 100.
            var lines: [String] = []
            for n in 1...105 {
                let subject = n == 42 ? "Báo cáo tình hình quản lý đất đai" : "Báo cáo số \(n)"
                lines.append(eventLine("DocumentReceived", ["received_on": "2017-01-\(n % 28 + 1 < 10 ? "0" : "")\(n % 28 + 1)", "sender": "Sở Tài chính",
                                                            "number_symbol": "\(n)/BC-STC", "doc_type": "BC", "subject": subject]))
            }
            let appended = try await client.send(.post, "/api/events", token: Token.clerk, body: lines.joined(separator: "\n"),
                                                 contentType: "application/x-ndjson")
            #expect(appended.status == 200, "\(appended)")
            let first = try await client.send(.get, "/registers/incoming?from=2017-01-01&to=2017-12-31", token: Token.officer)
            #expect(first.status == 200)
            #expect(first.text.contains("<th>Ngày đến</th><th>Số đến</th><th>Tác giả</th><th>Số, ký hiệu</th>"))
            #expect(!first.text.contains("<th>Ký nhận</th>"), "the paper's signature column is not a web column")
            #expect(first.text.contains("<td>1/BC-STC</td>") && first.text.contains("<td>100</td>"))
            #expect(!first.text.contains("<td>101/BC-STC</td>"))
            let next = try #require(first.text.range(of: "href=\"/registers/incoming?").map { first.text[$0.lowerBound...].dropFirst(6).prefix { $0 != "\"" } })
            #expect(next.contains("after=2017:100"), "\(next)")
            let second = try await client.send(.get, String(next).replacingOccurrences(of: "&amp;", with: "&"), token: Token.officer)
            #expect(second.text.contains("<td>101/BC-STC</td>") && second.text.contains("<td>105/BC-STC</td>"), "\(second)")
            #expect(!second.text.contains("<td>1/BC-STC</td>"))
            #expect(!second.text.contains("rel=\"next\""), "the last page")
            let search = try await client.send(.get, "/registers/incoming?from=2017-01-01&to=2017-12-31&q=dat%20dai", token: Token.officer)
            #expect(search.text.contains("<td>42/BC-STC</td>"), "dat dai finds đất đai")
            #expect(search.text.contains("1 dòng trên trang này"))
            let bad = try await client.send(.get, "/registers/outgoing?from=2017-13-01", token: Token.officer)
            #expect(bad.status == 200)
            #expect(bad.text.contains("class=\"error\""))
        }
    }

    @Test("the account page's refusals are said in Vietnamese: none of the ledger's English words shows")
    func accountRefusalsInVietnamese() async throws {
        try await withServer { client, ledger in
            let csrf = FormToken.forSession(Token.admin)
            let ct = "application/x-www-form-urlencoded"
            for (path, fields) in [("/accounts", [("user", "a.b"), ("name", "A B"), ("roles", "clerk"), ("password", "mật khẩu dài 123")]),
                                   ("/accounts", [("user", "c.d"), ("name", "C D"), ("roles", "clerk"), ("password", "mật khẩu dài 123")]),
                                   ("/accounts/c.d/disable", [])] {
                let saved = try await client.send(.post, path, token: Token.admin, body: Self.form([("csrf", csrf)] + fields), contentType: ct)
                #expect(saved.status == 303, "\(path): \(saved)")
            }
            let writer = try Ledger(path: ledger.path)
            writer.passwordCost = 4
            let attempts: [(path: String, fields: [(String, String)], english: (Ledger) throws -> Void)] = [
                ("/accounts/a.b/grant", [("role", "vua")], { _ = try $0.grant("vua", to: "a.b", actor: "quantri.dang") }),
                ("/accounts/a.b/grant", [("role", "clerk")], { _ = try $0.grant("clerk", to: "a.b", actor: "quantri.dang") }),
                ("/accounts/a.b/revoke", [("role", "leader")], { _ = try $0.revoke("leader", from: "a.b", actor: "quantri.dang") }),
                ("/accounts/c.d/grant", [("role", "leader")], { _ = try $0.grant("leader", to: "c.d", actor: "quantri.dang") }),
                ("/accounts/khong.co/grant", [("role", "leader")], { _ = try $0.grant("leader", to: "khong.co", actor: "quantri.dang") }),
                ("/accounts", [("user", "a.b"), ("name", "A B"), ("roles", "clerk"), ("password", "mật khẩu dài 123")],
                 { _ = try $0.addAccount(user: "a.b", name: "A B", roles: ["clerk"], password: "mật khẩu dài 123", actor: "quantri.dang") }),
                ("/accounts", [("user", "Tên Sai"), ("name", "A B"), ("roles", "clerk"), ("password", "mật khẩu dài 123")],
                 { _ = try $0.addAccount(user: "Tên Sai", name: "A B", roles: ["clerk"], password: "mật khẩu dài 123", actor: "quantri.dang") }),
            ]
            for attempt in attempts {
                let page = try await client.send(.post, attempt.path, token: Token.admin, body: Self.form([("csrf", csrf)] + attempt.fields),
                                                 contentType: ct)
                #expect(page.status == 422, "\(attempt.path) \(attempt.fields): \(page)")
                let start = try #require(page.text.range(of: "<p class=\"error\" role=\"alert\">"), "\(attempt.path): \(page)")
                let shown = String(page.text[start.upperBound...].prefix { $0 != "<" })
                var english = ""
                do { try attempt.english(writer); Issue.record("\(attempt.path) was recorded") } catch let refused as Rejected {
                    english = refused.problems.map(\.reason).joined(separator: " ")
                }
                #expect(!shown.contains("Sổ không nhận giá trị này"), "\(attempt.path): \(shown)")
                let typed = attempt.fields.map(\.1).joined(separator: " ") + " " + attempt.path
                let words = english.split { !$0.isASCII || !$0.isLetter }.map(String.init)
                    .filter { $0.count >= 4 && $0.allSatisfy(\.isLowercase) && !typed.contains($0) }
                #expect(!words.isEmpty, "\(attempt.path): \(english)")
                for word in Set(words) where shown.lowercased().contains(word) {
                    Issue.record("\(attempt.path): '\(word)' of \"\(english)\" shows in \"\(shown)\"")
                }
            }
        }
    }

    @Test("the admin's account page: a new account, a granted and a revoked role, a disabled account, each in the history of grants")
    func accounts() async throws {
        try await withServer { client, ledger in
            let csrf = FormToken.forSession(Token.admin)
            let ct = "application/x-www-form-urlencoded"
            let created = try await client.send(.post, "/accounts", token: Token.admin, body: Self.form([
                ("csrf", csrf), ("user", "vanthu.moi"), ("name", "Nguyễn Văn Mới"), ("roles", "clerk"), ("password", "mật khẩu mới 123")]),
                contentType: ct)
            #expect(created.status == 303, "\(created)")
            #expect(created.headers[.location] == "/accounts?saved=1")
            for (action, role) in [("grant", "officer"), ("revoke", "clerk")] {
                let changed = try await client.send(.post, "/accounts/vanthu.moi/\(action)", token: Token.admin,
                                                    body: Self.form([("csrf", csrf), ("role", role)]), contentType: ct)
                #expect(changed.status == 303, "\(action): \(changed)")
            }
            let disabled = try await client.send(.post, "/accounts/vanthu.moi/disable", token: Token.admin, body: Self.form([("csrf", csrf)]), contentType: ct)
            #expect(disabled.status == 303)
            let page = try await client.send(.get, "/accounts?saved=1", token: Token.admin)
            #expect(page.text.contains("Đã ghi thay đổi tài khoản vào sổ."))
            #expect(page.text.contains("<td>vanthu.moi</td><td>Nguyễn Văn Mới</td><td>Chuyên viên</td><td>Đã khóa</td>"), "\(page)")
            for what in ["Tạo tài khoản", "Cấp vai trò", "Thu hồi vai trò", "Khóa tài khoản"] {
                #expect(page.text.contains("<td>\(what)</td><td>vanthu.moi</td>"), "history: \(what)")
            }
            #expect(try ledger.history("account:vanthu.moi").map(\.actor) == Array(repeating: "quantri.dang", count: 4))
            let refused = try await client.send(.post, "/accounts/vanthu.moi/grant", token: Token.admin,
                                                body: Self.form([("csrf", csrf), ("role", "vua")]), contentType: ct)
            #expect(refused.status == 422)
            #expect(refused.text.contains("Vai trò"), "the refusal names the field in Vietnamese")
            let notAdmin = try await client.send(.post, "/accounts/vanthu.moi/grant", token: Token.clerk,
                                                 body: Self.form([("csrf", FormToken.forSession(Token.clerk)), ("role", "leader")]), contentType: ct)
            #expect(notAdmin.status == 403)
        }
    }
}
