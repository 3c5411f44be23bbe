import Foundation
import Testing

@Suite("verify")
struct VerifyTests {
    func ledgerWithEvents(_ scratch: Scratch, count: Int = 8) throws {
        var rng = SeededGenerator(seed: cliTestSeed ^ 0x7E21F)
        let result = try scratch.append(Events.validMix(count: count, prefix: "v", using: &rng))
        #expect(result.status == 0, "seed \(cliTestSeed): \(result)")
    }

    @Test("a digest taken before passes on an untouched ledger, also after more appends")
    func digestPasses() throws {
        let scratch = try Scratch()
        try ledgerWithEvents(scratch)
        let digest = try scratch.digest()
        #expect(digest.range(of: #"^8:[0-9a-f]{64}$"#, options: .regularExpression) != nil, "\(digest)")
        let hash = String(digest.dropFirst(2))

        let plain = try scratch.run(["verify"])
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stdoutLines == ["verify ok: 8 events, head sequence 8, head hash \(hash)"], "\(plain)")
        let checked = try scratch.run(["verify", "--digest", digest])
        #expect(checked.status == 0, "\(checked)")
        #expect(checked.stdoutLines == ["verify ok: 8 events, head sequence 8, head hash \(hash); extends digest 8"], "\(checked)")

        #expect(try scratch.append([Events.directiveIssued(id: "later", directive: "D-later")], name: "later.jsonl").status == 0)
        let later = try scratch.run(["verify", "--digest", digest])
        #expect(later.status == 0, "\(later)")
        #expect(later.stdoutLines.first?.hasPrefix("verify ok: 9 events, head sequence 9, ") == true, "\(later)")

        let json = try scratch.run(["digest", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any], "\(json)")
        #expect(object["seq"] as? Int == 9)
        #expect(object["digest"] as? String == (try scratch.digest()))
    }

    @Test("a tampered file (triggers dropped, data of seq 3 updated): exit 1, `sequence 3: altered`")
    func tamperedData() throws {
        let scratch = try Scratch()
        try ledgerWithEvents(scratch)
        let digest = try scratch.digest()
        try scratch.sqlite(scratch.ledger, """
            DROP TRIGGER events_refuse_update;
            UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE seq = 3;
            """)
        #expect(try scratch.sqlite(scratch.ledger, "SELECT count(*) FROM events WHERE data LIKE '%tampered%'") == "1\n")

        let result = try scratch.run(["verify"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix("verify failed: sequence 3: altered") == true, "\(result)")
        #expect(!result.showsACrash, "\(result)")
        let withDigest = try scratch.run(["verify", "--digest", digest])
        #expect(withDigest.status == 1, "\(withDigest)")
        #expect(withDigest.stdoutLines.first?.hasPrefix("verify failed: sequence 3: altered") == true, "\(withDigest)")
    }

    @Test("a tampered actor, a deleted row, rows removed from the head: each named")
    func otherTampering() throws {
        let cases: [(sql: String, verify: [String], expected: String)] = [
            ("DROP TRIGGER events_refuse_update; UPDATE events SET actor = 'mallory' WHERE seq = 5;", [], "verify failed: sequence 5: altered"),
            ("DROP TRIGGER events_refuse_delete; DELETE FROM events WHERE seq = 4;", [], "verify failed: sequence 4: missing"),
            ("DROP TRIGGER events_refuse_delete; DELETE FROM events WHERE seq >= 7;", ["--digest"], "verify failed: sequence 8: digest"),
        ]
        for (sql, options, expected) in cases {
            let scratch = try Scratch()
            try ledgerWithEvents(scratch)
            let digest = try scratch.digest()
            try scratch.sqlite(scratch.ledger, sql)
            let result = try scratch.run(["verify"] + (options.isEmpty ? [] : ["--digest", digest]))
            #expect(result.status == 1, "\(sql): \(result)")
            #expect(result.stdoutLines.first?.hasPrefix(expected) == true, "\(sql): \(result)")
        }
    }

    @Test("stored bytes are hashed, not text decoded from them: U+FFFD swapped for an invalid byte is caught")
    func lossyText() throws {
        let scratch = try Scratch()
        #expect(try scratch.append([Events.documentIssued(id: "r1", subject: "Bản \u{FFFD} lỗi phông")]).status == 0)
        #expect(try scratch.run(["verify"]).status == 0)
        // Both decode to the same String (U+FFFD); only the bytes tell them apart.
        try scratch.sqlite(scratch.ledger, """
            DROP TRIGGER events_refuse_update;
            UPDATE events SET data = CAST(replace(CAST(data AS BLOB), X'EFBFBD', X'FF') AS TEXT) WHERE seq = 1;
            """)
        #expect(try scratch.sqlite(scratch.ledger, "SELECT instr(CAST(data AS BLOB), X'FF') > 0 FROM events WHERE seq = 1") == "1\n")
        let result = try scratch.run(["verify"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdoutLines.first?.hasPrefix("verify failed: sequence 1: altered") == true, "\(result)")
    }

    @Test("digest 0 is the empty ledger: only 0 with 64 zeros is accepted")
    func digestZero() throws {
        let scratch = try Scratch()
        try ledgerWithEvents(scratch)
        let zeros = String(repeating: "0", count: 64)
        let ok = try scratch.run(["verify", "--digest", "0:\(zeros)"])
        #expect(ok.status == 0 && ok.stdoutLines.first?.hasSuffix("; extends digest 0") == true, "\(ok)")
        let forged = try scratch.run(["verify", "--digest", "0:" + String(repeating: "ab", count: 32)])
        #expect(forged.status == 1, "\(forged)")
        #expect(forged.stdoutLines.first?.hasPrefix("verify failed: sequence 0: digest") == true, "\(forged)")
    }
}
