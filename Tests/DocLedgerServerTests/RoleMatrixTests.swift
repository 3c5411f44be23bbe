import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Every event type × every role through `POST /api/events`: allowed (the ledger then judges the
/// event: 200, or 422 for its state, never 403), or 403 naming the type and the role needed,
/// with nothing written.
@Suite("Role matrix")
struct RoleMatrixTests {
    /// The role each event type needs, as README "Accounts and roles" says; nil: no role may
    /// append it through the server.
    static let roleNeeded: [(type: String, role: String?)] = [
        ("DocumentReceived", "clerk"), ("DocumentIssued", "clerk"), ("DocumentCorrected", "clerk"), ("DocumentRecalled", "clerk"),
        ("DirectiveIssued", "leader"), ("DirectiveDeadlineExtended", "leader"), ("DirectiveProgressReported", "officer"),
        ("DirectiveCompleted", "leader"), ("DirectiveCancelled", "leader"),
        ("ProgrammeItemRegistered", "officer"), ("ProgrammeItemRescheduled", "officer"), ("ProgrammeItemSubmitted", "officer"),
        ("ProgrammeItemApproved", "leader"), ("ProgrammeItemWithdrawn", "leader"),
        ("AccountCreated", "admin"), ("RoleGranted", "admin"), ("RoleRevoked", "admin"), ("AccountDisabled", "admin"),
        ("SeriesConfigured", nil),
        ("IncomingAssigned", "leader"), ("IncomingProgressReported", "officer"), ("IncomingAnswered", "clerk"), ("IncomingClosed", "clerk"),
    ]

    /// Data valid for each type on the seeded ledger (document 01/QĐ-UBND@2017, directive CT-1,
    /// programme item NN-01, incoming documents 1/2017 and 2/2017, the second one assigned).
    static var data: [String: [String: Any]] { [
        "DocumentReceived": ["received_on": "2017-01-09", "sender": "Sở Tài chính", "number_symbol": "45/BC-STC", "doc_type": "BC", "subject": "Báo cáo thu chi"],
        "DocumentIssued": ["issued_on": "2017-01-07", "doc_type": "QĐ", "subject": "Giao chỉ tiêu"],
        "DocumentCorrected": ["document": "01/QĐ-UBND", "year": 2017, "corrected_on": "2017-02-02", "correction": "Sửa trích yếu"],
        "DocumentRecalled": ["document": "01/QĐ-UBND", "year": 2017, "recalled_on": "2017-02-03", "reason": "Sai thẩm quyền"],
        "DirectiveIssued": ["directive_id": "CT-2", "issued_on": "2017-03-21", "lead_unit": "Sở Y tế", "content": "Kiểm tra an toàn thực phẩm"],
        "DirectiveDeadlineExtended": ["directive_id": "CT-1", "extended_on": "2017-06-01", "new_deadline": "2017-07-31", "reason": "Chờ vốn"],
        "DirectiveProgressReported": ["directive_id": "CT-1", "reported_on": "2017-04-01", "unit": "Sở Xây dựng", "note": "Đang triển khai"],
        "DirectiveCompleted": ["directive_id": "CT-1", "completed_on": "2017-06-20"],
        "DirectiveCancelled": ["directive_id": "CT-2", "cancelled_on": "2017-06-21", "reason": "Không còn cần thiết"],
        "ProgrammeItemRegistered": ["item_id": "NN-02", "year": 2017, "title": "Đề án rừng", "lead_unit": "Sở Nông nghiệp", "due": "Q3/2017"],
        "ProgrammeItemRescheduled": ["item_id": "NN-01", "rescheduled_on": "2017-03-01", "due": "Q4/2017", "reason": "Thiếu số liệu"],
        "ProgrammeItemSubmitted": ["item_id": "NN-01", "submitted_on": "2017-09-01"],
        "ProgrammeItemApproved": ["item_id": "NN-01", "approved_on": "2017-10-01", "decision": "01/QĐ-UBND"],
        "ProgrammeItemWithdrawn": ["item_id": "NN-02", "withdrawn_on": "2017-10-02", "reason": "Gộp vào NN-01"],
        "AccountCreated": ["user": "chuyenvien.moi", "name": "Người mới", "roles": ["officer"]],
        "RoleGranted": ["user": "chuyenvien.moi", "role": "clerk"],
        "RoleRevoked": ["user": "chuyenvien.moi", "role": "clerk"],
        "AccountDisabled": ["user": "chuyenvien.moi", "reason": "Chuyển công tác"],
        "SeriesConfigured": ["series": ""],
        "IncomingAssigned": ["year": 2017, "arrival_no": 1, "assigned_on": "2017-01-10", "lead_unit": "Sở Tài chính", "deadline": "2017-01-31"],
        "IncomingProgressReported": ["year": 2017, "arrival_no": 1, "reported_on": "2017-01-15", "unit": "Sở Tài chính", "note": "Đang tổng hợp"],
        "IncomingAnswered": ["year": 2017, "arrival_no": 1, "answered_on": "2017-01-20", "note": "Đã trả lời bằng điện thoại"],
        "IncomingClosed": ["year": 2017, "arrival_no": 2, "closed_on": "2017-01-20", "reason": "Lưu hồ sơ"],
    ] }

    /// Callers holding exactly one role each.
    static let callers: [(role: String, token: String)] = [
        ("clerk", Token.clerk), ("officer", Token.officer), ("leader", Token.leader), ("inspector", Token.inspector), ("admin", Token.admin),
    ]

    @Test("the table here is the domain's: README and EventType.roleNeeded agree, and every role is in it")
    func tableMatchesDomain() {
        for (type, role) in Self.roleNeeded {
            #expect(Ledger.roleNeeded(forEventType: type) == role, "\(type)")
        }
        #expect(Set(Self.callers.map(\.role)) == Set(Ledger.roles))
        #expect(Set(Self.data.keys) == Set(Self.roleNeeded.map(\.type)))
        for (_, token) in Self.callers { #expect(Token.table[token]?.roles.count == 1) }
    }

    @Test("every event type × every role: allowed and judged by the ledger, or 403 naming the type and the role; nothing written")
    func matrix() async throws {
        try await withServer { client, ledger in
            let seeds: [(String, String)] = [
                ("/api/documents/issued", json(["issued_on": "2017-01-06", "doc_type": "QĐ", "subject": "Phê duyệt Đề án"])),
                ("/api/directives", json(["directive_id": "CT-1", "issued_on": "2017-03-20", "lead_unit": "Sở Kế hoạch và Đầu tư",
                                          "content": "Đẩy nhanh giải ngân", "deadline": "2017-06-30"])),
                ("/api/programme", json(["item_id": "NN-01", "year": 2017, "title": "Đề án nông nghiệp sạch", "lead_unit": "Sở Nông nghiệp", "due": "Q2/2017"])),
                ("/api/documents/received", json(["received_on": "2017-01-05", "sender": "Bộ Tài chính", "number_symbol": "15/BTC-NSNN",
                                                  "doc_type": "CV", "subject": "Đề nghị báo cáo"])),
                ("/api/documents/received", json(["received_on": "2017-01-05", "sender": "Bộ Nội vụ", "number_symbol": "16/BNV-TCBC",
                                                  "doc_type": "CV", "subject": "Để biết"])),
            ]
            for (path, body) in seeds {
                let seeded = try await client.send(.post, path, token: Token.all, body: body)
                #expect(seeded.status == 201, "\(path): \(seeded)")
            }
            let routed = try await client.send(.post, "/api/events", token: Token.all, body: eventLine("IncomingAssigned", [
                "year": 2017, "arrival_no": 2, "assigned_on": "2017-01-06", "lead_unit": "Văn phòng", "for_information": true,
            ]), contentType: "application/x-ndjson")
            #expect(routed.status == 200, "\(routed)")
            var recorded = 0
            for (type, needed) in Self.roleNeeded {
                let line = eventLine(type, Self.data[type]!)
                for (role, token) in Self.callers {
                    let before = try ledger.digest()
                    let reply = try await client.send(.post, "/api/events", token: token, body: line, contentType: "application/x-ndjson")
                    if let needed, needed == role {
                        #expect(reply.status == 200 || reply.status == 422, "\(type) as \(role): \(reply)")
                        #expect(!reply.text.contains("does not hold"), "\(type) as \(role): \(reply)")
                        if reply.status == 200 { recorded += 1 }
                    } else {
                        #expect(reply.status == 403, "\(type) as \(role): \(reply)")
                        let expected = needed.map { "an event of type \(type) needs the role \($0), which your login does not hold" }
                            ?? "an event of type \(type) cannot be recorded through the server"
                        #expect(reply.error == expected, "\(type) as \(role): \(reply)")
                        #expect(try ledger.digest() == before, "\(type) as \(role): nothing written")
                    }
                }
            }
            // The data above is valid: the allowed events were recorded, not merely let through.
            #expect(recorded == Self.roleNeeded.count - 1, "\(recorded) recorded")
            let history = try ledger.history("CT-1")
            #expect(history.map(\.actor) == ["quantri.vo", "lanhdao.le", "chuyenvien.tran", "lanhdao.le"], "\(history)")
        }
    }
}
