import Testing
import OfficeDomain

@Suite("Day: calendar days written YYYY-MM-DD")
struct DayTests {
    @Test("leap years follow the Gregorian rule (every 4th, not every 100th, but every 400th)")
    func leapYears() {
        #expect(Day.isLeap(2016))
        #expect(!Day.isLeap(2017))
        #expect(Day.isLeap(2000))
        #expect(!Day.isLeap(1900))
        #expect(Day.daysIn(month: 2, year: 2016) == 29)
        #expect(Day.daysIn(month: 2, year: 2017) == 28)
        #expect(Day.daysIn(month: 4, year: 2017) == 30)
        #expect(Day.daysIn(month: 12, year: 2017) == 31)
    }

    @Test("dates that exist parse to their parts", arguments: [
        ("2017-01-09", 2017, 1, 9), ("2016-02-29", 2016, 2, 29), ("2000-02-29", 2000, 2, 29),
        ("2017-06-30", 2017, 6, 30), ("2017-12-31", 2017, 12, 31), ("0001-01-01", 1, 1, 1),
    ])
    func validDates(text: String, year: Int, month: Int, day: Int) throws {
        let parsed = try #require(Day(text))
        #expect(parsed.year == year && parsed.month == month && parsed.day == day)
        #expect(parsed.description == text)
    }

    @Test("dates that do not exist, or are not written YYYY-MM-DD, are refused", arguments: [
        "2017-02-29", "2017-02-30", "1900-02-29", "2017-04-31", "2017-06-31", "2017-13-01", "2017-00-10",
        "2017-01-00", "2017-01-32", "0000-01-01", "2017-1-05", "2017/01/05", "20170105", "05/01/2017",
        "2017-01-05T08:00", " 2017-01-05", "2017-01-0x", "+017-01-05", "",
    ])
    func invalidDates(text: String) {
        #expect(Day(text) == nil)
    }

    @Test("days since 1970-01-01 round-trip and step across month, leap day and year ends")
    func arithmetic() throws {
        #expect(try #require(Day("1970-01-01")).daysSinceEpoch == 0)
        // 47 years of 365 days plus the 12 leap days of 1972…2016.
        #expect(try #require(Day("2017-01-01")).daysSinceEpoch == 17_167)
        #expect(Day(daysSinceEpoch: 17_167).description == "2017-01-01")
        #expect(Day(daysSinceEpoch: 17_166).description == "2016-12-31")
        #expect(try #require(Day("2016-02-29")).daysSinceEpoch + 1 == #require(Day("2016-03-01")).daysSinceEpoch)
        for offset in stride(from: -719_000, through: 2_900_000, by: 9_973) {  // years 1…9909
            #expect(try #require(Day(Day(daysSinceEpoch: offset).description)).daysSinceEpoch == offset)
        }
    }

    @Test("end of month and ordering")
    func calendarFacts() throws {
        #expect(try #require(Day("2016-02-10")).endOfMonth.description == "2016-02-29")
        #expect(try #require(Day("2017-02-10")).endOfMonth.description == "2017-02-28")
        #expect(try #require(Day("2017-01-31")) < #require(Day("2017-02-01")))
        #expect(try #require(Day("2016-12-31")) < #require(Day("2017-01-01")))
        #expect(!(try #require(Day("2017-06-30")) < #require(Day("2017-06-30"))))
    }
}
