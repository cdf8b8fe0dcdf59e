/// One run of a sweep: the settings it changes in the base spec, and the folder it runs in.
public struct SweepCombination: Sendable, Equatable {
    /// The position in the sweep's order, from 0.
    public let index: Int
    /// The keys it sets, in order: the variant's, the grid's, then `seed`.
    public let settings: [SweepSpec.Setting]
    /// The settings as overrides of the base spec, each naming where in the sweep file it comes from.
    public let overrides: [SpecOverride]
    /// How many of `settings` come from the variant.
    let variantCount: Int

    /// `learner.name=maml,episodes.shots=5,seed=1`; `base` when nothing is changed. A variant that sets
    /// `name` is labelled by that name alone: `omniglot-5w1s-protonet,seed=1`.
    public var label: String {
        let variant = settings.prefix(variantCount)
        let named = variant.first { $0.path == "name" }.map { [$0.value.labelText] }
        let parts = (named ?? variant.map(Self.part)) + settings.dropFirst(variantCount).map(Self.part)
        return parts.isEmpty ? "base" : parts.joined(separator: ",")
    }

    private static func part(_ setting: SweepSpec.Setting) -> String { "\(setting.path)=\(setting.value.labelText)" }

    /// The run directory's name: `label` with every character other than letters, digits and
    /// `.,=_+-` replaced by `_`, and when longer than 200 characters cut and ended by a hash of the
    /// label, so that it is one safe path component on every file system.
    public var directoryName: String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,=_+-")
        var name = String(label.map { allowed.contains($0) ? $0 : "_" })
        if name.hasPrefix(".") { name = "_" + name.dropFirst() }
        guard name.count > 200 else { return name }
        return name.prefix(183) + "-" + SHA256.hexDigest(of: Array(label.utf8)).prefix(16)
    }
}

extension SweepSpec {
    /// Every combination: each variant (or none) × each grid point (the first key varying slowest) ×
    /// each seed (or the base's), in that order.
    public var combinations: [SweepCombination] {
        let variantSets: [(settings: [Setting], origin: Int?)] =
            variants.isEmpty ? [([], nil)] : variants.enumerated().map { ($1, $0) }
        var points: [[Setting]] = [[]]
        for axis in grid {
            points = points.flatMap { point in axis.values.map { point + [Setting(path: axis.path, value: $0)] } }
        }
        let seedSettings: [Setting?] = seeds.map { $0.map { Setting(path: "seed", value: .integer($0)) } } ?? [nil]
        var result: [SweepCombination] = []
        for variant in variantSets {
            for point in points {
                for seed in seedSettings {
                    // A combination's path is set by the seed first, then the grid, then the variant
                    // when two of them name it; unreachable for valid sweeps, which `check` ensures.
                    var overrides: [SpecOverride] = []
                    var settings: [Setting] = []
                    for setting in variant.settings {
                        settings.append(setting)
                        overrides.append(Self.override(setting, origin: "sweep variants[\(variant.origin ?? 0)]"))
                    }
                    for setting in point {
                        settings.append(setting)
                        overrides.append(Self.override(setting, origin: "sweep grid \(setting.path)"))
                    }
                    if let seed {
                        settings.append(seed)
                        overrides.append(Self.override(seed, origin: "sweep seeds"))
                    }
                    result.append(
                        SweepCombination(
                            index: result.count, settings: settings, overrides: overrides,
                            variantCount: variant.settings.count))
                }
            }
        }
        return result
    }

    private static func override(_ setting: Setting, origin: String) -> SpecOverride {
        // Paths were checked when the sweep was read.
        try! SpecOverride(path: setting.path, value: setting.value, origin: origin)
    }
}
