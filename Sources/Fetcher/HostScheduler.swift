/// Decides which queued requests may start now: total and per-host concurrency, per-host rate,
/// and hosts slowed down after answering 429 or 5xx.
///
/// libcurl's own connection caps are not request caps (with HTTP/2 many requests share one
/// connection), so the limits live here. A request leaves the queue only when it may start and
/// is handed to libcurl at once, so time spent queued never eats its timeout.
///
/// Hosts are visited round-robin; a host waiting for its rate interval or slowdown sits in a timer
/// queue, and a host at its concurrency limit is reconsidered when one of its requests finishes,
/// so each decision is O(log hosts) rather than a scan of everything queued. Hosts are objects
/// shared between copies of the scheduler: keep exactly one (the engine loop owns it).
struct HostScheduler<Job> {
    /// A class, not a struct: copying a struct out of the dictionary to change it would copy its
    /// whole queue each time (copy-on-write), making scheduling O(n²) in queued requests.
    private final class Host {
        var queue = FIFO<Job>()
        var active = 0
        var nextStart: ContinuousClock.Instant
        /// Extra gap between starts after 429/5xx; doubles on each complaint, halves on success.
        var slowdown: Duration = .zero
        /// In `runnable` or `waiting` already, so it is not queued twice.
        var isQueued = false

        init(nextStart: ContinuousClock.Instant) { self.nextStart = nextStart }
    }

    let totalLimit: Int
    let perHostLimit: Int
    let interval: Duration
    let maxSlowdown: Duration

    private var hosts: [String: Host] = [:]
    private var runnable = FIFO<String>()
    private var waiting = TimerQueue<String>()
    /// Requests started and not yet finished, across all hosts.
    private(set) var activeCount = 0
    /// Requests queued and not yet started.
    private(set) var queuedCount = 0

    init(totalLimit: Int, perHostLimit: Int, interval: Duration, maxSlowdown: Duration) {
        self.totalLimit = max(1, totalLimit)
        self.perHostLimit = max(1, perHostLimit)
        self.interval = max(.zero, interval)
        self.maxSlowdown = maxSlowdown
    }

    /// Queues a request for `host`; `first` puts it ahead of that host's queue (retries, next hops).
    mutating func enqueue(_ job: Job, host: String, first: Bool = false, now: ContinuousClock.Instant) {
        let entry = hosts[host] ?? Host(nextStart: now)
        if first { entry.queue.prepend(job) } else { entry.queue.append(job) }
        hosts[host] = entry
        queuedCount += 1
        consider(host, now: now)
    }

    /// The next request allowed to start now, counted as active; `nil` when none may.
    mutating func nextStartable(now: ContinuousClock.Instant) -> (job: Job, host: String)? {
        while let host = waiting.popDue(now: now) {
            hosts[host]?.isQueued = false
            consider(host, now: now)
        }
        while activeCount < totalLimit, let name = runnable.popFirst() {
            guard let host = hosts[name] else { continue }
            host.isQueued = false
            guard host.active < perHostLimit, host.nextStart <= now, let job = host.queue.popFirst() else {
                consider(name, now: now)
                continue
            }
            host.active += 1
            host.nextStart = now + max(interval, host.slowdown)
            activeCount += 1
            queuedCount -= 1
            consider(name, now: now)
            return (job, name)
        }
        return nil
    }

    /// A request against `host` finished (whatever its outcome).
    mutating func finished(host: String, now: ContinuousClock.Instant) {
        guard let entry = hosts[host] else { return }
        entry.active -= 1
        activeCount -= 1
        consider(host, now: now)
    }

    /// The host answered 429 or 5xx: pause it as a whole for `pause` and widen its interval.
    /// An idle host is remembered again for this, so its next request waits too.
    mutating func slowDown(host: String, pause: Duration, now: ContinuousClock.Instant) {
        let entry = hosts[host] ?? Host(nextStart: now)
        entry.slowdown = min(max(entry.slowdown * 2, .milliseconds(250)), maxSlowdown)
        entry.nextStart = max(entry.nextStart, now + pause)
        hosts[host] = entry
    }

    /// The host answered normally: let it recover half of its slowdown.
    mutating func recovered(host: String) {
        guard let entry = hosts[host], entry.slowdown > .zero else { return }
        entry.slowdown = entry.slowdown < .milliseconds(100) ? .zero : entry.slowdown / 2
    }

    /// When a waiting host becomes startable, for the engine's poll timeout.
    var nextDeadline: ContinuousClock.Instant? { waiting.nextDeadline }

    /// Empties every queue (engine shutdown), returning the requests that never started.
    mutating func drain() -> [Job] {
        let jobs = hosts.values.flatMap { $0.queue.removeAll() }
        hosts.removeAll()
        _ = runnable.removeAll()
        _ = waiting.removeAll()
        queuedCount = 0
        return jobs
    }

    /// Removes queued requests matching `predicate` (a cancelled batch), returning them.
    mutating func remove(where predicate: (Job) -> Bool) -> [Job] {
        var removed: [Job] = []
        for name in Array(hosts.keys) {
            removed += hosts[name]?.queue.remove(where: predicate) ?? []
        }
        queuedCount -= removed.count
        return removed
    }

    /// Puts `name` where it belongs: runnable, waiting for its next start, or nowhere (idle or at
    /// its concurrency limit). Idle hosts with no pending slowdown are forgotten to bound memory.
    private mutating func consider(_ name: String, now: ContinuousClock.Instant) {
        guard let host = hosts[name], !host.isQueued else { return }
        if host.queue.isEmpty {
            if host.active == 0, host.slowdown == .zero, host.nextStart <= now { hosts[name] = nil }
            return
        }
        guard host.active < perHostLimit else { return }
        host.isQueued = true
        if host.nextStart > now {
            waiting.insert(name, at: host.nextStart)
        } else {
            runnable.append(name)
        }
    }
}
