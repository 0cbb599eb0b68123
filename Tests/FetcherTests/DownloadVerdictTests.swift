@testable import Fetcher
import TestHTTPServer
import Testing

/// Issue 10 §2: a link is judged by what a download gets, not only by what `HEAD` says.
@Suite("Judging a link by what a download gets")
struct DownloadVerdictTests {
    private static let html = [("Content-Type", "text/html; charset=utf-8")]

    private func page(_ body: String) -> Route { .status(200, headers: Self.html, body: body) }

    @Test func aProbeGETThatFailsDecidesTheVerdict() async throws {
        // Given a server whose HEAD says 200 while GET answers 404 (routing HEAD generically),
        let head = Route.status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "5000000")])
        let routes: [String: Route] = ["/asset": .methods(head: head, get: .status(404))]
        let (probed, _) = try await checkOnce(routes) { $0.probe = .always }
        #expect(probed.verdict == .broken)
        #expect(probed.detail == "HEAD answered 200, GET 404")
        #expect(probed.httpStatus == 404, "the status recorded is the one that decided")
        // A 5xx to the GET is a server error, said the same way.
        let (failing, _) = try await checkOnce(["/asset": .methods(head: head, get: .status(500))]) { $0.probe = .always }
        #expect(failing.verdict == .serverError)
        #expect(failing.detail == "HEAD answered 200, GET 500")
    }

    @Test func aFirewallThatRefusesOnlyTheGETIsNamedToo() async throws {
        let head = Route.status(200, headers: [("Content-Type", "video/mp4"), ("Content-Length", "5000000")])
        let refusal = Route.status(403, headers: [("Server", "AkamaiGHost")], body: "<H1>Access Denied</H1>")
        let (result, _) = try await checkOnce(["/asset": .methods(head: head, get: refusal)]) { $0.probe = .always }
        #expect(result.verdict == .unverifiable)
        #expect(result.detail?.hasPrefix("HEAD answered 200, GET 403: Akamai refused presskit") == true)
        #expect(result.verdict.hint(detail: result.detail).contains("Akamai's firewall"))
    }

    @Test func aRangeBeyondAnEmptyFileIsNoFailure() async throws {
        let head = Route.status(200, headers: [("Content-Type", "image/jpeg"), ("Content-Length", "0")])
        let (result, _) = try await checkOnce(["/asset": .methods(head: head, get: .status(416))]) { $0.probe = .always }
        #expect(result.verdict == .ok)
    }

    @Test(arguments: [
        ("<html><head><title>Page not found – NATO</title></head><body>…</body></html>", "Page not found – NATO"),
        ("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>", "404 Not Found"),
        ("<html><head><title>OTAN</title></head><body><nav>menu</nav><h1 class=x><span>Page introuvable</span></h1></body>", "Page introuvable"),
        ("<html><head><title>Erreur 404 : cette page n’existe pas</title></head></html>", "Erreur 404 : cette page n’existe pas"),
    ])
    func aPageWhoseHeadlineSaysItIsMissingIsASoft404(body: String, said: String) async throws {
        for probing in [MediaProbing.always, .off] {
            let (result, _) = try await checkOnce(["/story": page(body)], path: "/story") {
                $0.probe = probing
                $0.strategy = probing == .off ? .rangedGet : .headFirst
            }
            #expect(result.verdict == .broken)
            #expect(result.detail == "soft 404: the page says \"\(said)\"")
            #expect(result.verdict.hint(detail: result.detail).hasPrefix("soft 404: the page says \"\(said)\""))
        }
    }

    @Test func anUnchangedPageIsStillJudgedByItsHeadline() async throws {
        // Given a soft 404 page whose validators equal those of its last probe,
        let route = Route.status(200, headers: Self.html + [("ETag", "\"same\"")], body: "<title>Page not found</title>")
        let known = FileIdentity(etag: "\"same\"", lastModified: nil, length: 29)
        let (result, _) = try await checkOnce(["/story": route], path: "/story") { $0.probe = .ifChanged(from: known) }
        // its headline is read again, and it stays a soft 404 rather than "recovering".
        #expect(result.verdict == .broken)
    }

    @Test func aMissingPageWhereAFileShouldBeIsASoft404RatherThanTheWrongType() async throws {
        let (result, _) = try await checkOnce(["/clip.mp4": page("<title>Page not found</title>")], path: "/clip.mp4") {
            $0.probe = .always
            $0.acceptableContentTypes = ["video/*"]
        }
        #expect(result.verdict == .broken)
        #expect(result.detail == "soft 404: the page says \"Page not found\"")
        let (login, _) = try await checkOnce(["/clip.mp4": page("<title>Sign in</title>")], path: "/clip.mp4") {
            $0.probe = .always
            $0.acceptableContentTypes = ["video/*"]
        }
        #expect(login.verdict == .wrongType)
    }

    @Test func aPageThatMerelyMentionsNotFoundIsOk() async throws {
        let body = """
            <html><head><title>Search for missing fishermen continues</title></head>
            <body><h1>Search continues</h1><p>The boat was not found. Page not found errors are rare.</p></body></html>
            """
        let (result, _) = try await checkOnce(["/story": page(body)], path: "/story") { $0.probe = .always }
        #expect(result.verdict == .ok)
    }

    @Test func softNotFoundPatternsAreConfigurable() async throws {
        let body = "<html><head><title>Gone fishing</title></head></html>"
        let custom = testConfiguration { $0.softNotFoundPatterns = ["gone fishing"] }
        let (matched, _) = try await checkOnce(["/story": page(body)], path: "/story", configuration: custom) { $0.probe = .always }
        #expect(matched.verdict == .broken)
        let none = testConfiguration { $0.softNotFoundPatterns = [] }
        let (plain, _) = try await checkOnce(["/story": page("<title>Page not found</title>")], path: "/story",
                                             configuration: none) { $0.probe = .always }
        #expect(plain.verdict == .ok)
    }

    @Test func aDeepLinkRedirectedToTheHomePageIsASoft404() async throws {
        let routes: [String: Route] = ["/news/2023/story.html": .redirect(302, to: "/"), "/": page("<title>NATO</title>"),
                                       "/old": .redirect(301, to: "/new"), "/new": page("<title>New</title>"),
                                       "/index.html": .redirect(301, to: "/")]
        let server = try TestHTTPServer(routes: routes)
        defer { server.stop() }
        let results = try await checkAll(["/news/2023/story.html", "/old", "/index.html", "/"].map { FetchRequest(url: server.url($0)) },
                                         configuration: testConfiguration())
        let deep = try #require(results[server.url("/news/2023/story.html")])
        #expect(deep.verdict == .broken)
        #expect(deep.detail?.hasPrefix("soft 404: a deep link redirects to the site's home page") == true)
        #expect(results[server.url("/old")]?.verdict == .redirected(newURL: server.url("/new")))
        #expect(results[server.url("/index.html")]?.verdict.isSuccess == true)
        #expect(results[server.url("/")]?.verdict == .ok)
    }

    /// One refusal per firewall of the classifier's table, as its vendor documents it.
    static let refusals: [(name: String, status: Int, headers: [(String, String)], body: String)] = [
        ("Akamai", 403, [("Server", "AkamaiGHost")],
         "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission to access \"http&#58;&#47;&#47;www&#46;nato&#46;int&#47;\" on this server.<P>Reference&#32;&#35;18&#46;5e2c1002&#46;1700000000&#46;1a2b3c4d</BODY></HTML>"),
        // The same page told by its body alone (a proxy in between that rewrites Server): its dots are entities.
        ("Akamai", 403, [],
         "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>You don't have permission to access \"http&#58;&#47;&#47;www&#46;nato&#46;int&#47;\" on this server.<P>Reference&#32;&#35;18&#46;5e2c1002&#46;1700000000&#46;1a2b3c4d<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5e2c1002&#46;1700000000&#46;1a2b3c4d</P></BODY></HTML>"),
        ("AWS CloudFront/WAF", 403, [("X-Cache", "Error from cloudfront")],
         "<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>Request blocked.<HR noshade size=\"1px\">Generated by cloudfront (CloudFront)</BODY></HTML>"),
        ("AWS CloudFront/WAF", 403, [("x-amzn-waf-action", "captcha")], ""),
        ("Imperva Incapsula", 403, [("X-CDN", "Imperva")],
         "<html><head><META NAME=\"robots\" CONTENT=\"noindex,nofollow\"></head><body>Request unsuccessful. Incapsula incident ID: 1234-5678</body></html>"),
        ("Sucuri", 403, [("Server", "Sucuri/Cloudproxy")], "<title>Sucuri WebSite Firewall - Access Denied</title>"),
        ("DataDome", 403, [("X-DataDome", "protected")], "<script src=\"https://ct.captcha-delivery.com/c.js\"></script>"),
        ("PerimeterX", 403, [],
         "<html><head><title>Access to this page has been denied.</title></head><body><div id=\"px-captcha\"></div><script>window._pxAppId = 'PX12345';</script></body></html>"),
        ("Cloudflare", 403, [("Server", "cloudflare"), ("cf-mitigated", "challenge")], "<title>Just a moment...</title>"),
        ("Cloudflare", 403, [("Server", "cloudflare")],
         "<title>Attention Required! | Cloudflare</title><div id=\"cf-error-details\">Sorry, you have been blocked</div>"),
    ]

    @Test(arguments: refusals.indices)
    func aFirewallRefusalIsUnverifiableAndNamesTheFirewall(index: Int) async throws {
        let refusal = Self.refusals[index]
        let response = Route.status(refusal.status, headers: refusal.headers + [("Content-Type", "text/html")], body: refusal.body)
        let (result, _) = try await checkOnce(["/asset": response])
        #expect(result.verdict == .unverifiable)
        #expect(result.detail?.hasPrefix("\(refusal.name) refused presskit (\(refusal.status), ") == true)
        let hint = result.verdict.hint(detail: result.detail)
        #expect(hint.contains("\(refusal.name)'s firewall refused presskit"))
        #expect(hint.contains("browser") && hint.contains("user agent"))
    }

    @Test func aPlain403IsStillBroken() async throws {
        let (result, _) = try await checkOnce(["/asset": .status(403, headers: [("Server", "nginx")], body: "<h1>403 Forbidden</h1>")])
        #expect(result.verdict == .broken)
        #expect(result.verdict.hint(detail: result.detail) == Verdict.broken.hint)
    }

    @Test func theBlockedHintNamesTheKeyForAPrivateAddress() async throws {
        let (result, server) = try await checkOnce(["/asset": .status(200)], configuration: testConfiguration {
            $0.allowPrivateAddresses = false
        })
        #expect(result.verdict == .blocked)
        #expect(result.detail == "127.0.0.1 is a loopback address (allow_private_addresses is off)")
        #expect(result.verdict.hint(detail: result.detail).contains("allow_private_addresses: true"))
        #expect(server.requestCount("/asset") == 0)
        // A metadata address is refused whatever that key says, and the hint does not suggest it.
        let metadata = "169.254.169.254 is a cloud metadata address"
        #expect(!Verdict.blocked.hint(detail: metadata).contains("allow_private_addresses"))
    }
}
