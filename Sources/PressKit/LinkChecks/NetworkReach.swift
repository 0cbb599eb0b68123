import Fetcher
import Foundation

/// Whether a run reached any host, to tell an outage of the machine's own network from links that
/// broke: when every host tried failed at name resolution or at connect, the fault is on this side,
/// and recording a `dns` or `refused` verdict for every link would announce the whole catalogue as
/// broken. One dead host among hosts that answer is an ordinary verdict.
struct NetworkReach: Sendable {
    /// What one result says about the network between this machine and the link's host.
    enum Evidence: Sendable {
        /// Something answered: an HTTP response, a TLS handshake, a connection that broke later.
        case reached
        /// The name did not resolve.
        case failedAtDNS
        /// No connection could be made: refused, unreachable, or a timeout before connecting.
        case failedToConnect
        /// Says nothing about the network (not contacted on purpose: a refused scheme or address).
        case neutral
    }

    static func evidence(_ result: FetchResult) -> Evidence {
        switch result.verdict {
        case .dns: return .failedAtDNS
        case .refused: return .failedToConnect
        // A name the resolver never answered for times out before any address was known: a resolver
        // that is down (the commonest outage) is a DNS failure, not a connect one.
        case .timeout where result.httpStatus == nil && result.timings.connect == .zero:
            return result.timings.nameLookup == .zero ? .failedAtDNS : .failedToConnect
        case .blocked: return .neutral
        default: return .reached
        }
    }

    /// Hosts (host and port, as the URL names them) that failed, by how; only kept while no host
    /// has been reached, since afterwards no outage is possible.
    private(set) var dnsHosts: Set<String> = []
    private(set) var connectHosts: Set<String> = []
    private(set) var reachedAny = false

    /// Notes a result; returns true when it is the first to reach a host.
    mutating func note(_ evidence: Evidence, url: String) -> Bool {
        switch evidence {
        case .reached:
            let first = !reachedAny
            reachedAny = true
            (dnsHosts, connectHosts) = ([], [])
            return first
        case .failedAtDNS where !reachedAny:
            let host = Self.host(of: url)
            if !connectHosts.contains(host) { dnsHosts.insert(host) }
        case .failedToConnect where !reachedAny:
            let host = Self.host(of: url)
            if !dnsHosts.contains(host) { connectHosts.insert(host) }
        default:
            break
        }
        return false
    }

    /// The outage this run met, if every host it tried failed (and it tried one).
    var outage: NetworkOutage? {
        guard !reachedAny, !dnsHosts.isEmpty || !connectHosts.isEmpty else { return nil }
        return NetworkOutage(dnsHosts: dnsHosts.count, connectHosts: connectHosts.count)
    }

    /// `host:port` as the URL spells it (lowercased): two servers on one machine are two hosts.
    static func host(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return host.lowercased() + (components.port.map { ":\($0)" } ?? "")
    }
}

/// A run in which no host could be reached: nothing of it was recorded.
public struct NetworkOutage: Sendable, Hashable {
    /// Hosts whose names did not resolve, and hosts that resolved (or were addresses) but took no connection.
    public var dnsHosts: Int
    public var connectHosts: Int

    public init(dnsHosts: Int, connectHosts: Int) {
        self.dnsHosts = dnsHosts
        self.connectHosts = connectHosts
    }

    public var hosts: Int { dnsHosts + connectHosts }

    /// `12 of 12 failed at DNS`, `3 of 3 failed to connect`, `12 of 12 failed: 9 at DNS, 3 to connect`.
    public var failures: String {
        switch (dnsHosts, connectHosts) {
        case (_, 0): "\(hosts) of \(hosts) failed at DNS"
        case (0, _): "\(hosts) of \(hosts) failed to connect"
        default: "\(hosts) of \(hosts) failed: \(dnsHosts) at DNS, \(connectHosts) to connect"
        }
    }

    /// The one line `check` prints, and the reason an alert gives.
    public var message: String {
        "no host could be reached (\(failures)): the network or resolver looks down; nothing was recorded"
    }
}
