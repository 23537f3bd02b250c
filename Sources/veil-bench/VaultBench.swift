/// Vault benchmarks (seal/open throughput, key unlock time).
enum VaultBench {
    static func run(arguments: [String]) {}
}
