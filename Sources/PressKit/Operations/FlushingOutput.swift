import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a check writes its report: large pieces at a time, flushed before notifications go out.
public protocol FlushingOutput: TextOutputStream {
    mutating func flush()
    /// Writes what is left of the open file `descriptor`, from its offset on, as it is: UTF-8 text
    /// presskit wrote there itself (a check's every-link listing, which can be tens of megabytes).
    /// By default read back in blocks and written as strings; an output that is a file of its own
    /// can hand the bytes over without reading them (`sendfile`).
    mutating func write(restOfFile descriptor: Int32) throws
}

extension FlushingOutput {
    public mutating func write(restOfFile descriptor: Int32) throws {
        try FileText.copy(restOf: descriptor, to: &self)
    }
}

/// Text read back from a file presskit wrote.
enum FileText {
    /// Writes the rest of `descriptor` to `output`, 64 KiB at a time (a character cut by a block's
    /// end goes with the next).
    static func copy<Output: TextOutputStream>(restOf descriptor: Int32, to output: inout Output) throws {
        var block = [UInt8](repeating: 0, count: 1 << 16)
        var carried = 0
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + carried, $0.count - carried) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw ListingError(message: "cannot read the listing back: \(String(cString: strerror(errno)))") }
            let end = carried + count
            guard count > 0 else {
                if end > 0 { output.write(String(decoding: block[0..<end], as: UTF8.self)) }
                return
            }
            let complete = completeUTF8Prefix(block[0..<end])
            output.write(String(decoding: block[0..<complete], as: UTF8.self))
            carried = end - complete
            for index in 0..<carried { block[index] = block[complete + index] }
        }
    }

    /// Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence.
    static func completeUTF8Prefix(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.endIndex
        // Back over continuation bytes (10xxxxxx) to the lead byte of the last sequence, at most 3.
        while index > bytes.startIndex, bytes.endIndex - index < 3, bytes[index - 1] & 0xC0 == 0x80 { index -= 1 }
        guard index > bytes.startIndex else { return bytes.count }
        let lead = bytes[index - 1]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.endIndex - (index - 1) >= length ? bytes.count : index - 1 - bytes.startIndex
    }
}
