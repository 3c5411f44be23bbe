import DocLedgerKit
import HTTPTypes
import Hummingbird
import Logging
import ReportRendering

/// The office's web pages: server-rendered HTML over the same `Ledger` calls as the API, plain
/// forms (each with the session's form token and the id of the event it will record), no script.
struct PagesController {
    let ledgers: Ledgers
    let throttle: LoginThrottle
    /// Form bodies are small: a few fields of text.
    static let maxFormBytes = 256 << 10

    /// The pages served without a login.
    static func isOpen(_ request: Request) -> Bool {
        let path = request.uri.path
        return path == "/login" || path == "/static/style.css"
    }

    func addRoutes(to router: Router<LedgerRequestContext>) {
        router.get("/static/style.css") { _, _ in
            var response = JSONBody.text(PageTemplates.style, contentType: "text/css; charset=utf-8")
            response.headers[.cacheControl] = "public, max-age=3600"
            return response
        }
        router.get("/login") { request, _ in
            loginPage(next: request.pageQuery("next") ?? "/", user: "", error: nil)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in
            _ = try await checkedForm(request, context)
            if let token = SessionAuthenticator.token(of: request) { try await ledgers.write { try $0.logout(token: token) } }
            return Page.redirect("/login", headers: [.setCookie: "\(SessionAuthenticator.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"])
        }
        router.get("/") { request, context in try await guarded(request, context) { try await reportPage(request, context) } }
        router.get("/report/download") { request, context in try await guarded(request, context) {
            _ = try context.authenticated()
            guard let format = request.pageQuery("format").flatMap(ReportFormat.init(rawValue:)) else {
                throw APIError.badRequest("format must be text, md, json or csv", field: "format", reason: "unknown")
            }
            let report = try ReportsController.reportRequest(request)
            let text = try await ledgers.read { ledger in ReportRenderer.render(try ledger.report(report), as: format) }
            let types: [ReportFormat: String] = [.text: "text/plain", .md: "text/markdown", .json: "application/json", .csv: "text/csv"]
            var response = JSONBody.text(text, contentType: types[format]! + "; charset=utf-8")
            let period = (request.pageQuery("period") ?? "report").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
            response.headers[.contentDisposition] = "attachment; filename=\"bao-cao-\(period).\(format == .text ? "txt" : format.rawValue)\""
            return response
        } }
        router.get("/registers/incoming") { request, context in try await guarded(request, context) { try await registerPage(incoming: true, request, context) } }
        router.get("/registers/outgoing") { request, context in try await guarded(request, context) { try await registerPage(incoming: false, request, context) } }
        router.get("/directives") { request, context in try await guarded(request, context) { try await directivesPage(request, context) } }
        router.get("/directives/:id") { request, context in try await guarded(request, context) {
            let id = try decodedPathSegment(context.parameters.get("id")![...], name: "id")
            return try await timelinePage(id: id, request, context, current: "/directives")
        } }
        // Any subject by its id or stream name; a document as 41/QĐ-UBND@2017 (the symbol's slash as it is).
        router.get("/history/**") { request, context in try await guarded(request, context) {
            let id = try context.parameters.getCatchAll().map { try decodedPathSegment($0, name: "id") }.joined(separator: "/")
            return try await timelinePage(id: id, request, context, current: "")
        } }
        router.get("/forms/:form") { request, context in try await guarded(request, context) {
            guard let spec = FormSpec.named(context.parameters.get("form") ?? "") else { throw HTTPError(.notFound) }
            let caller = try context.authenticated()
            if let role = spec.verb.roleNeeded { try caller.require(role) }
            var values: [String: String] = [:]
            for field in spec.fields { if let given = request.pageQuery(field.key) { values[field.key] = given } }
            return try await formPage(spec, values: values, errors: [:], eventID: newEventID(), request, context)
        } }
        router.post("/forms/:form") { request, context in try await guarded(request, context) {
            guard let spec = FormSpec.named(context.parameters.get("form") ?? "") else { throw HTTPError(.notFound) }
            return try await submit(spec, request, context)
        } }
        router.get("/verify") { request, context in try await guarded(request, context) {
            _ = try context.caller(requiring: .inspector)
            return try await verifyPage(given: "", result: nil, request, context)
        } }
        router.post("/verify") { request, context in try await guarded(request, context) {
            _ = try context.caller(requiring: .inspector)
            let form = try await checkedForm(request, context)
            let given = (form["digest"] ?? "").trimmed
            var result: [String: Any]
            do {
                let digest = given.isEmpty ? nil : try Digest(parsing: given)
                let lane = try await ledgers.dedicatedReader()
                let outcome: VerifyOutcome
                do { outcome = try await lane.run { ledger in try ledger.verify(digest: digest) } } catch {
                    await lane.close(); throw error
                }
                await lane.close()
                result = ["kind": outcome.ok ? "saved" : "error",
                          "heading": outcome.ok ? PageText.verifyOK : PageText.verifyFailed,
                          "summary": PageText.verifySummary(events: outcome.events, head: outcome.head.description),
                          "problems": outcome.problems]
            } catch let problem as UsageProblem {
                result = ["kind": "error", "heading": PageText.verifyFailed, "summary": "\(PageText.fieldName("digest")): \(PageText.reason(problem.reason))",
                          "problems": [String]()]
            }
            return try await verifyPage(given: given, result: result, request, context)
        } }
        router.get("/accounts") { request, context in try await guarded(request, context) {
            _ = try context.caller(requiring: .admin)
            return try await accountsPage(saved: request.pageQuery("saved") != nil, error: nil, request, context)
        } }
        router.post("/accounts") { request, context in try await guarded(request, context) {
            let admin = try context.caller(requiring: .admin)
            let form = try await checkedForm(request, context)
            let (user, name, roles, password) = ((form["user"] ?? "").trimmed, (form["name"] ?? "").trimmed, form.all("roles"), form["password"] ?? "")
            return try await accountChange(request, context) {
                _ = try $0.addAccount(user: user, name: name, roles: roles, password: password, actor: admin.user)
            }
        } }
        router.post("/accounts/:user/:action") { request, context in try await guarded(request, context) {
            let admin = try context.caller(requiring: .admin)
            let user = try decodedPathSegment(context.parameters.get("user")![...], name: "user")
            let form = try await checkedForm(request, context)
            let role = form["role"] ?? ""
            switch context.parameters.get("action") {
            case "grant": return try await accountChange(request, context) { _ = try $0.grant(role, to: user, actor: admin.user) }
            case "revoke": return try await accountChange(request, context) { _ = try $0.revoke(role, from: user, actor: admin.user) }
            case "disable": return try await accountChange(request, context) { _ = try $0.disable(user, reason: nil, actor: admin.user) }
            default: throw HTTPError(.notFound)
            }
        } }
    }

    /// Runs a logged-in page's route; an error it meets is a page with the header and menus
    /// saying what went wrong (the 403 page says which role the page needs).
    func guarded(_ request: Request, _ context: LedgerRequestContext,
                 _ route: () async throws -> Response) async throws -> Response {
        do {
            return try await route()
        } catch {
            guard !Page.needsLogin(error), context.caller != nil else { throw error }
            let (status, model) = Page.errorModel(for: error, requestID: context.id, logger: context.logger)
            let title = model["pageTitle"] as? String ?? PageText.errorTitle
            // Plain strings and lists of them, read once by the reader that renders the page.
            nonisolated(unsafe) let shown = model
            return try await page("message", title: title, current: "", request, context, status: status) { _ in shown }
        }
    }

    // MARK: Login

    /// The cookie of the login form's anti-forgery token: there is no session yet to derive a form
    /// token from, so each login page sets a random value in this short-lived cookie (sent back
    /// only to `/login`, never to another site's page) and its digest in a hidden field; a login
    /// POST is refused unless both are there and match.
    static let loginCookie = "docledger_login"

    /// The login page with a fresh anti-forgery token (cookie and hidden field).
    func loginPage(next: String, user: String, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Self.randomHex(bytes: 16)
        var model: [String: Any] = ["pageTitle": PageText.login, "appName": PageText.appName, "next": Self.safeNext(next),
                                    "userLabel": PageText.user, "passwordLabel": PageText.password, "userValue": user,
                                    "csrf": FormToken.forLogin(token)]
        if let error { model["error"] = error }
        var response = Page.html(PageTemplates.render("login", model), status: status)
        response.headers[.setCookie] = "\(Self.loginCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=1800"
        return response
    }

    /// Whether a login form carries the token of a login page this browser was given.
    static func loginTokenMatches(_ request: Request, _ form: FormBody) -> Bool {
        guard let cookie = Page.cookie(loginCookie, of: request), cookie.utf8.count == 32 else { return false }
        return Page.sameBytes(FormToken.forLogin(cookie), form["csrf"] ?? "")
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for _ in 0..<bytes {
            let byte = UInt8.random(in: 0...255, using: &generator)
            out += [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Only a path of this server: never another site (`//evil.example`).
    static func safeNext(_ next: String) -> String {
        next.hasPrefix("/") && !next.hasPrefix("//") && !next.hasPrefix("/\\") ? next : "/"
    }

    func login(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let form = try await formBody(request)
        let user = (form["user"] ?? "").trimmed, password = form["password"] ?? "", next = Self.safeNext(form["next"] ?? "/")
        guard Self.loginTokenMatches(request, form) else {
            context.logger.notice("login form without its token", metadata: ["address": .string(context.clientAddress)])
            return loginPage(next: next, user: user, error: PageText.loginCSRFRefused, status: .forbidden)
        }
        if await throttle.isBlocked(user: user, address: context.clientAddress) {
            return loginPage(next: next, user: user, error: PageText.loginThrottled, status: .tooManyRequests)
        }
        let caller: Caller
        do {
            caller = try await ledgers.read { try $0.authenticate(user: user, password: password) }
        } catch is NotAuthenticated {
            await throttle.recordFailure(user: user, address: context.clientAddress)
            context.logger.notice("login failed", metadata: ["user": .string(user), "address": .string(context.clientAddress)])
            return loginPage(next: next, user: user, error: PageText.loginFailed, status: .unauthorized)
        }
        let session = try await ledgers.write { try $0.openSession(for: caller) }
        var headers: HTTPFields = [.setCookie: "\(SessionAuthenticator.cookieName)=\(session.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=43200"]
        headers.append(HTTPField(name: .setCookie, value: "\(Self.loginCookie)=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0"))
        return Page.redirect(next, headers: headers)
    }

    // MARK: Forms and their token

    func formBody(_ request: Request) async throws -> FormBody {
        var request = request
        let body = try await request.body(BodyRule(mediaTypes: ["application/x-www-form-urlencoded"], limit: Self.maxFormBytes))
        return try FormBody(body.bytes)
    }

    static func formToken(_ request: Request) -> String {
        SessionAuthenticator.token(of: request).map(FormToken.forSession) ?? ""
    }

    /// The form's body, refused unless it carries this session's form token.
    func checkedForm(_ request: Request, _ context: LedgerRequestContext) async throws -> FormBody {
        _ = try context.authenticated()
        let form = try await formBody(request)
        guard Page.sameBytes(Self.formToken(request), form["csrf"] ?? "") else { throw PageFormRefused() }
        return form
    }

    func newEventID() -> String { "form-" + Self.randomHex(bytes: 16) }

    // MARK: Rendering a page

    /// Renders `template` with the header every page has (the user, their roles, the chain's
    /// head and a link to verify), the menus for the caller's roles and `model`, which `build`
    /// makes on a reader of the ledger.
    func page(_ template: String, title: String, current: String, _ request: Request, _ context: LedgerRequestContext,
              status: HTTPResponse.Status = .ok,
              build: sending @escaping (Ledger) throws -> [String: Any]) async throws -> Response {
        let caller = try context.authenticated()
        let csrf = Self.formToken(request)
        let text: String = try await ledgers.read { ledger in
            var model = try build(ledger)
            let head = try ledger.head()
            model["pageTitle"] = title
            model["appName"] = PageText.appName
            model["csrf"] = csrf
            model["header"] = Self.header(caller, head: head, current: current, csrf: csrf)
            return PageTemplates.render(template, model)
        }
        return Page.html(text, status: status)
    }

    static func header(_ caller: Caller, head: Digest, current: String, csrf: String) -> [String: Any] {
        var menu: [(String, String)] = [("/", PageText.overview), ("/registers/incoming", PageText.incomingRegister),
                                        ("/registers/outgoing", PageText.outgoingRegister), ("/directives", PageText.directives)]
        if caller.has("inspector") { menu.append(("/verify", PageText.check)) }
        if caller.has("admin") { menu.append(("/accounts", PageText.accounts)) }
        let forms = FormSpec.forms(for: caller)
        return [
            "user": caller.user, "userLabel": PageText.loggedInAs, "rolesLabel": PageText.rolesLabel,
            "roles": caller.roles.sorted().map(PageText.roleName).joined(separator: ", "),
            "headLabel": PageText.headLabel, "headSeq": VietnameseText.number(Int(head.seq)),
            "headHash": String(head.hashHex.prefix(12)), "headHashFull": head.description,
            "verifyLink": PageText.verifyLink, "logoutLabel": PageText.logout, "csrf": csrf,
            "menu": menu.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current] },
            "hasForms": !forms.isEmpty, "formsLabel": PageText.formsMenu,
            "forms": forms.map { ["href": $0.path, "label": $0.title, "current": $0.path == current] },
        ]
    }

    // MARK: The report

    /// The default period: the half-year of today.
    static func defaultPeriod() -> String {
        let today = Ledger.today()
        let month = Int(today.dropFirst(5).prefix(2)) ?? 1
        return "\(today.prefix(4))-H\(month <= 6 ? 1 : 2)"
    }

    func reportPage(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let period = (request.pageQuery("period") ?? "").trimmed.isEmpty ? Self.defaultPeriod() : request.pageQuery("period")!.trimmed
        let asOf = (request.pageQuery("as_of") ?? "").trimmed
        var periodError: String?
        var report: ReportRequest?
        do { report = try ReportRequest(period: period, asOf: asOf.isEmpty ? nil : asOf) } catch {
            periodError = "\(error.field == "as_of" ? PageText.badAsOf : PageText.badPeriod): \(PageText.reason(error.reason))"
        }
        let year = String(period.prefix(4)).allSatisfy(\.isNumber) ? String(period.prefix(4)) : String(Ledger.today().prefix(4))
        let chosen = report
        return try await page("report", title: PageText.overview, current: "/", request, context) { ledger in
            var model: [String: Any] = [
                "periodLabel": PageText.periodChoice, "periodHint": PageText.periodHint, "asOfLabel": PageText.asOfChoice,
                "asOfHint": PageText.asOfHint, "showLabel": PageText.show, "period": period, "asOf": asOf,
                "quick": [("\(year)-H1", "\(PageText.firstHalf) \(year)"), ("\(year)-H2", "\(PageText.secondHalf) \(year)"),
                          ("\(year)", "\(PageText.wholeYear) \(year)")]
                    .map { ["href": "/?period=\($0.0)", "label": $0.1] }
                    + (1...4).map { ["href": "/?period=\(year)-Q\($0)", "label": "Quý \(VietnameseText.roman($0))/\(year)"] },
            ]
            if let periodError { model["periodError"] = periodError }
            if let chosen {
                var shown = PageModel.report(try ledger.report(chosen), months: try ledger.issuedByMonth(chosen))
                let query = "period=\(Page.percentEncoded(period))" + (asOf.isEmpty ? "" : "&as_of=\(Page.percentEncoded(asOf))")
                shown["downloadsLabel"] = PageText.downloads
                shown["downloads"] = PageText.downloadNames.map { ["href": "/report/download?format=\($0.0)&\(query)", "label": $0.1] }
                model["report"] = shown
            }
            return model
        }
    }

    // MARK: Registers

    /// A register of Decree 30 as a table, in number order: the filters in the URL (`from`, `to`
    /// as YYYY-MM-DD, `type`, `unit` for the outgoing register's filing unit, `q` for words of the
    /// subject), one page at a time by the key of the last row (`after`), never by an offset.
    func registerPage(incoming: Bool, _ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let caller = try context.authenticated()
        func given(_ name: String) -> String? { request.pageQuery(name).map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } }
        let year = String(Ledger.today().prefix(4))
        let from = given("from") ?? "\(year)-01-01", to = given("to") ?? "\(year)-12-31"
        let type = given("type"), unit = incoming ? nil : given("unit"), q = given("q"), after = given("after")
        var filterError: String?
        var chosen: RegisterRequest?
        do { chosen = try RegisterRequest(from: from, to: to, type: type, unit: unit, q: q, after: after, limit: 100) } catch {
            filterError = "\(PageText.fieldName(error.field ?? "")): \(PageText.reason(error.reason))"
        }
        let register = chosen
        let action = incoming ? "/registers/incoming" : "/registers/outgoing"
        var query = "from=\(Page.percentEncoded(from))&to=\(Page.percentEncoded(to))"
        for (name, value) in [("type", type), ("unit", unit), ("q", q)] { if let value { query += "&\(name)=\(Page.percentEncoded(value))" } }
        let filters = query
        return try await page("register", title: incoming ? PageText.incomingRegister : PageText.outgoingRegister, current: action,
                              request, context) { ledger in
            var model: [String: Any] = [
                "action": action, "from": from, "to": to, "type": type ?? "", "unit": unit ?? "", "q": q ?? "", "hasUnit": !incoming,
                "fromLabel": PageText.registerFrom, "toLabel": PageText.registerTo, "typeLabel": PageText.registerType,
                "unitLabel": PageText.registerUnit, "searchLabel": PageText.registerSearch, "showLabel": PageText.show,
                "types": PageText.documentTypeCodes, "noRows": PageText.noRows, "nextLabel": PageText.nextPage,
                "firstLabel": PageText.firstPage,
            ]
            if let filterError { model["filterError"] = filterError }
            guard let register else { return model }
            let table: (columns: [String], rows: [[String]], next: String?)
            var actions: [[[String: String]]] = []
            if incoming {
                let page = try ledger.incomingRegister(register)
                table = PageModel.register(page)
                actions = PageModel.arrivals(page).map { FormSpec.incomingActions(for: caller, year: $0.year, arrivalNo: $0.arrivalNo, steps: $0.nextSteps) }
            } else {
                table = PageModel.register(try ledger.outgoingRegister(register))
            }
            // The incoming workflow's next steps on each row, for the roles that record them.
            let withActions = actions.contains { !$0.isEmpty }
            model["columns"] = table.columns + (withActions ? [PageText.incomingActionsColumn] : [])
            model["rows"] = table.rows.indices.map { i -> [String: Any] in
                withActions ? ["cells": table.rows[i], "hasActions": true, "actions": actions[i]] : ["cells": table.rows[i]]
            }
            model["rowsShown"] = PageText.rowsShown(table.rows.count)
            model["span"] = PageModel.registerSpan(register.filter)
            if let next = table.next { model["next"] = "\(action)?\(filters)&after=\(Page.percentEncoded(next))" }
            if after != nil { model["first"] = "\(action)?\(filters)" }
            return model
        }
    }

    // MARK: Directives

    /// The directives issued in a period with their status as at a day, filtered by the lead
    /// unit, one page at a time by the key of the last row shown (`after`), never by an offset.
    func directivesPage(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let period = (request.pageQuery("period") ?? "").trimmed.isEmpty ? String(Ledger.today().prefix(4)) : request.pageQuery("period")!.trimmed
        let unit = (request.pageQuery("unit") ?? "").trimmed
        let asAt = (request.pageQuery("as_at") ?? "").trimmed
        let afterText = (request.pageQuery("after") ?? "").trimmed
        var periodError: String?
        var chosen: ReportRequest?
        do { chosen = try ReportRequest(period: period) } catch { periodError = "\(PageText.badPeriod): \(PageText.reason(error.reason))" }
        if !afterText.isEmpty, !Ledger.isDirectivePageKey(afterText) { periodError = PageText.badPageKey; chosen = nil }
        let after = afterText.isEmpty ? nil : afterText
        var filters = "period=\(Page.percentEncoded(period))"
        if !unit.isEmpty { filters += "&unit=\(Page.percentEncoded(unit))" }
        if !asAt.isEmpty { filters += "&as_at=\(Page.percentEncoded(asAt))" }
        let query = filters
        let report = chosen
        return try await page("directives", title: PageText.directivesTitle, current: "/directives", request, context) { ledger in
            var model: [String: Any] = [
                "periodLabel": PageText.periodChoice, "periodHint": PageText.periodHint, "period": period,
                "unitLabel": PageText.unitFilter, "allUnits": PageText.allUnits, "asAtLabel": PageText.statusAsAtLabel,
                "asAt": asAt, "showLabel": PageText.show, "columns": PageText.directiveListColumns, "noData": PageText.noData,
                "nextLabel": PageText.nextPage, "firstLabel": PageText.firstPage,
            ]
            if let periodError { model["periodError"] = periodError }
            if let report {
                // "As at today" unless another day is asked for; a period that ended is shown as at its end.
                let today = Ledger.today()
                let day = asAt.isEmpty ? nil : asAt
                let list = try ledger.directiveList(report, asAt: day ?? today, unit: unit.isEmpty ? nil : unit, after: after,
                                                    limit: Self.directivesPerPage)
                model["rows"] = PageModel.directiveRows(list.rows)
                model["statusLine"] = PageText.statusAsOf(list.asAt)
                model["rowsShown"] = PageText.directiveRowsShown(list.rows.count)
                model["paged"] = true
                if let next = list.next { model["next"] = "/directives?\(query)&after=\(Page.percentEncoded(next))" }
                if after != nil { model["first"] = "/directives?\(query)" }
                let units = PageModel.directiveUnits(try ledger.report(report))
                model["units"] = units.map { ["name": $0, "selected": $0 == unit] }
            }
            return model
        }
    }

    /// Rows on one page of the directives list.
    static let directivesPerPage = 100

    func timelinePage(id: String, _ request: Request, _ context: LedgerRequestContext, current: String) async throws -> Response {
        let caller = try context.authenticated()
        let saved = request.pageQuery("saved")
        return try await page("timeline", title: id, current: current, request, context) { ledger in
            var timeline = PageModel.timeline(try ledger.history(of: id), saved: saved)
            timeline["timelineLabel"] = PageText.timeline
            let stream = timeline["stream"] as? String ?? ""
            // What the caller may record next about this subject, as links to the forms with its id filled in.
            let field: String? = stream.hasPrefix("directive:") ? "directive_id" : stream.hasPrefix("programme:") ? "item_id" : nil
            let received = stream.split(separator: ":")
            if received.count == 3, received[0] == "received", let year = Int(received[1]), let number = Int(received[2]) {
                let steps = PageModel.nextSteps(try ledger.incomingState(year: year, arrivalNo: number))
                let actions = FormSpec.incomingActions(for: caller, year: year, arrivalNo: number, steps: steps)
                timeline["actions"] = actions.map { ["href": $0["href"]!, "label": PageText.formTitle(String($0["href"]!.dropFirst(7).prefix { $0 != "?" }))] }
                timeline["hasActions"] = !actions.isEmpty
                timeline["actionsLabel"] = PageText.actions
            }
            if let field {
                let subject = String(stream.drop { $0 != ":" }.dropFirst())
                let actions = FormSpec.forms(for: caller).filter { $0.verb.subjectField == field && $0.verb != .directiveIssue && $0.verb != .programmeRegister }
                timeline["actions"] = actions.map { ["href": "\($0.path)?\(field)=\(Page.percentEncoded(subject))", "label": $0.title] }
                timeline["hasActions"] = !actions.isEmpty
                timeline["actionsLabel"] = PageText.actions
            }
            var model: [String: Any] = ["timeline": timeline]
            if let savedStream = timeline["savedStream"] as? String, let seq = timeline["savedSeq"] as? Int64 {
                model["saved"] = Self.savedSentence(stream: savedStream, seq: seq, type: timeline["savedType"] as? String ?? "")
            }
            return model
        }
    }

    /// What a form recorded, said from the stream it went into: the arrival number, the number symbol.
    static func savedSentence(stream: String, seq: Int64, type: String) -> String {
        let parts = stream.split(separator: ":")
        if parts.first == "received", parts.count == 3 {
            let arrival = "\(parts[2])/\(parts[1])"
            return type == "DocumentReceived" ? PageText.savedArrival(arrival) : PageText.savedIncoming(arrival, type)
        }
        if parts.first == "document", parts.count >= 2, let at = stream.lastIndex(of: "@") {
            return PageText.savedNumber(String(stream[stream.index(after: stream.firstIndex(of: ":")!)..<at]))
        }
        return PageText.savedEvent(VietnameseText.number(Int(seq)))
    }

    // MARK: Recording a form

    func formPage(_ spec: FormSpec, values: [String: String], errors: [String: String], other: [String] = [],
                  duplicate: Bool = false, eventID: String, _ request: Request, _ context: LedgerRequestContext,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let fields = spec.fieldModels(values: values, errors: errors)
        let failed = !errors.isEmpty || !other.isEmpty
        return try await page("form", title: spec.title, current: spec.path, request, context, status: status) { _ in
            var model: [String: Any] = ["action": spec.path, "eventID": eventID, "fields": fields, "saveLabel": PageText.save,
                                        "otherErrors": other]
            if failed { model["formError"] = PageText.formErrors }
            if duplicate { model["duplicate"] = PageText.duplicateSaved }
            return model
        }
    }

    func submit(_ spec: FormSpec, _ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let caller = try context.authenticated()
        if let role = spec.verb.roleNeeded { try caller.require(role) }
        let form = try await checkedForm(request, context)
        var values: [String: String] = [:]
        for field in spec.fields { if let typed = form[field.key] { values[field.key] = typed } }
        let eventID = (form["event_id"] ?? "").trimmed.isEmpty ? newEventID() : form["event_id"]!.trimmed
        let command = spec.command(from: form)
        if !command.errors.isEmpty {
            return try await formPage(spec, values: values, errors: command.errors, eventID: eventID, request, context,
                                      status: .unprocessableContent)
        }
        let verb = spec.verb, on = command.on, fields = command.fields
        let recorded: Recorded
        do {
            recorded = try await ledgers.write { ledger in
                try ledger.record(verb, on: on, fields: fields, id: eventID, actor: caller.user)
            }
        } catch let refused as Rejected {
            var errors: [String: String] = [:]
            var other: [String] = []
            let known = Set(spec.fields.map(\.key))
            for problem in refused.problems {
                let field = problem.field.hasPrefix("data.") ? String(problem.field.dropFirst(5)) : problem.field
                if known.contains(field) { errors[field] = errors[field] ?? PageText.reason(problem.reason) }
                else { other.append("\(PageText.fieldName(field)): \(PageText.reason(problem.reason))") }
            }
            return try await formPage(spec, values: values, errors: errors, other: other, eventID: eventID, request, context,
                                      status: .unprocessableContent)
        }
        guard let seq = recorded.seq else {
            // The same form sent again (a double click, the back button): recorded once, said so.
            return try await formPage(spec, values: values, errors: [:], duplicate: true, eventID: eventID, request, context)
        }
        let stream = recorded.stream
        if stream.hasPrefix("directive:") {
            return Page.redirect("/directives/\(Page.percentEncoded(String(stream.dropFirst("directive:".count))))?saved=\(seq)")
        }
        return Page.redirect("/history/\(Page.percentEncoded(stream))?saved=\(seq)")
    }

    // MARK: Inspector and admin

    func verifyPage(given: String, result: sending [String: Any]?, _ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        try await page("verify", title: PageText.verifyTitle, current: "/verify", request, context) { ledger in
            var model: [String: Any] = ["digest": try ledger.head().description, "digestLabel": PageText.digestNow,
                                        "compareLabel": PageText.compareDigest, "given": given, "runLabel": PageText.runVerify,
                                        "exportLabel": PageText.exportLink]
            if let result { model["result"] = result }
            return model
        }
    }

    func accountChange(_ request: Request, _ context: LedgerRequestContext,
                       _ change: sending @escaping (Ledger) throws -> Void) async throws -> Response {
        do {
            try await ledgers.write(change)
        } catch let refused as Rejected {
            let text = refused.problems.map { "\(PageText.fieldName($0.field)): \(PageText.reason($0.reason))" }.joined(separator: "; ")
            return try await accountsPage(saved: false, error: text, request, context, status: .unprocessableContent)
        }
        return Page.redirect("/accounts?saved=1")
    }

    func accountsPage(saved: Bool, error: String?, _ request: Request, _ context: LedgerRequestContext,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        try await page("accounts", title: PageText.accountsTitle, current: "/accounts", request, context, status: status) { ledger in
            let accounts = try ledger.accounts()
            let history = PageModel.accountEvents(try accounts.map { ($0.user, try ledger.history(of: "account:\($0.user)")) })
            var model: [String: Any] = [
                "columns": PageText.accountColumns, "grantLabel": PageText.grant, "revokeLabel": PageText.revoke,
                "disableLabel": PageText.disable, "newLabel": PageText.newAccount, "userLabel": PageText.user,
                "nameLabel": PageText.fieldName("name"), "rolesLabel": PageText.rolesLabel, "passwordLabel": PageText.password,
                "createLabel": PageText.create, "historyLabel": PageText.grantsHistory, "historyColumns": PageText.grantsColumns,
                "history": history,
                "allRoles": AccessRole.all.map { ["value": $0.description, "label": PageText.roleName($0.description)] },
                "accounts": accounts.map { account in
                    ["user": account.user, "name": account.name, "roles": account.roles.map(PageText.roleName).joined(separator: ", "),
                     "status": account.disabled ? PageText.disabled : PageText.active, "disabled": account.disabled] as [String: Any]
                },
            ]
            if saved { model["saved"] = PageText.accountSaved }
            if let error { model["formError"] = error }
            return model
        }
    }
}
