import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Flags and files a command is given, through the built `dvcsync`: a value out of range is a usage error (exit 64)
/// naming the range, and a catalogue file that is not one procedure per row is refused before anything is sent.
@Suite struct CommandInputTests {
    func run(_ arguments: [String]) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), arguments)
        let status = await child.waitForExit(timeout: 180)
        return (status, child.output)
    }

    @Test func outOfRangeFlagsAreUsageErrors() async throws {
        let cases: [([String], String)] = [
            (["reconcile", "--min-sync-rate", "5"], "--min-sync-rate must be between 0 and 1 (0.99 = 99%), got 5.0"),
            (["reconcile", "--max-per-bucket=-3"], "--max-per-bucket must be 0 or more, got -3"),
            (["reconcile", "--rate=-1"], "--rate must be 0 (no limit) or more, got -1.0"),
            (["reconcile", "--period", "0-1"], "--period must be YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD, years "
                + "1900-2999, got 0-1"),
            (["reconcile", "--period", "0001-01-01..0001-02-01"], "years 1900-2999"),
            (["reconcile", "--period", "2023-02-01..2023-02-31"], "got 2023-02-01..2023-02-31"),
            (["reconcile", "--period", "2023-04-31..2023-06-01"], "got 2023-04-31..2023-06-01"),
            (["ledger", "runs", "--limit=-1"], "--limit must be 1 or more, got -1"),
            (["ledger", "runs", "--limit", "0"], "--limit must be 1 or more, got 0"),
            (["publish", "--decision", "", "--decision-date", "15/11/2026"], "--decision must be the decision's "
                + "number (SOQUYETDINH), e.g. 1234/QĐ-UBND; got an empty value"),
            (["publish", "--decision", "  ", "--decision-date", "15/11/2026"], "got an empty value"),
            (["demo", "--mode", "foo"], "--mode must be stock or extended, got foo"),
        ]
        for (arguments, message) in cases {
            let result = try await run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.output)")
            #expect(result.output.contains(message), "\(arguments): \(result.output)")
        }
    }

    @Test func exportHelpSaysCSVHoldsWaitingRecordsToo() async throws {
        let result = try await run(["ledger", "--help"])
        #expect(result.status == 0, "\(result.output)")
        #expect(!result.output.contains("failures only"), "\(result.output)")
        #expect(result.output.contains("CSV (failures and"), "\(result.output)")
    }

    @Test func aCatalogueFileThatIsNotOneProcedurePerRowIsRefusedAndNothingIsSent() async throws {
        let header = "serviceCode,serviceName,domainCode\n"
        let cases: [(String, String)] = [
            (header + "1.001,\"Cấp phép, gia hạn,D1\n1.002,Đăng ký,D2\n1.003,Khác,D3\n",
             ":2: a quote opened here is never closed"),
            (header + "1.001,Cấp phép,D1\n1.002,Đăng ký\n", ":3: 2 cells where the header (line 1) has 3"),
            (header + "1.001,Cấp phép, gia hạn,D1\n", ":2: 4 cells where the header (line 1) has 3 (an unquoted comma"),
            (header + "1.001,\"Cấp \"\"A\"\"\" x,D1\n", ":2: text after the closing quote of a cell"),
            (header + "1.001,Cấp phép,D1\n1.002,Đăng ký,D2\n1.001,Cấp phép lại,D1\n,Không mã,D4\n  ,Trống,D5\n",
             ": no serviceCode on line 5 and line 6; serviceCode 1.001 on line 2 and line 4. Fix: give every "
                + "procedure its own serviceCode, once; nothing was sent"),
        ]
        try await withGatewayHarness(dossiers: 1) { harness in
            let config = try harness.writeConfiguration()
            let before = harness.mocks.portal.snapshot()
            for (index, (text, message)) in cases.enumerated() {
                let file = harness.directory.appendingPathComponent("list-\(index).csv")
                try text.write(to: file, atomically: true, encoding: .utf8)
                let child = try harness.startGateway(["publish", "--decision", "7/QĐ-UBND", "--decision-date",
                                                      "02/03/2026", "--file", file.path], configuration: config)
                #expect(await child.waitForExit(timeout: 180) == 1, "\(index): \(child.output)")
                #expect(child.output.contains("source.file: \(file.path)\(message)"), "\(index): \(child.output)")
            }
            let json = harness.directory.appendingPathComponent("list.json")
            try #"[{"serviceCode": "1.001"}, {"serviceName": "x"}, {"serviceCode": 1.001}]"#
                .write(to: json, atomically: true, encoding: .utf8)
            let child = try harness.startGateway(["publish", "--decision", "7/QĐ-UBND", "--decision-date",
                                                  "02/03/2026", "--file", json.path], configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 1, "\(child.output)")
            #expect(child.output.contains("source.file: \(json.path): no serviceCode on item 2; serviceCode 1.001 on "
                + "item 1 and item 3."), "\(child.output)")
            #expect(harness.mocks.portal.snapshot() == before, "nothing reached the portal")
        }
    }

    /// Quoted cells may hold commas, quotes and line breaks; a row's line is where it starts; blank lines are
    /// skipped; a byte-order mark and CRLF line ends are read.
    @Test func quotedCellsAreReadAndRowsKeepTheirLines() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("list.csv")
        let text = "\u{FEFF}serviceCode,serviceName\r\n1.001,\"Cấp phép, \"\"gia hạn\"\"\r\nlần 2\"\r\n\r\n 1.002 , x\r\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let procedures = try await FileCatalogueConnector(path: file.path).procedures()
        #expect(procedures == [
            .object(["serviceCode": "1.001", "serviceName": "Cấp phép, \"gia hạn\"\r\nlần 2"]),
            .object(["serviceCode": "1.002", "serviceName": "x"]),
        ])
        try (text + "1.003,\"y\n").write(to: file, atomically: true, encoding: .utf8)
        await #expect { try await FileCatalogueConnector(path: file.path).procedures() } throws: { error in
            (error as? SourceError)?.message.hasPrefix("\(file.path):6: a quote opened here is never closed") == true
        }
    }
}
