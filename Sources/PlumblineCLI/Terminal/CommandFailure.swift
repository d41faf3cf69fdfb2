import ArgumentParser
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

/// Ends a command with an exit status from DESIGN §3 after printing why, in a form that says
/// what failed, where, and what to do.
enum CommandFailure {
    /// Prints `message` to stderr and returns the error that ends the command with `status`.
    static func exit(_ status: ExitStatus, _ message: String) -> ExitCode {
        Console.current.printError("error: \(message)")
        return status.exitCode
    }

    /// The status and message for an error thrown while talking to a server.
    static func fromServer(_ error: any Error) -> ExitCode {
        // plumbline cancels a read only when the read beside it failed, whose error is the one
        // reported (a signal stops a run by a flag, not by cancelling). A second line saying this
        // one was cancelled would send the reader after a server that answered fine.
        if Task.isCancelled || error as? TransportError == .cancelled { return ExitStatus.unexpectedFailure.exitCode }
        switch error {
        case let error as ExitCode:
            return error
        case let error as MedplumError:
            switch error.category {
            case .credentials: return exit(.credentialsRefused, "\(error.description); check the environment's Medplum credentials and that the client is a project admin")
            case .unavailable: return exit(.unavailable, "\(error.description); the server is unavailable, try again later")
            default: return exit(.unexpectedFailure, error.description)
            }
        case let error as StytchError:
            switch error.category {
            case .credentials: return exit(.credentialsRefused, "\(error.description); check the environment's Stytch project id and secret")
            case .unavailable: return exit(.unavailable, "\(error.description); the server is unavailable, try again later")
            default: return exit(.unexpectedFailure, error.description)
            }
        case let error as ReadOnlyViolation:
            return exit(.unexpectedFailure, error.description)
        case let error as TransportError:
            if case .insecureURL = error { return exit(.usage, error.description) }
            return exit(.unavailable, "\(error.description); check the server's base URL and that it is running")
        default:
            return exit(.unexpectedFailure, String(describing: error))
        }
    }
}
