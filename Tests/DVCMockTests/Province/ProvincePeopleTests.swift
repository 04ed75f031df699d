@testable import DVCMock
import Testing

/// The renderer's upper-cased names (built from upper-cased word lists) equal upper-casing the whole name.
@Suite struct ProvincePeopleTests {
    @Test func upperNamesEqualUpperCasedNames() {
        for seed in UInt32(0)..<1_000 {
            for business in [false, true] {
                let people = ProvincePeople(seed: seed &* 2_654_435_761, business: business)
                #expect(people.upperName == people.name.uppercased(), "seed \(seed) business \(business)")
            }
        }
    }
}
