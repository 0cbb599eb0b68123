@testable import Fetcher
import Testing

@Suite("Address policy")
struct AddressPolicyTests {
    private func v6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] } }

    @Test func ipv4() {
        #expect(AddressPolicy.category(ipv4: [93, 184, 215, 14]) == .public)
        #expect(AddressPolicy.category(ipv4: [127, 0, 0, 1]) == .private("loopback"))
        #expect(AddressPolicy.category(ipv4: [10, 1, 2, 3]) == .private("private"))
        #expect(AddressPolicy.category(ipv4: [172, 20, 0, 1]) == .private("private"))
        #expect(AddressPolicy.category(ipv4: [172, 32, 0, 1]) == .public)
        #expect(AddressPolicy.category(ipv4: [192, 168, 1, 1]) == .private("private"))
        #expect(AddressPolicy.category(ipv4: [169, 254, 1, 1]) == .private("link-local"))
        #expect(AddressPolicy.category(ipv4: [169, 254, 169, 254]) == .metadata)
        #expect(AddressPolicy.category(ipv4: [0, 0, 0, 0]) == .private("unspecified"))
    }

    @Test func ipv6AndEmbeddedIPv4() {
        #expect(AddressPolicy.category(ipv6: v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])) == .public)
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0, 0, 1])) == .private("loopback"))
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0, 0, 0])) == .private("unspecified"))
        #expect(AddressPolicy.category(ipv6: v6([0xfd12, 0, 0, 0, 0, 0, 0, 1])) == .private("unique local (fc00::/7)"))
        #expect(AddressPolicy.category(ipv6: v6([0xfe80, 0, 0, 0, 0, 0, 0, 1])) == .private("link-local"))
        #expect(AddressPolicy.category(ipv6: v6([0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254])) == .metadata)
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1])) == .private("loopback"))
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0xffff, 0xa9fe, 0xa9fe])) == .metadata)
        #expect(AddressPolicy.category(ipv6: v6([0x64, 0xff9b, 0, 0, 0, 0, 0x0a00, 1])) == .private("private"))
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0xffff, 0x5db8, 0xd70e])) == .public)
    }

    @Test func policy() {
        let strict = AddressPolicy(allowPrivateAddresses: false)
        let intranet = AddressPolicy(allowPrivateAddresses: true)
        #expect(strict.refusal(for: .private("loopback"), address: "127.0.0.1") != nil)
        #expect(intranet.refusal(for: .private("loopback"), address: "127.0.0.1") == nil)
        #expect(intranet.refusal(for: .metadata, address: "169.254.169.254") != nil)
        #expect(strict.refusal(for: .public, address: "93.184.215.14") == nil)
        #expect(strict.refusal(for: AddressPolicy.category(ipv4: [0, 0, 0, 0]), address: "0.0.0.0")
                == "0.0.0.0 is an unspecified address (allow_private_addresses is off)")
        #expect(strict.refusal(for: AddressPolicy.category(ipv4: [127, 0, 0, 1]), address: "127.0.0.1")
                == "127.0.0.1 is a loopback address (allow_private_addresses is off)")
    }

    @Test func everyCloudMetadataServiceIsOneListWithSources() {
        // Oracle's and Alibaba's (inside 100.64/10, so formerly merely "private") included.
        #expect(AddressPolicy.category(ipv4: [192, 0, 0, 192]) == .metadata)
        #expect(AddressPolicy.category(ipv4: [100, 100, 100, 200]) == .metadata)
        #expect(AddressPolicy.category(ipv4: [169, 254, 170, 2]) == .metadata)
        #expect(AddressPolicy.category(ipv6: v6([0, 0, 0, 0, 0, 0xffff, 0x6464, 0x64c8])) == .metadata)
        #expect(AddressPolicy.category(ipv4: [100, 100, 100, 201]) == .private("shared (CGNAT)"))
        #expect(CloudMetadata.services.allSatisfy { $0.source.hasPrefix("https://") && !$0.provider.isEmpty })
        for service in CloudMetadata.services {
            let category = service.address.count == 4 ? AddressPolicy.category(ipv4: service.address) : AddressPolicy.category(ipv6: service.address)
            #expect(category == .metadata)
        }
    }
}

@Suite("Host scheduler")
struct HostSchedulerTests {
    @Test func limitsAndRoundRobin() {
        let now = ContinuousClock.now
        var scheduler = HostScheduler<Int>(totalLimit: 3, perHostLimit: 2, interval: .zero, maxSlowdown: .seconds(1))
        for job in 0..<4 { scheduler.enqueue(job, host: "a", now: now) }
        scheduler.enqueue(10, host: "b", now: now)
        var started: [Int] = []
        while let (job, _) = scheduler.nextStartable(now: now) { started.append(job) }
        #expect(started.sorted() == [0, 1, 10])  // a capped at 2, total at 3
        scheduler.finished(host: "a", now: now)
        #expect(scheduler.nextStartable(now: now)?.job == 2)
        #expect(scheduler.nextStartable(now: now) == nil)
    }

    @Test func intervalAndSlowdownDelayStarts() {
        let now = ContinuousClock.now
        var scheduler = HostScheduler<Int>(totalLimit: 10, perHostLimit: 10, interval: .milliseconds(100),
                                           maxSlowdown: .seconds(5))
        scheduler.enqueue(1, host: "a", now: now)
        scheduler.enqueue(2, host: "a", now: now)
        #expect(scheduler.nextStartable(now: now)?.job == 1)
        #expect(scheduler.nextStartable(now: now) == nil)
        #expect(scheduler.nextDeadline == now + .milliseconds(100))
        #expect(scheduler.nextStartable(now: now + .milliseconds(100))?.job == 2)
        scheduler.slowDown(host: "a", pause: .seconds(2), now: now)
        scheduler.enqueue(3, host: "a", now: now + .milliseconds(200))
        #expect(scheduler.nextStartable(now: now + .seconds(1)) == nil)
        #expect(scheduler.nextStartable(now: now + .seconds(2))?.job == 3)
    }

    @Test func cancelledJobsLeaveTheQueue() {
        let now = ContinuousClock.now
        var scheduler = HostScheduler<Int>(totalLimit: 1, perHostLimit: 1, interval: .zero, maxSlowdown: .seconds(1))
        for job in 0..<5 { scheduler.enqueue(job, host: "a", now: now) }
        #expect(scheduler.remove { $0 % 2 == 0 }.sorted() == [0, 2, 4])
        #expect(scheduler.queuedCount == 2)
        #expect(scheduler.nextStartable(now: now)?.job == 1)
    }
}
