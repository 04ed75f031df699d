import DVCSync
import Foundation
import Testing

@Suite("Retry policy, Retry-After, budget and breaker")
struct RetryPolicyTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let get = HTTPRequest(url: "https://portal.example/api")
    private let post = HTTPRequest(method: "POST", url: "https://portal.example/api")

    @Test(arguments: [
        ("120", 120.0), ("0", 0.0), (" 7 ", 7.0),
        ("Fri, 15 Jan 2027 08:00:10 GMT", 10.0),
        ("Friday, 15-Jan-27 08:00:30 GMT", 30.0),
        ("Fri Jan 15 08:01:00 2027", 60.0),
        ("Thu, 01 Jan 2026 00:00:00 GMT", 0.0),
    ])
    func parsesRetryAfter(value: String, seconds: Double) {
        let reference = Date(timeIntervalSince1970: 1_800_000_000) // 2027-01-15 08:00:00 UTC
        #expect(RetryAfter.seconds(from: value, now: reference) == seconds)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "Fri, 15 Foo 2027 08:00:10 GMT", "Fri, 15 Jan 2027 25:00:10 GMT"])
    func rejectsMalformedRetryAfter(value: String) {
        #expect(RetryAfter.seconds(from: value, now: now) == nil)
    }

    @Test(arguments: [
        (200, nil), (304, nil), (408, .retryable), (425, .retryable), (429, .retryable), (503, .retryable),
        (500, .ambiguous), (502, .ambiguous), (504, .ambiguous),
        (400, .notRetryable), (401, .notRetryable), (404, .notRetryable), (409, .notRetryable),
        (422, .notRetryable), (501, .notRetryable),
    ] as [(Int, TransportError.Classification?)])
    func classifiesStatuses(status: Int, expected: TransportError.Classification?) {
        #expect(RetryPolicy.classify(status: status, request: post) == expected)
    }

    @Test func conflictIsRetryableWithAnIdempotencyKey() {
        let keyed = HTTPRequest(method: "POST", url: "https://portal.example/api",
                                headers: [HTTPHeader("Idempotency-Key", "\"k1\"")])
        #expect(RetryPolicy.classify(status: 409, request: keyed) == .retryable)
    }

    @Test func fullJitterGrowsExponentiallyUpToTheCap() {
        let policy = RetryPolicy()
        #expect(policy.backoff(retry: 0, throttled: false, random: 0.5) == .milliseconds(250))
        #expect(policy.backoff(retry: 3, throttled: false, random: 0.5) == .seconds(2))
        #expect(policy.backoff(retry: 10, throttled: false, random: 0.5) == .seconds(15))
        #expect(policy.backoff(retry: 1, throttled: true, random: 0.25) == .seconds(1))
        #expect(policy.backoff(retry: 4, throttled: false, random: 0) == .zero)
    }

    @Test func retryAfterWinsWhenLongerAndIsClamped() {
        var configuration = RetryPolicy.Configuration()
        configuration.maxRetryAfter = .seconds(60)
        let policy = RetryPolicy(configuration: configuration)
        let wait = { (value: String) in
            policy.decide(.response(HTTPResponse(status: 429, headers: [HTTPHeader("Retry-After", value)])),
                          request: get, attempt: 1, now: now, random: 0.1)
        }
        #expect(wait("20") == .retry(after: .seconds(20), reason: "http.429"))
        #expect(wait("3600") == .retry(after: .seconds(60), reason: "http.429"))
    }

    @Test func ambiguousOutcomesAreRetriedOnlyForIdempotentRequests() {
        let policy = RetryPolicy()
        let reset = TransportError(.reset, classification: .ambiguous, target: "h/p", detail: "lost")
        #expect(policy.decide(.failure(reset), request: post, attempt: 1, now: now, random: 0) == .stop(.ambiguous))
        #expect(policy.decide(.failure(reset), request: get, attempt: 1, now: now, random: 0)
            == .retry(after: .zero, reason: "transport.reset"))
        #expect(policy.decide(.failure(reset), request: get, attempt: 5, now: now, random: 0)
            == .stop(.attemptsExhausted))
        #expect(policy.decide(.response(HTTPResponse(status: 400)), request: get, attempt: 1, now: now, random: 0)
            == .stop(.notRetryable))
    }

    @Test func budgetRefusesRetriesOnceSpentAndSuccessesRefillIt() {
        var configuration = RetryBudget.Configuration()
        configuration.capacity = 12
        var budget = RetryBudget(configuration: configuration)
        let first = budget.withdraw(afterTimeout: false)
        let second = budget.withdraw(afterTimeout: false)
        let third = budget.withdraw(afterTimeout: false)
        #expect(first && second && !third)
        #expect(budget.tokens == 2)
        budget.recordSuccess(lastRetryCost: nil)
        budget.recordSuccess(lastRetryCost: 5)
        #expect(budget.tokens == 8)
        let afterRefill = budget.withdraw(afterTimeout: false)
        let timeoutRetry = budget.withdraw(afterTimeout: true)
        #expect(afterRefill && !timeoutRetry)
    }

    @Test func breakerOpensHalfOpensAndClosesOnTheClock() {
        var configuration = CircuitBreaker.Configuration()
        configuration.windowSize = 4
        configuration.minimumCalls = 4
        var breaker = CircuitBreaker(configuration: configuration)
        for index in 0..<4 {
            let allowed = breaker.allowRequest(now: now)
            #expect(allowed)
            breaker.record(failed: index != 0, duration: .milliseconds(5), now: now)
        }
        #expect(breaker.state == .open(until: now.addingTimeInterval(60)))
        let early = breaker.allowRequest(now: now.addingTimeInterval(59))
        #expect(!early)
        let later = now.addingTimeInterval(60)
        let probes = (0..<4).map { _ in breaker.allowRequest(now: later) }
        #expect(probes == [true, true, true, false])
        #expect(breaker.state == .halfOpen)
        breaker.record(failed: false, duration: .milliseconds(5), now: later)
        breaker.record(failed: true, duration: .milliseconds(5), now: later)
        #expect(breaker.state == .open(until: later.addingTimeInterval(60)))
        let probe = later.addingTimeInterval(60)
        for _ in 0..<3 {
            let allowed = breaker.allowRequest(now: probe)
            #expect(allowed)
            breaker.record(failed: false, duration: .milliseconds(5), now: probe)
        }
        #expect(breaker.state == .closed)
    }

    @Test func slowCallsOpenTheBreaker() {
        var configuration = CircuitBreaker.Configuration()
        configuration.minimumCalls = 2
        var breaker = CircuitBreaker(configuration: configuration)
        breaker.record(failed: false, duration: .seconds(11), now: now)
        breaker.record(failed: false, duration: .seconds(12), now: now)
        let allowed = breaker.allowRequest(now: now)
        #expect(!allowed)
    }
}
