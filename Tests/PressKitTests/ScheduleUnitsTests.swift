import Testing
@testable import PressKit

@Suite struct ScheduleUnitsTests {
    func units(every: Int = 15, folder: String = "/srv/press office") -> ScheduleUnits {
        ScheduleUnits(binary: "/opt/presskit/bin/presskit", database: folder + "/100%.sqlite", policies: folder + "/Policies",
                      workingDirectory: folder, everyMinutes: every)
    }

    @Test func cronRunsTheDueCheckWithQuotedPathsAndEscapedPercents() {
        let line = units().crontab.split(separator: "\n").first { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(line == "*/15 * * * * cd '/srv/press office' && /opt/presskit/bin/presskit check --due --notify --quiet --max-duration 12m --policies '/srv/press office/Policies' --db '/srv/press office/100\\%.sqlite' >> '/srv/press office/presskit-check.log' 2>&1")
        #expect(units(every: 60).crontab.contains("\n0 * * * * cd"))
        #expect(units(every: 180).crontab.contains("\n0 */3 * * * cd"))
        #expect(units(every: 1).crontab.contains("\n* * * * * cd"))
    }

    @Test func systemdUnitsQuoteAndEscapeSpecifiers() {
        let text = units().systemd
        #expect(text.contains("WorkingDirectory=/srv/press office\n"))
        #expect(text.contains("ExecStart=/opt/presskit/bin/presskit check --due --notify --quiet --max-duration 12m --policies \"/srv/press office/Policies\" --db \"/srv/press office/100%%.sqlite\"\n"))
        #expect(text.contains("OnCalendar=*-*-* *:0/15:00\n"))
        #expect(units(every: 120).systemd.contains("OnCalendar=*-*-* 0/2:00:00\n"))
        #expect(text.contains("SuccessExitStatus=1"))
    }

    @Test func quotingSurvivesHostileNames() {
        #expect(ScheduleUnits.shellQuoted("it's") == "'it'\\''s'")
        #expect(ScheduleUnits.shellQuoted("/plain/path-1.2") == "/plain/path-1.2")
        #expect(ScheduleUnits.shellQuoted("$(rm -rf /)") == "'$(rm -rf /)'")
        #expect(ScheduleUnits.systemdQuoted("a\"b\\c$d") == "\"a\\\"b\\\\c$$d\"")
    }

    @Test func onlyEvenIntervalsAreSupported() {
        #expect([1, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1_440].allSatisfy(ScheduleUnits.isSupported))
        #expect(![0, 7, 25, 45, 90, 300, 2_880].contains(where: ScheduleUnits.isSupported))
    }
}
