import Foundation

/// Threads of one mock server's own: its connections' tasks run here rather than on Swift's shared cooperative pool,
/// so a mock started in the same process as busy code (a test run, a benchmark) answers as promptly as one in its
/// own process, whatever that code keeps the pool busy with.
final class MockServerExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopped = false

    /// Starts `threads` threads named after the server.
    init(name: String, threads: Int = 2) {
        for index in 0..<threads {
            let thread = Thread { [self] in self.work() }
            thread.name = "mock-\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if stopped {
            // Stopped: anything still arriving (a straggling continuation) runs on the shared pool instead.
            condition.unlock()
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish the queued jobs and exit.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopped { condition.wait() }
            guard head < jobs.count else {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
