import DroverBasics
import Foundation

/// A blocking HTTP/1.1 client for one endpoint (unix socket or TCP), safe to use from many threads.
///
/// Keeps idle keep-alive connections for reuse; bodies may be fixed-length, chunked or until-close.
/// `stream` hands body data over as it arrives (logs, events, pull progress).
package final class HTTPClient: Sendable {
    package let endpoint: HTTPEndpoint
    /// Seconds to wait for a connection, a write or the next bytes of an answer.
    package let timeout: Double
    private let maxIdle: Int
    /// Keep-alive connections waiting for the next request.
    private let idle = Locked<[Socket]>([])

    package init(endpoint: HTTPEndpoint, timeout: Double = 60, maxIdleConnections: Int = 16) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.maxIdle = maxIdleConnections
    }

    /// Sends `request` and returns the whole response; a gzip body (when the request accepted one) is decompressed.
    /// An answer without a body (to HEAD, 204, 304) keeps its `Content-Encoding`: there is nothing to decompress.
    package func send(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        var response = HTTPResponse(status: 0)
        try exchange(request, readTimeout: timeout) { event in
            switch event {
            case let .head(status, reason, headers) where status != 100:
                response.status = status
                response.reason = reason
                response.headers = headers
            case let .data(bytes):
                response.body.append(contentsOf: bytes)
            default:
                break
            }
            return true
        }
        if !response.body.isEmpty, response.headers.value(of: "Content-Encoding")?.lowercased() == "gzip" {
            guard let plain = Gzip.decompress(response.body) else {
                throw .malformed(endpoint: endpoint.description, reason: "the gzip body does not decompress")
            }
            response.body = plain
            response.headers.removeAll { HTTPHeader.namesEqual($0.name, "Content-Encoding") }
        }
        return response
    }

    /// Sends `request` and passes the response head, then each piece of body data, to the handlers as they arrive.
    /// `onData` returns false to stop reading (the connection is then closed). `readTimeout` 0 waits forever.
    package func stream(_ request: HTTPRequest, readTimeout: Double = 0, onHead: (HTTPResponse) -> Void,
                       onData: ([UInt8]) -> Bool) throws(HTTPClientError) {
        try exchange(request, readTimeout: readTimeout) { event in
            switch event {
            case let .head(status, reason, headers) where status != 100:
                onHead(HTTPResponse(status: status, reason: reason, headers: headers))
                return true
            case let .data(bytes):
                return onData(bytes)
            default:
                return true
            }
        }
    }

    /// Runs one request/response exchange, retrying once on a fresh connection when a reused one was stale.
    private func exchange(_ request: HTTPRequest, readTimeout: Double, handle: (ResponseParser.Event) -> Bool) throws(HTTPClientError) {
        let bytes = request.serialized(host: endpoint.hostHeader)
        var attempt = 0
        while true {
            attempt += 1
            let (socket, reused) = try checkout()
            var parser = ResponseParser(requestMethod: request.method)
            var receivedAny = false
            do throws(HTTPClientError) {
                try socket.write(bytes, timeout: timeout)
                socket.setTimeouts(readTimeout)
                var buffer = [UInt8](repeating: 0, count: 64 * 1024)
                var keepReading = true
                while keepReading && !parser.isComplete {
                    let count = try socket.read(into: &buffer, timeout: readTimeout)
                    let events: [ResponseParser.Event]
                    do throws(ResponseParser.Malformed) {
                        events = count == 0 ? try parser.finish() : try parser.feed(buffer[0..<count])
                    } catch {
                        throw HTTPClientError.malformed(endpoint: endpoint.description, reason: error.reason)
                    }
                    if count > 0 { receivedAny = true }
                    for event in events where keepReading {
                        keepReading = handle(event)
                    }
                    if count == 0 { break }
                }
                if parser.isComplete && keepReading && !parser.readsUntilClose {
                    socket.setTimeouts(timeout)
                    checkin(socket)
                } else {
                    socket.close()
                }
                return
            } catch {
                socket.close()
                if reused && !receivedAny && attempt == 1 { continue }
                throw error
            }
        }
    }

    private func checkout() throws(HTTPClientError) -> (Socket, Bool) {
        if let reused = idle.withLock({ $0.popLast() }) { return (reused, true) }
        return (try Socket.connect(to: endpoint, timeout: timeout), false)
    }

    private func checkin(_ socket: Socket) {
        let kept = idle.withLock { idle in
            guard idle.count < maxIdle else { return false }
            idle.append(socket)
            return true
        }
        if !kept { socket.close() }
    }
}

extension HTTPClient {
    /// Opens and closes one connection: the TCP health check.
    package func connectOnly() throws(HTTPClientError) {
        let socket = try Socket.connect(to: endpoint, timeout: timeout)
        socket.close()
    }
}
