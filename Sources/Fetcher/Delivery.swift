import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// Sends notifications through libcurl: a webhook POST, or a mail over SMTP.
///
/// Each delivery is one blocking `curl_easy_perform` on a thread started for it and detached, never
/// on Swift's cooperative pool (a transfer may wait up to its timeout, and the pool has one thread
/// per core). The async functions suspend until that thread resumes them. Safe under Swift 6 strict
/// concurrency because the thread receives only `Sendable` values (strings, bytes, a timeout) and
/// builds, uses and frees its libcurl handle itself; nothing else ever sees the handle.
///
/// Every handle is limited to the protocols its channel needs (http/https for webhooks, smtp/smtps
/// for mail), verifies TLS peers and host names, follows no redirect (a redirected webhook would
/// carry its body and token to a server the policy never named), and ends within `timeout`.
public enum Delivery {
    /// How an `smtp://` connection is secured; `smtps://` is TLS from the first byte either way.
    public enum MailTLS: String, Sendable, Hashable, CaseIterable {
        /// STARTTLS or no mail: a server that does not offer it fails the delivery.
        case required
        /// STARTTLS when the server offers it, plain text otherwise.
        case whenOffered = "when-offered"
    }

    public static let webhookProtocols = "http,https"
    public static let mailProtocols = "smtp,smtps"
    public static let userAgent = "presskit/0.1 (notifications)"
    /// Headers whose values say nothing secret, so messages may show them ("application/json").
    static let publicHeaders: Set<String> = ["content-type", "accept", "user-agent"]

    /// POSTs `body` to `url` with `headers`; returns the 2xx status. Any other status is a
    /// `.rejected` failure carrying the start of the answer (redacted).
    ///
    /// - Parameter secrets: text to keep out of every message (a token, a secret URL); header
    ///   values (but those of `publicHeaders`) and credentials in `url` are always kept out.
    public static func webhook(url: String, body: [UInt8], headers: [String: String], timeout: Duration,
                               certificateAuthorities: String? = nil, secrets: [String] = []) async throws(DeliveryFailure) -> Int {
        let redact = SecretRedactor(secrets + headers.filter { !publicHeaders.contains($0.key.lowercased()) }.map(\.value))
            .adding(credentialsOf: url)
        let result = await onDeliveryThread { () -> Result<Int, DeliveryFailure> in
            postWebhook(url: url, body: body, headers: headers, timeout: timeout,
                        certificateAuthorities: certificateAuthorities, redact: redact)
        }
        return try result.get()
    }

    /// Sends `message` (a complete RFC 5322 message with CRLF line ends) from `from` to `to`.
    /// libcurl adds the SMTP dot-stuffing (RFC 5321 §4.5.2) as it uploads.
    public static func mail(smtpURL: String, from: String, to: [String], message: String, username: String?,
                            password: String?, tls: MailTLS, timeout: Duration, certificateAuthorities: String? = nil,
                            secrets: [String] = []) async throws(DeliveryFailure) {
        let redact = SecretRedactor(secrets + [password].compactMap { $0 }).adding(credentialsOf: smtpURL)
        let result = await onDeliveryThread { () -> Result<Int, DeliveryFailure> in
            sendMail(smtpURL: smtpURL, from: from, to: to, message: message, username: username, password: password,
                     tls: tls, timeout: timeout, certificateAuthorities: certificateAuthorities, redact: redact)
        }
        _ = try result.get()
    }

    /// `CURLOPT_USE_SSL` for `tls`. https://curl.se/libcurl/c/CURLOPT_USE_SSL.html
    static func useSSL(for tls: MailTLS) -> Int {
        switch tls {
        case .required: Int(CURLUSESSL_ALL.rawValue)
        case .whenOffered: Int(CURLUSESSL_TRY.rawValue)
        }
    }

    // MARK: Blocking transfers (run on the delivery thread)

    static func postWebhook(url: String, body: [UInt8], headers: [String: String], timeout: Duration,
                            certificateAuthorities: String?, redact: SecretRedactor) -> Result<Int, DeliveryFailure> {
        var lines: [String] = []
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            guard isHeaderName(name), !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                return .failure(DeliveryFailure(kind: .setup, message: redact("header '\(name)' has a line break or is not a valid header name")))
            }
            lines.append("\(name): \(value)")
        }
        // An empty `Expect:` stops libcurl waiting for a `100 Continue` many webhook servers never send.
        lines.append("Expect:")
        return perform(redact) { (transfer) throws(FetchError) in
            try common(transfer, url: url, protocols: webhookProtocols, timeout: timeout, certificateAuthorities: certificateAuthorities)
            try transfer.set(CURLOPT_FOLLOWLOCATION, 0)
            try transfer.set(CURLOPT_USERAGENT, userAgent)
            try transfer.set(CURLOPT_HTTPHEADER, list: lines)
            try transfer.setPostBody(body)
        } finish: { transfer in
            let status = transfer.responseCode ?? 0
            guard (200..<300).contains(status) else {
                let answer = String(decoding: transfer.response.bytes.prefix(300), as: UTF8.self)
                return .failure(DeliveryFailure(kind: .rejected, responseCode: status, message: redact(answer).trimmedSpaces))
            }
            return .success(status)
        }
    }

    static func sendMail(smtpURL: String, from: String, to: [String], message: String, username: String?, password: String?,
                         tls: MailTLS, timeout: Duration, certificateAuthorities: String?,
                         redact: SecretRedactor) -> Result<Int, DeliveryFailure> {
        let addresses = [from] + to
        // Bytes, not Characters: Swift reads "\r\n" as one Character, equal to neither "\r" nor "\n".
        if let bad = addresses.first(where: { $0.utf8.contains(where: { "<>\r\n\0 ".utf8.contains($0) }) }) {
            return .failure(DeliveryFailure(kind: .setup, message: redact("'\(bad)' cannot be used as a mail address")))
        }
        return perform(redact) { (transfer) throws(FetchError) in
            try common(transfer, url: smtpURL, protocols: mailProtocols, timeout: timeout, certificateAuthorities: certificateAuthorities)
            try transfer.set(CURLOPT_USE_SSL, useSSL(for: tls))
            try transfer.set(CURLOPT_MAIL_FROM, "<\(from)>")  // https://curl.se/libcurl/c/CURLOPT_MAIL_FROM.html
            try transfer.set(CURLOPT_MAIL_RCPT, list: to.map { "<\($0)>" })  // https://curl.se/libcurl/c/CURLOPT_MAIL_RCPT.html
            if let username { try transfer.set(CURLOPT_USERNAME, username) }
            if let password { try transfer.set(CURLOPT_PASSWORD, password) }
            try transfer.setUpload(Array(message.utf8))
        } finish: { transfer in
            .success(transfer.responseCode ?? 0)
        }
    }

    /// Options every delivery shares: URL, protocols (also after redirects), verification, timeouts.
    private static func common(_ transfer: DeliveryTransfer, url: String, protocols: String, timeout: Duration,
                               certificateAuthorities: String?) throws(FetchError) {
        try transfer.set(CURLOPT_URL, url)
        try transfer.set(CURLOPT_PROTOCOLS_STR, protocols)  // https://curl.se/libcurl/c/CURLOPT_PROTOCOLS_STR.html
        try transfer.set(CURLOPT_REDIR_PROTOCOLS_STR, protocols)
        try transfer.set(CURLOPT_SSL_VERIFYPEER, 1)
        try transfer.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let certificateAuthorities { try transfer.set(CURLOPT_CAINFO, certificateAuthorities) }
        try transfer.set(CURLOPT_TIMEOUT_MS, max(1, timeout.milliseconds))
        try transfer.set(CURLOPT_CONNECTTIMEOUT_MS, max(1, min(timeout, .seconds(10)).milliseconds))
    }

    /// Builds a transfer with `configure`, runs it, and maps libcurl's outcome, redacting every message.
    private static func perform(_ redact: SecretRedactor, configure: (DeliveryTransfer) throws(FetchError) -> Void,
                                finish: (DeliveryTransfer) -> Result<Int, DeliveryFailure>) -> Result<Int, DeliveryFailure> {
        let transfer: DeliveryTransfer
        do {
            transfer = try DeliveryTransfer()
            try configure(transfer)
        } catch {
            return .failure(DeliveryFailure(kind: .setup, message: redact(error.description)))
        }
        let code = transfer.perform()
        guard code == CURLE_OK else {
            return .failure(DeliveryFailure(kind: .transfer, curlCode: Int(code.rawValue), responseCode: transfer.responseCode,
                                            message: redact(transfer.errorMessage(for: code))))
        }
        return finish(transfer)
    }

    private static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

/// Runs `work` on a new detached POSIX thread and resumes with its result; a thread that cannot
/// be started is a `setup` failure rather than a blocked cooperative thread.
func onDeliveryThread<T: Sendable>(_ work: @escaping @Sendable () -> Result<T, DeliveryFailure>) async -> Result<T, DeliveryFailure> {
    await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, DeliveryFailure>, Never>) in
        let box = Unmanaged.passRetained(DeliveryThreadBody { continuation.resume(returning: work()) }).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<DeliveryThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, box)
        guard status == 0 else {
            Unmanaged<DeliveryThreadBody>.fromOpaque(box).release()
            continuation.resume(returning: .failure(DeliveryFailure(kind: .setup, message: "cannot start a delivery thread (error \(status))")))
            return
        }
        pthread_detach(thread)
    }
}

/// What a delivery thread runs, passed to `pthread_create` as a retained opaque pointer.
private final class DeliveryThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

extension String {
    var trimmedSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
