import Foundation

/// When a job runs: every so many seconds, or at the minutes a cron expression selects.
public enum JobSchedule: Sendable, Hashable, CustomStringConvertible {
    /// Seconds from the start of one pass to the start of the next; the first pass runs at once.
    case every(Double)
    /// At each matching minute; the first pass waits for the first match.
    case cron(CronExpression)

    /// When the job is first due, the daemon having started at `start`.
    public func first(start: Date) -> Date {
        switch self {
        case .every: return start
        case .cron(let expression): return expression.next(after: start)
        }
    }

    /// When the job is due again after a pass that was due at `due` and started at `startedAt`.
    public func next(due: Date, startedAt: Date) -> Date {
        switch self {
        case .every(let seconds): return startedAt.addingTimeInterval(seconds)
        case .cron(let expression): return expression.next(after: max(due, startedAt))
        }
    }

    public var description: String {
        switch self {
        case .every(let seconds):
            return seconds == seconds.rounded() ? "every \(Int(seconds))s" : "every \(seconds)s"
        case .cron(let expression): return "cron \(expression.text) \(expression.timeZone.identifier)"
        }
    }
}

/// One kind of scheduled pass: what it does and when.
public struct DaemonJob: Sendable, Hashable {
    /// What a pass of the job does.
    public enum Work: Sendable, Hashable {
        /// Pull and push these streams.
        case sync([SyncStream])
        /// Compare source, ledger and portal and write the reports (`ReportWriter`).
        case reconcile
        /// Send the outbox records of these streams whose back-off has ended; pull nothing.
        case push([SyncStream])
    }

    /// Name used in logs and metric labels (`dossiers`, `catalogue`, `reconcile`).
    public var name: String
    /// What a pass does.
    public var work: Work
    /// When passes run.
    public var schedule: JobSchedule

    /// A job with any work and schedule.
    public init(name: String, work: Work, schedule: JobSchedule) {
        self.name = name
        self.work = work
        self.schedule = schedule
    }

    /// A sync job every `every` seconds.
    public init(name: String, streams: [SyncStream], every: Double) {
        self.init(name: name, work: .sync(streams), schedule: .every(every))
    }

    /// Streams the pass pulls and pushes (none for a reconciliation or a push-only pass).
    public var streams: [SyncStream] {
        if case .sync(let streams) = work { return streams }
        return []
    }

    /// The daemon's jobs: dossiers with their steps; the catalogue only when a publication decision is configured
    /// (the portal refuses catalogue packets without one); reconciliation only when it has a schedule.
    public static func schedule(dossiers: JobSchedule, catalogue: JobSchedule, reconcile: JobSchedule? = nil,
                                decision: PublicationDecision?) -> [DaemonJob] {
        var jobs = [DaemonJob(name: "dossiers", work: .sync([.dossiers, .steps]), schedule: dossiers)]
        if decision != nil { jobs.append(DaemonJob(name: "catalogue", work: .sync([.catalogue]), schedule: catalogue)) }
        if let reconcile { jobs.append(DaemonJob(name: "reconcile", work: .reconcile, schedule: reconcile)) }
        return jobs
    }

    /// The push-only job the daemon runs between scheduled passes for the streams `jobs` sync (see `RetryTimer`).
    static func retry(for jobs: [DaemonJob]) -> DaemonJob {
        let streams = SyncStream.allCases.filter { stream in jobs.contains { $0.streams.contains(stream) } }
        return DaemonJob(name: "retry", work: .push(streams), schedule: .every(0))
    }

    /// Interval-only form of `schedule(dossiers:catalogue:reconcile:decision:)`.
    public static func schedule(dossiersEvery: Double, catalogueEvery: Double,
                                decision: PublicationDecision?) -> [DaemonJob] {
        schedule(dossiers: .every(dossiersEvery), catalogue: .every(catalogueEvery), decision: decision)
    }
}

/// When each job is due next. Passes run one at a time; a job whose time passed while another ran goes next,
/// once (missed runs do not pile up).
struct DaemonSchedule: Sendable {
    let jobs: [DaemonJob]
    private var due: [Date]

    /// Interval jobs due at `start`, cron jobs at their first matching minute.
    init(jobs: [DaemonJob], start: Date) {
        self.jobs = jobs
        due = jobs.map { $0.schedule.first(start: start) }
    }

    /// The job due first (the earlier-listed one on a tie) and its time.
    func next() -> (job: DaemonJob, at: Date) {
        let index = due.indices.min { due[$0] < due[$1] } ?? 0
        return (jobs[index], due[index])
    }

    /// Schedules `job` again after the pass that started at `startedAt`.
    mutating func ran(_ job: DaemonJob, startedAt: Date) {
        guard let index = jobs.firstIndex(of: job) else { return }
        due[index] = job.schedule.next(due: due[index], startedAt: startedAt)
    }
}
