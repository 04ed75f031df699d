import Foundation

/// One kind of scheduled pass: its streams and its interval.
public struct DaemonJob: Sendable, Hashable {
    /// Name used in logs and metric labels (`dossiers`, `catalogue`).
    public var name: String
    /// Streams the pass pulls and pushes.
    public var streams: [SyncStream]
    /// Seconds from the start of one pass to the start of the next.
    public var every: Double

    public init(name: String, streams: [SyncStream], every: Double) {
        self.name = name
        self.streams = streams
        self.every = every
    }

    /// The daemon's jobs: dossiers with their steps every `dossiersEvery`; the catalogue every `catalogueEvery`, only
    /// when a publication decision is configured (the portal refuses catalogue packets without one).
    public static func schedule(dossiersEvery: Double, catalogueEvery: Double,
                                decision: PublicationDecision?) -> [DaemonJob] {
        var jobs = [DaemonJob(name: "dossiers", streams: [.dossiers, .steps], every: dossiersEvery)]
        if decision != nil { jobs.append(DaemonJob(name: "catalogue", streams: [.catalogue], every: catalogueEvery)) }
        return jobs
    }
}

/// When each job is due next. Passes run one at a time; a job whose time passed while another ran goes next,
/// once (missed runs do not pile up).
struct DaemonSchedule: Sendable {
    let jobs: [DaemonJob]
    private var due: [Date]

    /// Every job due at `start`.
    init(jobs: [DaemonJob], start: Date) {
        self.jobs = jobs
        due = Array(repeating: start, count: jobs.count)
    }

    /// The job due first (the earlier-listed one on a tie) and its time.
    func next() -> (job: DaemonJob, at: Date) {
        let index = due.indices.min { due[$0] < due[$1] } ?? 0
        return (jobs[index], due[index])
    }

    /// Schedules `job` again, `every` after the start of the pass that just ran.
    mutating func ran(_ job: DaemonJob, startedAt: Date) {
        guard let index = jobs.firstIndex(of: job) else { return }
        due[index] = startedAt.addingTimeInterval(job.every)
    }
}
