import Foundation
import NASCore
import NASReports

extension StudyReport {
    /// The self-contained HTML report of a study: its status and protocol, the per-trial plot,
    /// the best trials and the failed ones.
    public static func html(study: StudyRecord, trials: [TrialRecord], top: Int = 10) -> String {
        let s = study.spec
        var page = HTMLPage(title: "Study \(s.name)", subtitle: "naswift study report")
        page.heading("Status and protocol")
        let status = StudyStatus(study: study, trials: trials)
        page.facts(status.lines(study: study).map { line in
            guard let colon = line.range(of: ": ") else { return ("", line) }
            return (String(line[..<colon.lowerBound]), String(line[colon.upperBound...]))
        })
        page.heading("Trials")
        page.figure(svg: plot(study: study, trials: trials).render(),
                    caption: "Dashed: each complete trial's \(s.metric); solid: the best so far (\(s.direction.rawValue)imise).")
        let ranked = trials.compactMap { t in t.state == .complete ? t.value.map { (t, $0) } : nil }
            .sorted { a, b in a.1 == b.1 ? a.0.number < b.0.number : s.direction.better(a.1, than: b.1) }
        page.heading("Best \(Swift.min(top, ranked.count)) of \(ranked.count) complete trials")
        page.table(header: ["rank", "trial", "#", s.metric, "attempts", "worker", "architecture"],
                   rows: ranked.prefix(top).enumerated().map { i, p in
                       ["\(i + 1)", "\(p.0.id)", "\(p.0.number)", "\(p.1)", "\(p.0.attempts)", p.0.worker ?? "", p.0.architecture]
                   }, numeric: [0, 1, 2, 3, 4])
        let failed = trials.filter { $0.state == .failed }
        if !failed.isEmpty {
            page.heading("Failed trials (\(failed.count))")
            page.table(header: ["trial", "#", "reason"],
                       rows: failed.prefix(20).map { t in
                           ["\(t.id)", "\(t.number)", (t.message ?? "").split(separator: "\n").first.map(String.init) ?? ""]
                       }, numeric: [0, 1])
        }
        return page.render()
    }
}
