/// Detector benchmarks (throughput, scaling, memory).
enum DetectBench {
    static func run(arguments: [String]) {}
}
