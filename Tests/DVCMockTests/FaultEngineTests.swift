import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct FaultEngineTests {
    static func decisions(_ scenario: Scenario, seed: UInt64?, count: Int, service: String = "DongBoHoSoMC")
        -> [FaultDecision]
    {
        var engine = FaultEngine(scenario: scenario, seed: seed, server: "portal")
        return (0..<count).map { _ in engine.decide(method: "POST", path: "/mapi/g", service: service) }
    }

    @Test func sameSeedGivesSameDecisionsAndOtherSeedsDiffer() throws {
        let flaky = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/flaky.json"))
        let first = Self.decisions(flaky, seed: 7, count: 500)
        #expect(first == Self.decisions(flaky, seed: 7, count: 500))
        #expect(first != Self.decisions(flaky, seed: 8, count: 500))
        #expect(first.contains { $0.action != .respond })
    }

    @Test func requestRangeFiresOnlyInsideTheRange() {
        let scenario = Scenario(name: "t", rules: [
            FaultRule(service: "DongBoHoSoMC", requests: "5-9", fault: FaultSpec(kind: .status, status: 503, retryAfter: 2))
        ])
        let actions = Self.decisions(scenario, seed: 1, count: 12).map(\.action)
        for (offset, action) in actions.enumerated() {
            let expected: FaultAction = (5...9).contains(offset + 1) ? .status(503, retryAfter: 2) : .respond
            #expect(action == expected, "request \(offset + 1)")
        }
        #expect(Self.decisions(scenario, seed: 1, count: 12, service: "TraCuuHoSo").allSatisfy { $0.action == .respond })
    }

    @Test func everyNthAndProbabilityShare() {
        let every = Scenario(name: "t", rules: [FaultRule(every: 3, fault: FaultSpec(kind: .expireSession))])
        let flags = Self.decisions(every, seed: 1, count: 9).map(\.directives.expireSessions)
        #expect(flags == [false, false, true, false, false, true, false, false, true])

        let sometimes = Scenario(name: "t", rules: [FaultRule(probability: 0.25, fault: FaultSpec(kind: .reset))])
        let fired = Self.decisions(sometimes, seed: 3, count: 4000).filter { $0.action == .reset }.count
        #expect((800...1200).contains(fired))
    }

    @Test func latencyDistributionsStayInTheirBounds() {
        let scenario = Scenario(name: "t", rules: [
            FaultRule(fault: FaultSpec(kind: .latency, distribution: .uniform, minMs: 10, maxMs: 20)),
            FaultRule(fault: FaultSpec(kind: .latency, distribution: .exponential, meanMs: 5, capMs: 30)),
            FaultRule(fault: FaultSpec(kind: .latency, distribution: .fixed, ms: 100)),
        ])
        let delays = Self.decisions(scenario, seed: 5, count: 300).map(\.delayMs)
        #expect(delays.allSatisfy { (110...150).contains($0) })
        #expect(Set(delays).count > 10)
    }

    @Test func firstTerminalFaultWinsAndDirectivesAccumulate() {
        let scenario = Scenario(name: "t", rules: [
            FaultRule(fault: FaultSpec(kind: .lossy, share: 0.5)),
            FaultRule(fault: FaultSpec(kind: .status, status: 500)),
            FaultRule(fault: FaultSpec(kind: .reset)),
        ])
        let decision = Self.decisions(scenario, seed: 1, count: 1)[0]
        #expect(decision.action == .status(500, retryAfter: nil))
        #expect(decision.directives.dropShare == 0.5)
        #expect(decision.labels == ["lossy", "status"])
    }

    @Test func rulesForTheOtherServerAreIgnored() {
        let scenario = Scenario(name: "t", rules: [FaultRule(server: "source", fault: FaultSpec(kind: .reset))])
        #expect(Self.decisions(scenario, seed: 1, count: 5).allSatisfy { $0.action == .respond })
    }

    @Test func everyShippedScenarioLoads() throws {
        let folder = RepoPaths.mock.appendingPathComponent("scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        for required in ["happy", "flaky", "rate-limited", "outage-then-recovery", "ambiguous-commit", "lossy-portal"] {
            #expect(names.contains("\(required).json"))
        }
        for name in names {
            let scenario = try Scenario.load(from: folder.appendingPathComponent(name))
            #expect(scenario.name + ".json" == name)
        }
    }

    @Test func invalidScenariosAreRefusedWithACode() {
        let bad = #"{"name":"x","rules":[{"fault":{"kind":"status","status":418}}]}"#
        #expect(throws: MockError.self) { try Scenario.decode(Array(bad.utf8)) }
        let badRange = #"{"name":"x","rules":[{"requests":"9-5","fault":{"kind":"reset"}}]}"#
        do {
            _ = try Scenario.decode(Array(badRange.utf8))
            Issue.record("accepted a reversed range")
        } catch {
            #expect(error.code == "mock.scenario.invalid")
        }
    }

    @Test func lossyChoiceIsAPureFunctionOfSeedAndKey() {
        let directives = MockDirectives(dropShare: 0.3, dropSeed: 11)
        let keys = (0..<1000).map { "000.00.14.H20-231204-\($0)" }
        let dropped = keys.filter(directives.drops)
        #expect(dropped == keys.filter(MockDirectives(dropShare: 0.3, dropSeed: 11).drops))
        #expect((220...380).contains(dropped.count))
        #expect(dropped != keys.filter(MockDirectives(dropShare: 0.3, dropSeed: 12).drops))
    }
}

@Suite struct JSONUTF8Tests {
    @Test(arguments: [
        [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xE1, 0x80], [0x80], [0xC3, 0x28],
    ] as [[UInt8]])
    func rejectsMalformedUTF8InStrings(_ bytes: [UInt8]) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22] + bytes + [0x22]) }
    }

    @Test func acceptsWellFormedUTF8() throws {
        let text = "Hồ sơ đăng ký khai sinh – 𝄞 €"
        #expect(try JSONParser.parse(Array("\"\(text)\"".utf8)) == .string(text))
    }
}
