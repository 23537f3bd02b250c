import XCTest
import Foundation
import Veil
import VeilTestSupport
@testable import VeilReview


/// Request handling of the review server: token, Host, methods, once-only publication,
/// malformed requests; then the same rules through the real Hummingbird server on loopback.
final class ReviewServerTests: XCTestCase {
    static let port = 48_123
    var dir: URL!
    var key: SecretKey!

    override func setUpWithError() throws {
        dir = try Fixtures.temporaryDirectory()
        key = SecretKey.generate()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func makeApp(port: Int = ReviewServerTests.port) throws -> ReviewApp {
        let path = Fixtures.url("seeds/dailynk-international-calls.txt").path
        let document = try Document(bytes: try AtomicFile.read(path), path: path)
        let session = ReviewSession(document: document, path: path, policyReference: "standard", policy: Policy.standard)
        let assets = try XCTUnwrap(ReviewAssets.bundled(), "the page's files are bundled as resources")
        return ReviewApp(session: session, recipients: [key.publicKey], output: out, vault: vault, overwrite: false,
                         assets: assets, token: String(repeating: "ab", count: 32), port: port)
    }

    var out: String { dir.appendingPathComponent("out.txt").path }
    var vault: String { dir.appendingPathComponent("out.vault").path }
    let token = String(repeating: "ab", count: 32)

    func get(_ app: ReviewApp, _ path: String, token: String? = nil, host: String? = "127.0.0.1:48123",
             header: String? = nil, origin: String? = nil) async -> ReviewResponse {
        await app.handle(ReviewRequest(method: "GET", path: path, query: token.map { "token=" + $0 }, host: host, origin: origin,
                                       tokenHeader: header))
    }

    func post(_ app: ReviewApp, _ path: String, _ body: String, contentType: String? = "application/json",
              token: String? = nil) async -> ReviewResponse {
        await app.handle(ReviewRequest(method: "POST", path: path, host: "127.0.0.1:48123", contentType: contentType,
                                       tokenHeader: token ?? self.token, body: Array(body.utf8)))
    }

    func text(_ r: ReviewResponse) -> String { String(decoding: r.body, as: UTF8.self) }

    func testTokenIsRequiredOnEveryRoute() async throws {
        let app = try makeApp()
        for path in ["/", "/review.js", "/review.css", "/api/state", "/api/publish", "/nowhere"] {
            let none = await get(app, path)
            XCTAssertEqual(none.status, 403, path)
            let wrong = await get(app, path, token: String(repeating: "ab", count: 31) + "ac")
            XCTAssertEqual(wrong.status, 403, path)
            let short = await get(app, path, token: "ab")
            XCTAssertEqual(short.status, 403, path)
        }
        let page = await get(app, "/", token: token)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.contentType.hasPrefix("text/html"))
        XCTAssertTrue(text(page).contains("review.js?token=\(token)"), "the page's assets carry the token")
        XCTAssertFalse(text(page).contains("{{TOKEN}}"))
        let viaHeader = await get(app, "/api/state", header: token)
        XCTAssertEqual(viaHeader.status, 200)
        let forbidden = await post(app, "/api/evaluate", "{}", token: "nope")
        XCTAssertEqual(forbidden.status, 403)
    }

    func testOnlyLoopbackHostsOfThisPortAreServed() async throws {
        let app = try makeApp()
        for host in ["127.0.0.1:48123", "localhost:48123", "LOCALHOST:48123"] {
            let r = await get(app, "/", token: token, host: host)
            XCTAssertEqual(r.status, 200, host)
        }
        for host in [nil, "evil.example:48123", "127.0.0.1", "localhost", "127.0.0.1:80", "127.0.0.1:48123.evil.example",
                     "attacker.localhost:48123", "[::1]:48123", "0.0.0.0:48123"] as [String?] {
            let r = await get(app, "/", token: token, host: host)
            XCTAssertEqual(r.status, 403, host ?? "no Host")
        }
        let foreignOrigin = await get(app, "/api/state", token: token, origin: "http://evil.example")
        XCTAssertEqual(foreignOrigin.status, 403)
        let ownOrigin = await get(app, "/api/state", token: token, origin: "http://127.0.0.1:48123")
        XCTAssertEqual(ownOrigin.status, 200)
    }

    func testMethodsAndUnknownPaths() async throws {
        let app = try makeApp()
        let missing = await get(app, "/etc/passwd", token: token)
        XCTAssertEqual(missing.status, 404)
        // No state-changing GET: publishing and evaluating need POST.
        for path in ["/api/publish", "/api/evaluate"] {
            let r = await get(app, path, token: token)
            XCTAssertEqual(r.status, 405, path)
            XCTAssertEqual(r.headers["Allow"], "POST")
        }
        let postPage = await post(app, "/", "{}")
        XCTAssertEqual(postPage.status, 405)
        XCTAssertEqual(postPage.headers["Allow"], "GET")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testMalformedRequestsGet4xxQuotingNothing() async throws {
        let app = try makeApp()
        let bodies = ["{\"rejected\": [\"Hyesan", "Kangan-dong, Hyesan", "[1,2]", "{\"terms\": \"Hyesan\"}", "{\"edits\": {\"Hyesan\": \"x\"}}",
                      "{\"rejected\": [\"c1-999999\"]}", "{\"policy\": \"Hyesan\"}", "{\"terms\": [\"Hyesan\", \"--\"]}"]
        for body in bodies {
            for path in ["/api/evaluate", "/api/publish"] {
                let r = await post(app, path, body)
                XCTAssertEqual(r.status, 400, body)
                XCTAssertFalse(text(r).contains("Hyesan"), "the error quotes nothing of the request or the draft")
                XCTAssertFalse(text(r).contains("Kangan"))
                XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(r.body)), "errors are JSON")
            }
        }
        let form = await post(app, "/api/evaluate", "rejected=c1-2", contentType: "application/x-www-form-urlencoded")
        XCTAssertEqual(form.status, 415, "a cross-site form cannot post decisions")
        let noType = await post(app, "/api/publish", "{}", contentType: nil)
        XCTAssertEqual(noType.status, 415)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        XCTAssertFalse(FileManager.default.fileExists(atPath: vault))
    }

    func testEvaluateRecomputesRiskAndPublishWorksOnce() async throws {
        let app = try makeApp()
        let state = await get(app, "/api/state", token: token)
        XCTAssertEqual(state.status, 200)
        let view = try JSONDecoder().decode(ReviewView.self, from: Data(state.body))
        XCTAssertTrue(view.publishable)
        let change = try XCTUnwrap(view.changes.first { $0.canReject && $0.category == "source" } ?? view.changes.first { $0.canReject })
        let body = String(decoding: try JSONEncoder().encode(ReviewDecisions(rejected: [change.id])), as: UTF8.self)
        let evaluated = await post(app, "/api/evaluate", body)
        XCTAssertEqual(evaluated.status, 200)
        let after = try JSONDecoder().decode(ReviewView.self, from: Data(evaluated.body))
        XCTAssertEqual(after.changes.first { $0.id == change.id }?.status, "rejected")
        XCTAssertGreaterThan(after.risk.score, view.risk.score, "rejecting a source's change raises the risk")
        // A new tab starts from the decisions the server holds.
        let again = try JSONDecoder().decode(ReviewView.self, from: Data(await get(app, "/api/state", token: token).body))
        XCTAssertEqual(again.decisions.rejected, [change.id])

        let published = await post(app, "/api/publish", "{}")
        XCTAssertEqual(published.status, 200, text(published))
        let pv = try JSONDecoder().decode(ReviewView.self, from: Data(published.body))
        XCTAssertEqual(pv.publication?.output, out)
        XCTAssertEqual(pv.publication?.vault, vault)
        let written = try AtomicFile.read(out)
        var table = PseudonymTable()
        let session = await app.session
        XCTAssertEqual(written, try Pipeline(policy: Policy.standard).redact(session.document, markdown: false, pseudonyms: &table).published,
                       "every change accepted: byte-identical to veil redact")
        let firstVault = try AtomicFile.read(vault)
        XCTAssertNoThrow(try Vault.open(firstVault, identity: key))
        // A second tab pressing Publish: refused, nothing rewritten.
        let second = await post(app, "/api/publish", body)
        XCTAssertEqual(second.status, 409)
        XCTAssertEqual(try AtomicFile.read(out), written)
        XCTAssertEqual(try AtomicFile.read(vault), firstVault)
    }

    func testSecurityHeadersAreOnEveryResponse() {
        let headers = Dictionary(uniqueKeysWithValues: ReviewResponse.securityHeaders)
        let csp = headers["Content-Security-Policy"] ?? ""
        for directive in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self'",
                          "frame-ancestors 'none'", "form-action 'self'"] {
            XCTAssertTrue(csp.contains(directive), directive)
        }
        XCTAssertFalse(csp.contains("unsafe-inline"))
        XCTAssertEqual(headers["X-Content-Type-Options"], "nosniff")
        XCTAssertEqual(headers["Referrer-Policy"], "no-referrer")
        XCTAssertEqual(headers["Cache-Control"], "no-store")
        XCTAssertNil(headers.keys.first { $0.lowercased().hasPrefix("access-control-") }, "no CORS header")
    }

    func testBundledPageHasNoInlineScriptAndNothingFromTheNetwork() throws {
        let assets = try XCTUnwrap(ReviewAssets.bundled())
        let html = String(decoding: assets.html, as: UTF8.self)
        XCTAssertFalse(html.contains("<script>"), "no inline script")
        XCTAssertFalse(html.contains("style=\""), "no inline style")
        XCTAssertFalse(html.contains("onclick"), "no inline handler")
        for asset in [assets.html, assets.css, assets.js] {
            let s = String(decoding: asset, as: UTF8.self)
            XCTAssertFalse(s.contains("http://") || s.contains("https://") || s.contains("//cdn"), "nothing loaded from the network")
        }
        XCTAssertTrue(String(decoding: assets.js, as: UTF8.self).contains("textContent"))
        XCTAssertFalse(String(decoding: assets.js, as: UTF8.self).contains("innerHTML"), "draft text is never parsed as HTML")
        XCTAssertTrue(String(decoding: assets.css, as: UTF8.self).contains("@media print"))
    }

    // MARK: - The real server on loopback

    func raw(port: Int, _ request: String) throws -> LoopbackHTTP.Response {
        try XCTUnwrap(LoopbackHTTP.send(port: port, request), "the server answers on 127.0.0.1:\(port)")
    }

    func testRealServerOnLoopback() async throws {
        let app = try makeApp(port: 0)
        let ready = AsyncStream<Int>.makeStream()
        let server = Task {
            try await ReviewServer.run(app, port: 0) { port in ready.continuation.yield(port) }
        }
        var iterator = ready.stream.makeAsyncIterator()
        let next = await iterator.next()
        let port = try XCTUnwrap(next)
        XCTAssertGreaterThan(port, 0)
        let url = await app.url
        XCTAssertEqual(url, "http://127.0.0.1:\(port)/?token=\(token)")

        let ok = try raw(port: port, "GET /?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(ok.status, 200)
        XCTAssertTrue(ok.body.contains("<button type=\"button\" id=\"publish\""))
        XCTAssertEqual(ok.headers["x-content-type-options"], "nosniff")
        XCTAssertEqual(ok.headers["referrer-policy"], "no-referrer")
        XCTAssertEqual(ok.headers["cache-control"], "no-store")
        XCTAssertTrue(ok.headers["content-security-policy"]?.contains("default-src 'none'") ?? false)
        XCTAssertNil(ok.headers.keys.first { $0.hasPrefix("access-control-") }, "no CORS header")

        let noToken = try raw(port: port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(noToken.status, 403)
        XCTAssertNotNil(noToken.headers["content-security-policy"], "security headers on refusals too")
        let rebound = try raw(port: port, "GET /?token=\(token) HTTP/1.1\r\nHost: evil.example:\(port)\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(rebound.status, 403)
        let localhost = try raw(port: port, "GET /api/state?token=\(token) HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(localhost.status, 200)
        XCTAssertTrue(localhost.headers["content-type"]?.hasPrefix("application/json") ?? false)
        let getPublish = try raw(port: port, "GET /api/publish?token=\(token) HTTP/1.1\r\nHost: localhost:\(port)\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(getPublish.status, 405)
        let bad = "{\"rejected\": [\"Hyesan"
        let malformed = try raw(port: port, "POST /api/evaluate HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Veil-Token: \(token)\r\n"
                                + "Content-Type: application/json\r\nContent-Length: \(bad.utf8.count)\r\nConnection: close\r\n\r\n\(bad)")
        XCTAssertEqual(malformed.status, 400)
        XCTAssertFalse(malformed.body.contains("Hyesan"))

        // A second server on the same port: refused as "in use".
        let other = try makeApp(port: 0)
        do {
            try await ReviewServer.run(other, port: port) { _ in XCTFail("must not start on a port in use") }
            XCTFail("expected portInUse")
        } catch {
            if case .portInUse(let p) = error { XCTAssertEqual(p, port) } else { XCTFail("\(error)") }
        }

        server.cancel()
        _ = await server.result
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
