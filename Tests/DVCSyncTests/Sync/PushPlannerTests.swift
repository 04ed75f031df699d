import DVCSync
import Testing

@Suite struct PushPlannerTests {
    let planner: PushPlanner = {
        var configuration = PushPlanner.Configuration()
        configuration.baseSeconds = 2
        configuration.capSeconds = 60
        configuration.maxRetryAfterSeconds = 120
        return PushPlanner(configuration: configuration)
    }()

    func decide(_ outcome: PushOutcome, batch: Int = 1, create: Bool = true, attempts: Int = 0, unit: Double = 0.5)
        -> PushStep
    {
        planner.decide(outcome, batchSize: batch, isCreate: create, attempts: attempts, unit: unit)
    }

    @Test func acceptedIsDeliveredWhateverTheBatch() {
        for batch in [1, 7, 100] {
            for create in [true, false] {
                #expect(decide(.accepted, batch: batch, create: create) == .delivered)
            }
        }
    }

    @Test func existsOnCreateResendsAsUpdate() {
        #expect(decide(.exists(message: "Hồ sơ X đã tồn tại trên Cổng")) == .resendAsUpdate)
    }

    @Test func existsInABatchSplits() {
        #expect(decide(.exists(message: "đã tồn tại"), batch: 2) == .split)
        #expect(decide(.exists(message: "đã tồn tại"), batch: 50, create: false) == .split)
    }

    @Test func theSecondSwitchBetweenCreateAndUpdateIsDeadLettered() {
        let exists = "Hồ sơ X đã tồn tại trên Cổng", unknown = "Hồ sơ X: trường MaHoSo không tồn tại trên Cổng"
        func after(_ outcome: PushOutcome, create: Bool) -> PushStep {
            planner.decide(outcome, batchSize: 1, isCreate: create, attempts: 0, unit: 0.5, switched: true)
        }
        // create → "exists" → update → "unknown" would go back to create, and so on forever.
        #expect(decide(.exists(message: exists)) == .resendAsUpdate)
        #expect(after(.refused(message: unknown), create: false)
            == .deadLetter(code: "portal.inconsistent", reason: unknown))
        #expect(decide(.refused(message: unknown), create: false) == .resendAsCreate)
        #expect(after(.exists(message: exists), create: true) == .deadLetter(code: "portal.inconsistent", reason: exists))
        #expect(after(.accepted, create: true) == .delivered)
    }

    @Test func existsForAStepMeansThePortalHoldsIt() {
        // Steps have no update: "đã tồn tại" for one step means it is there already.
        #expect(planner.decide(.exists(message: "đã tồn tại"), batchSize: 1, isCreate: true, attempts: 0, unit: 0.5,
                               hasUpdateFlag: false) == .delivered)
        #expect(planner.decide(.exists(message: "đã tồn tại"), batchSize: 5, isCreate: true, attempts: 0, unit: 0.5,
                               hasUpdateFlag: false) == .split, "which one of the batch: split first")
    }

    @Test func existsOnASingleUpdateIsDeadLettered() {
        #expect(decide(.exists(message: "đã tồn tại"), create: false)
            == .deadLetter(code: "portal.exists", reason: "đã tồn tại"))
    }

    @Test func refusedInABatchSplitsAndAloneIsDeadLetteredWithTheReason() {
        let reason = "Hồ sơ 000.00.01.H20-250101-0001: trường NgayTiepNhan không hợp lệ"
        #expect(decide(.refused(message: reason), batch: 3) == .split)
        #expect(decide(.refused(message: reason), batch: 2, create: false) == .split)
        #expect(decide(.refused(message: reason)) == .deadLetter(code: "portal.refused", reason: reason))
        #expect(decide(.refused(message: reason), create: false) == .deadLetter(code: "portal.refused", reason: reason))
    }

    @Test func updateOfARecordThePortalDoesNotHoldIsResentAsCreate() {
        let message = "Hồ sơ X: trường MaHoSo không tồn tại trên Cổng, không thể cập nhật"
        #expect(decide(.refused(message: message), create: false) == .resendAsCreate)
        #expect(decide(.refused(message: "Hồ sơ X CHƯA TỒN TẠI"), create: false) == .resendAsCreate)
        #expect(decide(.refused(message: "Not Found"), create: false) == .resendAsCreate)
        // A create refused with the same words cannot be fixed by creating again.
        #expect(decide(.refused(message: message), create: true)
            == .deadLetter(code: "portal.refused", reason: message))
        // In a batch the unknown record is isolated first.
        #expect(decide(.refused(message: message), batch: 4, create: false) == .split)
    }

    @Test func unknownWordsAreRecognisedOnlyWhenPresent() {
        #expect(PushPlanner.saysUnknown("trường MaHoSo không tồn tại trên Cổng"))
        #expect(PushPlanner.saysUnknown("Không tìm thấy hồ sơ"))
        #expect(!PushPlanner.saysUnknown("Hồ sơ X đã tồn tại trên Cổng"))
        #expect(!PushPlanner.saysUnknown("trường NgayHenTra không hợp lệ"))
    }

    @Test func ambiguousIsLookedUpWhateverTheBatch() {
        for batch in [1, 10] {
            #expect(decide(.ambiguous(code: "transport.timeout", message: "t"), batch: batch) == .verifyThenResend)
            #expect(decide(.ambiguous(code: "http.status", message: "HTTP 502"), batch: batch, create: false)
                == .verifyThenResend)
        }
    }

    @Test func transientIsRescheduledWithItsCodeAndJitteredBackOff() {
        let step = decide(.transient(code: "portal.internal", message: "Lỗi hệ thống", retryAfterSeconds: nil),
                          batch: 10, attempts: 2, unit: 0.25)
        // ceiling = min(60, 2·2²) = 8; full jitter at 0.25 → 2.
        #expect(step == .reschedule(afterSeconds: 2, code: "portal.internal", message: "Lỗi hệ thống"))
    }

    @Test func backOffGrowsExponentiallyAndStaysWithinTheCap() {
        #expect(planner.delay(attempts: 0, retryAfter: nil, unit: 0.999_999) < 2)
        #expect(planner.delay(attempts: 0, retryAfter: nil, unit: 1) == 2)
        #expect(planner.delay(attempts: 1, retryAfter: nil, unit: 1) == 4)
        #expect(planner.delay(attempts: 4, retryAfter: nil, unit: 1) == 32)
        #expect(planner.delay(attempts: 5, retryAfter: nil, unit: 1) == 60)
        for attempts in [-3, 0, 1, 6, 30, 31, 62, 63, 64, 1000, Int.max] {
            for unit in [-1.0, 0, 0.3, 0.999, 1, 7] {
                let delay = planner.delay(attempts: attempts, retryAfter: nil, unit: unit)
                #expect(delay >= 0 && delay <= 60, "attempts \(attempts), unit \(unit): \(delay)")
            }
        }
        #expect(planner.delay(attempts: 10, retryAfter: nil, unit: 0) == 0)
        #expect(planner.delay(attempts: 10, retryAfter: nil, unit: 0.5) == 30)
    }

    @Test func retryAfterWinsWhenLongerAndIsClamped() {
        // Longer than the jittered delay: honoured, even above the back-off cap.
        #expect(planner.delay(attempts: 0, retryAfter: 90, unit: 0.5) == 90)
        // Shorter: the back-off wins.
        #expect(planner.delay(attempts: 5, retryAfter: 3, unit: 0.5) == 30)
        // Absurd values are clamped to maxRetryAfterSeconds.
        #expect(planner.delay(attempts: 0, retryAfter: 86_400, unit: 0) == 120)
        let step = decide(.transient(code: "http.status", message: "HTTP 429", retryAfterSeconds: 1e9), unit: 0.1)
        #expect(step == .reschedule(afterSeconds: 120, code: "http.status", message: "HTTP 429"))
    }

    @Test func defaultsAreTheDocumentedOnes() {
        let defaults = PushPlanner.Configuration()
        #expect(defaults.baseSeconds == 2 && defaults.capSeconds == 300 && defaults.maxRetryAfterSeconds == 900)
        let planner = PushPlanner()
        #expect(planner.delay(attempts: 100, retryAfter: nil, unit: 1) == 300)
    }
}
