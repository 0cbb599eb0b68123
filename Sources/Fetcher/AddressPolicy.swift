#if canImport(Glibc)
import Glibc
#endif

/// Which network addresses a check may connect to.
///
/// Applied in libcurl's CURLOPT_OPENSOCKETFUNCTION to the address libcurl is about to connect to,
/// on every hop and every retry: a catalogue URL (or a redirect) naming a public host that resolves
/// to 10.0.0.5 is caught, which a check on the URL's text would miss. IPv4-mapped (`::ffff:a.b.c.d`),
/// IPv4-compatible (`::a.b.c.d`) and NAT64 (`64:ff9b::a.b.c.d`) IPv6 forms are judged by the IPv4
/// address they carry.
public struct AddressPolicy: Sendable, Hashable {
    /// Let loopback, private, link-local and unspecified addresses through (intranet server, tests).
    public var allowPrivateAddresses: Bool

    public init(allowPrivateAddresses: Bool) {
        self.allowPrivateAddresses = allowPrivateAddresses
    }

    /// What kind of address something is, as far as the policy cares.
    public enum Category: Sendable, Hashable {
        case `public`
        /// Loopback, RFC 1918, CGNAT, fc00::/7, link-local, unspecified, multicast or broadcast.
        case `private`(String)
        /// Cloud instance metadata (`CloudMetadata`: 169.254.169.254, fd00:ec2::254, 100.100.100.200,
        /// 192.0.0.192…): refused even when private addresses are allowed, because it hands out
        /// credentials to whoever asks.
        case metadata
    }

    /// `nil` when the address may be contacted, otherwise the reason it may not.
    public func refusal(for category: Category, address: String) -> String? {
        switch category {
        case .public: nil
        case .metadata: "\(address) is a cloud metadata address"
        case .private(let kind):
            allowPrivateAddresses ? nil : "\(address) is \(Self.article(kind)) \(kind) address \(Self.privateRefusalWords)"
        }
    }

    /// Ends a refusal of a private address, naming the key that would let it through.
    public static let privateRefusalWords = "(allow_private_addresses is off)"

    /// "an unspecified", "a loopback".
    private static func article(_ word: String) -> String {
        guard let first = word.first?.lowercased() else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// Categorises an IPv4 address given in network byte order as four bytes.
    public static func category(ipv4 b: [UInt8]) -> Category {
        guard b.count == 4 else { return .private("malformed") }
        if CloudMetadata.contains(b) { return .metadata }
        switch (b[0], b[1]) {
        case (127, _): return .private("loopback")
        case (10, _), (172, 16...31), (192, 168): return .private("private")
        case (100, 64...127): return .private("shared (CGNAT)")
        case (169, 254): return .private("link-local")
        case (0, _): return .private("unspecified")
        case (224...255, _): return .private("multicast or reserved")
        default: return .public
        }
    }

    /// Categorises an IPv6 address given as sixteen bytes.
    public static func category(ipv6 b: [UInt8]) -> Category {
        guard b.count == 16 else { return .private("malformed") }
        if CloudMetadata.contains(b) { return .metadata }
        let firstTen = b[0..<10].allSatisfy { $0 == 0 }
        if firstTen, b[10] == 0xff, b[11] == 0xff { return category(ipv4: Array(b[12...])) }  // ::ffff:a.b.c.d
        if b[0..<15].allSatisfy({ $0 == 0 }) { return .private(b[15] == 1 ? "loopback" : "unspecified") }
        if firstTen, b[10] == 0, b[11] == 0 { return category(ipv4: Array(b[12...])) }  // ::a.b.c.d
        if b[0..<12] == [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0] {  // 64:ff9b::/96 NAT64
            return category(ipv4: Array(b[12...]))
        }
        if b[0] & 0xfe == 0xfc { return .private("unique local (fc00::/7)") }
        if b[0] == 0xfe, b[1] & 0xc0 == 0x80 { return .private("link-local") }
        if b[0] == 0xfe, b[1] & 0xc0 == 0xc0 { return .private("site-local") }
        if b[0] == 0xff { return .private("multicast") }
        return .public
    }

    /// Categorises a socket address as libcurl hands it to the open-socket callback, and renders it.
    static func inspect(_ address: UnsafeRawPointer, family: Int32) -> (Category, String) {
        switch family {
        case AF_INET:
            var ipv4 = address.load(as: sockaddr_in.self).sin_addr
            let bytes = withUnsafeBytes(of: &ipv4) { Array($0) }
            return (category(ipv4: bytes), render(family: AF_INET, bytes))
        case AF_INET6:
            var ipv6 = address.load(as: sockaddr_in6.self).sin6_addr
            let bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            return (category(ipv6: bytes), render(family: AF_INET6, bytes))
        default:
            return (.private("non-IP"), "address family \(family)")
        }
    }

    private static func render(family: Int32, _ address: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, address, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
