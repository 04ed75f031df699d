import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("Mapping checker")
struct MappingCheckerTests {
    static var shipped: URL { RepoPaths.mappings.appendingPathComponent("h20") }
    static var sample: URL { RepoPaths.mock.appendingPathComponent("golden/sample-dossiers.json") }

    @Test("the shipped mappings pass against the sample dossiers")
    func shippedMappingsPass() {
        let diagnostics = MappingChecker.check(directory: Self.shipped, sample: Self.sample)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(MappingDiagnostic.format(errors))")
        print(MappingDiagnostic.format(diagnostics))
    }
}
