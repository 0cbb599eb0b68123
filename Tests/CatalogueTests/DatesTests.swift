import Testing
@testable import Catalogue

@Suite struct DatesTests {
    @Test func calendarDatesRefuseImpossibleDays() {
        #expect(CalendarDate(iso: "2024-02-29") != nil, "leap year")
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil, "century, not a leap year")
        #expect(CalendarDate(iso: "2000-02-29") != nil, "divisible by 400")
        #expect(CalendarDate(iso: "2023-04-31") == nil)
        #expect(CalendarDate(iso: "2023-13-01") == nil)
        #expect(CalendarDate(iso: "2023-1-01") == nil, "exactly YYYY-MM-DD")
        #expect(CalendarDate(iso: "２０２３-01-01") == nil, "ASCII digits only")
        #expect(CalendarDate(iso: "2023-11-21")?.description == "2023-11-21")
    }

    @Test func zonedDateTimesKeepTheirOffsetAndCompareAsInstants() throws {
        let brussels = try ZonedDateTime.parse("2023-11-21T10:00:00+01:00").get()
        let utc = try ZonedDateTime.parse("2023-11-21T09:00:00Z").get()
        #expect(brussels.unixTime == utc.unixTime)
        #expect(brussels.description == "2023-11-21T10:00:00+01:00")
        #expect(utc.description == "2023-11-21T09:00:00Z")
        #expect(try ZonedDateTime.parse("2023-11-21 10:00:00.250 -0500").get().description == "2023-11-21T10:00:00-05:00")
        #expect(try ZonedDateTime.parse("1970-01-01T00:00:00Z").get().unixTime == 0)
        #expect(try ZonedDateTime.parse("2024-02-29T23:59:59Z").get().unixTime == 1_709_251_199)
    }

    @Test func zonedDateTimesSayWhatIsWrong() {
        #expect(ZonedDateTime.parse("2023-11-21T10:00:00") == .failure(.missingZone))
        #expect(ZonedDateTime.parse("2023-02-30T10:00:00Z") == .failure(.impossible))
        #expect(ZonedDateTime.parse("2023-11-21T25:00:00Z") == .failure(.impossible))
        #expect(ZonedDateTime.parse("2023-11-21") == .failure(.malformed))
        #expect(ZonedDateTime.parse("tomorrow at ten") == .failure(.malformed))
        #expect(ZonedDateTime.parse("2023-11-21T10:00:00+15:00") == .failure(.malformed), "offsets stop at ±14:00")
    }
}
