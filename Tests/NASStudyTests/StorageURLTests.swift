import NASCore
import Testing
@testable import NASStudy

@Suite("Storage URLs")
struct StorageURLTests {
    @Test func parsesSQLiteForms() throws {
        #expect(try StorageURL(parsing: "sqlite:///tmp/x/studies.db") == .sqlite(path: "/tmp/x/studies.db"))
        #expect(try StorageURL(parsing: "sqlite://rel/s.db") == .sqlite(path: "rel/s.db"))
        #expect(try StorageURL(parsing: "local.db") == .sqlite(path: "local.db"))
        #expect(try StorageURL(parsing: "sqlite:/tmp/x/studies.db") == .sqlite(path: "/tmp/x/studies.db"))
        #expect(try StorageURL(parsing: "sqlite:rel/s.db") == .sqlite(path: "rel/s.db"))
        #expect(throws: NaswiftError.self) { try StorageURL(parsing: "sqlite:") }
        #expect(StorageURL.defaultStorage(environment: ["NASWIFT_DATA": "/data/nas"]) == .sqlite(path: "/data/nas/studies.db"))
        #expect(StorageURL.defaultStorage(environment: ["HOME": "/home/u"]) == .sqlite(path: "/home/u/.cache/naswift/studies.db"))
        #expect(try StorageURL.resolve(nil, environment: ["NASWIFT_STORAGE": "sqlite:///s.db"]) == .sqlite(path: "/s.db"))
        #expect(try StorageURL.resolve("sqlite:///o.db", environment: ["NASWIFT_STORAGE": "sqlite:///s.db"]) == .sqlite(path: "/o.db"))
    }

    @Test func parsesPostgresForms() throws {
        guard case .postgres(let u) = try StorageURL(parsing: "postgresql://alice:s%40cret@db.example.org:6543/nas?sslmode=require",
                                                     environment: [:]) else { Issue.record("not postgres"); return }
        #expect(u.user == "alice" && u.password == "s@cret" && u.host == "db.example.org" && u.port == 6543)
        #expect(u.database == "nas" && u.sslMode == .require)
        #expect(u.redacted == "postgresql://alice@db.example.org:6543/nas?sslmode=require")
        guard case .postgres(let v) = try StorageURL(parsing: "postgres://bob@localhost/studies",
                                                     environment: ["PGPASSWORD": "pw"]) else { Issue.record("not postgres"); return }
        #expect(v.port == 5432 && v.password == "pw" && v.sslMode == .disable)
    }

    @Test func rejectsMalformedURLs() {
        let cases: [(String, String)] = [
            ("mysql://u@h/db", "unsupported storage scheme 'mysql'"),
            ("sqlite://", "has no file path"),
            ("postgresql://u@h", "must name one database"),
            ("postgresql://u@h/a/b", "must name one database"),
            ("postgresql://u@h:99999/db", "out of range"),
            ("postgresql://u@h:abc/db", "malformed PostgreSQL URL"),
            ("postgresql://u@h/db?sslmode=maybe", "unknown sslmode 'maybe'"),
            ("postgresql://u@h/db?timeout=3", "unknown parameter 'timeout'"),
            ("studies", "is not a URL"),
        ]
        for (text, message) in cases {
            let e = #expect(throws: NaswiftError.self, "\(text)") { try StorageURL(parsing: text, environment: [:]) }
            #expect(e?.kind == .invalidArgument)
            #expect(e?.message.contains(message) == true, "\(text): \(e?.message ?? "")")
            #expect(e?.hint != nil)
        }
    }
}

@Suite("Metric lines")
struct MetricLineTests {
    @Test func readsTheLastJSONLine() {
        let out = "epoch 1\n{\"value\": 1.5}\nnoise\n{\"loss\": 0.2, \"value\": 93.125}\n  \ntrailing text\n"
        #expect(MetricLine.parse(stdout: out, metric: "acc") == .success(93.125))
        #expect(MetricLine.parse(stdout: "{\"acc\": -2e-3}", metric: "acc") == .success(-0.002))
        #expect(MetricLine.parse(stdout: "{\"value\": 7}", metric: "acc") == .success(7))
    }

    @Test func explainsMissingMetrics() {
        func message(_ s: String) -> String {
            if case .failure(let e) = MetricLine.parse(stdout: s, metric: "acc") { return e.message }
            return "parsed"
        }
        #expect(message("").contains("printed no JSON line"))
        #expect(message("{\"value\": 1}\n{\"loss\": 2}").contains("has no numeric \"value\" (or \"acc\")"))
        #expect(message("{\"value\": \"93\"}").contains("non-numeric \"value\""))
        #expect(message("{\"value\": true}").contains("non-numeric \"value\""))
        #expect(message("{not json}").contains("printed no JSON line"))
    }

    /// Issue 18: `{"value": 1e999}` was "non-numeric" and `{"value": NaN}` "printed no JSON line".
    @Test func namesNonFiniteMetrics() {
        func message(_ s: String) -> String {
            if case .failure(let e) = MetricLine.parse(stdout: s, metric: "acc") { return e.message }
            return "parsed"
        }
        for (line, token, why) in [("{\"value\": 1e999}", "1e999", "beyond the range of a double"),
                                   ("{\"value\": -1e999, \"epoch\": 3}", "-1e999", "beyond the range of a double"),
                                   ("{\"value\": NaN}", "NaN", "not a number"),
                                   ("{\"loss\": 1, \"value\":NaN}", "NaN", "not a number"),
                                   ("{\"value\": Infinity}", "Infinity", "not a finite number"),
                                   ("{\"acc\": -Infinity}", "-Infinity", "not a finite number")] {
            let m = message("epoch 1\n" + line + "\n")
            #expect(m.contains(": \(token), which is \(why)") && m.contains("exit non-zero to mark the trial failed"), "\(line): \(m)")
            #expect(!m.contains("printed no JSON line") && !m.contains("non-numeric"), "\(m)")
        }
        // A finite line after a NaN line is the metric; a brace log line that is not JSON is skipped.
        #expect(MetricLine.parse(stdout: "{\"value\": NaN}\n{\"value\": 2.5}\n{progress 50%}", metric: "acc") == .success(2.5))
    }
}
