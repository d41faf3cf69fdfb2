import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension URLSession {
    /// `data(for:)`, cancellable without deadlocking. corelibs Foundation's own async `data(for:)`
    /// cancels its task synchronously from the cancellation handler, which runs holding the Swift
    /// task's status lock and waits for the session's queue — while that queue, finishing the same
    /// transfer, waits for the status lock to resume the task. Under load (a sibling `async let`
    /// failing as a response arrives) both threads stop for good. Here the handler only schedules
    /// the cancel, so neither side waits for the other.
    func cancellableData(for request: URLRequest) async throws -> (Data, URLResponse) {
        let running = RunningTask()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
                let task = dataTask(with: request) { data, response, error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let data, let response {
                        continuation.resume(returning: (data, response))
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
                running.start(task)
            }
        } onCancel: {
            DispatchQueue.global().async { running.cancel() }
        }
    }
}

/// The data task of one request, cancelled once whether the cancel comes before or after it starts.
private final class RunningTask: Sendable {
    private let state = Mutex<(task: URLSessionDataTask?, cancelled: Bool)>((nil, false))

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        let task = state.withLock { state in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
    }
}
