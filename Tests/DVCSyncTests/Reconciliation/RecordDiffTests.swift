import DVCSync
import Testing

@Suite struct RecordDiffTests {
    @Test func nestedPathsAndMissingSides() throws {
        let expected = try JSONParser.parse(
            #"{"MaHoSo":"X","NgayTra":"","Gia":"5","TaiLieuNop":[{"TenTepDinhKem":"a.pdf","DuocSoHoa":"1"}]}"#)
        let actual = try JSONParser.parse(
            #"{"MaHoSo":"X","KenhThucHien":"2","Gia":5,"TaiLieuNop":[{"TenTepDinhKem":"b.pdf","DuocSoHoa":"1"},{"TenTepDinhKem":"c.pdf"}]}"#)
        #expect(RecordDiff.diff(expected: expected, actual: actual) == [
            FieldDifference(field: "Gia", sourceValue: "5", portalValue: "5"),
            FieldDifference(field: "KenhThucHien", sourceValue: nil, portalValue: "2"),
            FieldDifference(field: "NgayTra", sourceValue: "", portalValue: nil),
            FieldDifference(field: "TaiLieuNop[0].TenTepDinhKem", sourceValue: "a.pdf", portalValue: "b.pdf"),
            FieldDifference(field: "TaiLieuNop[1]", sourceValue: nil, portalValue: #"{"TenTepDinhKem":"c.pdf"}"#),
        ])
        #expect(RecordDiff.diff(expected: expected, actual: expected).isEmpty)
    }

    @Test func nullAndTypeChangesAreReported() throws {
        let diffs = RecordDiff.diff(expected: ["A": nil, "B": ["x"]], actual: ["A": "1", "B": "x"])
        #expect(diffs == [
            FieldDifference(field: "A", sourceValue: "null", portalValue: "1"),
            FieldDifference(field: "B", sourceValue: #"["x"]"#, portalValue: "x"),
        ])
    }
}
