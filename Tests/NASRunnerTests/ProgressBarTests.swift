import Testing
@testable import NASRunner

@Suite struct ProgressBarTests {
    @Test func durationsAndETA() {
        #expect(ProgressBar.duration(42.4) == "42 s")
        #expect(ProgressBar.duration(185) == "3 min 05 s")
        #expect(ProgressBar.duration(3720) == "1 h 02 min")
        #expect(ProgressBar.duration(.nan) == "?")
        // 25 of 100 seeds in 10 s: 30 s to go at the mean rate.
        #expect(ProgressBar.status(done: 25, total: 100, elapsed: 10, unit: "seeds") == "25/100 seeds (25%), 10 s, ETA 30 s")
        #expect(ProgressBar.status(done: 100, total: 100, elapsed: 40, unit: "seeds") == "100/100 seeds (100%), 40 s")
    }

    @Test func modeFromEnvironment() {
        #expect(ProgressBar.defaultMode(environment: ["NASWIFT_PROGRESS": "off"]) == .off)
        #expect(ProgressBar.defaultMode(environment: ["NASWIFT_PROGRESS": "LINES"]) == .lines)
        #expect(ProgressBar.defaultMode(environment: ["NASWIFT_PROGRESS": "bar"]) == .bar)
    }
}
