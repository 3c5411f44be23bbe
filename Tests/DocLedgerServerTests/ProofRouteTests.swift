import DocLedgerKit
@testable import DocLedgerServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Transparency

@Suite("POST /api/proofs")
struct ProofRouteTests {
    @Test("an event's and a subject's inclusion proofs and a consistency proof, each checked offline; a checkpoint of another ledger is 422")
    func proofs() async throws {
        try await withServer { client, ledger in
            let directive = try await client.send(.post, "/api/directives", token: Token.leader, body: RouteTests.directive)
            #expect(directive.status == 201, "\(directive)")
            let signer = try NoteSigner.generate(name: "ubnd.example/docledger")
            let first = try Ledger(path: ledger.path).signCheckpoint(with: signer, actor: "admin")
            let progress = try await client.send(.post, "/api/directives/CT-01/progress", token: Token.officer,
                                                 body: json(["reported_on": "2017-04-01", "unit": "Sở Tài chính", "note": "Đang làm"]))
            #expect(progress.status == 201, "\(progress)")
            let second = try Ledger(path: ledger.path).signCheckpoint(with: signer, actor: "admin")

            let subject = try await client.send(.post, "/api/proofs", token: Token.clerk,
                                                body: json(["id": "CT-01", "checkpoint": second.note]))
            #expect(subject.status == 200, "\(subject)")
            #expect(try ProofFile.check(subject.text, verifier: signer.verifier).hasPrefix("proven: all 2 events are in the ledger"))
            let consistency = try await client.send(.post, "/api/proofs", token: Token.clerk,
                                                    body: json(["consistency": first.note, "checkpoint": second.note]))
            #expect(consistency.status == 200, "\(consistency)")
            #expect(try ProofFile.check(consistency.text, verifier: signer.verifier).hasPrefix("proven: the ledger ubnd.example/docledger of 3 events"))

            let other = try signer.sign(text: Checkpoint(origin: signer.name, size: 1, root: Merkle.leafHash([1])).text)
            let refused = try await client.send(.post, "/api/proofs", token: Token.clerk, body: json(["id": "CT-01", "checkpoint": other]))
            #expect(refused.status == 422, "\(refused)")
            #expect(refused.error?.hasPrefix("the checkpoint does not match this ledger") == true, "\(refused)")
            let both = try await client.send(.post, "/api/proofs", token: Token.clerk, body: json(["checkpoint": second.note]))
            #expect(both.status == 400, "\(both)")
            let anonymous = try await client.send(.post, "/api/proofs", body: json(["id": "CT-01", "checkpoint": second.note]))
            #expect(anonymous.status == 401, "\(anonymous)")
        }
    }
}
