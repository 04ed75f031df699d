import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes reconciliation reports into a folder, one file per format, readable by the owner only, and keeps the
/// newest `keep` reports. Names: `reconcile-<yyyyMMddHHmmss Vietnam time>.<html|json|csv>`.
public struct ReportWriter: Sendable {
    /// A file format of the written reports.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case html, json, csv
    }

    /// Where and how reports are written.
    public struct Configuration: Sendable, Hashable {
        /// Folder of the reports, created 0700 when missing. Key `reconcile.directory`; default `dvcsync-reports`.
        public var directory = "dvcsync-reports"
        /// Formats written for each report. Key `reconcile.formats`; default html and json.
        public var formats: [Format] = [.html, .json]
        /// Reports kept (older ones are deleted, every format together). Key `reconcile.keep`; default 30.
        public var keep = 30
        public init() {}
    }

    /// Settings in use.
    public let configuration: Configuration

    public init(configuration: Configuration) { self.configuration = configuration }

    /// Writes `report` in every configured format (stamped with `at`), then removes reports beyond `keep`.
    /// Returns the paths written.
    @discardableResult
    public func write(_ report: ReconciliationReport, at date: Date) throws -> [String] {
        let directory = configuration.directory
        if !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw ReportWriterError(code: "reconcile.report_folder", message: "cannot create \(directory)")
            }
        }
        var written: [String] = []
        let stem = "reconcile-" + VietnamTime.portal(date)
        for format in configuration.formats {
            let path = (directory as NSString).appendingPathComponent("\(stem).\(format.rawValue)")
            try Self.writePrivate(try Self.render(report, format: format), to: path)
            written.append(path)
        }
        try prune()
        return written
    }

    /// The report as bytes in `format`.
    public static func render(_ report: ReconciliationReport, format: Format) throws -> [UInt8] {
        switch format {
        case .json: return try ReportJSONCodec.encode(report) + [0x0A]
        case .csv: return Array(CSVReportRenderer.render(report).utf8)
        case .html: return Array(HTMLReportRenderer.render(report).utf8)
        }
    }

    /// Stamps of the reports in the folder, newest first.
    public func stamps() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: configuration.directory)) ?? []
        return Set(names.compactMap(Self.stamp(of:))).sorted(by: >)
    }

    /// Deletes every file of the reports older than the newest `keep`.
    func prune() throws {
        let kept = Set(stamps().prefix(configuration.keep))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: configuration.directory)) ?? []
        for name in names {
            guard let stamp = Self.stamp(of: name), !kept.contains(stamp) else { continue }
            try? FileManager.default.removeItem(atPath: (configuration.directory as NSString)
                .appendingPathComponent(name))
        }
    }

    /// The 14-digit stamp of a report file name, nil for any other file.
    static func stamp(of name: String) -> String? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, Format(rawValue: String(parts[1])) != nil, parts[0].hasPrefix("reconcile-")
        else { return nil }
        let stamp = parts[0].dropFirst("reconcile-".count)
        return stamp.count == 14 && stamp.allSatisfy(\.isNumber) ? String(stamp) : nil
    }

    /// Writes `bytes` to a temporary file created 0600, then renames it over `path`.
    static func writePrivate(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ReportWriterError(code: "reconcile.report_write", message: "cannot create \(path)") }
        var failed = fchmod(fd, 0o600) != 0
        var offset = 0
        while !failed, offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count <= 0 { failed = true } else { offset += count }
        }
        if !failed { failed = fsync(fd) != 0 }
        close(fd)
        if failed || rename(temporary, path) != 0 {
            unlink(temporary)
            throw ReportWriterError(code: "reconcile.report_write", message: "cannot write \(path)")
        }
    }
}

/// A report that could not be written.
public struct ReportWriterError: CodedError {
    public var code: String
    public var message: String
}
