// swift-tools-version:6.0
import PackageDescription

// MARK: - Shared settings

/// Strict Swift 6 everywhere; environments rely on IEEE semantics, so no fast-math flags anywhere.
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "SpikingMindRL",
  products: [
    .library(name: "RLCore", targets: ["RLCore"]),
    .library(name: "RLTestSupport", targets: ["RLTestSupport"]),
    .library(name: "TensorEngine", targets: ["TensorEngine"]),
    .library(name: "SpikingLayers", targets: ["SpikingLayers"]),
    .library(name: "ClassicControl", targets: ["ClassicControl"]),
    .library(name: "Box2DEnvironments", targets: ["Box2DEnvironments"]),
    .library(name: "MuJoCoEnvironments", targets: ["MuJoCoEnvironments"]),
    .executable(name: "spikingmind", targets: ["spikingmind"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // MARK: - Core
    .target(name: "CLibm", path: "Sources/CLibm"),
    .target(name: "CSystem", path: "Sources/CSystem"),
    .target(name: "Parallelism", dependencies: ["CSystem"], swiftSettings: swiftSettings),
    .target(name: "RLCore", dependencies: ["CLibm", "Parallelism"], swiftSettings: swiftSettings),
    .target(name: "RLTestSupport", dependencies: ["RLCore"], swiftSettings: swiftSettings),
    .target(name: "Conformance", dependencies: ["RLCore"], swiftSettings: swiftSettings),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "Trajectories", dependencies: ["RLCore", "CZlib"], swiftSettings: swiftSettings),
    .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
    .target(name: "MPITransport", dependencies: ["CMPI", "Parallelism"], swiftSettings: swiftSettings),
    .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .target(name: "DatasetInterchange", dependencies: ["Trajectories", "RLCore", "CHDF5"], swiftSettings: swiftSettings),
    .systemLibrary(
      name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .target(name: "CKernels", path: "Sources/CKernels"),
    .target(
      name: "TensorEngine", dependencies: ["CBLAS", "CKernels"], exclude: ["README.md"], swiftSettings: swiftSettings),
    .target(name: "TensorTestSupport", dependencies: ["TensorEngine"], swiftSettings: swiftSettings),
    .target(name: "NeuralNetworks", dependencies: ["TensorEngine", "CKernels"], swiftSettings: swiftSettings),
    .target(
      name: "SpikingLayers", dependencies: ["NeuralNetworks", "TensorEngine", "CBLAS", "CKernels", "Parallelism"], swiftSettings: swiftSettings),
    .target(
      name: "DecisionModels",
      dependencies: ["NeuralNetworks", "SpikingLayers", "TensorEngine", "CBLAS", "CKernels", "Parallelism"],
      swiftSettings: swiftSettings),
    .target(name: "Experts", dependencies: ["RLCore", "Trajectories", "Parallelism"], swiftSettings: swiftSettings),
    .target(name: "EnergyProfiling", dependencies: ["DecisionModels", "SpikingLayers"], swiftSettings: swiftSettings),
    .target(
      name: "Training",
      dependencies: ["DecisionModels", "SpikingLayers", "NeuralNetworks", "TensorEngine", "Trajectories", "DatasetInterchange", "RLCore"],
      swiftSettings: swiftSettings),

    // MARK: - Environment plugins
    .target(
      name: "CBox2D", path: "Environments/CBox2D",
      linkerSettings: [.linkedLibrary("box2d")]),
    .target(
      name: "Box2DEnvironments", dependencies: ["RLCore", "CBox2D"],
      path: "Environments/Box2DEnvironments", swiftSettings: swiftSettings),
    .target(
      name: "CMuJoCo", path: "Environments/CMuJoCo",
      linkerSettings: [.linkedLibrary("mujoco")]),
    .target(
      name: "MuJoCoEnvironments", dependencies: ["RLCore", "CMuJoCo"],
      path: "Environments/MuJoCoEnvironments", swiftSettings: swiftSettings),
    .target(
      name: "ClassicControl", dependencies: ["RLCore", "CLibm"],
      path: "Environments/ClassicControl", swiftSettings: swiftSettings),

    // MARK: - Command line
    .executableTarget(
      name: "spikingmind",
      dependencies: [
        "RLCore", "ClassicControl", "Box2DEnvironments", "MuJoCoEnvironments", "Conformance", "Trajectories", "DatasetInterchange", "Experts",
        "TensorEngine", "NeuralNetworks", "SpikingLayers", "DecisionModels", "Training", "EnergyProfiling", "CSystem", "Parallelism",
        "MPITransport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings),

    // MARK: - Tests
    .testTarget(name: "RLCoreTests", dependencies: ["RLCore"], swiftSettings: swiftSettings),
    .testTarget(name: "ParallelismTests", dependencies: ["Parallelism"], swiftSettings: swiftSettings),
    .testTarget(name: "TensorEngineTests", dependencies: ["TensorEngine", "TensorTestSupport", "CKernels"], swiftSettings: swiftSettings),
    .testTarget(
      name: "DecisionModelsTests", dependencies: ["DecisionModels", "NeuralNetworks", "TensorEngine", "Parallelism"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "SpikingLayersTests", dependencies: ["SpikingLayers", "NeuralNetworks", "TensorEngine", "TensorTestSupport"], exclude: ["Fixtures"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "TensorEngine"], exclude: ["Fixtures"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "ClassicControlTests", dependencies: ["ClassicControl", "RLCore", "RLTestSupport", "CLibm"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "ConformanceTests", dependencies: ["Conformance", "ClassicControl", "RLCore"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "DatasetInterchangeTests", dependencies: ["DatasetInterchange", "Trajectories", "RLCore", "ClassicControl"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "TrajectoriesTests", dependencies: ["Trajectories", "RLCore", "ClassicControl"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "ExpertsTests", dependencies: ["Experts", "Trajectories", "RLCore", "ClassicControl", "Box2DEnvironments", "Parallelism"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "Box2DEnvironmentsTests", dependencies: ["Box2DEnvironments", "RLCore", "RLTestSupport"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "MuJoCoEnvironmentsTests", dependencies: ["MuJoCoEnvironments", "Experts", "RLCore", "RLTestSupport"],
      exclude: ["Fixtures"], swiftSettings: swiftSettings),
    .testTarget(
      name: "TrainingTests",
      dependencies: ["Training", "DecisionModels", "SpikingLayers", "NeuralNetworks", "Trajectories", "Experts", "ClassicControl", "RLCore"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "EnergyProfilingTests", dependencies: ["EnergyProfiling", "DecisionModels", "SpikingLayers", "NeuralNetworks", "TensorEngine"],
      swiftSettings: swiftSettings),
    .testTarget(name: "CLITests", dependencies: ["spikingmind"], swiftSettings: swiftSettings),
  ],
  swiftLanguageModes: [.v6]
)
