// libFuzzer entry for MediaProbe, compiled together with Sources/MediaProbe/*.swift by
// .ci/fuzz-probe (one module, so the internal parsers are reachable). A finding is a trap, an
// AddressSanitizer report, a timeout (-timeout) or an allocation over -rss_limit_mb/-malloc_limit_mb.

/// The first byte picks how the input is presented (file size known or not, where the head ends);
/// the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMediaProbe(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let file = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let head = control & 0x80 != 0 ? file.count : file.count * Int(control & 0x0F) / 15
    let totalSize: Int64? = switch control >> 4 & 0x3 {
    case 0: nil
    case 1: Int64(file.count / 2)
    default: Int64(file.count)
    }
    var input = ProbeInput(head: Array(file.prefix(head)), totalSize: totalSize, contentType: nil)
    for format in ProbedFormat.allCases { _ = format.parser(input) }
    for _ in 0..<3 {
        let outcome = MediaProbe.probe(input)
        guard case .needMore(let range, _) = outcome else { break }
        // What every caller relies on: the request is for bytes not held, inside the file.
        precondition(range.lowerBound >= 0 && !input.covers(range), "needMore for bytes already held: \(range)")
        if let totalSize { precondition(range.lowerBound < totalSize, "needMore past the end: \(range)") }
        guard range.lowerBound < file.count else { break }
        let upper = Int(min(range.upperBound, Int64(file.count - 1), range.lowerBound + 4095))
        input.add(Array(file[Int(range.lowerBound)...upper]), at: range.lowerBound)
    }
    return 0
}
