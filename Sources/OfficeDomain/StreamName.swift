/// A document as the ledger keys it: its number symbol and the year it belongs to, written
/// `41/QĐ-UBND@2017` (a symbol repeats every year; the key does not).
public struct DocumentKey: Hashable, Sendable, CustomStringConvertible {
    public let symbol: NumberSymbol
    public let year: Int

    public init(symbol: NumberSymbol, year: Int) {
        self.symbol = symbol
        self.year = year
    }

    /// A document cited by an event: a symbol without a year (all but legal normative ones)
    /// is taken in the year of the citing event.
    public init(citing symbol: NumberSymbol, on day: Day) {
        self.init(symbol: symbol, year: symbol.year ?? day.year)
    }

    /// The stored spelling, `41/QĐ-UBND@2017`: stream names and the read tables hold it.
    public var description: String { "\(symbol)@\(year)" }

    /// Parses `41/QĐ-UBND@2017`; the symbol as clerks write it (`9/KH-UBND@2017` too). Nil otherwise.
    public init?(parsing text: String) {
        // The last `@`: an issuer may contain one, a year cannot.
        guard let at = text.lastIndex(of: "@"), let symbol = NumberSymbol(parsing: String(text[..<at])),
              let year = plainNumber(text[text.index(after: at)...]), year <= 9999 else { return nil }
        self.init(symbol: symbol, year: year)
    }
}

/// The stream an event belongs to: one per document, per arrival in the incoming register,
/// per directive and per programme item. `description` is the stored name.
public enum StreamName: Hashable, Sendable, CustomStringConvertible {
    case document(DocumentKey)
    case received(year: Int, arrivalNo: Int)
    case directive(String)
    case programmeItem(String)
    /// The ledger's own settings (which doc types share a number series).
    case settings
    /// A person's account and roles.
    case account(String)
    /// The checkpoints the office signed, in order.
    case checkpoints

    static let settingsName = "ledger:settings", checkpointsName = "ledger:checkpoints"
    static let documentPrefix = "document:", receivedPrefix = "received:"
    static let directivePrefix = "directive:", programmePrefix = "programme:", accountPrefix = "account:"

    /// `document:41/QĐ-UBND@2017`, `received:2017:123`, `directive:CT619-01`, `programme:NN-01`.
    public var description: String {
        switch self {
        case .document(let key): return Self.documentPrefix + key.description
        case .received(let year, let arrivalNo): return Self.receivedPrefix + "\(year):\(arrivalNo)"
        case .directive(let id): return Self.directivePrefix + id
        case .programmeItem(let id): return Self.programmePrefix + id
        case .settings: return Self.settingsName
        case .account(let user): return Self.accountPrefix + user
        case .checkpoints: return Self.checkpointsName
        }
    }

    /// Reads a stored stream name back; nil for any other text.
    public init?(parsing text: String) {
        if text == Self.settingsName {
            self = .settings
        } else if text == Self.checkpointsName {
            self = .checkpoints
        } else if let rest = text.dropping(prefix: Self.documentPrefix) {
            guard let key = DocumentKey(parsing: rest) else { return nil }
            self = .document(key)
        } else if let rest = text.dropping(prefix: Self.receivedPrefix) {
            let parts = rest.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard parts.count == 2, let year = plainNumber(Substring(parts[0])), year <= 9999,
                  let arrivalNo = plainNumber(Substring(parts[1])) else { return nil }
            self = .received(year: year, arrivalNo: arrivalNo)
        } else if let id = text.dropping(prefix: Self.directivePrefix), !id.isEmpty {
            self = .directive(id)
        } else if let id = text.dropping(prefix: Self.programmePrefix), !id.isEmpty {
            self = .programmeItem(id)
        } else if let user = text.dropping(prefix: Self.accountPrefix), !user.isEmpty {
            self = .account(user)
        } else {
            return nil
        }
    }
}

extension String {
    /// The rest after an ASCII prefix, compared byte by byte: `hasPrefix` compares characters,
    /// and an id starting with a combining mark would glue it to the prefix's `:`.
    func dropping(prefix: String) -> String? {
        guard utf8.starts(with: prefix.utf8) else { return nil }
        return String(decoding: utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }
}

/// A positive number as the ledger prints one: ASCII digits, no sign, no leading zero (so
/// parsing and printing give back the same text).
func plainNumber(_ text: Substring) -> Int? {
    let digits = text.utf8
    guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 18,
          digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
    return Int(text)
}
