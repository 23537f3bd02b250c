import Foundation
import Veil

/// One HTTP request, as the review application sees it (the Hummingbird adapter fills it).
public struct ReviewRequest: Sendable {
    public var method: String
    /// The path, without the query.
    public var path: String
    /// The raw query string (without `?`), or nil.
    public var query: String?
    /// The Host header (HTTP/1.1) or `:authority`.
    public var host: String?
    public var origin: String?
    public var contentType: String?
    /// The `X-Veil-Token` header.
    public var tokenHeader: String?
    public var body: [UInt8]

    public init(method: String, path: String, query: String? = nil, host: String?, origin: String? = nil,
                contentType: String? = nil, tokenHeader: String? = nil, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.host = host
        self.origin = origin
        self.contentType = contentType
        self.tokenHeader = tokenHeader
        self.body = body
    }
}

/// One HTTP response. The adapter adds `ReviewResponse.securityHeaders` to every one.
public struct ReviewResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Extra headers (`Allow` on a 405).
    public var headers: [String: String]

    public init(status: Int, contentType: String, body: [UInt8], headers: [String: String] = [:]) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// A JSON error body: `{"error": message}`. Messages are fixed texts or name paths and
    /// positions; never anything of the draft or of the request.
    static func error(_ status: Int, _ message: String, headers: [String: String] = [:]) -> ReviewResponse {
        let body = (try? JSONEncoder().encode(["error": message])).map { Array($0) } ?? Array("{}".utf8)
        return ReviewResponse(status: status, contentType: "application/json; charset=utf-8", body: body, headers: headers)
    }

    /// Sent with every response: nothing may be framed, sniffed, cached, referred or loaded
    /// from anywhere but this server; no CORS header is ever sent.
    public static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}

/// The page's files, bundled with the module (nothing is loaded from the network).
public struct ReviewAssets: Sendable {
    public var html: [UInt8]
    public var css: [UInt8]
    public var js: [UInt8]
    public var icon: [UInt8]

    public init(html: [UInt8], css: [UInt8], js: [UInt8], icon: [UInt8] = []) {
        self.html = html
        self.css = css
        self.js = js
        self.icon = icon
    }

    /// The bundled assets, or nil when the resource bundle is missing.
    public static func bundled() -> ReviewAssets? {
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Assets") else { return nil }
        func read(_ name: String) -> [UInt8]? {
            (try? Data(contentsOf: base.appendingPathComponent(name))).map { Array($0) }
        }
        guard let html = read("index.html"), let css = read("review.css"), let js = read("review.js"),
              let icon = read("favicon.svg") else { return nil }
        return ReviewAssets(html: html, css: css, js: js, icon: icon)
    }
}

/// The review application: security checks, routes and the once-only publication. Framework
/// free (the Hummingbird adapter in `ReviewServer` only converts requests and responses), so
/// every rule here is tested directly.
///
/// Routes (every one needs the token, as `?token=` or the `X-Veil-Token` header, and a Host of
/// `127.0.0.1:PORT` or `localhost:PORT`):
/// - `GET /` the page; `GET /review.css`, `GET /review.js`, `GET /favicon.svg` its assets;
/// - `GET /api/state` the view of the last decisions;
/// - `POST /api/evaluate` (JSON decisions) the view of those decisions;
/// - `POST /api/publish` (JSON decisions) writes OUT and VAULT once; afterwards 409.
public actor ReviewApp {
    public let session: ReviewSession
    public let token: String
    let recipients: [PublicKey]
    let output: String
    let vault: String
    let overwrite: Bool
    let assets: ReviewAssets
    /// The port the server listens on (set once it is bound).
    private(set) var port: Int
    private var decisions = ReviewDecisions.acceptAll
    private var published: PublishedFiles?
    private var publishing = false

    /// Largest request body accepted.
    public static let maxBody = 1 << 20

    public init(session: ReviewSession, recipients: [PublicKey], output: String, vault: String, overwrite: Bool,
                assets: ReviewAssets, token: String = ReviewApp.newToken(), port: Int = 0) {
        self.session = session
        self.recipients = recipients
        self.output = output
        self.vault = vault
        self.overwrite = overwrite
        self.assets = assets
        self.token = token
        self.port = port
    }

    public func setPort(_ port: Int) { self.port = port }

    /// Whether Publish has written the files.
    public var publication: PublishedFiles? { published }

    /// 32 random bytes (the system's cryptographic generator), as 64 hex digits.
    public static func newToken() -> String {
        var g = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef")
        return String((0..<32).flatMap { _ -> [Character] in
            let b = UInt8.random(in: 0...255, using: &g)
            return [hex[Int(b >> 4)], hex[Int(b & 15)]]
        })
    }

    /// The URL to print and open.
    public var url: String { "http://127.0.0.1:\(port)/?token=\(token)" }

    // MARK: - Requests

    public func handle(_ request: ReviewRequest) -> ReviewResponse {
        // 1. DNS rebinding: only this server's own loopback names.
        guard let host = request.host, allowedHost(host) else {
            return .error(403, "forbidden: this server answers only to 127.0.0.1:\(port) or localhost:\(port)")
        }
        // 2. The token, compared in constant time.
        guard let given = requestToken(request), ReviewApp.constantTimeEqual(given, token) else {
            return .error(403, "forbidden: open the address veil review printed (it carries the access token)")
        }
        // 3. A page on another origin (a link, a form) is refused even with the token.
        if let origin = request.origin, origin != "http://127.0.0.1:\(port)", origin != "http://localhost:\(port)" {
            return .error(403, "forbidden: requests from other origins are refused")
        }
        switch request.path {
        case "/", "/index.html":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return ReviewResponse(status: 200, contentType: "text/html; charset=utf-8", body: page())
        case "/review.css":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return ReviewResponse(status: 200, contentType: "text/css; charset=utf-8", body: assets.css)
        case "/review.js":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return ReviewResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: assets.js)
        case "/favicon.svg":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return ReviewResponse(status: 200, contentType: "image/svg+xml", body: assets.icon)
        case "/api/state":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            do { return json(try view(of: session.evaluate(decisions))) } catch {
                return .error(500, "the review state could not be computed")
            }
        case "/api/evaluate":
            guard request.method == "POST" else { return methodNotAllowed("POST") }
            switch decode(request) {
            case .failure(let response): return response
            case .success(let d):
                do {
                    let evaluation = try session.evaluate(d)
                    decisions = d
                    return json(view(of: evaluation))
                } catch {
                    return .error(400, error.description)
                }
            }
        case "/api/publish":
            guard request.method == "POST" else { return methodNotAllowed("POST") }
            if let published {
                return .error(409, "already published: \(published.output) and \(published.vault) were written; nothing was written again")
            }
            guard !publishing else { return .error(409, "a publication is in progress") }
            switch decode(request) {
            case .failure(let response): return response
            case .success(let d):
                let evaluation: ReviewEvaluation
                do { evaluation = try session.evaluate(d) } catch { return .error(400, error.description) }
                publishing = true
                defer { publishing = false }
                do {
                    let files = try session.publish(evaluation, recipients: recipients, output: output, vault: vault, overwrite: overwrite)
                    published = files
                    decisions = d
                    return json(view(of: evaluation))
                } catch {
                    switch error {
                    case .refused(let why): return .error(422, why)
                    case .write(.vaultWrite(.exists)), .write(.outputWrite(.exists)): return .error(409, error.description)
                    default: return .error(500, error.description)
                    }
                }
            }
        default:
            return .error(404, "not found")
        }
    }

    func allowedHost(_ host: String) -> Bool {
        let h = host.lowercased()
        return port > 0 && (h == "127.0.0.1:\(port)" || h == "localhost:\(port)")
    }

    func requestToken(_ request: ReviewRequest) -> String? {
        if let header = request.tokenHeader { return header }
        guard let query = request.query else { return nil }
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.count == 2 && kv[0] == "token" { return String(kv[1]) }
        }
        return nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    private func methodNotAllowed(_ allow: String) -> ReviewResponse {
        .error(405, "method not allowed (use \(allow))", headers: ["Allow": allow])
    }

    private enum Decoded { case success(ReviewDecisions), failure(ReviewResponse) }

    private func decode(_ request: ReviewRequest) -> Decoded {
        let type = (request.contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard type == "application/json" else { return .failure(.error(415, "send the decisions as application/json")) }
        guard request.body.count <= ReviewApp.maxBody else { return .failure(.error(413, "the request body is too large")) }
        do { return .success(try ReviewDecisions.decode(json: request.body)) } catch {
            return .failure(.error(400, error.description))
        }
    }

    private func page() -> [UInt8] {
        // The token is 64 hex digits: safe inside an attribute. Asset URLs carry it.
        let html = String(decoding: assets.html, as: UTF8.self).replacingOccurrences(of: "{{TOKEN}}", with: token)
        return Array(html.utf8)
    }

    private func view(of evaluation: ReviewEvaluation) -> ReviewView {
        ReviewView(evaluation, session: session, output: output, vault: vault, publication: published)
    }

    private func json(_ view: ReviewView) -> ReviewResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(view) else { return .error(500, "the view could not be encoded") }
        return ReviewResponse(status: 200, contentType: "application/json; charset=utf-8", body: Array(data))
    }
}
