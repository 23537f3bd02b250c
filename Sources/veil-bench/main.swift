// Release-mode benchmarks: `swift run -c release veil-bench [vault|detect|findings|model-features|scale|all] [options]`.
// Figures are printed as throughput and ratios, never asserted.
let arguments = Array(CommandLine.arguments.dropFirst())
let which = arguments.first ?? "all"
let rest = Array(arguments.dropFirst())
switch which {
case "vault": VaultBench.run(arguments: rest)
case "detect": DetectBench.run(arguments: rest)
case "findings": FindingsDump.run(arguments: rest)
case "model-features": ModelFeatures.run(arguments: rest)
case "scale": ScaleBench.run(arguments: rest)
case "all":
    VaultBench.run(arguments: rest)
    DetectBench.run(arguments: rest)
default:
    print("usage: veil-bench [vault|detect|findings|model-features|scale|all] [options]")
}
