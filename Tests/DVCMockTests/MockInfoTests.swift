import DVCMock
import Testing

@Suite struct MockInfoTests {
    @Test func versionIsSemantic() {
        #expect(DVCMockInfo.version.split(separator: ".").count == 3)
    }
}
