import DVCMock
import Foundation

/// The size of a crash run. `DVCSYNC_PROOF_SCALE=full` asks for the full proof (≥ 120 kills on a province of a few
/// thousand dossiers whose clock moves on between rounds); anything else gives the small run CI makes on every
/// `swift test`. `DVCSYNC_PROOF_SEED` replays the kill timings of an earlier run.
struct CrashPlan: Sendable {
    /// `small` or `full`.
    var scale: String
    /// Seed of the kill moments (and of the portal's holds).
    var seed: UInt64
    /// Dossiers in the generated province.
    var dossiers: Int
    /// Kills that must land (the child still running when SIGKILL is sent).
    var kills: Int
    /// Give up aiming after this many rounds.
    var maxRounds: Int
    /// The province's simulated clock moves on before every `advanceEvery`-th round (never before the first), and
    /// after a run that ended by itself.
    var advanceEvery: Int
    /// How far the clock moves each time, in days (a small province needs more days to have work again).
    var advanceDays: Int64
    /// `push.batchSize` of the gateway.
    var batchSize: Int
    /// `source.pageSize` of the gateway.
    var pageSize: Int
    /// First guess of an uninterrupted run's length, in seconds (later: the last run that ended by itself).
    var expectedRunSeconds: Double
    /// Longest wait for an aimed-at moment, and for the final run, in seconds.
    var waitSeconds: Double
    var finalRunSeconds: Double
    /// Print a line per kill (`DVCSYNC_PROOF_VERBOSE=1`; always at full scale).
    var verbose = false

    /// The seed used when `DVCSYNC_PROOF_SEED` is not set.
    static let defaultSeed: UInt64 = 20_261_126

    /// The plan the environment asks for.
    static func from(environment: [String: String] = ProcessInfo.processInfo.environment) -> CrashPlan {
        let seed = environment["DVCSYNC_PROOF_SEED"].flatMap { UInt64($0) } ?? defaultSeed
        let verbose = environment["DVCSYNC_PROOF_VERBOSE"] == "1"
        if environment["DVCSYNC_PROOF_SCALE"]?.lowercased() == "full" {
            return CrashPlan(scale: "full", seed: seed, dossiers: 3_000, kills: 126, maxRounds: 260, advanceEvery: 42,
                             advanceDays: 2, batchSize: 50, pageSize: 100, expectedRunSeconds: 20, waitSeconds: 300,
                             finalRunSeconds: 900, verbose: true)
        }
        return CrashPlan(scale: "small", seed: seed, dossiers: 60, kills: 12, maxRounds: 60, advanceEvery: 6,
                         advanceDays: 7, batchSize: 10, pageSize: 20, expectedRunSeconds: 1.5, waitSeconds: 20,
                         finalRunSeconds: 60, verbose: verbose)
    }

    /// Seed of the generated province (fixed: the seed varies the kill moments, not the data).
    var provinceSeed: UInt64 { 11 }
}

/// The moment a round aims its kill at; rounds take them in turn. Where the kill really landed is decided afterwards
/// from what the mocks and the ledger show (`CrashPhase`).
enum CrashTarget: String, CaseIterable, Sendable {
    /// A delay drawn uniformly over the expected length of a run.
    case anyMoment
    /// Right after the process started, before it has asked anything.
    case startUp
    /// After the n-th request to the source.
    case pull
    /// While the portal holds the login that precedes the first push (the pull is committed by then).
    case beforePush
    /// While the portal holds a push it has not applied yet.
    case pushInFlight
    /// While the portal holds the answer to a push it has applied.
    case appliedUnanswered

    /// The target aimed at `phase`; nil for phases only ever reached by chance.
    static func aimedAt(_ phase: CrashPhase) -> CrashTarget? {
        switch phase {
        case .startUp: return .startUp
        case .pull: return .pull
        case .beforePush: return .beforePush
        case .pushInFlight: return .pushInFlight
        case .appliedUnrecorded: return .appliedUnanswered
        case .betweenPushes: return nil
        }
    }

    /// The target of round `round`: in turn, except that every other round aims at the first required phase not
    /// hit yet, so that a short run covers every phase.
    static func forRound(_ round: Int, missing: [CrashPhase]) -> CrashTarget {
        if round % 2 == 1, let phase = missing.first, let target = aimedAt(phase) { return target }
        return allCases[round % allCases.count]
    }
}
