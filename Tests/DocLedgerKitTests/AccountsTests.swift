import Testing
import Foundation
@testable import DocLedgerKit
import LedgerJSON
import LedgerStore
import OfficeDomain

@Suite("accounts, roles and sessions")
struct AccountsTests {
    func ledger() throws -> TestLedger {
        let t = try TestLedger()
        t.ledger.passwordCost = 4
        return t
    }

    @Test("roles are events: opened, granted, revoked, disabled; who could do what is in the log and verifies")
    func rolesAreEvents() throws {
        let t = try ledger()
        try t.ledger.addAccount(user: "vanthu.nguyen", name: "Nguyễn Thị Thư", roles: ["clerk"], password: "mat-khau-123", actor: "admin")
        try t.ledger.grant("inspector", to: "vanthu.nguyen", actor: "admin")
        try t.ledger.revoke("clerk", from: "vanthu.nguyen", actor: "admin")
        #expect(try t.ledger.accounts() == [Account(user: "vanthu.nguyen", name: "Nguyễn Thị Thư", roles: ["inspector"], disabled: false)])
        try t.ledger.disable("vanthu.nguyen", reason: "Chuyển công tác", actor: "admin")
        #expect(try t.ledger.accounts().first?.disabled == true)
        #expect(try t.events().map(\.type) == ["AccountCreated", "RoleGranted", "RoleRevoked", "AccountDisabled"])
        #expect(try t.events().allSatisfy { !$0.data.contains("mat-khau") && !$0.data.contains("$2b$") }, "no credential in the chain")
        #expect(try t.ledger.verify().problems == [])
        _ = try t.ledger.replay()
        #expect(try t.ledger.accounts().first?.roles == ["inspector"])
    }

    @Test("refusals: a used name, an unknown role, a role held twice or not held, a disabled account, a bad user name")
    func refusals() throws {
        let t = try ledger()
        try t.ledger.addAccount(user: "lanhdao", name: "Trần Văn Lãnh", roles: ["leader"], password: "mat-khau-123", actor: "admin")
        func refused(_ body: () throws -> Any) -> [String] {
            do { _ = try body(); return [] } catch let r as Rejected { return r.problems.map(\.description) } catch { return ["\(error)"] }
        }
        #expect(refused { try t.ledger.addAccount(user: "lanhdao", name: "X", roles: ["clerk"], password: "mat-khau-123", actor: "a") }
                == ["user: the account lanhdao already exists (a user name is used once)"])
        #expect(refused { try t.ledger.grant("chief", to: "lanhdao", actor: "a") }
                == ["role: unknown role \"chief\" (roles: clerk, officer, leader, inspector, admin)"])
        #expect(refused { try t.ledger.grant("leader", to: "lanhdao", actor: "a") } == ["role: lanhdao already has the role leader"])
        #expect(refused { try t.ledger.revoke("clerk", from: "lanhdao", actor: "a") } == ["role: lanhdao does not have the role clerk"])
        #expect(refused { try t.ledger.addAccount(user: "Lãnh Đạo", name: "X", roles: ["clerk"], password: "mat-khau-123", actor: "a") }
                == ["user: \"Lãnh Đạo\" is not a user name: 1 to 64 lowercase letters a–z, digits, '.', '_' or '-', starting with a letter or digit"])
        try t.ledger.disable("lanhdao", reason: nil, actor: "a")
        #expect(refused { try t.ledger.grant("clerk", to: "lanhdao", actor: "a") } == ["user: the account lanhdao is disabled"])
        #expect(throws: UsageProblem.self) { try t.ledger.addAccount(user: "ngan", name: "N", roles: ["clerk"], password: "short", actor: "a") }
        #expect(try t.count() == 2, "refusals write nothing")
    }

    @Test("a login opens a session whose roles are the account's now: a revoke or a disable counts from the next request")
    func sessions() throws {
        let t = try ledger()
        try t.ledger.addAccount(user: "chuyenvien", name: "Lê Văn Viên", roles: ["officer", "clerk"], password: "mat-khau-123", actor: "admin")
        #expect(throws: NotAuthenticated.self) { try t.ledger.login(user: "chuyenvien", password: "sai-mat-khau") }
        #expect(throws: NotAuthenticated.self) { try t.ledger.login(user: "khong-co", password: "mat-khau-123") }
        let now = try #require(Timestamp(parsing: "2026-11-30T08:00:00Z"))
        let session = try t.ledger.login(user: "chuyenvien", password: "mat-khau-123", now: now)
        #expect(session.token.count == 64 && session.expiresAt == "2026-11-30T20:00:00.000Z")
        #expect(try t.ledger.caller(token: session.token, now: now) == Caller(user: "chuyenvien", roles: ["officer", "clerk"]))
        try t.ledger.revoke("clerk", from: "chuyenvien", actor: "admin")
        #expect(try t.ledger.caller(token: session.token, now: now).roles == ["officer"])
        let later = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + 12 * 3_600_000)
        #expect(throws: NotAuthenticated.self) { try t.ledger.caller(token: session.token, now: later) }
        #expect(throws: NotAuthenticated.self) { try t.ledger.caller(token: String(repeating: "0", count: 64), now: now) }
        let second = try t.ledger.login(user: "chuyenvien", password: "mat-khau-123", now: now)
        try t.ledger.logout(token: second.token)
        #expect(throws: NotAuthenticated.self) { try t.ledger.caller(token: second.token, now: now) }
        let third = try t.ledger.login(user: "chuyenvien", password: "mat-khau-123", now: now)
        try t.ledger.disable("chuyenvien", reason: nil, actor: "admin")
        #expect(throws: NotAuthenticated.self) { try t.ledger.caller(token: third.token, now: now) }
        #expect(throws: NotAuthenticated.self) { try t.ledger.login(user: "chuyenvien", password: "mat-khau-123") }
    }

    @Test("a new password ends the sessions; the export holds no credential and appends back to the same accounts")
    func passwordsStayOutsideTheChain() throws {
        let t = try ledger()
        try t.ledger.addAccount(user: "thanhtra", name: "Phạm Thị Tra", roles: ["inspector"], password: "mat-khau-123", actor: "admin")
        let session = try t.ledger.login(user: "thanhtra", password: "mat-khau-123")
        try t.ledger.setPassword(of: "thanhtra", to: "mat-khau-moi-456")
        #expect(throws: NotAuthenticated.self) { try t.ledger.caller(token: session.token) }
        #expect(throws: NotAuthenticated.self) { try t.ledger.login(user: "thanhtra", password: "mat-khau-123") }
        _ = try t.ledger.login(user: "thanhtra", password: "mat-khau-moi-456")
        var lines: [String] = []
        try t.ledger.export { lines.append($0) }
        #expect(lines.count == 1 && !lines[0].contains("$2b$"))
    }

    @Test("every event type needs the role the issue names when it comes through the server")
    func roleMatrix() {
        let expected: [String: String?] = [
            "DocumentReceived": "clerk", "DocumentIssued": "clerk", "DocumentRecalled": "clerk", "DocumentCorrected": "clerk",
            "DirectiveProgressReported": "officer", "ProgrammeItemRegistered": "officer", "ProgrammeItemRescheduled": "officer",
            "ProgrammeItemSubmitted": "officer",
            "DirectiveIssued": "leader", "DirectiveDeadlineExtended": "leader", "DirectiveCompleted": "leader",
            "DirectiveCancelled": "leader", "ProgrammeItemApproved": "leader", "ProgrammeItemWithdrawn": "leader",
            "AccountCreated": "admin", "RoleGranted": "admin", "RoleRevoked": "admin", "AccountDisabled": "admin",
            "SeriesConfigured": nil,
            "IncomingAssigned": "leader", "IncomingProgressReported": "officer", "IncomingAnswered": "clerk", "IncomingClosed": "clerk",
            "CheckpointSigned": "admin",
        ]
        #expect(Set(expected.keys) == Set(EventType.allCases.map(\.rawValue)))
        for (type, role) in expected { #expect(Ledger.roleNeeded(forEventType: type) == role, "\(type)") }
    }
}
