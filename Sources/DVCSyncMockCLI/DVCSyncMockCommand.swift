import ArgumentParser
import DVCMock

@main
struct DVCSyncMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvcsync-mock",
        abstract: "Mock national portal and mock provincial one-stop system on loopback."
    )
}
