#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A minimal HTTP/1.1 keep-alive load generator on blocking sockets, one OS thread per
/// connection, so that throughput measurements are not limited by URLSession's per-request cost
/// (which exceeds the sandbox's own on this machine). Used by the opt-in benchmark only.
enum LoadGenerator {
    /// Sends `requests` GETs built by `path` over `connections` keep-alive connections and returns
    /// requests per second, or nil when a request failed or answered other than 200.
    static func run(
        port: Int, connections: Int, requests: Int, headers: [String: String], path: @escaping @Sendable (Int) -> String
    ) async -> Double? {
        let start = Date()
        let ok = await withCheckedContinuation { continuation in
            let group = DispatchGroup()
            let failures = Failures()
            for connection in 0..<connections {
                group.enter()
                let thread = Thread {
                    defer { group.leave() }
                    let indices = Array(stride(from: connection, to: requests, by: connections))
                    if !Self.drive(port: port, headers: headers, paths: indices.map(path)) { failures.record() }
                }
                thread.start()
            }
            group.notify(queue: .global()) { continuation.resume(returning: failures.count == 0) }
        }
        return ok ? Double(requests) / Date().timeIntervalSince(start) : nil
    }

    /// One connection's requests, each answer read in full; false on any error or non-200.
    private static func drive(port: Int, headers: [String: String], paths: [String]) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return false }
        let extra = headers.map { "\($0.key): \($0.value)\r\n" }.joined()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for path in paths {
            let request = Array("GET /\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n".utf8)
            guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count else { return false }
            var received: [UInt8] = []
            var headerEnd: Int?
            var expected = Int.max
            while received.count < expected {
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count > 0 else { return false }
                received.append(contentsOf: buffer[0..<count])
                if headerEnd == nil, let end = Self.headerEnd(received) {
                    headerEnd = end
                    let head = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                    guard head.hasPrefix("http/1.1 200") else { return false }
                    let length = head.components(separatedBy: "\r\n")
                        .first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    expected = end + length
                }
            }
        }
        return true
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index + 4
        }
        return nil
    }

    /// Failed connections, counted across threads.
    private final class Failures: Sendable {
        private let storage = Mutex(0)
        func record() { storage.withLock { $0 += 1 } }
        var count: Int { storage.withLock { $0 } }
    }
}
