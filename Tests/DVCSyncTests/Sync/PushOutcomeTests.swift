@testable import DVCSync
import Testing

/// How the pusher classifies what a push attempt threw.
@Suite struct PushOutcomeTests {
    func http(_ status: Int, retryAfter: String? = nil) -> PortalError {
        PortalError(kind: .http, errorCode: String(status), portalMessage: "HTTP \(status)", retryAfter: retryAfter)
    }

    @Test func portalAnswersMapToTheirOutcomes() {
        #expect(Pusher.outcome(of: PortalError(kind: .exists, errorCode: "3", portalMessage: "đã tồn tại"))
            == .exists(message: "đã tồn tại"))
        #expect(Pusher.outcome(of: PortalError(kind: .refused, errorCode: "2", portalMessage: "không hợp lệ"))
            == .refused(message: "không hợp lệ"))
        #expect(Pusher.outcome(of: PortalError(kind: .badResponse, portalMessage: "not JSON"))
            == .ambiguous(code: "portal.bad_response", message: "not JSON"))
        for kind in [PortalError.Kind.session, .login, .internalError] {
            guard case .transient = Pusher.outcome(of: PortalError(kind: kind, portalMessage: "x")) else {
                Issue.record("\(kind) is not transient")
                continue
            }
        }
    }

    /// "đã tồn tại" in a validation refusal (code 2) names a field, not the record: it is a refusal, not "exists".
    @Test func theEnvelopeCodeDecidesBetweenExistsAndRefused() throws {
        func kind(_ code: String, _ message: String) -> PortalError.Kind? {
            let body = Array(#"{"error_code":"\#(code)","message":"\#(message)"}"#.utf8)
            do {
                _ = try PortalClient.parse(HTTPResponse(status: 200, body: body))
                return nil
            } catch let error as PortalError {
                return error.kind
            } catch {
                return nil
            }
        }
        #expect(kind("3", "Hồ sơ X đã tồn tại trên Cổng") == .exists)
        #expect(kind("3", "Duplicate") == .exists)
        #expect(kind("-3", "Hồ sơ X đã tồn tại") == .exists)
        #expect(kind("2", "Hồ sơ X: số giấy tờ đã tồn tại") == .refused)
        #expect(kind("2", "Hồ sơ X: trường NgayHenTra không hợp lệ") == .refused)
    }

    @Test func httpStatusesAfterTheTransportGaveUp() {
        #expect(Pusher.outcome(of: http(429, retryAfter: " 7 "))
            == .transient(code: "http.status", message: "HTTP 429", retryAfterSeconds: 7))
        #expect(Pusher.outcome(of: http(503))
            == .transient(code: "http.status", message: "HTTP 503", retryAfterSeconds: nil))
        // An HTTP date is not a number of seconds: the planner's own back-off applies.
        #expect(Pusher.outcome(of: http(503, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT"))
            == .transient(code: "http.status", message: "HTTP 503", retryAfterSeconds: nil))
        for status in [500, 502, 504] {
            #expect(Pusher.outcome(of: http(status)) == .ambiguous(code: "http.status", message: "HTTP \(status)"))
        }
        for status in [400, 413, 422] {
            #expect(Pusher.outcome(of: http(status)) == .refused(message: "HTTP \(status)"))
        }
    }

    @Test func transportFailuresSplitOnWhetherTheRequestMayHaveLanded() {
        let reset = TransportError(.reset, classification: .ambiguous, target: "t", detail: "closed")
        #expect(Pusher.outcome(of: reset) == .ambiguous(code: "transport.reset", message: reset.message))
        let refused = TransportError(.connect, classification: .retryable, target: "t", detail: "refused",
                                     retryAfterSeconds: 3)
        #expect(Pusher.outcome(of: refused)
            == .transient(code: "transport.connect", message: refused.message, retryAfterSeconds: 3))
        let open = TransportError(.circuitOpen, classification: .retryable, target: "t", detail: "open")
        guard case .transient(let code, _, _) = Pusher.outcome(of: open) else {
            Issue.record("an open breaker is not transient")
            return
        }
        #expect(code == "transport.circuit_open")
        // Refused by a breaker that a connection failure opened: the reason recorded is that failure.
        var openedByConnect = open
        openedByConnect.cause = .connect
        #expect(Pusher.outcome(of: openedByConnect)
            == .transient(code: "transport.connect", message: openedByConnect.message, retryAfterSeconds: nil))
    }
}
