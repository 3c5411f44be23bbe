import Testing
@testable import LedgerStore

@Suite("SHA256")
struct SHA256Tests {
    private func digest(_ text: String) -> String {
        hexString(SHA256.hash(Array(text.utf8)))
    }

    @Test("NIST FIPS 180-4 short vectors")
    func nistVectors() {
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test("one million 'a', one-shot and in uneven chunks")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(hexString(SHA256.hash(message)) == expected)

        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < message.count {
            let end = min(message.count, offset + chunk)
            hasher.update(Array(message[offset..<end]))
            offset = end
            chunk = chunk % 997 + 13  // varied sizes straddle block boundaries in every way
        }
        #expect(hexString(hasher.finalize()) == expected)
    }

    // Lengths around the padding boundaries (55/56 bytes leave or not room for the length).
    @Test("padding boundaries", arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(hexString(SHA256.hash([UInt8](repeating: 0x61, count: length))) == expected)
    }

    @Test("incremental updates split at every offset equal the one-shot hash")
    func incrementalSplits() {
        let message = (0..<131).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        let oneShot = SHA256.hash(message)
        #expect(hexString(oneShot) == "4c14830d5f17552093a46de0f6884f8f3010789462dab3db3d1cc679575e01ad")

        for split in 0...130 {
            var hasher = SHA256()
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == oneShot, "split at \(split)")
        }

        var bytewise = SHA256()
        for byte in message { bytewise.update([byte]) }
        #expect(bytewise.finalize() == oneShot)
    }

    @Test("a string is hashed as its UTF-8")
    func stringUpdate() {
        var hasher = SHA256()
        hasher.update("Về việc ")
        hasher.update("phê duyệt")
        #expect(hexString(hasher.finalize()) == "f8cb09499f12da1251dd6104a4574cb6147020cbfd49e32f6bae1d6d210fd485")
    }

    @Test("hex round trip and refusals")
    func hex() {
        #expect(hexString([]) == "")
        #expect(hexString([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
        #expect(bytes(fromHex: "000fa5ff") == [0x00, 0x0f, 0xa5, 0xff])
        #expect(bytes(fromHex: "000FA5FF") == [0x00, 0x0f, 0xa5, 0xff])
        #expect(bytes(fromHex: "") == [])
        #expect(bytes(fromHex: "abc") == nil)
        #expect(bytes(fromHex: "zz") == nil)
        #expect(bytes(fromHex: "0x00") == nil)
        #expect(bytes(fromHex: " 00") == nil)
        #expect(bytes(fromHex: "éé") == nil)
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(bytes(fromHex: hexString(digest)) == digest)
    }
}
