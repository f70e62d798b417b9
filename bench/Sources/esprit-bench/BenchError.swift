/// Why a run could not go on: a refused set-up, a reply the generator could not read.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
