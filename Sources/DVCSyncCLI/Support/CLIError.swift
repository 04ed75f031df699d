import DVCSync

/// A problem found while a command runs (a missing file, an output that cannot be written): exits with status 1
/// and `code: message`, where the message names the file and the fix.
struct CLIError: CodedError {
    let code: String
    let message: String
}
