/// Why a notification could not be delivered, with every secret already taken out of the text.
///
/// These end up in the outbox, in `presskit check`'s summary and in cron mail, so the message is
/// built redacted (`SecretRedactor`) where it is made: no caller has to remember to.
public struct DeliveryFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The request could not be built (a header with a line break, an option libcurl refused).
        case setup
        /// libcurl failed: no connection, TLS, timeout, the SMTP server refused a command.
        case transfer
        /// The webhook answered with a status other than 2xx.
        case rejected
    }

    public var kind: Kind
    /// libcurl's `CURLcode` (https://curl.se/libcurl/c/libcurl-errors.html); nil for `setup` and `rejected`.
    public var curlCode: Int?
    /// The HTTP status, or the SMTP server's last reply code, when one came.
    public var responseCode: Int?
    /// What went wrong, in one line, redacted.
    public var message: String

    public init(kind: Kind, curlCode: Int? = nil, responseCode: Int? = nil, message: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.responseCode = responseCode
        self.message = message
    }

    public var description: String {
        switch kind {
        case .setup: message
        case .transfer: "\(message) (libcurl \(curlCode ?? 0)\(responseCode.map { ", reply \($0)" } ?? ""))"
        case .rejected: "the webhook answered HTTP \(responseCode ?? 0)\(message.isEmpty ? "" : ": \(message)")"
        }
    }
}

/// Takes secrets (tokens, passwords, webhook URLs that are themselves secrets) out of text before
/// it is shown or stored.
///
/// Each secret is replaced as written and percent-encoded (libcurl and servers echo URLs in either
/// form), longest first so a secret containing another is removed whole. Control characters become
/// spaces, so an echoed answer cannot forge extra lines in a log.
public struct SecretRedactor: Sendable, Hashable {
    public static let mark = "[redacted]"
    private let secrets: [String]

    public init<S: Sequence>(_ secrets: S) where S.Element == String {
        var forms = Set<String>()
        for secret in secrets where !secret.isEmpty {
            forms.insert(secret)
            forms.insert(Self.percentEncoded(secret))
        }
        self.secrets = forms.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    /// Also the user name and password of a URL (`https://user:pass@host/`), when it carries them.
    public func adding(credentialsOf url: String) -> SecretRedactor {
        guard let scheme = url.firstRange(of: "://") else { return self }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return self }
        let userinfo = authority[..<at]
        let parts = userinfo.split(separator: ":", maxSplits: 1).map(String.init)
        return SecretRedactor(secrets + parts + [String(userinfo)])
    }

    public func callAsFunction(_ text: String) -> String {
        var result = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        for secret in secrets where result.contains(secret) {
            result = result.replacing(secret, with: Self.mark)
        }
        return result
    }

    private static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let unreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if unreserved {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append(contentsOf: ["%", hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
        return encoded
    }
}
