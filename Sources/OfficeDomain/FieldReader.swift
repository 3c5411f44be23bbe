import LedgerJSON

/// Reads the typed fields of an event's `data` object, refusing missing, mistyped, empty and
/// unknown fields with the field's path (`data.issued_on`).
struct FieldReader {
    let object: JSONObject
    let type: String
    /// Keys asked for; counting the ones present is enough to know whether any key was unknown.
    private var asked: [String] = []
    private var presentAsked = 0

    init(_ object: JSONObject, type: String) {
        self.object = object
        self.type = type
        asked.reserveCapacity(8)
    }

    func path(_ key: String) -> String { "data.\(key)" }

    mutating func value(_ key: String) -> JSONValue? {
        asked.append(key)
        guard let value = object[key] else { return nil }
        presentAsked += 1
        // Not `value.isNull ? nil : value`: JSONValue is ExpressibleByNilLiteral, so that `nil` becomes .null.
        if value.isNull { return nil }
        return value
    }

    mutating func text(_ key: String) throws(DomainError) -> String {
        guard let value = try optionalText(key) else {
            throw DomainError(field: path(key), reason: "missing (required for \(type))")
        }
        return value
    }

    mutating func optionalText(_ key: String) throws(DomainError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else {
            throw DomainError(field: path(key), reason: "must be a string, not \(value.typeName)")
        }
        return try checkedText(text, key: key)
    }

    func checkedText(_ text: String, key: String) throws(DomainError) -> String {
        // One pass over the bytes (in place: the text's own storage, when it has one).
        func scan(_ bytes: some Collection<UInt8>) -> (control: Bool, printable: Bool, invisible: Bool) {
            // printable: an ASCII byte, not a space or control; invisible: a byte that may begin
            // one of the InvisibleControls, looked at closely only then.
            var control = false, printable = false, invisible = false
            for byte in bytes {
                if byte < 0x20 {
                    if byte != 0x0A && byte != 0x09 { control = true }
                } else if byte != 0x20 && byte < 0x7F {
                    printable = true
                } else if InvisibleControls.mayStart(byte) {
                    invisible = true
                }
            }
            return (control, printable, invisible)
        }
        let (control, printable, invisible) = text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
        if control {
            throw DomainError(field: path(key), reason: "contains a control character (such as NUL)")
        }
        if invisible, let reason = InvisibleControls.refusal(in: text) {
            throw DomainError(field: path(key), reason: reason)
        }
        let count = text.utf8.count
        if !printable && text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw DomainError(field: path(key), reason: "must not be empty")
        }
        if count > 10_000 {
            throw DomainError(field: path(key), reason: "is longer than 10000 bytes")
        }
        return text
    }

    mutating func day(_ key: String) throws(DomainError) -> Day {
        guard let value = try optionalDay(key) else {
            throw DomainError(field: path(key), reason: "missing (required for \(type))")
        }
        return value
    }

    mutating func optionalDay(_ key: String) throws(DomainError) -> Day? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else {
            throw DomainError(field: path(key), reason: "must be a date YYYY-MM-DD, not \(value.typeName)")
        }
        guard let day = Day(text) else {
            // Named, not echoed in the reason below.
            if let reason = InvisibleControls.refusal(in: text) { throw DomainError(field: path(key), reason: reason) }
            let shape = text.utf8.count == 10 && Array(text.utf8)[4] == UInt8(ascii: "-")
            throw DomainError(field: path(key), reason: shape ? "\(text) is not a date that exists"
                                                               : "\"\(text)\" is not a date YYYY-MM-DD")
        }
        return day
    }

    mutating func int(_ key: String, in range: ClosedRange<Int>) throws(DomainError) -> Int {
        guard let value = try optionalInt(key, in: range) else {
            throw DomainError(field: path(key), reason: "missing (required for \(type))")
        }
        return value
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(DomainError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else {
            let shown = value.typeName == "number" ? value.canonicalString : value.typeName
            throw DomainError(field: path(key), reason: "must be a whole number, not \(shown)")
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            throw DomainError(field: path(key), reason: "\(number) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return Int(number)
    }

    mutating func optionalBool(_ key: String) throws(DomainError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else {
            throw DomainError(field: path(key), reason: "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    mutating func optionalTextList(_ key: String) throws(DomainError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.arrayValue else {
            throw DomainError(field: path(key), reason: "must be an array of strings, not \(value.typeName)")
        }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue else {
                throw DomainError(field: "\(path(key))[\(index)]", reason: "must be a string, not \(item.typeName)")
            }
            texts.append(try checkedText(text, key: "\(key)[\(index)]"))
        }
        return texts
    }

    mutating func docType(_ key: String) throws(DomainError) -> String {
        let code = try text(key)
        guard DocumentTypes.isKnown(code) else {
            var reason = "unknown document type code \"\(code)\""
            if let suggestion = DocumentTypes.suggestion(for: code) { reason += " (did you mean \(suggestion)?)" }
            throw DomainError(field: path(key), reason: reason)
        }
        return code
    }

    mutating func symbol(_ key: String, required: Bool) throws(DomainError) -> NumberSymbol? {
        guard let text = required ? try self.text(key) : try optionalText(key) else { return nil }
        guard let symbol = NumberSymbol(parsing: text) else {
            throw DomainError(field: path(key), reason: "\"\(text)\" is not a number symbol such as 41/QĐ-UBND, 20/2017/QĐ-UBND or 123/UBND")
        }
        return symbol
    }

    /// A directive's or item's id: it is part of a stream name, so one line of bounded length.
    mutating func identifier(_ key: String) throws(DomainError) -> String {
        let id = try text(key)
        guard id.utf8.count <= 200, !id.contains("\n"), !id.contains("\t") else {
            throw DomainError(field: path(key), reason: "must be one line of at most 200 bytes")
        }
        return id
    }

    mutating func due(_ key: String) throws(DomainError) -> Due {
        let text = try self.text(key)
        guard let due = Due(text) else {
            throw DomainError(field: path(key), reason: "\"\(text)\" is not a due time: write Q1/2017 ... Q4/2017, 2017, or a span such as 2017-2018")
        }
        return due
    }

    /// Refuses fields this event type does not have (a typo must not pass silently).
    func finish() throws(DomainError) {
        guard presentAsked != object.count else { return }
        for key in object.keys where !asked.contains(key) {
            throw DomainError(field: path(key), reason: "unknown field for \(type)")
        }
    }
}
