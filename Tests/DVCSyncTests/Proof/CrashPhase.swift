import DVCSyncTestSupport
import Foundation

/// Where the gateway was when it was killed, read from what is observable from outside the process: the requests the
/// mock source and mock portal had received (and were holding) at the kill, and the ledger left behind.
enum CrashPhase: String, CaseIterable, Sendable {
    case startUp = "start-up"
    case pull = "pull (source requests)"
    case beforePush = "committed, before push"
    case pushInFlight = "push in flight"
    case appliedUnrecorded = "applied, not recorded"
    case betweenPushes = "push, between requests"

    /// Portal services of the push phase (lookups included: they verify ambiguous rows before a resend).
    static let pushOperations: Set<String> = ["DongBoHoSoMC", "CapNhatTienDoHoSoMC", "TraCuuHoSo"]
    /// Services that write records.
    static let writeOperations: Set<String> = ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]

    /// The phase of a kill. `portal` holds the portal's requests of this round as they stood at the kill;
    /// `undelivered` gives the mapped hashes the ledger, read after the kill, had not recorded as delivered.
    static func classify(portal: ObservedService.Snapshot, sourceArrivals: Int,
                         undelivered: () throws -> Set<String>) rethrows -> CrashPhase {
        let accepted = portal.applied.filter { writeOperations.contains($0.operation) && $0.outcome == "0" }
        if !accepted.isEmpty {
            let open = try undelivered()
            if accepted.contains(where: { $0.recordHashes.contains(where: open.contains) }) {
                return .appliedUnrecorded
            }
        }
        if portal.inFlight.contains(where: { pushOperations.contains($0.operation) && $0.stage != .heldAfter }) {
            return .pushInFlight
        }
        if pushOperations.contains(where: { portal.arrivalsByOperation[$0] != nil }) { return .betweenPushes }
        if portal.arrivalsByOperation["login"] != nil { return .beforePush }
        return sourceArrivals > 0 ? .pull : .startUp
    }

    /// The phases the proof must cover.
    static let required: [CrashPhase] = [.startUp, .pull, .beforePush, .pushInFlight, .appliedUnrecorded]
}

/// What a crash run did: kills aimed and landed, by target and by phase.
struct CrashTally: Sendable {
    var tried = 0
    var landed = 0
    /// Runs that ended by themselves before their kill moment came.
    var finishedFirst = 0
    /// Uninterrupted runs that exited with a non-zero status (with the end of their output).
    var failedRuns: [String] = []
    var advances = 0
    var byPhase: [CrashPhase: Int] = [:]
    var byTarget: [CrashTarget: (tried: Int, landed: Int)] = [:]

    var phasesCovered: Int { CrashPhase.allCases.filter { (byPhase[$0] ?? 0) > 0 }.count }
    var missingPhases: [CrashPhase] { CrashPhase.required.filter { (byPhase[$0] ?? 0) == 0 } }

    /// The table the suite prints.
    func table(plan: CrashPlan, verdict: String, passed: Bool) -> String {
        func row(_ label: String, _ value: String) -> String {
            label.padding(toLength: 30, withPad: " ", startingAt: 0) + value
        }
        var lines = ["Crash suite: scale \(plan.scale), seed \(plan.seed) (replay: DVCSYNC_PROOF_SEED=\(plan.seed)), "
            + "province \(plan.dossiers) dossiers, \(advances) clock advance(s)"]
        lines.append(row("kills tried", "\(tried)"))
        lines.append(row("kills landed", "\(landed)  (runs that ended before their kill moment: \(finishedFirst))"))
        lines.append(row("kills by target", CrashTarget.allCases.map {
            "\($0.rawValue) \(byTarget[$0]?.landed ?? 0)/\(byTarget[$0]?.tried ?? 0)"
        }.joined(separator: ", ")))
        lines.append(row("phase", "kills"))
        for phase in CrashPhase.allCases { lines.append(row("  " + phase.rawValue, "\(byPhase[phase] ?? 0)")) }
        lines.append(row("phases covered", "\(phasesCovered)/\(CrashPhase.allCases.count)"))
        lines.append(row("final state", verdict))
        lines.append(row("result", passed ? "PASS" : "FAIL"))
        return lines.joined(separator: "\n")
    }
}
