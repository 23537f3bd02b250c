import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// Why the review server could not run. Messages never quote the draft.
public enum ReviewServerError: Error, Sendable, CustomStringConvertible {
    /// Another program listens on the port (or it is reserved).
    case portInUse(Int)
    /// The port could not be bound for another reason.
    case cannotListen(port: Int, reason: String)

    public var description: String {
        switch self {
        case .portInUse(let p): return "port \(p) on 127.0.0.1 is already in use; choose another with --port, or leave --port out for a free one"
        case .cannotListen(let p, let reason): return "cannot listen on 127.0.0.1:\(p): \(reason)"
        }
    }
}

/// The Hummingbird adapter: turns each request into a `ReviewRequest` for `ReviewApp` and
/// each `ReviewResponse` back, adding the security headers to every response.
struct ReviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let app: ReviewApp

    func respond(to request: Request, context: Context) async throws -> Response {
        var body: [UInt8] = []
        if request.method == .post {
            do {
                let buffer = try await request.body.collect(upTo: ReviewApp.maxBody)
                body = Array(buffer: buffer)
            } catch {
                return ReviewResponder.response(.error(413, "the request body is too large"))
            }
        }
        let review = ReviewRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            host: request.head.authority, origin: request.headers[.origin], contentType: request.headers[.contentType],
            tokenHeader: request.headers[HTTPField.Name("X-Veil-Token")!], body: body)
        return ReviewResponder.response(await app.handle(review))
    }

    static func response(_ r: ReviewResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = r.contentType
        for (name, value) in ReviewResponse.securityHeaders {
            if let n = HTTPField.Name(name) { headers[n] = value }
        }
        for (name, value) in r.headers {
            if let n = HTTPField.Name(name) { headers[n] = value }
        }
        return Response(status: HTTPResponse.Status(code: r.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: r.body)))
    }
}

/// Runs `ReviewApp` on 127.0.0.1 (never another interface) until SIGINT or SIGTERM.
public enum ReviewServer {
    /// A logger that writes nothing: no request, path or body is ever logged.
    static let silent = Logger(label: "veil.review", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The Hummingbird application for `app` on `port` (0: a free port chosen by the system).
    static func application(_ app: ReviewApp, port: Int,
                            onRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        Application(
            responder: ReviewResponder(app: app),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                await app.setPort(bound)
                await onRunning(bound)
            },
            logger: silent)
    }

    /// Serves until SIGINT or SIGTERM (graceful: a request in flight, a publication included,
    /// completes first). `onRunning` receives the bound port once requests can arrive.
    public static func run(_ app: ReviewApp, port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws(ReviewServerError) {
        let application = ReviewServer.application(app, port: port, onRunning: onRunning)
        do {
            try await application.runService()
        } catch {
            throw ReviewServer.classify(error, port: port)
        }
    }

    static func classify(_ error: any Error, port: Int) -> ReviewServerError {
        if let io = error as? IOError {
            if io.errnoCode == EADDRINUSE { return .portInUse(port) }
            return .cannotListen(port: port, reason: String(cString: strerror(io.errnoCode)))
        }
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("EADDRINUSE") { return .portInUse(port) }
        if text.contains("Permission denied") || text.contains("EACCES") {
            return .cannotListen(port: port, reason: "permission denied (ports below 1024 need privileges)")
        }
        return .cannotListen(port: port, reason: "the server stopped with an error")
    }
}
