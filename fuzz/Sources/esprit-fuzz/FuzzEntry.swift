import CLibFuzzer
import EspritFuzzing
import Glibc

/// One input through ``RequestPathFuzzer``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = RequestPathFuzzer.run(input)
    return 0
}

/// The entry point SwiftPM links as `main`: hands the command line to libFuzzer's driver.
@main
enum EspritFuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
