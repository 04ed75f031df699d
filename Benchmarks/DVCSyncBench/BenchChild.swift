import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One benchmark run as a child process of this executable, so each benchmark's peak memory is its own.
struct BenchChild {
    /// What the child printed, its exit status and its resource use.
    struct Result {
        var output: String
        var exitStatus: Int32
        var peakRSSKiB: Int
        var seconds: Double
        var figures: [Figure] { output.split(separator: "\n").compactMap(Figures.parse) }
    }

    var arguments: [String]

    /// Spawns `self-executable arguments…` with standard output captured to a temporary file (standard error passes
    /// through, for progress), waits for it and reads its peak RSS from `wait4`'s resource usage.
    func run() throws -> Result {
        let executable = try Self.selfExecutable()
        let outputPath = NSTemporaryDirectory() + "dvcsync-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let elapsed = ContinuousClock.now - start
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return Result(output: output, exitStatus: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                      peakRSSKiB: usage.ru_maxrss,
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func selfExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { throw BenchError("cannot find this executable's path") }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A failure of the benchmark driver itself.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Facts about the machine a report was measured on.
enum MachineFacts {
    /// CPU model, logical cores, memory, kernel.
    static func summary() -> String {
        let cpu = field("/proc/cpuinfo", "model name") ?? "unknown CPU"
        let memory = (field("/proc/meminfo", "MemTotal").flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0)
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "\(cores) logical cores (\(cpu)), \(memory / 1_048_576) GiB RAM, Linux \(kernel)"
    }

    /// The 1-minute load average.
    static func loadAverage() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return 0 }
        return Double(text.split(separator: " ").first ?? "") ?? 0
    }

    private static func field(_ path: String, _ name: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
